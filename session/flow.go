package session

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/hsoauth/hsoauth/oauth"
	"github.com/hsoauth/hsoauth/scopes"
)

// DefaultTimeout is how long a sign-in waits for HubSpot's redirect unless told otherwise: the one place
// the CLI's --timeout default and the TUI's attempt come from.
const DefaultTimeout = 5 * time.Minute

// MaxTimeout bounds --timeout: a callback server left listening for days is a mistake, not a choice.
const MaxTimeout = 24 * time.Hour

// FlowOptions say how a sign-in waits.
type FlowOptions struct {
	// HubID > 0 uses the account-specific authorize URL; 0 uses the profile's pinned portal, if any.
	HubID int
	// Timeout is how long to wait for the redirect; 0 means DefaultTimeout.
	Timeout time.Duration
	// NoListen skips the callback server: the code arrives by paste or in-terminal consent only.
	NoListen bool
}

// Flow is one sign-in under way: the attempt, its callback server (unless the port was busy), and every
// other way a code can arrive (a pasted redirect, the simulator's consent page played in the terminal).
// Wait merges them with cancellation and the timeout, so the CLI and the TUI decide the outcome the same.
type Flow struct {
	s       *Session
	Attempt *Attempt
	// NoCallback says why there is no callback server (the port is taken, or the redirect URL is one
	// this terminal cannot serve, such as https); the flow goes on, on the paths that need none.
	NoCallback error
	srv        *oauth.CallbackServer
	deadline   time.Time

	results chan Result
	once    sync.Once
	cancel  context.CancelFunc
	ctx     context.Context
}

// Result is how a flow ended: a code to exchange, or why there is none (Err, explained by Explain).
type Result struct {
	Code string
	Err  error
}

// Begin starts a sign-in for sel: a fresh attempt (state, PKCE) and its callback server, listening before
// any browser opens. A busy callback port, or a redirect URL valid for HubSpot that this terminal cannot
// serve, does not fail the flow (see Flow.NoCallback); a redirect URL HubSpot would refuse does.
func (s *Session) Begin(ctx context.Context, sel scopes.Selection, o FlowOptions) (*Flow, error) {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	// The secret and the store must work before anyone consents in a browser, not after.
	if err := s.Preflight(); err != nil {
		return nil, fmt.Errorf("not starting the sign-in: %w", err)
	}
	a, err := s.NewAttempt(ctx, sel, o.HubID)
	if err != nil {
		return nil, err
	}
	f := s.Resume(ctx, a, o.Timeout)
	if o.NoListen {
		return f, nil
	}
	env := s.client().Env
	srv, err := oauth.ListenCallback(f.ctx, a.RedirectURI, a.State, oauth.CallbackOptions{Timeout: o.Timeout,
		Trace: s.Trace, Clock: s.Now, AuthorizeURL: a.URL, Env: env})
	if err == nil {
		s.traceAuthorize(a, "hsoauth hands this URL to the browser (opened, copied or scanned as a QR code).")
	}
	var busy *oauth.PortBusyError
	var unservable *oauth.RedirectURIError
	switch {
	case errors.As(err, &busy):
		f.NoCallback = busy
	case errors.As(err, &unservable) && oauth.CheckRedirectURIFor(env, a.RedirectURI) == nil:
		f.NoCallback = err // valid for the server (https), just not servable here: the paste path remains
	case err != nil:
		f.Close()
		return nil, err
	default:
		f.srv = srv
		go func() {
			res, err := srv.Wait(f.ctx)
			if err == nil && res.Err != nil {
				err = res.Err
			}
			f.finish(Result{Code: res.Code, Err: err})
		}()
	}
	return f, nil
}

// Resume waits for an existing attempt's code on the paths that need no callback server: a pasted
// redirect and the simulator's consent page (timeout 0 means DefaultTimeout).
func (s *Session) Resume(ctx context.Context, a *Attempt, timeout time.Duration) *Flow {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	fctx, cancel := context.WithCancel(ctx)
	return &Flow{s: s, Attempt: a, deadline: time.Now().Add(timeout), results: make(chan Result, 1), ctx: fctx, cancel: cancel}
}

// PortBusy reports whether the callback server is missing because another program holds its port: then
// no browser should open, since its redirect would reach that program instead.
func (f *Flow) PortBusy() bool {
	var busy *oauth.PortBusyError
	return errors.As(f.NoCallback, &busy)
}

// Listening reports whether the callback server is up (the port was free).
func (f *Flow) Listening() bool { return f.srv != nil }

// Deadline is when the flow times out.
func (f *Flow) Deadline() time.Time { return f.deadline }

// finish records the first result; later ones (a paste after the callback) are dropped.
func (f *Flow) finish(r Result) bool {
	took := false
	f.once.Do(func() { f.results <- r; took = true })
	return took
}

// ErrFlowOver is what a paste or a consent decision gets once the sign-in has ended (a result, the
// timeout, or Close): the code it carried is not used.
var ErrFlowOver = errors.New("this sign-in has already ended, so that was not used; start a new one")

// over reports whether the flow can no longer take a result.
func (f *Flow) over() bool {
	if f.ctx.Err() != nil {
		return true
	}
	select {
	case r := <-f.results:
		f.results <- r
		return true
	default:
		return false
	}
}

// Paste takes what the user pasted: the address the browser ended on, or the bare code. A valid paste (a
// code, or HubSpot's error such as a denial) ends the flow; anything else returns an error that says what
// was wrong, and the flow keeps waiting for another paste or the callback.
func (f *Flow) Paste(text string) error {
	if f.over() {
		return ErrFlowOver
	}
	code, err := f.s.CodeFromPaste(f.Attempt, text)
	var ae *oauth.AuthError
	switch {
	case errors.As(err, &ae):
		f.finish(Result{Err: err}) // HubSpot's answer was an error (e.g. access_denied): the attempt is over
		return nil
	case err != nil:
		return err
	}
	if !f.finish(Result{Code: code}) {
		return ErrFlowOver // the callback (or the timeout) won the race
	}
	return nil
}

// Consent plays the simulator's consent page as user of portal hubID. A grant (a code) or a denial ends
// the flow; a page error (the user may not install, the account lacks a required scope) is returned so
// the caller can pick another portal or user, and the flow keeps waiting.
func (f *Flow) Consent(ctx context.Context, hubID int, user string, grant bool) error {
	if f.over() {
		return ErrFlowOver
	}
	code, err := f.s.ConsentInSandbox(ctx, f.Attempt, hubID, user, grant)
	if err != nil {
		if Explain(err).Outcome == OutcomeDenied {
			f.finish(Result{Err: err})
			return nil
		}
		return err
	}
	if !f.finish(Result{Code: code}) {
		return ErrFlowOver
	}
	return nil
}

// Wait blocks until the flow has a result: the callback, a valid paste, an in-terminal consent, the
// timeout (oauth.ErrCallbackTimeout) or ctx's end.
func (f *Flow) Wait(ctx context.Context) Result {
	select { // a result already there wins over a Close or a cancel that came after it
	case r := <-f.results:
		f.results <- r
		return r
	default:
	}
	timer := time.NewTimer(time.Until(f.deadline))
	defer timer.Stop()
	select {
	case r := <-f.results:
		f.results <- r // keep it for another Wait
		return r
	case <-ctx.Done():
		return Result{Err: ctx.Err()}
	case <-f.ctx.Done():
		return Result{Err: context.Canceled}
	case <-timer.C:
		f.finish(Result{Err: oauth.ErrCallbackTimeout})
		return f.Wait(ctx)
	}
}

// Close stops the callback server and releases its port; the flow cannot finish after it.
func (f *Flow) Close() {
	f.cancel()
	if f.srv != nil {
		_ = f.srv.Close()
	}
}
