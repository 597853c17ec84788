package session

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/hsoauth/hsoauth/config"
	"github.com/hsoauth/hsoauth/oauth"
	"github.com/hsoauth/hsoauth/redact"
)

// The request and answer types of an API call, so a screen needs only this package.
type (
	// APIRequest is one call: method, path (or full URL on the API host), body and extra headers.
	APIRequest = oauth.APIRequest
	// HubSpotError is HubSpot's error body, decoded and sanitised.
	HubSpotError = oauth.HubSpotError
)

// ErrTokenExpired means the stored access token has expired and cannot be renewed: there is no refresh
// token, or HubSpot refused it. Only a new login helps.
var ErrTokenExpired = errors.New("the stored access token has expired and cannot be refreshed; run 'hsoauth login'")

// minRefreshMargin is how close to expiry an API call refreshes first when the profile sets no margin.
const minRefreshMargin = time.Minute

// CallError is a call refused before sending because the request itself is malformed: a bad path, a URL on
// another host, an unknown method, a header hsoauth sets itself.
type CallError struct{ Err error }

func (e *CallError) Error() string { return e.Err.Error() }

// Unwrap gives the cause.
func (e *CallError) Unwrap() error { return e.Err }

// APICall is one call made with a stored token, from `hsoauth api` or the TUI's try-it pane.
type APICall struct {
	HubID   int        // portal whose token to use; 0 means the profile's pinned portal, else its newest token
	Request APIRequest // Request.Path may be a path or a full URL on the profile's API host
	Force   bool       // send even when the pre-flight check says the token lacks a scope
}

// APIResult says what an API call did: which token it went with (after any refresh), the path sent, the
// scope check, and HubSpot's answer (nil when nothing was sent).
type APIResult struct {
	Record    *config.TokenRecord
	Path      string
	Check     ScopeCheck
	Refreshed bool     // this call refreshed the token: before sending (near expiry) or after a 401
	Notes     []string // things the user should know that did not stop the call
	Response  *APIResponse
}

// API makes call with the stored token: it checks the call against the endpoint index and the token's
// granted scopes, refreshes first when the token is within the refresh margin of expiry (under the store's
// cross-process lock, so concurrent callers refresh once), sends, and on a 401 refreshes once and resends.
// A refused pre-flight check returns a *ScopeError and sends nothing unless call.Force. A 4xx/5xx answer is
// returned in the result and as its *HubSpotError.
func (s *Session) API(ctx context.Context, call APICall) (*APIResult, error) {
	rec, err := s.Token(call.HubID)
	if err != nil {
		return nil, err
	}
	req := call.Request
	if req.Path, err = s.callPath(req.Path); err == nil {
		err = oauth.CheckAPIRequest(req)
	}
	if err == nil && req.Body != nil && jsonBody(req.Header) {
		err = CheckJSON("the body", req.Body)
	}
	if err != nil {
		return nil, &CallError{Err: err}
	}
	res := &APIResult{Record: rec, Path: req.Path, Check: s.CheckScopes(req.Method, req.Path, rec)}
	if err := res.Check.refusal(call.Force, res); err != nil {
		return res, err
	}
	if err := s.freshen(ctx, res); err != nil {
		return res, err
	}
	resp, err := s.Client.Do(ctx, res.Record.AccessToken, req)
	if resp != nil && resp.Status == http.StatusUnauthorized && !res.Refreshed && res.Record.RefreshToken != "" {
		// HubSpot no longer takes the token (revoked, or our clock is off): refresh once and try again.
		if rerr := s.refreshFor(ctx, res); rerr == nil {
			resp, err = s.Client.Do(ctx, res.Record.AccessToken, req)
		}
	}
	res.Response = resp
	return res, err
}

// callPath resolves what the user typed to a path on the API host. Against a simulator, a URL on HubSpot's
// own API host (pasted from HubSpot's docs) means the same path on the simulator, whose token it is.
func (s *Session) callPath(raw string) (string, error) {
	if s.IsSandbox() && strings.Contains(raw, "://") {
		if p, err := oauth.HubSpot().APIPath(raw); err == nil {
			return p, nil
		}
	}
	return s.Client.Env.APIPath(raw)
}

// freshen refreshes res.Record first when it expires within the margin. A token that can still be used
// is used even when the refresh fails (with a note); an expired one that cannot be renewed is
// ErrTokenExpired.
func (s *Session) freshen(ctx context.Context, res *APIResult) error {
	rec := res.Record
	margin := max(s.Profile.RefreshMargin, minRefreshMargin)
	now := s.Now()
	if rec.ExpiresAt.After(now.Add(margin)) {
		return nil
	}
	expired := !rec.ExpiresAt.After(now)
	if rec.RefreshToken == "" {
		if expired {
			return ErrTokenExpired
		}
		return nil
	}
	err := s.refreshFor(ctx, res)
	switch {
	case err == nil:
		return nil
	case expired:
		return fmt.Errorf("%w: %w", ErrTokenExpired, err)
	}
	res.Notes = append(res.Notes, "the token expires soon and refreshing it failed ("+redact.Line(err.Error())+"); sent with the current one")
	return nil
}

// refreshFor renews res.Record's access token through Refresh, which holds the cross-process lock and
// returns another process's fresh result instead of refreshing twice.
func (s *Session) refreshFor(ctx context.Context, res *APIResult) error {
	rec, refreshed, err := s.Refresh(ctx, res.Record.HubID, res.Record.AccessToken)
	if err != nil {
		return err
	}
	res.Record = rec
	res.Refreshed = res.Refreshed || refreshed
	return nil
}

// jsonBody reports whether a body goes as JSON: the default, unless the caller set another Content-Type.
func jsonBody(h http.Header) bool {
	ct := strings.ToLower(h.Get("Content-Type"))
	return ct == "" || strings.Contains(ct, "json")
}

// CheckJSON says where a body stops being JSON, as line and column, so the fix is easy to find; what names
// the body in the message ("--data", a file name).
func CheckJSON(what string, b []byte) error {
	if json.Valid(b) {
		return nil
	}
	var v any
	err := json.Unmarshal(b, &v)
	off := int64(len(b))
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off = se.Offset
	}
	line, col := position(b, off)
	msg := "unexpected end of input"
	if err != nil {
		msg = strings.TrimPrefix(err.Error(), "json: ")
	}
	return fmt.Errorf("%s is not valid JSON: %s at line %d, column %d", what, redact.Line(msg), line, col)
}

// position converts a byte offset (1-based, as encoding/json reports it) into a line and column.
func position(b []byte, off int64) (line, col int) {
	off = max(min(off, int64(len(b))), 1)
	before := b[:min(off-1, int64(len(b)))]
	line = bytes.Count(before, []byte("\n")) + 1
	col = len(before) - bytes.LastIndexByte(before, '\n')
	return line, col
}
