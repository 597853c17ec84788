package config

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/hsoauth/hsoauth/redact"
)

// TokenRecord is what we keep after a login: the tokens for one profile and
// one portal, when they expire, what was asked for and granted, and how they
// were refreshed. It is config's own type so this package imports nothing of
// ours; main maps oauth.TokenSet to it.
//
// Every way of printing a TokenRecord (fmt verbs, slog, encoding.TextMarshaler
// and so encoding/json) masks the tokens. Only the stores write them.
type TokenRecord struct {
	Profile         string
	HubID           int
	HubDomain       string
	User            string
	AccessToken     string
	RefreshToken    string
	TokenType       string
	ExpiresAt       time.Time
	ObtainedAt      time.Time
	Scopes          []string
	RequestedScopes []string
	// OptionalScopes are the requested scopes that went in optional_scope, so a later look at the token
	// can tell a dropped optional scope from a missing required one.
	OptionalScopes []string
	// RefreshDead says why the refresh token stopped working ("HubSpot refused it: BAD_REFRESH_TOKEN") once
	// a refresh was refused; RefreshToken is then empty. A revoked token has RefreshToken empty and this
	// empty, so status screens can tell "revoked" from "dead" from "yes".
	RefreshDead string
	History     []RefreshEntry
}

// RefreshEntry is one refresh in a record's history, so the token screen can
// show when tokens were renewed and whether the refresh token rotated.
type RefreshEntry struct {
	At        time.Time
	ExpiresAt time.Time
	Rotated   bool
	Note      string
}

// maxHistory bounds the history so a long-lived record stays small enough
// for keyrings with item size limits.
const maxHistory = 20

// AddRefresh appends a history entry, dropping the oldest beyond the cap.
func (r *TokenRecord) AddRefresh(e RefreshEntry) {
	r.History = append(r.History, e)
	if n := len(r.History); n > maxHistory {
		r.History = append([]RefreshEntry(nil), r.History[n-maxHistory:]...)
	}
}

// NeedsRefresh reports whether the access token is missing, expired, or
// within margin of expiring at now. It uses the stored absolute expiry, not
// a 401, as HubSpot advises.
func (r *TokenRecord) NeedsRefresh(now time.Time, margin time.Duration) bool {
	return r.AccessToken == "" || r.ExpiresAt.IsZero() || !now.Add(margin).Before(r.ExpiresAt)
}

// RefreshStatus is one word for status screens: "yes" while the refresh
// token works, "dead" once HubSpot refused it, "revoked" once it was revoked.
func (r *TokenRecord) RefreshStatus() string {
	switch {
	case r.RefreshToken != "":
		return "yes"
	case r.RefreshDead != "":
		return "dead"
	}
	return "revoked"
}

// validTokens reports whether the record's tokens are what a server may
// send: printable ASCII only, so printing one (--reveal) can never drive the
// terminal. A stored record that fails this was tampered with.
func (s storedRecord) validTokens() bool {
	return redact.PrintableASCII(s.AccessToken) && redact.PrintableASCII(s.RefreshToken)
}

// String is the masked one-line form used by %v, %s and logs.
func (r TokenRecord) String() string {
	return fmt.Sprintf("TokenRecord{Profile:%q HubID:%d HubDomain:%q User:%q AccessToken:%s RefreshToken:%s TokenType:%q ExpiresAt:%s ObtainedAt:%s Scopes:%q RequestedScopes:%q OptionalScopes:%q History:%d}",
		redact.Line(r.Profile), r.HubID, redact.Line(r.HubDomain), redact.Line(r.User), redact.Mask(r.AccessToken), redact.Mask(r.RefreshToken),
		redact.Line(r.TokenType), r.ExpiresAt.UTC().Format(time.RFC3339), r.ObtainedAt.UTC().Format(time.RFC3339),
		r.Scopes, r.RequestedScopes, r.OptionalScopes, len(r.History))
}

// GoString keeps %#v masked too.
func (r TokenRecord) GoString() string { return "config." + r.String() }

// Format routes every fmt verb, including %d and %x which would otherwise
// print the raw fields, to the masked form.
func (r TokenRecord) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = f.Write([]byte(r.GoString()))
		return
	}
	_, _ = f.Write([]byte(r.String()))
}

// MarshalText makes encoding/json and text loggers emit the masked form;
// the stores use their own private encoding to write the real tokens.
func (r TokenRecord) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// LogValue gives slog structured, masked fields.
func (r TokenRecord) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("profile", r.Profile), slog.Int("hub_id", r.HubID),
		slog.String("access_token", redact.Mask(r.AccessToken)),
		slog.String("refresh_token", redact.Mask(r.RefreshToken)),
		slog.Time("expires_at", r.ExpiresAt), slog.Int("refreshes", len(r.History)),
	)
}

// storedRecord is the on-disk and in-keyring form of a TokenRecord: the only
// encoding that carries the real tokens. Times are UTC RFC 3339.
type storedRecord struct {
	Profile         string        `json:"profile"`
	HubID           int           `json:"hub_id"`
	HubDomain       string        `json:"hub_domain,omitempty"`
	User            string        `json:"user,omitempty"`
	AccessToken     string        `json:"access_token"`
	RefreshToken    string        `json:"refresh_token"`
	TokenType       string        `json:"token_type,omitempty"`
	ExpiresAt       time.Time     `json:"expires_at"`
	ObtainedAt      time.Time     `json:"obtained_at"`
	Scopes          []string      `json:"scopes,omitempty"`
	RequestedScopes []string      `json:"requested_scopes,omitempty"`
	OptionalScopes  []string      `json:"optional_scopes,omitempty"`
	RefreshDead     string        `json:"refresh_dead,omitempty"`
	History         []storedEntry `json:"history,omitempty"`
}

type storedEntry struct {
	At        time.Time `json:"at"`
	ExpiresAt time.Time `json:"expires_at"`
	Rotated   bool      `json:"rotated,omitempty"`
	Note      string    `json:"note,omitempty"`
}

func toStored(r *TokenRecord) storedRecord {
	s := storedRecord{
		Profile: r.Profile, HubID: r.HubID, HubDomain: r.HubDomain, User: r.User,
		AccessToken: r.AccessToken, RefreshToken: r.RefreshToken, TokenType: r.TokenType,
		ExpiresAt: r.ExpiresAt.UTC().Round(0), ObtainedAt: r.ObtainedAt.UTC().Round(0),
		Scopes: r.Scopes, RequestedScopes: r.RequestedScopes, OptionalScopes: r.OptionalScopes, RefreshDead: r.RefreshDead,
	}
	for _, h := range r.History {
		s.History = append(s.History, storedEntry{At: h.At.UTC().Round(0), ExpiresAt: h.ExpiresAt.UTC().Round(0), Rotated: h.Rotated, Note: h.Note})
	}
	return s
}

func (s storedRecord) record() TokenRecord {
	r := TokenRecord{
		Profile: s.Profile, HubID: s.HubID, HubDomain: s.HubDomain, User: s.User,
		AccessToken: s.AccessToken, RefreshToken: s.RefreshToken, TokenType: s.TokenType,
		ExpiresAt: s.ExpiresAt, ObtainedAt: s.ObtainedAt,
		Scopes: s.Scopes, RequestedScopes: s.RequestedScopes, OptionalScopes: s.OptionalScopes, RefreshDead: s.RefreshDead,
	}
	for _, h := range s.History {
		r.History = append(r.History, RefreshEntry(h))
	}
	return r
}
