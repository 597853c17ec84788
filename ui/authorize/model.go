// Package authorize is the TUI's third screen: it runs one sign-in attempt at a time (callback server,
// browser, countdown) and offers every fallback for when the browser is elsewhere: copy, QR code, paste
// the redirected URL, an ssh -L hint, and in the sandbox a consent page played inside the terminal.
package authorize

import (
	"context"
	"io"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/hsoauth/hsoauth/scopes"
	"github.com/hsoauth/hsoauth/session"
	"github.com/hsoauth/hsoauth/ui/common"
)

// Service is what the authorize screen needs of the session: start a sign-in, redeem its code, and in the
// sandbox the test portals for the in-terminal consent page. *session.Session implements it; tests pass
// fakes.
type Service interface {
	Begin(ctx context.Context, sel scopes.Selection, o session.FlowOptions) (*session.Flow, error)
	Complete(ctx context.Context, a *session.Attempt, code string) (*session.TokenRecord, error)
	HasSimulator() bool
	Portals(ctx context.Context) ([]session.Portal, error)
}

// Deps are the authorize screen's services and injected effects.
type Deps struct {
	Service Service
	// Clip is the terminal for OSC 52 copies; nil copies to the system clipboard only (tests).
	Clip io.Writer
	// OpenBrowser opens a URL (main passes a wrapper of oauth.OpenBrowser); nil never opens one.
	OpenBrowser func(url string) error
	// NoBrowser is the user's choice (--no-browser) to never open a browser by itself.
	NoBrowser bool
	// Remote is where the terminal runs (oauth.DetectRemote): over SSH no browser is opened and the
	// port-forwarding hint is shown.
	Remote session.Remote
	// Host names this machine in the ssh -L hint; "" shows a placeholder.
	Host string
	// Timeout is how long to wait for the redirect; 0 means session.DefaultTimeout.
	Timeout time.Duration
}

// phase is where the current attempt is.
type phase int

const (
	phaseIdle phase = iota
	phaseStarting
	phaseWaiting
	phaseExchanging
	phaseDone
	phaseFailed
)

// overlay is what has the keyboard on top of the waiting view.
type overlay int

const (
	overlayNone overlay = iota
	overlayPaste
	overlayConsent
)

// Model is the authorize screen.
type Model struct {
	c    *common.Common
	deps Deps
	keys KeyMap

	sel   scopes.Selection // what the next attempt asks for
	hubID int

	seq      int // the current attempt's number; messages of other attempts are stale
	phase    phase
	flow     *session.Flow    // the sign-in under way, nil before the first and after it ends
	attempt  *session.Attempt // the last attempt (kept after the flow ends, for the done and failed views)
	now      time.Time        // real time, from the last tick
	deadline time.Time        // when the flow times out, on the real clock
	browser  string           // what happened with the browser, for the view
	failure  string           // why the attempt failed, in plain words with the next step
	outcome  session.Outcome  // how the last attempt ended ("" while one runs)
	busy     string           // why there is no callback server (port taken) and what still works
	qr       string           // the attempt URL's QR code, rendered when shown
	qrErr    error
	rec      *session.TokenRecord

	overlay overlay
	showQR  bool
	paste   textinput.Model
	consent consent
	spin    spinner.Model
}

// New builds the authorize screen. It starts idle: an attempt begins on common.AuthorizeMsg (or r).
func New(c *common.Common, deps Deps) Model {
	if deps.Timeout <= 0 {
		deps.Timeout = session.DefaultTimeout
	}
	ti := textinput.New()
	ti.Prompt = "redirected URL: "
	ti.Placeholder = "paste the address the browser ended on (or just the code)"
	ti.EchoMode = textinput.EchoPassword // it carries the code and state
	ti.EchoCharacter = '•'
	ti.CharLimit = 4096
	frames := spinner.MiniDot.Frames
	if c.StaticCursor {
		frames = frames[:1] // test mode: a spinner that does not move keeps screen captures reproducible
	}
	sp := spinner.New(spinner.WithSpinner(spinner.Spinner{Frames: frames, FPS: time.Second / 8}))
	sp.Style = c.Styles.Accent
	return Model{c: c, deps: deps, keys: DefaultKeyMap(), paste: ti, spin: sp}
}

// Attempt is the current (or last) sign-in attempt, nil before the first.
func (m Model) Attempt() *session.Attempt { return m.attempt }

// Outcome is how the last attempt ended, "" while one runs or before the first.
func (m Model) Outcome() session.Outcome { return m.outcome }

// Failure is why the last attempt failed, in the words the CLI prints (session.Explain).
func (m Model) Failure() string { return m.failure }

// Init starts nothing: the screen waits for an AuthorizeMsg.
func (m Model) Init() tea.Cmd { return nil }

// Capturing reports whether the paste input or the consent page has the keyboard.
func (m Model) Capturing() bool { return m.overlay != overlayNone }

// Keys is the current key map for the help bar.
func (m Model) Keys() help.KeyMap { return m.keyMap() }

// Busy reports whether an attempt is under way (a callback server may be listening).
func (m Model) Busy() bool {
	return m.phase == phaseStarting || m.phase == phaseWaiting || m.phase == phaseExchanging
}

// Stop ends the current attempt's callback server; the root calls it when the program exits, so the port
// is released even if the user quits mid-attempt. It blocks until the port is free.
func (m Model) Stop() {
	_ = closeFlow(m.flow)()
}

// sandbox reports whether a simulator can play the consent page.
func (m Model) sandbox() bool { return m.deps.Service != nil && m.deps.Service.HasSimulator() }

// Update is the dispatcher: app-wide messages, this screen's messages (current attempt only), then keys
// for the overlay with the focus or the waiting view.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case common.SelectionMsg:
		if !m.Busy() {
			m.sel = msg.Selection
		}
		return m, nil
	case common.AuthorizeMsg:
		m.sel, m.hubID = msg.Selection, msg.HubID
		return m.start()
	case spinner.TickMsg:
		if !m.Busy() {
			return m, nil // let the spinner's tick chain end
		}
		var cmd tea.Cmd
		m.spin, cmd = m.spin.Update(msg)
		return m, cmd
	case tea.KeyMsg:
		return m.handleKey(msg)
	}
	return m.handleAttemptMsg(msg)
}

// handleKey routes a key to the overlay with the focus or to the waiting view.
func (m Model) handleKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	switch m.overlay {
	case overlayPaste:
		return m.handlePaste(msg)
	case overlayConsent:
		return m.handleConsent(msg)
	}
	return m.handleMain(msg)
}
