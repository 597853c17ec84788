package oauth

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hsoauth/hsoauth/redact"
)

// Revoke invalidates a refresh token: v1 with DELETE
// /oauth/v1/refresh-tokens/{t}, v3 and 2026-03 with a POST to token/revoke
// (RFC 7009, token in the body). Access tokens already issued keep working
// until they expire. It is sent once; on failure the caller should tell the
// user the grant may still be active and delete local copies anyway (T6).
func (c *Client) Revoke(ctx context.Context, refreshToken string) error {
	if refreshToken == "" {
		return errors.New("no refresh token to revoke")
	}
	c.remember(refreshToken)
	endpoint := c.Env.revokeURL(refreshToken)
	var req *http.Request
	var err error
	if c.Env.Version.v1() {
		req, err = http.NewRequestWithContext(ctx, http.MethodDelete, endpoint, nil)
	} else {
		req, err = c.formRequest(ctx, endpoint, url.Values{"token": {refreshToken}, "token_type_hint": {string(RefreshToken)}})
	}
	if err != nil {
		return err
	}
	resp, err := c.httpClient().Do(req)
	if err != nil {
		return c.transportError("revocation", err, refreshToken)
	}
	body, _, err := readBounded(resp)
	if err != nil {
		return c.transportError("revocation", err, refreshToken)
	}
	if statusOK(resp.StatusCode) {
		return nil
	}
	he := DecodeResponse(resp, body)
	scrubHubSpotError(he, refreshToken, c.App.ClientSecret)
	return he
}

// APIResponse is what a "try it" call returned, bounded and ready to show:
// the status, response headers (cookies dropped), the body (at most 1 MiB,
// Truncated if cut) and how long it took. Error holds the decoded HubSpot
// error for 4xx/5xx answers.
type APIResponse struct {
	Status    int
	Header    http.Header
	Body      []byte
	Truncated bool
	Duration  time.Duration
	Error     *HubSpotError
}

// Call makes an authenticated GET to APIBase+path (for example
// /account-info/v3/details or /crm/v3/objects/contacts?limit=5) so users can
// see their token work. path must be a plain absolute path on the API host;
// redirects are not followed, so the bearer token never reaches another host
// (H6). 429 and 5xx are retried with backoff. For a 4xx/5xx answer both the
// response and its *HubSpotError are returned.
func (c *Client) Call(ctx context.Context, accessToken, path string) (*APIResponse, error) {
	if accessToken == "" {
		return nil, errors.New("no access token: sign in first")
	}
	if err := checkAPIPath(path); err != nil {
		return nil, err
	}
	c.remember(accessToken)
	target := strings.TrimRight(c.Env.APIBase, "/") + path
	start := c.now()
	resp, err := c.doSafe(ctx, func() (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
		if err == nil {
			req.Header.Set("Authorization", "Bearer "+accessToken)
			req.Header.Set("Accept", "application/json")
		}
		return req, err
	})
	if err != nil {
		return nil, c.transportError("API call", err, accessToken)
	}
	body, cut, err := readBounded(resp)
	if err != nil {
		return nil, c.transportError("API call", err, accessToken)
	}
	out := &APIResponse{Status: resp.StatusCode, Header: resp.Header.Clone(), Body: body,
		Truncated: cut, Duration: c.now().Sub(start)}
	out.Header.Del("Set-Cookie")
	if resp.StatusCode >= http.StatusBadRequest {
		out.Error = DecodeResponse(resp, body)
		scrubHubSpotError(out.Error, accessToken)
		return out, out.Error
	}
	return out, nil
}

// checkAPIPath keeps "try it" on the API host: an absolute path with an
// optional query, no scheme, no host, no fragment, no control characters.
func checkAPIPath(path string) error {
	if !strings.HasPrefix(path, "/") || strings.HasPrefix(path, "//") || strings.Contains(path, "\\") {
		return errors.New("the API path must start with a single / (for example /account-info/v3/details)")
	}
	if redact.Line(path) != path || strings.ContainsAny(path, "# ") {
		return errors.New("the API path contains characters that are not allowed")
	}
	u, err := url.Parse(path)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return errors.New("the API path is not a valid path")
	}
	return nil
}
