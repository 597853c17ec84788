package sandbox

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/hsoauth/hsoauth/redact"
)

// ConsentHTTP plays the consent page of a sandbox in another process over HTTP, exactly as curl would:
// GET the authorize URL, read the request id from X-Sandbox-Request, POST the decision, and return the
// redirect's Location. A page the sandbox shows instead (a scope or redirect error) comes back as a
// *ConsentError with HubSpot's wording. hc nil uses a client that never follows redirects.
func ConsentHTTP(ctx context.Context, hc *http.Client, authorizeURL string, hubID int, user string, grant bool) (string, error) {
	if hc == nil {
		hc = &http.Client{}
	}
	noFollow := *hc
	noFollow.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	u, err := url.Parse(authorizeURL)
	if err != nil || !isLoopbackHost(u.Hostname()) {
		return "", errors.New("sandbox consent: the authorize URL must point at a sandbox on loopback")
	}
	resp, err := get(ctx, &noFollow, authorizeURL)
	if err != nil {
		return "", err
	}
	id := resp.Header.Get("X-Sandbox-Request")
	if cerr := pageError(resp); cerr != nil || id == "" {
		if cerr == nil {
			cerr = consentErr(ConsentBadRequest, "The sandbox did not show a consent page.", "HTTP %d without X-Sandbox-Request", resp.StatusCode)
		}
		return "", cerr
	}
	action := "deny"
	if grant {
		action = "grant"
	}
	form := url.Values{"request": {id}, "hub_id": {strconv.Itoa(hubID)}, "user": {user}, "action": {action}}
	decision := u.Scheme + "://" + u.Host + "/oauth/authorize/decision"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, decision, strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", u.Scheme+"://"+u.Host)
	resp, err = noFollow.Do(req)
	if err != nil {
		return "", fmt.Errorf("sandbox consent: %w", err)
	}
	drain(resp)
	if loc := resp.Header.Get("Location"); resp.StatusCode == http.StatusFound && loc != "" {
		return loc, nil
	}
	if cerr := pageError(resp); cerr != nil {
		return "", cerr
	}
	return "", consentErr(ConsentDenied, "Access was denied, so HubSpot does not redirect back to the app.", "HTTP %d", resp.StatusCode)
}

// get fetches url without following redirects and drains the body.
func get(ctx context.Context, hc *http.Client, url string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("sandbox consent: %w", err)
	}
	drain(resp)
	return resp, nil
}

// pageError turns a sandbox error page (X-Sandbox-Error) into a *ConsentError.
func pageError(resp *http.Response) *ConsentError {
	kind := resp.Header.Get("X-Sandbox-Error")
	if kind == "" {
		return nil
	}
	msg := resp.Header.Get("X-Sandbox-Message")
	if msg == "" {
		msg = "The sandbox showed an error page (" + kind + "); open the URL in a browser to read it."
	}
	return &ConsentError{Kind: ConsentErrorKind(kind), Message: msg, Detail: redact.Cut(resp.Header.Get("X-Sandbox-Detail"), 400)}
}

func drain(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	_ = resp.Body.Close()
}
