package cli

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/url"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/hsoauth/hsoauth/oauth/sandbox"
	"github.com/hsoauth/hsoauth/scopes"
	"github.com/hsoauth/hsoauth/session"
	"github.com/hsoauth/hsoauth/ui/authorize"
	"github.com/hsoauth/hsoauth/ui/common"
	"github.com/hsoauth/hsoauth/ui/keys"
	"github.com/hsoauth/hsoauth/ui/styles"
	"github.com/hsoauth/hsoauth/ui/uitest"
)

// A parity scenario is one situation a user can meet while signing in. It runs twice: through the CLI (the
// real binary, `hsoauth login`) and through the TUI's authorize screen on a session opened the same way,
// and both must end with the same outcome explained in the same words (session.Explain).
type parityScenario struct {
	name    string
	faults  []sandbox.FaultRule // set on the sandbox before the sign-in
	busy    bool                // hold the redirect port, so no callback server can listen
	paste   func(t *testing.T, authURL, redirect string) string
	consent bool // approve on the consent page in the terminal (--sandbox-consent / key a)
	timeout time.Duration
	want    session.Outcome
}

func parityScenarios() []parityScenario {
	wrongState := func(_ *testing.T, _, redirect string) string {
		return strings.Replace(redirect, "state=", "state=x", 1)
	}
	same := func(_ *testing.T, _, redirect string) string { return redirect }
	junk := func(*testing.T, string, string) string { return "hello" }
	hs := func(status int) []sandbox.FaultRule {
		effect := sandbox.EffectServerError
		if status < 500 {
			effect = sandbox.EffectClientError
		}
		return []sandbox.FaultRule{{Endpoint: sandbox.EndpointToken, Effect: effect, Status: status, Count: 1}}
	}
	return []parityScenario{
		{name: "pasted URL", paste: same, want: session.OutcomeOK},
		{name: "state mismatch", paste: wrongState, want: session.OutcomeStateMismatch},
		{name: "pasted junk", paste: junk, want: session.OutcomeBadPaste},
		{name: "busy port", busy: true, paste: same, want: session.OutcomeOK},
		{name: "denial", consent: true, faults: []sandbox.FaultRule{{Effect: sandbox.EffectRefuseConsent, Count: 1}}, want: session.OutcomeDenied},
		{name: "timeout", timeout: 2 * time.Second, want: session.OutcomeTimedOut},
		{name: "HubSpot 400", consent: true, faults: hs(400), want: session.OutcomeBadRequest},
		{name: "HubSpot 401", consent: true, faults: hs(401), want: session.OutcomeUnauthorized},
		{name: "HubSpot 403", consent: true, faults: hs(403), want: session.OutcomeForbidden},
		{name: "HubSpot 429", consent: true, want: session.OutcomeRateLimited,
			faults: []sandbox.FaultRule{{Endpoint: sandbox.EndpointToken, Effect: sandbox.EffectRateLimit, RetryAfter: 30 * time.Second, Count: 1}}},
		{name: "HubSpot 5xx", consent: true, faults: hs(503), want: session.OutcomeServerError},
	}
}

// TestParityCLIAndTUI runs every scenario against an external sandbox (`--sandbox-url`), and the ones
// that need no fault injection against each front end's built-in sandbox too.
func TestParityCLIAndTUI(t *testing.T) {
	for _, sc := range parityScenarios() {
		t.Run("external/"+sc.name, func(t *testing.T) { runParity(t, sc, true) })
		if len(sc.faults) == 0 && !sc.busy && sc.paste == nil {
			t.Run("builtin/"+sc.name, func(t *testing.T) { runParity(t, sc, false) })
		}
	}
	t.Run("builtin/consent", func(t *testing.T) {
		runParity(t, parityScenario{name: "consent", consent: true, want: session.OutcomeOK}, false)
	})
}

// parityRig is one scenario's world: a sandbox (external, or none when each side starts its own), a
// scratch XDG home, and the CLI process runner.
type parityRig struct {
	srv  *sandbox.Server
	base string
	p    *proc
}

func runParity(t *testing.T, sc parityScenario, external bool) {
	rig := &parityRig{p: newProc(t)}
	if external {
		srv, err := sandbox.New(sandbox.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if rig.base, err = srv.Start("127.0.0.1:0"); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = srv.Close(context.Background()) })
		rig.srv = srv
	}
	cliOut := rig.cli(t, sc)
	tuiOut := rig.tui(t, sc)
	if cliOut.outcome != sc.want || tuiOut.outcome != sc.want {
		t.Fatalf("outcome: CLI %s, TUI %s, want %s\nCLI said: %s\nTUI said: %s", cliOut.outcome, tuiOut.outcome, sc.want, cliOut.text, tuiOut.text)
	}
	if sc.want != session.OutcomeOK && !strings.Contains(normalize(cliOut.text), normalize(tuiOut.text)) {
		t.Fatalf("the CLI and the TUI explain %s differently:\nCLI: %s\nTUI: %s", sc.name, cliOut.text, tuiOut.text)
	}
}

// normalize blanks what differs between two runs by nature: HubSpot's correlation ids.
func normalize(s string) string {
	return regexp.MustCompile(`correlation ID [0-9a-f-]+`).ReplaceAllString(s, "correlation ID …")
}

// parityResult is what a front end ended with: the outcome and the explanation it showed.
type parityResult struct {
	outcome session.Outcome
	text    string
}

// prepare sets the scenario's faults and, for a busy port, holds the redirect port until the test ends.
func (r *parityRig) prepare(t *testing.T, sc parityScenario) {
	t.Helper()
	if r.srv != nil {
		if err := r.srv.SetFaults(sandbox.Faults{Rules: sc.faults}); err != nil {
			t.Fatal(err)
		}
	}
	if sc.busy {
		u, _ := url.Parse(sandbox.DemoRedirectURL)
		if l, err := net.Listen("tcp", "127.0.0.1:"+u.Port()); err == nil {
			t.Cleanup(func() { _ = l.Close() })
		} // else another program holds it already: the port is busy either way
	}
}

// consentURLAt plays the consent page of authURL, in whichever sandbox it points at, as a Super Admin.
func (r *parityRig) consentURLAt(t *testing.T, authURL string) string {
	t.Helper()
	redirect, err := sandbox.ConsentHTTP(context.Background(), nil, authURL, sandbox.HubMarketingStarter, "", true)
	if err != nil {
		t.Fatal(err)
	}
	return redirect
}

// cli runs `hsoauth login` as a process and reads the outcome from its exit code and the explanation from
// its last stderr line.
func (r *parityRig) cli(t *testing.T, sc parityScenario) parityResult {
	t.Helper()
	r.prepare(t, sc)
	args := []string{"login", "--scope", "oauth,crm.objects.contacts.read", "--timeout", "20s"}
	if r.base != "" {
		args = append(args, "--sandbox-url", r.base)
	} else {
		args = append(args, "--sandbox")
	}
	switch {
	case sc.consent:
		args = append(args, "--sandbox-consent", "marketing-starter")
	case sc.timeout > 0:
		args = append(args, "--no-browser", "--timeout", sc.timeout.String())
	default:
		args = append(args, "--no-browser")
	}
	if sc.paste != nil {
		return r.cliPaste(t, sc, args) // the paste is made from the URL this login prints
	}
	_, errText, code := r.p.run("", args...)
	return parityResult{outcome: outcomeOfExit(code, errText, sc.want), text: lastLine(errText)}
}

// cliPaste runs login with stdin connected, consents to the URL it prints, and pastes what the scenario
// makes of the redirect.
func (r *parityRig) cliPaste(t *testing.T, sc parityScenario, args []string) parityResult {
	t.Helper()
	lp := startLogin(t, r.p, args)
	authURL := lp.url(t)
	lp.paste(sc.paste(t, authURL, r.consentURLAt(t, authURL)))
	if sc.want == session.OutcomeOK {
		code, errText := lp.wait(t)
		return parityResult{outcome: outcomeOfExit(code, errText, sc.want), text: lastLine(errText)}
	}
	line := lp.nextError(t)
	lp.kill()
	return parityResult{outcome: sc.want, text: strings.TrimSuffix(strings.TrimPrefix(line, "hsoauth: "), " Paste again:")}
}

// outcomeOfExit maps the CLI's exit code back to the outcome: 0 ok, 3 denied or timed out (the text
// tells which), 1 with the explanation of the expected outcome.
func outcomeOfExit(code int, errText string, want session.Outcome) session.Outcome {
	switch {
	case code == ExitOK:
		return session.OutcomeOK
	case code == ExitDenied && strings.Contains(errText, "Timed out"):
		return session.OutcomeTimedOut
	case code == ExitDenied:
		return session.OutcomeDenied
	case code == ExitFailure && want != session.OutcomeOK:
		return want // the explanation is compared with the TUI's word for word
	}
	return session.OutcomeFailed
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.TrimPrefix(lines[len(lines)-1], "hsoauth: ")
}

// tui drives the authorize screen on a session opened as `hsoauth --sandbox-url` (or `--sandbox`) would.
func (r *parityRig) tui(t *testing.T, sc parityScenario) parityResult {
	t.Helper()
	dir := t.TempDir()
	sess, err := session.Open(context.Background(), session.Options{
		ConfigPath: filepath.Join(dir, "none.toml"), Sandbox: r.base == "", SandboxURL: r.base, StoreDir: dir,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sess.Close(context.Background()) })
	r.prepare(t, sc)
	c := &common.Common{Width: 120, Height: 40, Styles: styles.New(styles.DefaultPalette(), false), Keys: keys.DefaultGlobal(),
		Catalog: scopes.Default(), Now: time.Now}
	timeout := 20 * time.Second
	if sc.timeout > 0 {
		timeout = sc.timeout
	}
	m := authorize.New(c, authorize.Deps{Service: sess, NoBrowser: true, Timeout: timeout})
	d := newDriver(t)
	sel := scopes.Selection{Required: []string{"oauth", "crm.objects.contacts.read"}}
	m = d.update(m, common.AuthorizeMsg{Selection: sel, HubID: sandbox.HubMarketingStarter})
	m = d.until(m, func(m authorize.Model) bool { return m.Attempt() != nil })
	switch {
	case sc.consent:
		m = d.update(m, uitest.Key("a"))
		m = d.until(m, func(m authorize.Model) bool { return m.Capturing() })
		m = d.update(m, uitest.Key("g"))
	case sc.paste != nil:
		redirect := r.consentURLFor(t, sess, m.Attempt().URL)
		m = d.update(m, uitest.Key("v"))
		m = d.update(m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(sc.paste(t, m.Attempt().URL, redirect)), Paste: true})
		m = d.update(m, uitest.Key("enter"))
	}
	m = d.until(m, func(m authorize.Model) bool { return m.Outcome() != "" || d.lastError != "" })
	d.stop()
	if m.Outcome() == "" { // a refused paste: the screen keeps waiting and says why in the status line
		return parityResult{outcome: sc.want, text: d.lastError}
	}
	return parityResult{outcome: m.Outcome(), text: m.Failure()}
}

// consentURLFor consents in whichever sandbox the session talks to.
func (r *parityRig) consentURLFor(t *testing.T, sess *session.Session, authURL string) string {
	t.Helper()
	redirect, err := sess.Sim.Consent(context.Background(), authURL, sandbox.HubMarketingStarter, "", true)
	if err != nil {
		t.Fatal(err)
	}
	return redirect
}

// driver runs a screen's commands in goroutines and feeds their messages back, as Bubble Tea would.
type driver struct {
	t         *testing.T
	ch        chan tea.Msg
	wg        sync.WaitGroup
	done      chan struct{}
	lastError string
}

func newDriver(t *testing.T) *driver {
	return &driver{t: t, ch: make(chan tea.Msg, 64), done: make(chan struct{})}
}

func (d *driver) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		if msg := cmd(); msg != nil {
			select {
			case d.ch <- msg:
			case <-d.done:
			}
		}
	}()
}

func (d *driver) update(m authorize.Model, msg tea.Msg) authorize.Model {
	m, cmd := m.Update(msg)
	d.run(cmd)
	return m
}

// until feeds messages to m until cond holds, noting error statuses on the way.
func (d *driver) until(m authorize.Model, cond func(authorize.Model) bool) authorize.Model {
	d.t.Helper()
	deadline := time.After(60 * time.Second)
	for !cond(m) {
		select {
		case <-deadline:
			d.t.Fatalf("the authorize screen did not get there in 60 s:\n%s", m.View())
		case msg := <-d.ch:
			switch msg := msg.(type) {
			case tea.BatchMsg:
				for _, c := range msg {
					d.run(c)
				}
			case common.StatusMsg:
				if msg.Level == common.LevelError {
					d.lastError = msg.Text
				}
			default:
				m = d.update(m, msg)
			}
		}
	}
	return m
}

func (d *driver) stop() { close(d.done) }

// loginProc is a running `hsoauth login` whose stdin the test types into.
type loginProc struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	lines  chan string
	stderr strings.Builder
	mu     sync.Mutex
	cancel context.CancelFunc
}

func startLogin(t *testing.T, p *proc, args []string) *loginProc {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	lp := &loginProc{cmd: p.command(ctx, args...), lines: make(chan string, 64), cancel: cancel}
	lp.stdin, _ = lp.cmd.StdinPipe()
	errPipe, _ := lp.cmd.StderrPipe()
	if err := lp.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(errPipe)
		for sc.Scan() {
			lp.mu.Lock()
			lp.stderr.WriteString(sc.Text() + "\n")
			lp.mu.Unlock()
			lp.lines <- sc.Text()
		}
		close(lp.lines)
	}()
	t.Cleanup(lp.kill)
	return lp
}

// next returns the next stderr line that matches ok.
func (lp *loginProc) next(t *testing.T, what string, ok func(string) bool) string {
	t.Helper()
	deadline := time.After(60 * time.Second)
	for {
		select {
		case line, open := <-lp.lines:
			if !open {
				t.Fatalf("login ended before printing %s:\n%s", what, lp.text())
			}
			if ok(strings.TrimSpace(line)) {
				return strings.TrimSpace(line)
			}
		case <-deadline:
			t.Fatalf("login did not print %s in 60 s:\n%s", what, lp.text())
		}
	}
}

func (lp *loginProc) url(t *testing.T) string {
	return lp.next(t, "the authorize URL", func(l string) bool { return strings.Contains(l, "/oauth/authorize?") })
}

func (lp *loginProc) nextError(t *testing.T) string {
	return lp.next(t, "an error", func(l string) bool {
		return strings.HasPrefix(l, "hsoauth: ") && !strings.HasPrefix(l, "hsoauth: note:")
	})
}

func (lp *loginProc) paste(s string) { _, _ = io.WriteString(lp.stdin, s+"\n") }

func (lp *loginProc) text() string {
	lp.mu.Lock()
	defer lp.mu.Unlock()
	return lp.stderr.String()
}

// wait waits for the process to end and returns its exit code and stderr.
func (lp *loginProc) wait(t *testing.T) (int, string) {
	t.Helper()
	for range lp.lines { // drain, so the reader finishes
	}
	err := lp.cmd.Wait()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, lp.text()
}

func (lp *loginProc) kill() {
	lp.cancel()
	if lp.cmd.Process != nil {
		_ = lp.cmd.Process.Kill()
	}
}
