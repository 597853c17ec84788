package oauth

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

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
	if err := c.Env.CanRevoke(); err != nil {
		return err
	}
	c.remember(refreshToken)
	endpoint := c.Env.revokeURL(refreshToken)
	var req *http.Request
	var err error
	if !c.Env.rfcRevoke() {
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
	he := c.decodeResponse(resp, body)
	scrubHubSpotError(he, refreshToken, c.App.ClientSecret)
	return he
}

// APIResponse is what an API call returned, bounded and ready to show: the
// status, response headers (cookies dropped), the body (at most 1 MiB,
// Truncated if cut) and how long it took. Error holds the decoded HubSpot
// error for 4xx/5xx answers.
type APIResponse struct {
	Status    int
	Proto     string
	Header    http.Header
	Body      []byte
	Truncated bool
	Duration  time.Duration
	Error     *HubSpotError
}

// APIRequest is one call to HubSpot's API host. Path is an absolute path with
// an optional, already encoded query (see Environment.APIPath); Header holds
// extra headers, never Authorization, which the client sets from the token.
type APIRequest struct {
	Method string // "" means GET
	Path   string
	Body   []byte // nil sends no body
	Header http.Header
}

// APIMethods are the methods HubSpot's public API uses, plus HEAD.
var APIMethods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodHead}

// Call makes an authenticated GET to APIBase+path (for example
// /account-info/v3/details or /crm/v3/objects/contacts?limit=5) so users can
// see their token work. It is Do with a bare GET.
func (c *Client) Call(ctx context.Context, accessToken, path string) (*APIResponse, error) {
	return c.Do(ctx, accessToken, APIRequest{Path: path})
}

// Do sends r to the API host with the bearer token. Redirects are not
// followed, so the token never reaches another host (H6). GET and HEAD are
// retried with backoff on 429 and 5xx; other methods are sent once, since a
// replayed write is not ours to risk. For a 4xx/5xx answer both the response
// and its *HubSpotError are returned.
func (c *Client) Do(ctx context.Context, accessToken string, r APIRequest) (*APIResponse, error) {
	if accessToken == "" {
		return nil, errors.New("no access token: sign in first")
	}
	method, err := checkAPIRequest(r)
	if err != nil {
		return nil, err
	}
	c.remember(accessToken)
	target := strings.TrimRight(c.Env.APIBase, "/") + r.Path
	newReq := func() (*http.Request, error) {
		var body io.Reader
		if r.Body != nil {
			body = bytes.NewReader(r.Body)
		}
		req, err := http.NewRequestWithContext(ctx, method, target, body)
		if err == nil {
			setAPIHeaders(req, r, accessToken)
		}
		return req, err
	}
	start := c.now()
	var resp *http.Response
	if method == http.MethodGet || method == http.MethodHead {
		resp, err = c.doSafe(ctx, newReq)
	} else if req, rerr := newReq(); rerr != nil {
		return nil, rerr
	} else {
		resp, err = c.httpClient().Do(req)
	}
	if err != nil {
		return nil, c.transportError("API call", err, accessToken)
	}
	return c.apiResponse(resp, start, accessToken)
}

// setAPIHeaders puts the caller's headers on req, then the bearer token, and
// JSON as the default Accept and (with a body) Content-Type.
func setAPIHeaders(req *http.Request, r APIRequest, accessToken string) {
	for k, vs := range r.Header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	req.Header.Set("Authorization", "Bearer "+accessToken)
	if req.Header.Get("Accept") == "" {
		req.Header.Set("Accept", "application/json")
	}
	if r.Body != nil && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", "application/json")
	}
}

// apiResponse reads a bounded body and decodes HubSpot's error for 4xx/5xx.
func (c *Client) apiResponse(resp *http.Response, start time.Time, accessToken string) (*APIResponse, error) {
	body, cut, err := readBounded(resp)
	if err != nil {
		return nil, c.transportError("API call", err, accessToken)
	}
	out := &APIResponse{Status: resp.StatusCode, Proto: resp.Proto, Header: resp.Header.Clone(), Body: body,
		Truncated: cut, Duration: c.now().Sub(start)}
	out.Header.Del("Set-Cookie")
	if resp.StatusCode >= http.StatusBadRequest {
		out.Error = c.decodeResponse(resp, body)
		scrubHubSpotError(out.Error, accessToken)
		return out, out.Error
	}
	return out, nil
}

// CheckAPIRequest reports what is wrong with r before anything is sent: an
// unknown method, a path that is not a plain absolute path, a bad header.
func CheckAPIRequest(r APIRequest) error {
	_, err := checkAPIRequest(r)
	return err
}

// checkAPIRequest validates the method, path and headers of r before anything
// is sent, and returns the method to use.
func checkAPIRequest(r APIRequest) (string, error) {
	method := r.Method
	if method == "" {
		method = http.MethodGet
	}
	if !slices.Contains(APIMethods, method) {
		return "", fmt.Errorf("unknown HTTP method %q: use one of %s", redact.Line(method), strings.Join(APIMethods, ", "))
	}
	if err := checkAPIPath(r.Path); err != nil {
		return "", err
	}
	for k, vs := range r.Header {
		for _, v := range vs {
			if err := CheckAPIHeader(k, v); err != nil {
				return "", err
			}
		}
	}
	return method, nil
}

// reservedHeaders are set by the client or the transport; a caller's value
// would be ignored or, for Authorization, would bypass the token store.
var reservedHeaders = []string{"Authorization", "Host", "Content-Length", "Transfer-Encoding", "Connection"}

// CheckAPIHeader refuses a header an API call must not carry: a malformed
// name, a value with control characters (header injection), or one the
// client sets itself.
func CheckAPIHeader(name, value string) error {
	if name == "" || strings.IndexFunc(name, func(r rune) bool { return !isTokenChar(r) }) >= 0 {
		return fmt.Errorf("header name %q is not valid: use letters, digits and - (for example X-Request-Id)", redact.Line(name))
	}
	for _, h := range reservedHeaders {
		if strings.EqualFold(name, h) {
			if h == "Authorization" {
				return errors.New("the Authorization header comes from the stored token; drop --header 'Authorization: …'")
			}
			return fmt.Errorf("the %s header is set by hsoauth itself; drop it", h)
		}
	}
	if strings.IndexFunc(value, func(r rune) bool { return (r < 0x20 && r != '\t') || r == 0x7f }) >= 0 {
		return fmt.Errorf("the value of header %s contains control characters", name)
	}
	return nil
}

// isTokenChar reports whether r may appear in a header name (RFC 9110 §5.6.2).
func isTokenChar(r rune) bool {
	return r < 0x7f && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("!#$%&'*+-.^_`|~", r))
}

// APIPath turns what a user typed into a path on the API host: a path (a
// missing leading / is added) or a full URL, which must name the API host
// itself, so a token is never sent to a host the user did not configure.
func (e Environment) APIPath(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", errors.New("no API path given (for example /crm/v3/objects/contacts)")
	}
	lower := strings.ToLower(raw)
	if !strings.HasPrefix(lower, "http://") && !strings.HasPrefix(lower, "https://") {
		if !strings.HasPrefix(raw, "/") {
			raw = "/" + raw
		}
		return raw, checkAPIPath(raw)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("%q is not a valid URL", redact.Line(raw))
	}
	base, err := url.Parse(e.APIBase)
	if err != nil {
		return "", err
	}
	if !strings.EqualFold(u.Scheme, base.Scheme) || !strings.EqualFold(u.Host, base.Host) || u.User != nil {
		return "", fmt.Errorf("%s is not on this profile's API host %s; hsoauth sends the token only there (pass a path instead)",
			redact.Line(u.Redacted()), e.APIBase)
	}
	if u.Fragment != "" {
		return "", errors.New("the URL has a #fragment, which is never sent to the server; drop it")
	}
	prefix := strings.TrimRight(base.EscapedPath(), "/")
	p, ok := strings.CutPrefix(u.EscapedPath(), prefix)
	if !ok || (p != "" && !strings.HasPrefix(p, "/")) {
		return "", fmt.Errorf("%s is outside the API base %s", redact.Line(u.Redacted()), e.APIBase)
	}
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return p, checkAPIPath(p)
}

// checkAPIPath keeps calls on the API host: an absolute path with an
// optional query, no scheme, no host, no fragment, no control characters.
func checkAPIPath(path string) error {
	if !strings.HasPrefix(path, "/") || strings.HasPrefix(path, "//") || strings.Contains(path, "\\") {
		return errors.New("the API path must start with a single / (for example /account-info/v3/details)")
	}
	if !utf8.ValidString(path) || strings.IndexFunc(path, func(r rune) bool { return !redact.Printable(r) }) >= 0 || strings.ContainsAny(path, "# ") {
		return errors.New("the API path contains characters that are not allowed (spaces, #, control characters); percent-encode them")
	}
	u, err := url.Parse(path)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return errors.New("the API path is not a valid path")
	}
	return nil
}
