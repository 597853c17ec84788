package session

import (
	"context"
	"errors"
	"fmt"

	"github.com/hsoauth/hsoauth/config"
	"github.com/hsoauth/hsoauth/oauth"
)

// Complete exchanges the attempt's code (once), asks HubSpot who installed the app where, and stores the
// token record. The record is returned even when only the introspection failed.
func (s *Session) Complete(ctx context.Context, a *Attempt, code string) (*config.TokenRecord, error) {
	if err := s.needSecret(); err != nil {
		return nil, err
	}
	ts, err := s.client().Exchange(ctx, code, a.PKCE.Verifier)
	if err != nil {
		return nil, err
	}
	rec := &config.TokenRecord{
		Profile: s.Profile.Name, HubID: ts.HubID, AccessToken: ts.AccessToken, RefreshToken: ts.RefreshToken,
		TokenType: ts.TokenType, ExpiresAt: ts.ExpiresAt, ObtainedAt: ts.ObtainedAt, Scopes: ts.Scopes,
		RequestedScopes: append(a.Selection.ScopeParam(), a.Selection.OptionalParam()...),
		OptionalScopes:  a.Selection.OptionalParam(),
	}
	if in, err := s.client().Introspect(ctx, ts.AccessToken, oauth.AccessToken); err == nil && in.Active {
		rec.User, rec.HubDomain = in.User, in.HubDomain
		if rec.HubID == 0 {
			rec.HubID = in.HubID
		}
		if len(rec.Scopes) == 0 {
			rec.Scopes = in.Scopes
		}
	}
	if len(rec.Scopes) == 0 && s.client().Env.OwnServer() {
		// RFC 6749 §5.1: a token response without scope grants what was asked for (in scope; a standard
		// server knows nothing of HubSpot's optional_scope). HubSpot always lists the scopes.
		rec.Scopes = a.Selection.ScopeParam()
	}
	if err := s.Store.Put(rec); err != nil {
		return rec, fmt.Errorf("the login worked but the token could not be saved: %w", err)
	}
	return rec, nil
}

// ErrRefreshDead is returned when the stored refresh token was revoked or HubSpot refused it: only a
// new sign-in gets another.
var ErrRefreshDead = errors.New("this token's refresh token was revoked or refused by HubSpot, so it cannot be refreshed")

// Token returns the stored record for hubID (0: the profile's pinned portal, else the newest of the
// profile).
func (s *Session) Token(hubID int) (*config.TokenRecord, error) {
	if hubID == 0 {
		hubID = s.Profile.HubID
	}
	rec, err := s.Store.Get(s.Profile.Name, hubID)
	if errors.Is(err, config.ErrNotFound) {
		return nil, ErrNoToken
	}
	return rec, err
}

// Tokens lists the profile's stored records.
func (s *Session) Tokens() ([]config.TokenRecord, error) { return s.Store.List(s.Profile.Name) }

// Refresh renews the access token of hubID under the cross-process lock. seenAccess is the access token the
// caller was looking at: when the store already holds a different one, another process refreshed meanwhile
// and that result is returned instead of refreshing twice (refreshed=false). Before asking HubSpot it
// confirms the store can save the answer, since a rotated refresh token that cannot be saved is lost; a
// refresh token HubSpot refuses is marked dead in the store (ErrRefreshDead).
func (s *Session) Refresh(ctx context.Context, hubID int, seenAccess string) (rec *config.TokenRecord, refreshed bool, err error) {
	if err := s.needSecret(); err != nil {
		return nil, false, err
	}
	if hubID == 0 {
		cur, err := s.Token(0)
		if err != nil {
			return nil, false, err
		}
		hubID = cur.HubID
	}
	err = config.WithLock(ctx, s.stateDir, s.Profile.Name, hubID, func() error {
		cur, err := s.Token(hubID)
		if err != nil {
			return err
		}
		rec = cur
		if seenAccess != "" && cur.AccessToken != seenAccess {
			return nil
		}
		if cur.RefreshToken == "" {
			return fmt.Errorf("%w (%s)", ErrRefreshDead, deadReason(cur))
		}
		if err := config.Preflight(s.Store); err != nil {
			return fmt.Errorf("not refreshing, because the new tokens could not be saved: %w", err)
		}
		ts, err := s.client().Refresh(ctx, cur.RefreshToken)
		if oauth.IsDeadRefreshToken(err) {
			return s.markDead(cur, err)
		}
		if err != nil {
			return err
		}
		refreshed = true
		return s.saveRefreshed(cur, ts)
	})
	return rec, refreshed, err
}

func deadReason(r *config.TokenRecord) string {
	if r.RefreshDead != "" {
		return r.RefreshDead
	}
	return "it was revoked"
}

// markDead forgets a refresh token HubSpot refused, so status screens stop offering it and the next
// refresh says "log in again" without asking HubSpot.
func (s *Session) markDead(cur *config.TokenRecord, cause error) error {
	var he *oauth.HubSpotError
	reason := "HubSpot refused it"
	if errors.As(cause, &he) && he.Code() != "" {
		reason += " (" + he.Code() + ")"
	}
	cur.RefreshToken, cur.RefreshDead = "", reason
	cur.AddRefresh(config.RefreshEntry{At: s.Now(), ExpiresAt: cur.ExpiresAt, Note: "refresh token refused by HubSpot; marked dead"})
	if err := s.Store.Put(cur); err != nil {
		return fmt.Errorf("%w: %v (and marking it dead failed: %v)", ErrRefreshDead, cause, err)
	}
	return fmt.Errorf("%w: %v", ErrRefreshDead, cause)
}

// saveRefreshed stores a refresh's answer. When HubSpot rotated the refresh token and the save fails, the
// old one is already dead and the new one exists only in memory: say so plainly.
func (s *Session) saveRefreshed(cur *config.TokenRecord, ts *oauth.TokenSet) error {
	cur.AccessToken, cur.ExpiresAt, cur.TokenType = ts.AccessToken, ts.ExpiresAt, ts.TokenType
	if ts.RefreshToken != "" {
		cur.RefreshToken = ts.RefreshToken
	}
	if len(ts.Scopes) > 0 {
		cur.Scopes = ts.Scopes
	}
	note := ""
	if ts.Rotated {
		note = "refresh token rotated: the new one replaced the old"
	}
	cur.AddRefresh(config.RefreshEntry{At: ts.ObtainedAt, ExpiresAt: ts.ExpiresAt, Rotated: ts.Rotated, Note: note})
	err := s.Store.Put(cur)
	if err != nil && ts.Rotated {
		return fmt.Errorf("HubSpot rotated the refresh token and the new one could not be saved, so the old one no longer works: "+
			"fix the token store, then log in again (the access token works until it expires); the store said: %w", err)
	}
	if err != nil {
		return fmt.Errorf("the refresh worked but the new access token could not be saved (the refresh token is unchanged): %w", err)
	}
	return nil
}

// Revoke revokes the refresh token at HubSpot and forgets it locally, under the same cross-process lock
// as Refresh, so a refresh running meanwhile can neither be overwritten nor leave a live token behind.
// The refresh token is removed locally even when HubSpot does not confirm (security checklist T6).
// The access token keeps working until it expires (HubSpot does not revoke it), so the record stays with
// its refresh token removed.
func (s *Session) Revoke(ctx context.Context, hubID int) (*config.TokenRecord, error) {
	if err := s.needSecret(); err != nil {
		return nil, err
	}
	rec, err := s.Token(hubID)
	if err != nil {
		return nil, err
	}
	if err := s.client().Env.CanRevoke(); err != nil {
		return nil, err // nowhere to revoke: keep the refresh token rather than drop it unrevoked
	}
	err = config.WithLock(ctx, s.stateDir, s.Profile.Name, rec.HubID, func() error {
		cur, err := s.Token(rec.HubID)
		if err != nil {
			return err
		}
		rec = cur
		if cur.RefreshToken == "" {
			return errors.New("the refresh token was already revoked")
		}
		revokeErr := s.client().Revoke(ctx, cur.RefreshToken)
		// T6: the local copy goes whatever HubSpot answered; a failure only changes what we tell the user.
		cur.RefreshToken = ""
		note := "refresh token revoked at " + s.ServerName()
		if revokeErr != nil {
			note = "refresh token removed here; " + s.ServerName() + " did not confirm the revocation"
		}
		cur.AddRefresh(config.RefreshEntry{At: s.Now(), ExpiresAt: cur.ExpiresAt, Note: note})
		if err := s.Store.Put(cur); err != nil {
			return err
		}
		if revokeErr != nil {
			return fmt.Errorf("%s did not confirm the revocation, so the grant may still be active%s; the refresh token was removed here anyway: %w",
				s.ServerName(), s.uninstallHint(" (uninstall the app under Connected Apps in HubSpot to be sure)"), revokeErr)
		}
		return nil
	})
	return rec, err
}

// Logout forgets the stored token of hubID locally, without telling HubSpot.
func (s *Session) Logout(hubID int) error {
	rec, err := s.Token(hubID)
	if err != nil {
		return err
	}
	return s.Store.Delete(s.Profile.Name, rec.HubID)
}

// Introspect asks HubSpot about the record's access or refresh token.
func (s *Session) Introspect(ctx context.Context, rec *config.TokenRecord, kind oauth.TokenKind) (*oauth.Introspection, error) {
	tok := rec.AccessToken
	if kind == oauth.RefreshToken {
		tok = rec.RefreshToken
	}
	if tok == "" {
		return nil, fmt.Errorf("no %s stored", kind)
	}
	if err := s.needSecret(); err != nil {
		return nil, err
	}
	return s.client().Introspect(ctx, tok, kind)
}

// Call makes a "try it" API request with the record's access token.
func (s *Session) Call(ctx context.Context, rec *config.TokenRecord, path string) (*oauth.APIResponse, error) {
	return s.client().Call(ctx, rec.AccessToken, path)
}

// ServerName is how messages name the authorization server: "HubSpot" (and its sandbox), or the host of
// the profile's own OAuth server.
func (s *Session) ServerName() string { return s.client().Env.ServerName() }

// uninstallHint is hint when the server is HubSpot, whose apps stay installed after a revocation, and ""
// for another server, which has no Connected Apps page.
func (s *Session) uninstallHint(hint string) string {
	if s.ServerName() != "HubSpot" {
		return ""
	}
	return hint
}

// UninstallHint is the revocation's advice about the app staying installed, for HubSpot only.
func (s *Session) UninstallHint() string {
	return s.uninstallHint("; the app stays installed (uninstall it in HubSpot's Connected Apps)")
}
