package oauth

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/hsoauth/hsoauth/redact"
)

// CallbackResult is the outcome of a valid (right-state) redirect: either an
// authorization code to exchange, or the error HubSpot or the user sent back.
type CallbackResult struct {
	Code string
	Err  *AuthError
}

// ErrStateMismatch rejects a redirect that does not belong to this attempt
// (state missing, duplicated or different). It never says what the expected
// state was (F2).
var ErrStateMismatch = errors.New("the redirect's state is missing, duplicated or does not match this sign-in attempt")

// ErrNotARedirect means pasted text is neither the redirected URL nor a code.
var ErrNotARedirect = errors.New("that is neither the address the browser ended on nor an authorization code")

// checkCallbackQuery is the single gate both the loopback server and the
// paste path use (L11, L16, R2-R4). State is compared in constant time before
// code or error are even looked at; duplicated parameters are refused (RFC
// 6749 §3.1); error values are reduced to the RFC charset; a right-state
// redirect without code or error is a protocol error, not a code.
func checkCallbackQuery(rawQuery, state string) (CallbackResult, error) {
	q, err := url.ParseQuery(rawQuery)
	if err != nil || state == "" {
		return CallbackResult{}, ErrStateMismatch
	}
	for _, k := range []string{"state", "code", "error", "error_description", "error_uri"} {
		if len(q[k]) > 1 {
			return CallbackResult{}, ErrStateMismatch
		}
	}
	got := q.Get("state")
	if len(q["state"]) != 1 || subtle.ConstantTimeCompare([]byte(got), []byte(state)) != 1 {
		return CallbackResult{}, ErrStateMismatch
	}
	if _, ok := q["error"]; ok {
		code := sanitizeOAuthParam(q.Get("error"))
		if code == "" {
			code = "unknown_error"
		}
		return CallbackResult{Err: &AuthError{Code: code, Description: sanitizeOAuthParam(q.Get("error_description"))}}, nil
	}
	code := q.Get("code")
	if code == "" || len(code) > maxCodeLen || !redact.PrintableASCII(code) {
		return CallbackResult{Err: &AuthError{Code: "invalid_response",
			Description: "HubSpot redirected back without a usable code or an error"}}, nil
	}
	return CallbackResult{Code: code}, nil
}

// ParseRedirected is the manual path for SSH sessions and remote browsers:
// the user pastes the URL the browser ended on (or just the code). A URL must
// point at the registered redirect URL and passes the same checks as the
// loopback server: state, duplicates, error sanitising. A bare code carries
// no state to check; PKCE still binds it to this attempt.
func ParseRedirected(pasted, redirectURI, state string) (string, error) {
	pasted = strings.TrimSpace(pasted)
	if pasted == "" {
		return "", errors.New("nothing was pasted")
	}
	query, isURL, err := pastedQuery(pasted, redirectURI)
	if err != nil {
		return "", err
	}
	if !isURL {
		if !LooksLikeCode(pasted) {
			return "", ErrNotARedirect
		}
		return pasted, nil
	}
	res, err := checkCallbackQuery(query, state)
	if err != nil {
		return "", err
	}
	if res.Err != nil {
		return "", res.Err
	}
	return res.Code, nil
}

// LooksLikeCode reports whether s could be an authorization code on its own:
// 16 to maxCodeLen characters of the URL-safe set codes are made of. HubSpot's
// look like na1-xxxx-…; a word such as "hello" or a sentence does not pass.
func LooksLikeCode(s string) bool {
	if len(s) < 16 || len(s) > maxCodeLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case strings.IndexByte("-._~/+=", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// pastedQuery extracts the query from a pasted URL (checking it targets the
// redirect URL) or a bare "code=…&state=…" string. isURL is false for a bare code.
func pastedQuery(pasted, redirectURI string) (query string, isURL bool, err error) {
	want, err := url.Parse(redirectURI)
	if err != nil {
		return "", false, errors.New("the redirect URL is not a valid URL")
	}
	if !strings.Contains(pasted, "://") {
		before, q, hasQuery := strings.Cut(pasted, "?")
		switch {
		case hasQuery && before != "":
			// The address without its scheme, as some terminals and chat tools copy it.
			pasted = want.Scheme + "://" + pasted
		case strings.Contains(pasted, "="): // just the query: "code=…&state=…" or "?code=…"
			if !hasQuery {
				q = before
			}
			return q, true, nil
		default:
			return "", false, nil
		}
	}
	u, err := url.Parse(pasted)
	if err != nil {
		return "", false, errors.New("the pasted text is not a valid URL")
	}
	if !strings.EqualFold(u.Scheme, want.Scheme) || !strings.EqualFold(u.Host, want.Host) || u.Path != want.Path {
		return "", false, fmt.Errorf("the pasted URL is not this app's redirect URL (%s); copy the address the browser ended on", redact.Line(want.Scheme+"://"+want.Host+want.Path))
	}
	return u.RawQuery, true, nil
}
