package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/hsoauth/hsoauth/oauth"
	"github.com/hsoauth/hsoauth/redact"
	"github.com/hsoauth/hsoauth/session"
	flag "github.com/spf13/pflag"
)

// loginFlags are `hsoauth login`'s own flags.
type loginFlags struct {
	g         globals
	sel       selectionFlags
	hub       hubFlag
	noBrowser bool
	timeout   time.Duration
	consent   string
	asJSON    bool
	reveal    bool
}

func (f *loginFlags) register(fs *flag.FlagSet) {
	f.g.registerHAR(fs)
	f.sel.register(fs)
	fs.Var(&f.hub, "hub-id", "portal id for the account-specific URL, skipping the account picker; none for HubSpot's picker (default: the profile's hub_id, or the --sandbox-consent portal)")
	fs.BoolVar(&f.noBrowser, "no-browser", false, "do not open a browser: print the URL and accept the redirected URL pasted on stdin")
	fs.DurationVar(&f.timeout, "timeout", session.DefaultTimeout, "how long to wait for the redirect (1s to 24h)")
	fs.StringVar(&f.consent, "sandbox-consent", "", "sandbox only: approve as this `portal`'s Super Admin (hub id or account id, e.g. marketing-pro+transactional-email)")
	fs.BoolVar(&f.asJSON, "json", false, "print the result as JSON")
	fs.BoolVar(&f.reveal, "reveal", false, "print the tokens unmasked")
}

func runLogin(e Env, args []string) int {
	var f loginFlags
	fs := newFlagSet("login", &f.g)
	f.register(fs)
	if code, ok := parseFlags(e, fs, args); !ok {
		return code
	}
	if f.sel.from == "-" && f.noBrowser {
		return usageError(e, "--scopes-from - reads standard input, which --no-browser needs for the pasted redirect; save the scopes to a file and pass --scopes-from FILE")
	}
	if err := loginFlagsValid(f.timeout, int(f.hub), f.consent); err != nil {
		return usageError(e, err.Error())
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if f.consent != "" && !f.g.sandbox && f.g.sandboxURL == "" && e.Getenv("HSOAUTH_SANDBOX_URL") == "" {
		f.g.sandbox = true // --sandbox-consent only makes sense against the sandbox
	}
	sess, err := openSession(ctx, e, f.g)
	if err != nil {
		return failure(e, usageCode(err), err)
	}
	defer sess.Close(context.Background())
	return f.login(ctx, e, sess)
}

// login runs the sign-in on an open session: the flow, the consent or the wait, the exchange.
func (f *loginFlags) login(ctx context.Context, e Env, sess *session.Session) int {
	sel, err := f.sel.resolve(e, sess)
	if err != nil {
		return failure(e, ExitFailure, err)
	}
	hubID, consentHub := int(f.hub), 0
	if f.consent != "" {
		if consentHub, err = findPortal(ctx, sess, f.consent); err != nil {
			return failure(e, ExitFailure, err)
		}
		if hubID == 0 {
			hubID = consentHub // the URL for the portal that will consent, whatever the profile pins
		}
	}
	flow, err := sess.Begin(ctx, sel, session.FlowOptions{HubID: hubID, Timeout: f.timeout, NoListen: f.consent != ""})
	if err != nil {
		return failure(e, ExitFailure, err)
	}
	defer flow.Close()
	var res session.Result
	if f.consent != "" {
		res = consentFlow(ctx, flow, consentHub)
	} else {
		if f.sel.from == "-" {
			e.Stdin = nil // already read for the scopes: nothing can be pasted there
		}
		res = waitFlow(ctx, e, flow, f.noBrowser, f.timeout)
	}
	if res.Err != nil {
		return failure(e, ExitFailure, res.Err)
	}
	rec, err := sess.Complete(ctx, flow.Attempt, res.Code)
	if err != nil {
		return failure(e, ExitFailure, err)
	}
	return printRecord(e, sess, rec, f.asJSON, f.reveal)
}

// loginFlagsValid refuses a timeout outside 1s to 24h, a negative hub id, and a --sandbox-consent portal
// that is a number but no hub id (a negative one would otherwise be looked up as an account name).
func loginFlagsValid(timeout time.Duration, hubID int, consent string) error {
	if timeout < time.Second || timeout > session.MaxTimeout {
		return fmt.Errorf("--timeout %s is out of range; give a duration from 1s to 24h, such as 5m", timeout)
	}
	if err := checkHubID("hub-id", hubID); err != nil {
		return err
	}
	if n, err := strconv.Atoi(consent); err == nil && n <= 0 {
		return fmt.Errorf("--sandbox-consent %d: give a sandbox portal's hub id (a positive number) or an account id such as marketing-pro", n)
	}
	return nil
}

// consentFlow approves the attempt as the Super Admin of portal hub.
func consentFlow(ctx context.Context, flow *session.Flow, hub int) session.Result {
	if err := flow.Consent(ctx, hub, "", true); err != nil {
		return session.Result{Err: err}
	}
	return flow.Wait(ctx)
}

// findPortal resolves a hub id or an account id to one of the sandbox's portals.
func findPortal(ctx context.Context, sess *session.Session, portal string) (int, error) {
	if !sess.IsSandbox() {
		return 0, errors.New("--sandbox-consent works only against the sandbox (add --sandbox or --sandbox-url)")
	}
	portals, err := sess.Sim.Portals(ctx)
	if err != nil {
		return 0, err
	}
	n, numErr := strconv.Atoi(portal)
	var ids []string
	for _, p := range portals {
		if (numErr == nil && p.HubID == n) || p.Account.ID == portal {
			return p.HubID, nil
		}
		ids = append(ids, fmt.Sprintf("%s (%d)", p.Account.ID, p.HubID))
	}
	names := make([]string, 0, len(portals))
	for _, p := range portals {
		names = append(names, p.Account.ID)
	}
	return 0, fmt.Errorf("the sandbox has no portal %q%s; its portals: %s", portal, didYouMean(portal, names), strings.Join(ids, ", "))
}

// waitFlow announces the URL (opening the browser only when the callback server listens) and waits for
// the callback, or for a redirect pasted on stdin: with --no-browser, and whenever the callback port is
// busy, since then a paste is the only way left.
func waitFlow(ctx context.Context, e Env, flow *session.Flow, noBrowser bool, timeout time.Duration) session.Result {
	if flow.NoCallback != nil {
		fmt.Fprintf(e.Stderr, "hsoauth: note: %s\n", session.Explain(flow.NoCallback))
	}
	announce(ctx, e, flow, noBrowser, timeout)
	switch {
	case (noBrowser || !flow.Listening()) && e.Stdin != nil:
		fmt.Fprintln(e.Stderr, "Paste the address your browser was redirected to (or just the code) and press Enter:")
		go readPastes(e, flow)
	case !flow.Listening():
		fmt.Fprintln(e.Stderr, "hsoauth: standard input was used for --scopes-from, so the redirect cannot be pasted; free the callback port, or pass the scopes in a file")
	}
	return flow.Wait(ctx)
}

// announce prints the URL (and what to do with it) and opens the browser unless told not to, or when no
// callback server could listen (the redirect would reach nobody).
func announce(ctx context.Context, e Env, flow *session.Flow, noBrowser bool, timeout time.Duration) {
	a := flow.Attempt
	if flow.Listening() {
		fmt.Fprintf(e.Stderr, "Open this URL to authorize (waiting up to %s for the redirect to %s):\n\n  %s\n\n", timeout, a.RedirectURI, a.URL)
	} else {
		fmt.Fprintf(e.Stderr, "Open this URL to authorize (up to %s), then paste where the browser ended:\n\n  %s\n\n", timeout, a.URL)
	}
	if noBrowser || flow.PortBusy() {
		return // with the port busy the redirect would reach another program
	}
	if err := oauth.OpenBrowserEnv(ctx, a.URL, e.Getenv); err != nil {
		fmt.Fprintf(e.Stderr, "hsoauth: could not open a browser (%s); open the URL above yourself, or rerun with --no-browser to paste the redirect.\n", redact.Line(err.Error()))
	}
}

// maxPasteLine bounds one pasted line; a redirect URL is a few hundred bytes.
const maxPasteLine = 64 << 10

// readPastes hands every non-empty line of stdin to the flow, explaining a bad one and reading on, until
// the flow is over or stdin ends (then the callback or the timeout decides).
func readPastes(e Env, flow *session.Flow) {
	r := bufio.NewReaderSize(e.Stdin, 4096)
	for {
		line, err := readLine(r)
		if t := strings.TrimSpace(line); t != "" {
			if perr := flow.Paste(t); perr != nil {
				fmt.Fprintf(e.Stderr, "hsoauth: %s Paste again:\n", session.Explain(perr))
			} else {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// readLine reads one line of at most maxPasteLine bytes; a longer one is thrown away whole and comes back
// as a marker that fails the paste checks with a clear message.
func readLine(r *bufio.Reader) (string, error) {
	var b strings.Builder
	for {
		chunk, isPrefix, err := r.ReadLine()
		if b.Len()+len(chunk) <= maxPasteLine {
			b.Write(chunk)
		} else {
			b.Reset()
			b.WriteString("(a line of more than 64 KiB)")
			for isPrefix && err == nil {
				_, isPrefix, err = r.ReadLine()
			}
			return b.String(), err
		}
		if !isPrefix || err != nil {
			return b.String(), err
		}
	}
}
