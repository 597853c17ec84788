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
	ts, err := s.Client.Exchange(ctx, code, a.PKCE.Verifier)
	if err != nil {
		return nil, err
	}
	rec := &config.TokenRecord{
		Profile: s.Profile.Name, HubID: ts.HubID, AccessToken: ts.AccessToken, RefreshToken: ts.RefreshToken,
		TokenType: ts.TokenType, ExpiresAt: ts.ExpiresAt, ObtainedAt: ts.ObtainedAt, Scopes: ts.Scopes,
		RequestedScopes: append(a.Selection.ScopeParam(), a.Selection.OptionalParam()...),
		OptionalScopes:  a.Selection.OptionalParam(),
	}
	if in, err := s.Client.Introspect(ctx, ts.AccessToken, oauth.AccessToken); err == nil && in.Active {
		rec.User, rec.HubDomain = in.User, in.HubDomain
		if rec.HubID == 0 {
			rec.HubID = in.HubID
		}
		if len(rec.Scopes) == 0 {
			rec.Scopes = in.Scopes
		}
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
// and that result is returned instead of refreshing twice (refreshed=false).
func (s *Session) Refresh(ctx context.Context, hubID int, seenAccess string) (rec *config.TokenRecord, refreshed bool, err error) {
	if hubID == 0 {
		cur, err := s.Token(0)
		if err != nil {
			return nil, false, err
		}
		hubID = cur.HubID
	}
	err = config.WithLock(ctx, s.Profile.Name, hubID, func() error {
		cur, err := s.Token(hubID)
		if err != nil {
			return err
		}
		rec = cur
		if seenAccess != "" && cur.AccessToken != seenAccess {
			return nil
		}
		if cur.RefreshToken == "" {
			return ErrRefreshDead
		}
		ts, err := s.Client.Refresh(ctx, cur.RefreshToken)
		if err != nil {
			return err
		}
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
		refreshed = true
		return s.Store.Put(cur)
	})
	return rec, refreshed, err
}

// Revoke revokes the refresh token at HubSpot and forgets it locally, under the same cross-process lock
// as Refresh, so a refresh running meanwhile can neither be overwritten nor leave a live token behind.
// The refresh token is removed locally even when HubSpot does not confirm (security checklist T6).
// The access token keeps working until it expires (HubSpot does not revoke it), so the record stays with
// its refresh token removed.
func (s *Session) Revoke(ctx context.Context, hubID int) (*config.TokenRecord, error) {
	rec, err := s.Token(hubID)
	if err != nil {
		return nil, err
	}
	err = config.WithLock(ctx, s.Profile.Name, rec.HubID, func() error {
		cur, err := s.Token(rec.HubID)
		if err != nil {
			return err
		}
		rec = cur
		if cur.RefreshToken == "" {
			return errors.New("the refresh token was already revoked")
		}
		revokeErr := s.Client.Revoke(ctx, cur.RefreshToken)
		// T6: the local copy goes whatever HubSpot answered; a failure only changes what we tell the user.
		cur.RefreshToken = ""
		note := "refresh token revoked at HubSpot"
		if revokeErr != nil {
			note = "refresh token removed here; HubSpot did not confirm the revocation"
		}
		cur.AddRefresh(config.RefreshEntry{At: s.Now(), ExpiresAt: cur.ExpiresAt, Note: note})
		if err := s.Store.Put(cur); err != nil {
			return err
		}
		if revokeErr != nil {
			return fmt.Errorf("HubSpot did not confirm the revocation, so the grant may still be active (uninstall the app under Connected Apps in HubSpot to be sure); the refresh token was removed here anyway: %w", revokeErr)
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
	return s.Client.Introspect(ctx, tok, kind)
}

// Call makes a "try it" API request with the record's access token.
func (s *Session) Call(ctx context.Context, rec *config.TokenRecord, path string) (*oauth.APIResponse, error) {
	return s.Client.Call(ctx, rec.AccessToken, path)
}
