package oauth

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strings"
	"time"

	"github.com/hsoauth/hsoauth/redact"
	"golang.org/x/oauth2"
)

// defaultExpiresIn is HubSpot's documented access-token lifetime, assumed
// only when a response omits expires_in.
const defaultExpiresIn = 1800

// oauth2Config maps the app onto x/oauth2. AuthStyleInParams because HubSpot
// documents client credentials in the form body only (AuthStyleInHeader when
// the profile asks for client_secret_basic); a fixed style also stops x/oauth2
// probing with a second request, which for a code exchange would be a retry
// of a single-use code.
func (c *Client) oauth2Config() *oauth2.Config {
	style := oauth2.AuthStyleInParams
	if c.Env.basicAuth() {
		style = oauth2.AuthStyleInHeader
	}
	return &oauth2.Config{
		ClientID:     c.App.ClientID,
		ClientSecret: c.App.ClientSecret,
		RedirectURL:  c.App.RedirectURI,
		Endpoint: oauth2.Endpoint{
			AuthURL:   authorizeBase(c.Env, 0),
			TokenURL:  c.Env.TokenURL(),
			AuthStyle: style,
		},
	}
}

// oauth2Context hands x/oauth2 our client (timeouts, no redirects, trace);
// otherwise it would use http.DefaultClient, which never times out.
func (c *Client) oauth2Context(ctx context.Context) context.Context {
	return context.WithValue(ctx, oauth2.HTTPClient, c.httpClient())
}

// Exchange redeems an authorization code for tokens, exactly once: x/oauth2
// does not retry, and neither do we (R5), because HubSpot may revoke every
// token issued from a code that is presented twice. verifier is the PKCE
// verifier, or "" when the app has PKCE off. If the request may have reached
// HubSpot but no answer came back, the error wraps ErrExchangeUncertain.
func (c *Client) Exchange(ctx context.Context, code, verifier string) (*TokenSet, error) {
	if code == "" || len(code) > maxCodeLen || !redact.PrintableASCII(code) {
		return nil, errors.New("the authorization code is empty or malformed")
	}
	c.remember(code, verifier)
	var opts []oauth2.AuthCodeOption
	if verifier != "" {
		opts = append(opts, oauth2.VerifierOption(verifier))
	}
	now := c.now()
	tok, err := c.oauth2Config().Exchange(c.oauth2Context(ctx), code, opts...)
	if err != nil {
		return nil, c.tokenError(ctx, err, true, code, verifier)
	}
	ts := tokenSetFrom(tok, now)
	c.remember(ts.AccessToken, ts.RefreshToken)
	if err := checkTokens(ts); err != nil {
		return nil, err
	}
	return ts, nil
}

// Refresh trades a refresh token for a new access token. x/oauth2 keeps the
// old refresh token when the response has none (T3); Rotated tells the caller
// that HubSpot sent a different one, which must replace the stored value.
// A refresh is safe to repeat, but it is not retried here: with rotation a
// lost response could trip reuse detection, so the caller decides.
func (c *Client) Refresh(ctx context.Context, refreshToken string) (*TokenSet, error) {
	if refreshToken == "" {
		return nil, errors.New("no refresh token: sign in first")
	}
	c.remember(refreshToken)
	now := c.now()
	src := c.oauth2Config().TokenSource(c.oauth2Context(ctx), &oauth2.Token{RefreshToken: refreshToken})
	tok, err := src.Token()
	if err != nil {
		return nil, c.tokenError(ctx, err, false, refreshToken)
	}
	ts := tokenSetFrom(tok, now)
	ts.Rotated = ts.RefreshToken != refreshToken
	c.remember(ts.AccessToken, ts.RefreshToken)
	if err := checkTokens(ts); err != nil {
		return nil, err
	}
	return ts, nil
}

// maxCodeLen bounds an authorization code; HubSpot's are about 40 characters.
const maxCodeLen = 2048

// tokenError replaces x/oauth2's errors, whose text can include the raw
// response body (F2), with a HubSpotError built from sanitised fields and
// scrubbed of the call's secrets.
func (c *Client) tokenError(ctx context.Context, err error, exchange bool, secrets ...string) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) && re.Response != nil {
		he := c.decodeResponse(re.Response, re.Body)
		if he.ErrorCode == "" {
			he.ErrorCode = redact.Line(re.ErrorCode) // form-encoded error bodies
		}
		scrubHubSpotError(he, append(secrets, c.App.ClientSecret)...)
		return he
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return fmt.Errorf("token request cancelled: %w", ctxErr)
	}
	msg := strings.TrimPrefix(err.Error(), "oauth2: ")
	if strings.Contains(msg, "missing access_token") {
		return errors.New(c.Env.ServerName() + "'s token response had no access_token field")
	}
	s := newSecretSet()
	for _, v := range append(secrets, c.App.ClientSecret) {
		s.add(v)
	}
	msg = redact.Line(s.scrub(msg))
	if exchange {
		return fmt.Errorf("%w (%s)", ErrExchangeUncertain, msg)
	}
	return errors.New("token refresh failed: " + msg)
}

// scrubHubSpotError masks any of the given secrets that a server echoed
// into any field of its error, since Error() prints them all.
func scrubHubSpotError(e *HubSpotError, secrets ...string) {
	s := newSecretSet()
	for _, v := range secrets {
		s.add(v)
	}
	for _, f := range []*string{&e.Message, &e.Description, &e.Status, &e.ErrorCode, &e.Category, &e.CorrelationID} {
		*f = s.scrub(*f)
	}
	for i := range e.Scopes {
		e.Scopes[i] = s.scrub(e.Scopes[i])
	}
}

// tokenSetFrom converts an x/oauth2 token, reading HubSpot's extra fields
// (hub_id, user_id, scopes) and making the expiry absolute on our clock.
func tokenSetFrom(tok *oauth2.Token, now time.Time) *TokenSet {
	ts := &TokenSet{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken,
		TokenType: redact.Line(tok.TokenType), ObtainedAt: now}
	secs := float64(tok.ExpiresIn)
	if tok.Extra("expires_in") == nil {
		secs = defaultExpiresIn
	}
	ts.ExpiresIn, ts.ExpiresAt = expiresFromSeconds(now, secs)
	ts.HubID = anyInt(tok.Extra("hub_id"))
	ts.UserID = anyInt(tok.Extra("user_id"))
	ts.Scopes = anyScopes(tok.Extra("scopes"))
	if ts.Scopes == nil {
		if s, ok := tok.Extra("scope").(string); ok {
			ts.Scopes = anyScopes(strings.Fields(s))
		}
	}
	return ts
}

// anyInt reads a JSON number (or numeric string, as some servers send) into
// an int, clamped to int32 the way HubSpot's schema types these IDs.
func anyInt(v any) int {
	var f float64
	switch x := v.(type) {
	case float64:
		f = x
	case string:
		if _, err := fmt.Sscan(x, &f); err != nil {
			return 0
		}
	default:
		return 0
	}
	if math.IsNaN(f) || f < 0 {
		return 0
	}
	return int(min(f, math.MaxInt32))
}

// anyScopes reads a JSON string array, sanitising each entry and bounding
// the count; non-strings are skipped.
func anyScopes(v any) []string {
	var out []string
	add := func(s string) {
		if s = strings.TrimSpace(redact.Line(s)); s != "" && len(out) < 500 {
			out = append(out, s)
		}
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			if s, ok := e.(string); ok {
				add(s)
			}
		}
	case []string:
		for _, s := range x {
			add(s)
		}
	}
	return out
}

// statusOK reports a 2xx status.
func statusOK(code int) bool { return code >= http.StatusOK && code < http.StatusMultipleChoices }
