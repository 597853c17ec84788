package oauth

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hsoauth/hsoauth/redact"
)

// Sentinel errors callers branch on: each means a different thing to tell
// the user, so they are distinct values rather than strings.
var (
	// ErrTooManyInvalidCallbacks ends a flow when the callback port keeps
	// receiving requests with a wrong or missing state: something other than
	// HubSpot is knocking.
	ErrTooManyInvalidCallbacks = errors.New("too many invalid requests reached the callback server; sign-in aborted, start again")
	// ErrCallbackTimeout ends a flow when no valid callback arrived in time.
	ErrCallbackTimeout = errors.New("timed out waiting for HubSpot to redirect back; start again, or paste the redirected URL")
	// ErrExchangeUncertain means the code may or may not have been redeemed;
	// codes are single-use, so the only safe next step is a fresh sign-in.
	ErrExchangeUncertain = errors.New("the code exchange did not complete and codes are single-use; please sign in again")
)

// AuthError is an error that HubSpot (or the user) sent back on the redirect
// instead of a code, such as access_denied. Its fields are already sanitised
// to the RFC 6749 charset, so they are safe to print.
type AuthError struct {
	Code        string
	Description string
}

// Error reads naturally in a status line and never carries raw input.
func (e *AuthError) Error() string {
	if e.Code == "access_denied" {
		return "authorization was cancelled in the browser (access_denied)"
	}
	if e.Description != "" {
		return "authorization failed: " + e.Code + ": " + e.Description
	}
	return "authorization failed: " + e.Code
}

// Denied reports whether the user declined, which deserves a calm message and
// a distinct exit code rather than an alarm.
func (e *AuthError) Denied() bool { return e.Code == "access_denied" }

// HubSpotError is a decoded HubSpot error body. It carries both the legacy
// fields (status, message, correlationId, category) and the RFC 6749 ones
// (error, error_description) because v1 sends the former, v3 both. ErrorCode
// holds the RFC `error` field (a field cannot share the name of Error()).
// Every string is sanitised and bounded.
type HubSpotError struct {
	HTTPStatus    int
	Status        string
	Message       string
	ErrorCode     string
	Description   string
	CorrelationID string
	Category      string
	Scopes        []string // scopes named by a MISSING_SCOPES error
	// RetryAfter is the server's Retry-After on a 429 or 503 (0: none sent), and Policy the rate-limit
	// policy HubSpot named (policyName: SECONDLY, TEN_SECONDLY_ROLLING, DAILY …).
	RetryAfter time.Duration
	Policy     string
	// Server names the server when it is not HubSpot (a profile's own OAuth
	// server, by host), so messages do not blame HubSpot for it; "" is HubSpot.
	Server string
}

type rawHubSpotError struct {
	Status        string `json:"status"`
	Message       string `json:"message"`
	Error         string `json:"error"`
	Description   string `json:"error_description"`
	CorrelationID string `json:"correlationId"`
	Category      string `json:"category"`
	PolicyName    string `json:"policyName"`
	// Title and Detail are RFC 9457 problem details, which some standard
	// servers send instead of RFC 6749's error and error_description.
	Title  string `json:"title"`
	Detail string `json:"detail"`
	Errors []struct {
		Context map[string][]string `json:"context"`
	} `json:"errors"`
}

// DecodeError turns a HubSpot error response into a HubSpotError. Bodies that
// are not JSON are dropped rather than echoed, since a proxy's error page could
// contain anything, including the request's secrets.
func DecodeError(status int, body []byte) *HubSpotError {
	e := &HubSpotError{HTTPStatus: status}
	var raw rawHubSpotError
	if len(body) > maxBody || json.Unmarshal(body, &raw) != nil {
		return e
	}
	e.Status, e.Message = redact.Line(raw.Status), redact.Line(cmp.Or(raw.Message, raw.Detail, raw.Title))
	e.ErrorCode, e.Description = redact.Line(raw.Error), redact.Line(raw.Description)
	e.CorrelationID, e.Category = redact.Line(raw.CorrelationID), redact.Line(raw.Category)
	e.Policy = redact.Cut(raw.PolicyName, 40)
	for _, item := range raw.Errors {
		for _, key := range []string{"requiredGranularScopes", "requiredScopes", "scopes"} {
			for _, s := range item.Context[key] {
				if len(e.Scopes) < 50 {
					e.Scopes = append(e.Scopes, redact.Line(s))
				}
			}
		}
	}
	return e
}

// DecodeResponse is DecodeError plus what the response's headers say: the
// Retry-After of a rate limit, read as the server sent it (up to a day).
func DecodeResponse(resp *http.Response, body []byte) *HubSpotError {
	e := DecodeError(resp.StatusCode, body)
	if v := strings.TrimSpace(resp.Header.Get("Retry-After")); v != "" {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && n >= 0 {
			e.RetryAfter = time.Duration(min(n, 86400)) * time.Second
		} else if t, err := http.ParseTime(v); err == nil {
			e.RetryAfter = max(0, min(time.Until(t), 24*time.Hour))
		}
	}
	return e
}

// Code is the most specific machine-readable name HubSpot gave the error:
// the legacy status (BAD_AUTH_CODE) beats the RFC code (invalid_grant), which
// beats the API category (MISSING_SCOPES).
func (e *HubSpotError) Code() string {
	switch {
	case e.Status != "" && e.Status != "error":
		return e.Status
	case e.ErrorCode != "":
		return e.ErrorCode
	case e.Category != "":
		return e.Category
	}
	return ""
}

// Error is one line: code, HubSpot's words and the HTTP status. It is built
// only from sanitised fields, never from the raw body.
func (e *HubSpotError) Error() string {
	var b strings.Builder
	b.WriteString(e.ServerName())
	if c := e.Code(); c != "" {
		b.WriteString(" " + c)
	}
	if msg := e.text(); msg != "" {
		b.WriteString(": " + msg)
	}
	fmt.Fprintf(&b, " (HTTP %d", e.HTTPStatus)
	if e.CorrelationID != "" {
		b.WriteString(", correlation ID " + e.CorrelationID)
	}
	b.WriteString(")")
	return b.String()
}

func (e *HubSpotError) text() string {
	if e.Description != "" {
		return e.Description
	}
	if e.Message != "" {
		return e.Message
	}
	return http.StatusText(e.HTTPStatus)
}

// Cause explains in plain language what went wrong, for the TUI's error panel.
func (e *HubSpotError) Cause() string {
	if h, ok := errorHelp[e.Code()]; ok {
		return h.cause
	}
	if e.Category == "MISSING_SCOPES" {
		return errorHelp["MISSING_SCOPES"].cause
	}
	switch {
	case e.HTTPStatus == http.StatusTooManyRequests:
		return e.ServerName() + " is rate limiting this app (too many calls in a short time)."
	case e.HTTPStatus >= 500:
		return e.ServerName() + " had a problem on its side."
	}
	return e.ServerName() + " refused the request."
}

// ServerName is who answered: "HubSpot", or the profile's own server.
func (e *HubSpotError) ServerName() string { return cmp.Or(e.Server, "HubSpot") }

// ServerText is the server's own words (error_description, message, or an
// RFC 9457 problem's detail) when no plain-language help covers the error, so
// a code hsoauth has no help for, or a standard server's refusal, still says
// what went wrong. It is "" when Cause already explains the error.
func (e *HubSpotError) ServerText() string {
	if _, known := errorHelp[e.Code()]; known || e.Category == "MISSING_SCOPES" {
		return ""
	}
	return redact.Cut(cmp.Or(e.Description, e.Message), 300)
}

// NextStep says what the user can do about it.
func (e *HubSpotError) NextStep() string {
	code := e.Code()
	if e.Category == "MISSING_SCOPES" {
		code = "MISSING_SCOPES"
	}
	if code == "MISSING_SCOPES" && len(e.Scopes) > 0 {
		return "Add " + strings.Join(e.Scopes, ", ") + " to the app's scopes and to the authorize URL, then sign in again."
	}
	if h, ok := errorHelp[code]; ok {
		return h.next
	}
	switch {
	case e.HTTPStatus == http.StatusTooManyRequests:
		return "Wait a few seconds and try again."
	case e.HTTPStatus >= 500 && e.Server != "":
		return "Try again in a minute."
	case e.HTTPStatus >= 500:
		return "Try again in a minute; if it persists, check status.hubspot.com."
	}
	return "See the request with --verbose (or the flow trace, T, in the TUI)."
}
