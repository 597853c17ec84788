package authorize

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hsoauth/hsoauth/oauth"

	"github.com/adrg/xdg"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/hsoauth/hsoauth/oauth/sandbox"
	"github.com/hsoauth/hsoauth/session"
	"github.com/hsoauth/hsoauth/ui/common"
	"github.com/hsoauth/hsoauth/ui/uitest"
	"go.uber.org/goleak"
)

// runner plays the Bubble Tea runtime for a test: it runs commands on goroutines and feeds this screen's
// messages back to Update. Ticks are dropped (their chains end), app-wide messages are recorded.
type runner struct {
	t    *testing.T
	ch   chan tea.Msg
	wg   sync.WaitGroup
	app  []tea.Msg
	last Model
}

func newRunner(t *testing.T) *runner {
	r := &runner{t: t, ch: make(chan tea.Msg, 1024)}
	t.Cleanup(func() {
		r.last.Stop() // a failed test may leave a server waiting
		r.wg.Wait()   // tick goroutines end within a second
	})
	return r
}

func (r *runner) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	r.wg.Add(1)
	go func() { defer r.wg.Done(); r.ch <- cmd() }()
}

// update sends msg to m and runs what it returns.
func (r *runner) update(m Model, msg tea.Msg) Model {
	m, cmd := m.Update(msg)
	r.run(cmd)
	r.last = m
	return m
}

// until processes messages until done says so about the model and the last message.
func (r *runner) until(m Model, done func(Model, tea.Msg) bool) Model {
	r.t.Helper()
	deadline := time.After(uitest.Deadline(20 * time.Second))
	for {
		select {
		case <-deadline:
			r.t.Fatalf("timed out; phase %d, app messages %v", m.phase, r.app)
		case msg := <-r.ch:
			switch msg := msg.(type) {
			case tea.BatchMsg:
				for _, c := range msg {
					r.run(c)
				}
			case startedMsg, resultMsg, pasteMsg, consentMsg, exchangedMsg, browserMsg, portalsMsg:
				m = r.update(m, msg)
			case common.StatusMsg, common.NavigateMsg, common.TokenMsg:
				r.app = append(r.app, msg)
			default:
				continue
			}
			if done(m, msg) {
				return m
			}
		}
	}
}

func isToken(_ Model, msg tea.Msg) bool { _, ok := msg.(common.TokenMsg); return ok }

// signedIn waits for both the token and the move to the token screen (a batch delivers them in any order).
func (r *runner) signedIn(_ Model, _ tea.Msg) bool {
	tok, nav := false, false
	for _, msg := range r.app {
		_, ok := msg.(common.TokenMsg)
		tok = tok || ok
		nav = nav || msg == common.NavigateMsg{To: common.ScreenToken}
	}
	return tok && nav
}

func isWaiting(m Model, _ tea.Msg) bool { return m.phase == phaseWaiting }

func inConsent(m Model, _ tea.Msg) bool { return m.overlay == overlayConsent }

func isError(_ Model, msg tea.Msg) bool {
	st, ok := msg.(common.StatusMsg)
	return ok && st.Level == common.LevelError
}

// flowSession opens a real sandbox-mode session, as `go run .` does with no app configured, in test mode
// (fixed clock and seeds). The session picks a free redirect port among the demo app's.
func flowSession(t *testing.T) *session.Session {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	xdg.Reload()
	ctx := context.Background()
	s, err := session.Open(ctx, session.Options{ConfigPath: filepath.Join(t.TempDir(), "missing.toml"), StoreDir: t.TempDir(), TestMode: true})
	if err != nil {
		t.Fatal(err)
	}
	if s.Sim == nil || !s.Sim.Builtin() {
		t.Fatal("no app configured should give an in-process sandbox")
	}
	t.Cleanup(func() {
		s.Client.HTTP.CloseIdleConnections()
		s.Close(ctx)
	})
	return s
}

// follow plays the browser: it fetches the redirect, which lands on the callback server.
func follow(redirect string) error {
	c := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := c.Get(redirect)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// portFree fails unless the redirect's port can be bound again (the callback server let it go).
func portFree(t *testing.T, redirect string) {
	t.Helper()
	u, err := url.Parse(redirect)
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:"+u.Port())
	if err == nil {
		_ = l.Close()
		return
	}
	// Other test packages run in parallel and some hold the demo ports on purpose: only a port this
	// process still holds is a leak.
	srv, lerr := oauth.ListenCallback(t.Context(), redirect, strings.Repeat("s", 32), oauth.CallbackOptions{})
	if srv != nil {
		_ = srv.Close()
		return
	}
	var busy *oauth.PortBusyError
	if errors.As(lerr, &busy) && busy.Holder != "" && !strings.HasPrefix(busy.Holder, fmt.Sprintf("pid %d ", os.Getpid())) {
		t.Logf("port %s is held by another process (%s), not by this test", u.Port(), busy.Holder)
		return
	}
	t.Fatalf("the callback port is still held: %v", err)
}

func TestFlowBrowserCallback(t *testing.T) {
	t.Cleanup(func() { goleak.VerifyNone(t) }) // registered first, so it runs after every other cleanup
	s := flowSession(t)
	r := newRunner(t)
	browser := func(u string) error {
		to, err := s.Sim.Consent(context.Background(), u, sandbox.HubFree, "admin", true)
		if err != nil {
			return err
		}
		return follow(to)
	}
	m := New(newCommon(80, 21), Deps{Service: s, OpenBrowser: browser})
	m = r.update(m, common.AuthorizeMsg{Selection: demoSelection()})
	m = r.until(m, r.signedIn)
	var tok common.TokenMsg
	for _, msg := range r.app {
		if tm, ok := msg.(common.TokenMsg); ok {
			tok = tm
		}
	}
	if tok.Record.HubID != sandbox.HubFree || tok.Record.AccessToken == "" || !tok.Requested.Equal(demoSelection()) {
		t.Fatalf("token = %+v", tok)
	}
	if m.phase != phaseDone || !strings.Contains(m.View(), "Signed in to hub") {
		t.Fatalf("phase %d view %q", m.phase, m.View())
	}
	r.wg.Wait()
	portFree(t, m.attempt.RedirectURI)
}

func TestFlowConsentInTerminal(t *testing.T) {
	t.Cleanup(func() { goleak.VerifyNone(t) }) // registered first, so it runs after every other cleanup
	s := flowSession(t)
	r := newRunner(t)
	m := New(newCommon(80, 21), Deps{Service: s, NoBrowser: true})
	m = r.update(m, common.AuthorizeMsg{Selection: demoSelection()})
	m = r.until(m, isWaiting)
	m = r.update(m, keyMsg("a"))
	m = r.until(m, inConsent)
	if !m.Capturing() {
		t.Fatal("the consent page should capture keys")
	}
	// The viewer may not install: the page says so in HubSpot's words and stays open.
	m = r.update(m, keyMsg("u"))
	m = r.update(m, keyMsg("g"))
	m = r.until(m, isError)
	if m.overlay != overlayConsent || m.consent.err == "" || m.phase != phaseWaiting {
		t.Fatalf("a refused consent should keep the page open: overlay %d err %q", m.overlay, m.consent.err)
	}
	m = r.update(m, keyMsg("u"))
	m = r.update(m, keyMsg("g"))
	m = r.until(m, isToken)
	r.wg.Wait()
	portFree(t, m.attempt.RedirectURI)
}

func TestFlowPasteAndDeny(t *testing.T) {
	t.Cleanup(func() { goleak.VerifyNone(t) }) // registered first, so it runs after every other cleanup
	s := flowSession(t)
	r := newRunner(t)
	m := New(newCommon(80, 21), Deps{Service: s})
	m = r.update(m, common.AuthorizeMsg{Selection: demoSelection(), HubID: sandbox.HubFree})
	m = r.until(m, isWaiting)
	// Deny ends the attempt, and r starts a fresh one.
	m = r.update(m, keyMsg("a"))
	m = r.until(m, inConsent)
	m = r.update(m, keyMsg("d"))
	m = r.until(m, isError)
	if m.phase != phaseFailed || !strings.Contains(m.View(), "denied") {
		t.Fatalf("deny: phase %d view %q", m.phase, m.View())
	}
	first := m.attempt.State
	m = r.update(m, keyMsg("r"))
	m = r.until(m, isWaiting)
	if m.attempt.State == first {
		t.Fatal("a new attempt must have a new state")
	}
	// A pasted redirect with the wrong state is refused; the right one signs in.
	to, err := s.Sim.Consent(context.Background(), m.attempt.URL, 0, "admin", true)
	if err != nil {
		t.Fatal(err)
	}
	m = r.update(m, keyMsg("v"))
	m = r.update(m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(strings.Replace(to, "state=", "state=x", 1)), Paste: true})
	m = r.update(m, keyMsg("enter"))
	m = r.until(m, isError)
	if m.overlay != overlayPaste {
		t.Fatal("a bad paste should leave the input open")
	}
	m = r.update(m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(to), Paste: true})
	m = r.update(m, keyMsg("enter"))
	m = r.until(m, isToken)
	r.wg.Wait()
	portFree(t, m.attempt.RedirectURI)
}

func TestFlowCancelReleasesPort(t *testing.T) {
	t.Cleanup(func() { goleak.VerifyNone(t) }) // registered first, so it runs after every other cleanup
	s := flowSession(t)
	r := newRunner(t)
	m := New(newCommon(80, 21), Deps{Service: s})
	m = r.update(m, common.AuthorizeMsg{Selection: demoSelection()})
	m = r.until(m, isWaiting)
	m = r.update(m, keyMsg("esc"))
	m = r.until(m, func(_ Model, msg tea.Msg) bool { _, ok := msg.(common.StatusMsg); return ok })
	if m.phase != phaseFailed || !strings.Contains(m.View(), "cancelled") {
		t.Fatalf("esc should cancel: phase %d", m.phase)
	}
	r.wg.Wait()
	portFree(t, m.attempt.RedirectURI)
}
