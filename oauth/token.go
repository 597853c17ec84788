package oauth

import (
	"errors"
	"fmt"
	"log/slog"
	"math"
	"strings"
	"time"

	"github.com/hsoauth/hsoauth/redact"
)

// TokenKind says which of the two HubSpot tokens a value is; introspection
// and revocation need to know.
type TokenKind string

// The two token kinds, spelled as RFC 7009/7662 token_type_hint values.
const (
	AccessToken  TokenKind = "access_token"
	RefreshToken TokenKind = "refresh_token"
)

// TokenSet is what a code exchange or refresh returns, with the expiry made
// absolute at receipt (T1) so a countdown and early refresh need no further
// maths. Rotated is set by Refresh when HubSpot handed back a different
// refresh token, which callers must store in place of the old one (T3).
type TokenSet struct {
	AccessToken  string
	RefreshToken string
	TokenType    string
	ExpiresIn    int
	ExpiresAt    time.Time
	ObtainedAt   time.Time
	HubID        int
	UserID       int
	Scopes       []string
	Rotated      bool
}

// String never prints the tokens, so a TokenSet in a log or %v is harmless.
func (t *TokenSet) String() string {
	if t == nil {
		return "TokenSet(nil)"
	}
	return fmt.Sprintf("TokenSet{Access:%s Refresh:%s Type:%s ExpiresAt:%s Hub:%d User:%d Scopes:%s Rotated:%t}",
		redact.Mask(t.AccessToken), redact.Mask(t.RefreshToken), t.TokenType, t.ExpiresAt.UTC().Format(time.RFC3339),
		t.HubID, t.UserID, strings.Join(t.Scopes, " "), t.Rotated)
}

// GoString is String for %#v.
func (t *TokenSet) GoString() string { return t.String() }

// maxLifetime bounds what we believe about expires_in: HubSpot tokens live 30
// minutes, so anything beyond a day is treated as a day (T1's clamp).
const maxLifetime = 24 * time.Hour

// TimeLeft is how long the access token remains valid at now; never negative.
// An expiry implausibly far ahead (the clock went backwards, or a corrupt
// store) counts as expired, so it gets refreshed rather than trusted.
func (t *TokenSet) TimeLeft(now time.Time) time.Duration {
	if t == nil || t.ExpiresAt.IsZero() {
		return 0
	}
	left := t.ExpiresAt.Round(0).Sub(now.Round(0))
	if left <= 0 || left > maxLifetime {
		return 0
	}
	return left
}

// NeedsRefresh reports whether the access token should be refreshed now:
// within margin of expiry, or already expired. HubSpot says a 401 is not a
// reliable signal, so callers refresh on this instead.
func (t *TokenSet) NeedsRefresh(now time.Time, margin time.Duration) bool {
	return t.TimeLeft(now) <= margin
}

// expiresFromSeconds turns expires_in into an absolute expiry, clamping
// absurd values: zero or negative means "already expired", huge means a day.
func expiresFromSeconds(now time.Time, secs float64) (int, time.Time) {
	if math.IsNaN(secs) || secs <= 0 {
		return 0, now
	}
	if secs > maxLifetime.Seconds() {
		secs = maxLifetime.Seconds()
	}
	return int(secs), now.Add(time.Duration(secs) * time.Second)
}

// LogValue keeps tokens out of slog output; JSON marshalling (used by the
// token store) is deliberately left untouched.
func (t *TokenSet) LogValue() slog.Value { return slog.StringValue(t.String()) }

// maxTokenLen bounds a token we accept; HubSpot's are a few hundred characters.
const maxTokenLen = 4096

// BadTokenError refuses a token response whose token is not what any OAuth
// server sends (RFC 6749 allows printable ASCII only): control characters in
// it could drive the terminal when `token --reveal` prints it, so it is never
// stored or shown.
type BadTokenError struct{ Field string }

func (e *BadTokenError) Error() string {
	return "the server sent an " + e.Field + " with control characters, spaces or non-ASCII bytes (or over 4096 bytes); " +
		"hsoauth refused to store or print it: check that the profile's token endpoint is really HubSpot"
}

// checkTokens refuses a token set carrying a token that is not printable
// ASCII, before anything stores or prints it.
func checkTokens(ts *TokenSet) error {
	for _, f := range []struct{ name, v string }{{"access_token", ts.AccessToken}, {"refresh_token", ts.RefreshToken}} {
		if len(f.v) > maxTokenLen || !redact.PrintableASCII(f.v) {
			return &BadTokenError{Field: f.name}
		}
	}
	return nil
}

// IsDeadRefreshToken reports whether a refresh failed because HubSpot will
// never accept this refresh token again (BAD_REFRESH_TOKEN, or the RFC's
// invalid_grant on a refresh): only a new login helps, so callers stop
// offering it.
func IsDeadRefreshToken(err error) bool {
	var he *HubSpotError
	if !errors.As(err, &he) {
		return false
	}
	return he.Code() == "BAD_REFRESH_TOKEN" || he.ErrorCode == "invalid_grant"
}
