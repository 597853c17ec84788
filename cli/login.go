package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/hsoauth/hsoauth/oauth"
	"github.com/hsoauth/hsoauth/oauth/sandbox"
	"github.com/hsoauth/hsoauth/session"
)

func runLogin(e Env, args []string) int {
	var g globals
	var sf selectionFlags
	fs := newFlagSet("login", &g)
	g.registerHAR(fs)
	sf.register(fs)
	hubID := fs.Int("hub-id", 0, "portal `id` for the account-specific URL, skipping the account picker")
	noBrowser := fs.Bool("no-browser", false, "do not open a browser: print the URL and also accept the redirected URL pasted on stdin")
	timeout := fs.Duration("timeout", 5*time.Minute, "how long to wait for the redirect")
	consent := fs.String("sandbox-consent", "", "sandbox only: approve as this `portal`'s Super Admin (hub id or account id, e.g. marketing-pro+transactional-email)")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	reveal := fs.Bool("reveal", false, "print the tokens unmasked")
	if code, ok := parseFlags(e, fs, args); !ok {
		return code
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *consent != "" && !g.sandbox && g.sandboxURL == "" && e.Getenv("HSOAUTH_SANDBOX_URL") == "" {
		g.sandbox = true // --sandbox-consent only makes sense against the sandbox
	}
	sess, err := openSession(ctx, e, g)
	if err != nil {
		return failure(e, ExitFailure, err)
	}
	defer sess.Close(context.Background())
	a, err := sess.NewAttempt(sf.resolve(sess), *hubID)
	if err != nil {
		return failure(e, ExitFailure, err)
	}
	var code string
	if *consent != "" {
		code, err = sandboxConsent(ctx, sess, a, *consent)
	} else {
		code, err = waitForCode(ctx, e, sess, a, *noBrowser, *timeout)
	}
	if errors.Is(err, context.Canceled) {
		return failure(e, ExitFailure, errors.New("interrupted; no token was stored"))
	}
	if err != nil {
		return failure(e, authExitCode(err), err)
	}
	rec, err := sess.Complete(ctx, a, code)
	if err != nil {
		return failure(e, ExitFailure, err)
	}
	return printRecord(e, sess, rec, *asJSON, *reveal)
}

// sandboxConsent approves the attempt as the Super Admin of the named portal.
func sandboxConsent(ctx context.Context, sess *session.Session, a *session.Attempt, portal string) (string, error) {
	hub, err := findPortal(sess, portal)
	if err != nil {
		return "", err
	}
	if sess.Sandbox != nil {
		return sess.ConsentInSandbox(a, hub, "", true)
	}
	redirect, err := sandbox.ConsentHTTP(ctx, nil, a.URL, hub, "", true)
	if err != nil {
		return "", err
	}
	return sess.CodeFromPaste(a, redirect)
}

// findPortal resolves a hub id or an account id to one of the sandbox's portals.
func findPortal(sess *session.Session, portal string) (int, error) {
	if !sess.IsSandbox() {
		return 0, errors.New("--sandbox-consent works only against the sandbox (add --sandbox or --sandbox-url)")
	}
	if n, err := strconv.Atoi(portal); err == nil {
		return n, nil
	}
	var ids []string
	for _, p := range sandbox.DefaultPortals() {
		if p.Account.ID == portal {
			return p.HubID, nil
		}
		ids = append(ids, p.Account.ID)
	}
	return 0, fmt.Errorf("no sandbox portal %q%s; portals: %s", portal, didYouMean(portal, ids), strings.Join(ids, ", "))
}

// waitForCode runs the loopback callback server and, with --no-browser, reads a pasted redirect on stdin;
// the first valid answer wins.
func waitForCode(ctx context.Context, e Env, sess *session.Session, a *session.Attempt, noBrowser bool, timeout time.Duration) (string, error) {
	var pb *oauth.PortBusyError
	srv, err := sess.Listen(ctx, a, timeout)
	switch {
	case err == nil:
		defer srv.Close()
	case noBrowser && errors.As(err, &pb):
		// Over SSH the paste path is what matters; a busy local port need not stop it.
		fmt.Fprintf(e.Stderr, "hsoauth: note: %v\nContinuing with the paste path only.\n", err)
	default:
		return "", err
	}
	announce(ctx, e, a, srv != nil, noBrowser, timeout)
	pasted := make(chan string, 1)
	if noBrowser && e.Stdin != nil {
		fmt.Fprintln(e.Stderr, "Or paste the URL your browser was redirected to (or just the code) and press Enter:")
		go readLines(e.Stdin, pasted)
	}
	done := make(chan callbackResult, 1)
	go waitCallback(ctx, srv, timeout, done)
	for {
		select {
		case r := <-done:
			return r.code, r.err
		case p, ok := <-pasted:
			if !ok {
				pasted = nil // stdin closed: keep waiting for the callback (or the timeout)
				continue
			}
			code, err := sess.CodeFromPaste(a, p)
			var ae *oauth.AuthError
			if errors.As(err, &ae) {
				return "", err // HubSpot's answer was an error (e.g. access_denied): the attempt is over
			}
			if err != nil {
				fmt.Fprintf(e.Stderr, "hsoauth: %v; paste again\n", err)
				continue
			}
			return code, nil
		}
	}
}

// announce prints the URL (and what to do with it) and opens the browser unless told not to.
func announce(ctx context.Context, e Env, a *session.Attempt, listening, noBrowser bool, timeout time.Duration) {
	if listening {
		fmt.Fprintf(e.Stderr, "Open this URL to authorize (waiting up to %s for the redirect to %s):\n\n  %s\n\n", timeout, a.RedirectURI, a.URL)
	} else {
		fmt.Fprintf(e.Stderr, "Open this URL to authorize (up to %s), then paste where the browser ended:\n\n  %s\n\n", timeout, a.URL)
	}
	if !noBrowser {
		if err := oauth.OpenBrowserEnv(ctx, a.URL, e.Getenv); err != nil {
			fmt.Fprintln(e.Stderr, "Could not open a browser; open the URL yourself.")
		}
	}
}

// callbackResult is what the callback server (or, without one, the timeout) ended with.
type callbackResult struct {
	code string
	err  error
}

// waitCallback waits for the callback server's answer; with no server (port busy) it only waits for
// the timeout or cancellation, while the paste path works.
func waitCallback(ctx context.Context, srv *oauth.CallbackServer, timeout time.Duration, done chan<- callbackResult) {
	if srv != nil {
		r, err := srv.Wait(ctx)
		done <- callbackResult{r.Code, err}
		return
	}
	select {
	case <-ctx.Done():
		done <- callbackResult{"", ctx.Err()}
	case <-time.After(timeout):
		done <- callbackResult{"", oauth.ErrCallbackTimeout}
	}
}

// readLines sends every non-empty line of r and closes ch at EOF. ch is buffered and the caller stops
// reading once it has a code, so at most one send can block, until the process ends.
func readLines(r io.Reader, ch chan<- string) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 64*1024)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" {
			ch <- line
		}
	}
	close(ch)
}

// authExitCode maps a failed authorization to the documented exit codes: 3 for denied or timed out.
func authExitCode(err error) int {
	var ae *oauth.AuthError
	var ce *sandbox.ConsentError
	switch {
	case errors.As(err, &ae) && ae.Denied(),
		errors.As(err, &ce) && ce.Kind == sandbox.ConsentDenied,
		errors.Is(err, oauth.ErrCallbackTimeout):
		return ExitDenied
	}
	return ExitFailure
}
