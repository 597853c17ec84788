package session

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/hsoauth/hsoauth/oauth"
	"github.com/hsoauth/hsoauth/scopes"
)

// Attempt is one authorization attempt: the URL the user visits and the secrets needed to finish it. Its
// State and PKCE verifier never leave the process unless the user asks (`hsoauth url --json`).
type Attempt struct {
	URL         string
	State       string
	PKCE        oauth.PKCE
	RedirectURI string
	Selection   scopes.Selection
	HubID       int
	Started     time.Time

	// traced is set once the authorize step is in the trace, so a retry of the callback or a paste
	// after a browser open does not draw it twice.
	traced bool
}

// NewAttempt builds a fresh authorize URL for sel, with a new state and PKCE pair. hubID > 0 (or, with 0,
// the profile's hub_id) uses the account-specific form, which skips HubSpot's account picker.
func (s *Session) NewAttempt(ctx context.Context, sel scopes.Selection, hubID int) (*Attempt, error) {
	state, err := s.secrets()
	if err != nil {
		return nil, err
	}
	hubID = s.hubFor(hubID)
	a := &Attempt{State: state, RedirectURI: s.client().App.RedirectURI, Selection: sel, HubID: hubID, Started: s.Now()}
	if err := s.followSelection(ctx, sel); err != nil {
		return nil, err
	}
	req := oauth.AuthRequest{Scopes: sel.ScopeParam(), OptionalScopes: sel.OptionalParam(), HubID: hubID, State: state}
	if s.client().App.PKCE {
		verifier, err := s.secrets()
		if err != nil {
			return nil, err
		}
		if a.PKCE, err = oauth.PKCEFor(verifier); err != nil {
			return nil, err
		}
		req.Challenge = a.PKCE.Challenge
	}
	if a.URL, err = oauth.AuthorizeURL(s.client().Env, s.client().App, req); err != nil {
		return nil, err
	}
	return a, nil
}

// WithState rebuilds the attempt's URL with a caller-chosen state (`hsoauth url --state`), for scripts that
// keep their own state store.
func (s *Session) WithState(a *Attempt, state string) error {
	if state == "" {
		return errors.New("--state must not be empty")
	}
	a.State = state
	req := oauth.AuthRequest{Scopes: a.Selection.ScopeParam(), OptionalScopes: a.Selection.OptionalParam(), HubID: a.HubID, State: state, Challenge: a.PKCE.Challenge}
	var err error
	a.URL, err = oauth.AuthorizeURL(s.client().Env, s.client().App, req)
	return err
}

// traceAuthorize puts the attempt's authorize request in the trace, once.
func (s *Session) traceAuthorize(a *Attempt, how string) {
	if a.traced || s.Trace == nil {
		return
	}
	a.traced = true
	s.Trace.AddSecret(a.State)
	s.Trace.AddSecret(a.PKCE.Verifier)
	s.Trace.RecordAuthorize(s.Now(), a.URL, how)
}

// followSelection saves sel as the demo app's scope settings in the simulator (built in or external
// alike), as if the developer had saved these scopes on the app's Auth tab, so only the account can make
// the install fail. A profile's own app keeps the scopes its profile configures.
func (s *Session) followSelection(ctx context.Context, sel scopes.Selection) error {
	if s.Sim == nil || !s.demoApp || s.simApp == nil {
		return nil
	}
	app := *s.simApp
	app.Required, app.Conditional, app.Optional = sel.Required, sel.ConditionallyRequired, sel.Optional
	if err := s.Sim.RegisterApp(ctx, app); err != nil {
		return fmt.Errorf("the sandbox refused the app's scope settings for this selection: %w", err)
	}
	return nil
}

// CodeFromPaste takes what the user pasted (the redirected URL, or the bare code) through the same checks
// as the callback server: for SSH sessions and remote browsers.
func (s *Session) CodeFromPaste(a *Attempt, pasted string) (string, error) {
	if a.PKCE.Verifier == "" && !strings.Contains(pasted, "state=") {
		// A bare code carries no state; without PKCE nothing would tie it to this attempt.
		return "", errors.New("with PKCE off, paste the whole address the browser ended on (it carries the state to check), not just the code")
	}
	code, err := oauth.ParseRedirected(pasted, a.RedirectURI, a.State)
	if err == nil && s.Trace != nil {
		s.traceAuthorize(a, "hsoauth handed this URL to a browser elsewhere; the user pasted where it ended.")
		s.Trace.AddSecret(code)
		redirect := strings.TrimSpace(pasted)
		if !strings.Contains(redirect, "?") {
			redirect = a.RedirectURI + "?code=" + url.QueryEscape(code)
		}
		now, q := s.Now(), ""
		if u, err := url.Parse(redirect); err == nil {
			q = u.RawQuery
		}
		s.Trace.RecordConsent(now, a.URL, redirect, oauth.ConsentNote(q), true)
		s.Trace.RecordCallback(now, redirect, "The user pasted the address the browser ended on, so no request reached the callback server.")
	}
	return code, err
}

// ConsentInSandbox plays the simulator's consent screen as user of portal hubID, granting or denying, and
// returns the code from the redirect.
func (s *Session) ConsentInSandbox(ctx context.Context, a *Attempt, hubID int, user string, grant bool) (string, error) {
	if s.Sim == nil {
		return "", errors.New("approving in the terminal needs the sandbox; open the URL in a browser instead")
	}
	s.traceAuthorize(a, "hsoauth plays the browser: the sandbox's consent page runs in the terminal.")
	redirect, err := s.Sim.Consent(ctx, a.URL, hubID, user, grant)
	if err != nil {
		s.Trace.Record(oauth.TraceEvent{Time: s.Now(), Step: oauth.StepConsent, From: oauth.PartyBrowser,
			To: oauth.PartyHubSpot, Method: http.MethodPost, URL: a.URL, Status: http.StatusOK, Err: err.Error(),
			Note: "The consent page did not redirect back: " + err.Error()})
		return "", err
	}
	s.traceConsent(a, redirect, grant)
	code, err := oauth.ParseRedirected(redirect, a.RedirectURI, a.State)
	if err != nil {
		return "", fmt.Errorf("the sandbox redirected to an unexpected URL: %w", err)
	}
	return code, nil
}

// traceConsent records the decision made in the terminal and the redirect it produced, which reaches the
// app in-process rather than over the callback server.
func (s *Session) traceConsent(a *Attempt, redirect string, grant bool) {
	if s.Trace == nil {
		return
	}
	q := ""
	if u, err := url.Parse(redirect); err == nil {
		q = u.RawQuery
		s.Trace.AddSecret(u.Query().Get("code"))
	}
	now := s.Now()
	note := oauth.ConsentNote(q)
	if !grant {
		note = "The user refused in the terminal's consent page. " + note
	}
	s.Trace.RecordConsent(now, a.URL, redirect, note, false)
	s.Trace.RecordCallback(now, redirect, "In the terminal, the redirect reaches hsoauth in-process: no browser, no callback server.")
}

// freeRedirect picks the first registered redirect URL whose loopback port is free right now, so a dev
// server on port 3000 does not dead-end the demo; it keeps current when none is free (the callback server
// then reports which program holds the port).
func freeRedirect(registered []string, current string) string {
	for _, r := range registered {
		u, err := url.Parse(r)
		if err != nil || u.Port() == "" {
			continue
		}
		l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", u.Port()))
		if err != nil {
			continue
		}
		_ = l.Close()
		return r
	}
	return current
}

// seededSecrets returns state and verifier values from a fixed sequence, for test mode only: 43
// characters of base64url like the real ones, but predictable.
func seededSecrets() func() (string, error) {
	var mu sync.Mutex
	n := 0
	return func() (string, error) {
		mu.Lock()
		defer mu.Unlock()
		n++
		sum := sha256.Sum256([]byte(fmt.Sprintf("hsoauth-test-mode-%d", n)))
		return base64.RawURLEncoding.EncodeToString(sum[:]), nil
	}
}

// NoHub asks for the generic authorize URL even when the profile pins a portal: HubSpot then shows its
// account picker.
const NoHub = -1

// hubFor resolves a caller's hub id: > 0 that portal, 0 the profile's pinned one (hub_id), NoHub none.
func (s *Session) hubFor(hubID int) int {
	switch {
	case hubID > 0:
		return hubID
	case hubID == 0:
		return s.Profile.HubID
	}
	return 0
}

// Placeholders stand where a preview URL's secrets will be: every real attempt makes its own.
const (
	PlaceholderState     = "FRESH-STATE"
	PlaceholderChallenge = "FRESH-PKCE-CHALLENGE"
)

// PreviewURL is the authorize URL sel would produce, with placeholders for the state and PKCE challenge
// (NewAttempt makes the real ones), explained part by part. It needs no network and changes nothing.
func (s *Session) PreviewURL(sel scopes.Selection, hubID int) (string, []URLPart, error) {
	if s.client() == nil {
		return "", nil, errors.New("no app is configured")
	}
	req := oauth.AuthRequest{Scopes: sel.ScopeParam(), OptionalScopes: sel.OptionalParam(), HubID: s.hubFor(hubID), State: PlaceholderState}
	if s.client().App.PKCE {
		req.Challenge = PlaceholderChallenge
	}
	u, err := oauth.AuthorizeURL(s.client().Env, s.client().App, req)
	if err != nil {
		return "", nil, err
	}
	parts, _ := oauth.ExplainAuthorizeURL(u)
	return u, parts, nil
}
