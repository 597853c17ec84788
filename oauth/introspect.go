package oauth

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"math"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hsoauth/hsoauth/redact"
)

// Introspection is HubSpot's metadata about a token: who installed the app
// where, with which scopes, and for how long the token lives. Raw holds the
// whole response for the curious, with token values and signatures masked and
// strings sanitised.
type Introspection struct {
	Active    bool
	Token     TokenKind
	HubID     int
	UserID    int
	AppID     int
	User      string
	HubDomain string
	ClientID  string
	Scopes    []string
	ExpiresIn int
	// Unreported lists the fields a standard server may leave out that this
	// answer did not carry (scopes, expires_in, hub_id, user), so a caller can
	// say so and fall back to what the token response said instead of
	// reading "no scopes" or "expires in 0" into a missing field.
	Unreported []string
	Raw        map[string]any
}

// Reported says whether the server's answer carried field (see Unreported).
func (in *Introspection) Reported(field string) bool {
	for _, f := range in.Unreported {
		if f == field {
			return false
		}
	}
	return true
}

// Introspect asks HubSpot about a token: on v1 with GET
// /oauth/v1/access-tokens/{t} or /refresh-tokens/{t} (the token sits in the
// URL, one reason v1 is retired), on v3 and 2026-03 with a POST to
// token/introspect that keeps it in the body. Being read-only, it is retried on
// 429 and 5xx. An inactive token is a result (Active false), not an error.
func (c *Client) Introspect(ctx context.Context, token string, kind TokenKind) (*Introspection, error) {
	if token == "" {
		return nil, errors.New("no token to introspect")
	}
	if kind != AccessToken && kind != RefreshToken {
		return nil, errors.New("token kind must be access_token or refresh_token")
	}
	c.remember(token)
	endpoint, err := c.Env.introspectURL(kind, token)
	if err != nil {
		return nil, err
	}
	resp, err := c.doSafe(ctx, func() (*http.Request, error) {
		if !c.Env.rfcIntrospect() {
			return http.NewRequestWithContext(ctx, http.MethodGet, endpoint, nil)
		}
		return c.formRequest(ctx, endpoint, url.Values{"token": {token}, "token_type_hint": {string(kind)}})
	})
	if err != nil {
		return nil, c.transportError("introspection", err, token)
	}
	body, _, err := readBounded(resp)
	if err != nil {
		return nil, c.transportError("introspection", err, token)
	}
	if !statusOK(resp.StatusCode) {
		he := c.decodeResponse(resp, body)
		scrubHubSpotError(he, token, c.App.ClientSecret)
		return nil, he
	}
	return decodeIntrospection(body, kind, !c.Env.rfcIntrospect(), c.now())
}

// decodeResponse is DecodeResponse naming the server when it is the profile's own.
func (c *Client) decodeResponse(resp *http.Response, body []byte) *HubSpotError {
	he := DecodeResponse(resp, body)
	he.Server = c.Env.serverLabel()
	return he
}

// formRequest builds a form POST carrying the app's credentials in the body,
// as HubSpot documents for every v3 OAuth endpoint, or with client_secret_basic
// in an Authorization header, each part form-encoded first (RFC 6749 §2.3.1).
func (c *Client) formRequest(ctx context.Context, endpoint string, form url.Values) (*http.Request, error) {
	if !c.Env.basicAuth() {
		form.Set("client_id", c.App.ClientID)
		form.Set("client_secret", c.App.ClientSecret)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	if c.Env.basicAuth() {
		req.SetBasicAuth(url.QueryEscape(c.App.ClientID), url.QueryEscape(c.App.ClientSecret))
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	return req, nil
}

// decodeIntrospection reads HubSpot's introspection fields and, where HubSpot's
// are absent, their RFC 7662 spellings: scope (one space-separated string),
// exp (seconds since the epoch, turned into expires_in on now's clock) and
// username.
func decodeIntrospection(body []byte, kind TokenKind, v1 bool, now time.Time) (*Introspection, error) {
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, errors.New("HubSpot's introspection response is not JSON")
	}
	in := &Introspection{Token: kind, Raw: maskRaw(m).(map[string]any)}
	active, hasActive := m["active"].(bool)
	in.Active = active || (v1 && !hasActive)
	if use, ok := m["token_use"].(string); ok && (use == string(AccessToken) || use == string(RefreshToken)) {
		in.Token = TokenKind(use)
	}
	in.HubID, in.UserID, in.AppID = anyInt(m["hub_id"]), anyInt(m["user_id"]), anyInt(m["app_id"])
	in.User, in.HubDomain = anyString(m["user"]), anyString(m["hub_domain"])
	in.ClientID = anyString(m["client_id"])
	in.Scopes = anyScopes(m["scopes"])
	in.ExpiresIn = min(anyInt(m["expires_in"]), int(maxLifetime.Seconds())) // as a token response's (T1)
	if in.Scopes == nil {
		if s, ok := m["scope"].(string); ok {
			in.Scopes = anyScopes(strings.Fields(s))
		}
	}
	if _, ok := m["user"]; !ok {
		in.User = anyString(m["username"])
	}
	if _, ok := m["expires_in"]; !ok {
		in.ExpiresIn = secondsUntil(m["exp"], now)
	}
	in.Unreported = unreported(m)
	return in, nil
}

// unreported lists the fields neither HubSpot's nor the RFC's spelling of
// which the answer carried.
func unreported(m map[string]any) []string {
	var out []string
	for _, f := range []struct{ hubspot, rfc string }{{"scopes", "scope"}, {"expires_in", "exp"}, {"hub_id", ""}, {"user", "username"}} {
		_, ok := m[f.hubspot]
		if !ok && (f.rfc == "" || m[f.rfc] == nil) {
			out = append(out, f.hubspot)
		}
	}
	return out
}

// secondsUntil turns an RFC 7662 exp (a NumericDate) into the seconds left at
// now, 0 when it has passed or is not a number.
func secondsUntil(exp any, now time.Time) int {
	at := anyInt64(exp)
	if at <= 0 {
		return 0
	}
	left := at - now.Unix()
	if left <= 0 {
		return 0
	}
	return int(min(left, int64(maxLifetime.Seconds())))
}

// anyInt64 reads a JSON number that may exceed int32 (a Unix time), 0 when it
// is not a finite, non-negative number.
func anyInt64(v any) int64 {
	f, ok := v.(float64)
	if !ok || math.IsNaN(f) || math.IsInf(f, 0) || f < 0 || f > math.MaxInt64/2 {
		return 0
	}
	return int64(f)
}

func anyString(v any) string {
	s, _ := v.(string)
	return redact.Line(s)
}

// maskRaw copies a decoded JSON value, masking values under secret keys and
// sanitising every string, so Raw is safe to render.
func maskRaw(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			if s, ok := e.(string); ok && isSensitiveKey(k) {
				out[redact.Line(k)] = redact.Mask(s)
				continue
			}
			out[redact.Line(k)] = maskRaw(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = maskRaw(e)
		}
		return out
	case string:
		return redact.Line(x)
	}
	return v
}

// readBounded reads at most maxBody bytes of a response and closes it,
// reporting whether the body was cut.
func readBounded(resp *http.Response) ([]byte, bool, error) {
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return nil, false, err
	}
	if len(b) > maxBody {
		return b[:maxBody], true, nil
	}
	return b, false, nil
}

// transportError describes a failed request without echoing secrets from
// the URL (v1 puts tokens in paths) or the error chain. It still unwraps to
// context.Canceled or context.DeadlineExceeded so callers can tell a
// cancellation from a failure.
func (c *Client) transportError(what string, err error, secrets ...string) error {
	s := newSecretSet()
	for _, v := range append(secrets, c.App.ClientSecret) {
		s.add(v)
	}
	re := &requestError{msg: what + " failed: " + redact.Line(s.scrub(redactURL(err.Error())))}
	for _, target := range []error{context.Canceled, context.DeadlineExceeded} {
		if errors.Is(err, target) {
			re.cause = target
		}
	}
	return re
}

// requestError is a scrubbed transport error that keeps only the context
// error, not the original chain (which can hold URLs with tokens).
type requestError struct {
	msg   string
	cause error
}

func (e *requestError) Error() string { return e.msg }
func (e *requestError) Unwrap() error { return e.cause }
