// Package token is the token screen: the tokens of the last login (masked, revealable, copyable), a live
// countdown to expiry, granted against requested scopes, manual and automatic refresh with its history,
// revocation, and "try it" calls that show the token working.
package token

import (
	"context"
	"io"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/hsoauth/hsoauth/redact"
	"github.com/hsoauth/hsoauth/scopes"
	"github.com/hsoauth/hsoauth/session"
	"github.com/hsoauth/hsoauth/ui/common"
	"github.com/hsoauth/hsoauth/ui/components/clipboard"
)

// Service is what the token screen needs of the session. *session.Session implements it; tests pass
// fakes.
type Service interface {
	Token(hubID int) (*session.TokenRecord, error)
	Refresh(ctx context.Context, hubID int, seenAccess string) (*session.TokenRecord, bool, error)
	Revoke(ctx context.Context, hubID int) (*session.TokenRecord, error)
	Call(ctx context.Context, rec *session.TokenRecord, path string) (*session.APIResponse, error)
	API(ctx context.Context, call session.APICall) (*session.APIResult, error)
	CheckScopes(method, path string, rec *session.TokenRecord) session.ScopeCheck
	Introspect(ctx context.Context, rec *session.TokenRecord, kind session.TokenKind) (*session.Introspection, error)
	Advance(ctx context.Context, d time.Duration) (time.Time, time.Duration, error)
	HasSimulator() bool
	RedactKnown(text string) string
	APIBase() string
	RefreshPolicy() (auto bool, margin time.Duration)
	PinnedHub() int
}

// Deps are the session the screen drives and the side effects it may use, injected so tests need no
// terminal or clipboard.
type Deps struct {
	Service Service
	// Clip is the terminal, for OSC 52 copies; nil skips OSC 52.
	Clip io.Writer
	// Copy copies text and reports it as what; nil means clipboard.CopyOr with the reveal way out.
	Copy func(out io.Writer, what, text string) tea.Cmd
}

// field is which token is shown unmasked.
type field int

const (
	revealNone field = iota
	revealAccess
	revealRefresh
)

// Model is the token screen.
type Model struct {
	c    *common.Common
	deps Deps
	keys KeyMap
	id   int

	tag     int  // current tick chain; older chains are ignored
	ticking bool // a tick chain is running
	now     time.Time
	ffTotal time.Duration // how far the sandbox clock was fast-forwarded

	rec       *session.TokenRecord
	requested scopes.Selection
	chips     []chip   // granted vs requested scopes, pre-rendered
	scopeHead string   // the scopes heading with its counts
	history   []string // refresh history lines, newest first, pre-rendered
	result    panel    // the last try-it or introspection answer
	scroll    int      // first line of result.lines shown
	try       tryIt    // the "try it" pane: endpoint picker and fields
	lastPath  string   // path of the last try-it call, for the curl line

	reveal   field
	auto     bool
	margin   time.Duration
	firedFor string // access token the auto-refresh already fired for (guards against repeats)
	busy     string // what is in flight ("refreshing", …), "" when idle
	confirm  bool   // the revoke confirmation panel is open
}

// New builds the token screen. The auto-refresh setting and margin start from the profile.
func New(c *common.Common, deps Deps) Model {
	if deps.Copy == nil {
		deps.Copy = copyOrReveal
	}
	m := Model{c: c, deps: deps, keys: DefaultKeyMap(), id: nextID(), margin: 5 * time.Minute}
	if s := deps.Service; s != nil {
		m.auto, m.margin = s.RefreshPolicy()
	}
	return m
}

// Init loads the stored token, if any.
func (m Model) Init() tea.Cmd { return load(m.id, m.deps.Service) }

// Capturing is true while the revoke confirmation or the try-it pane has the keyboard, so `q` or a digit
// cannot slip past it (the pane's filter and fields take text).
func (m Model) Capturing() bool { return m.confirm || m.try.stage != tryClosed }

// Keys is the current key map, with what does not apply now disabled.
func (m Model) Keys() help.KeyMap {
	rt := m.rec != nil && m.rec.RefreshToken != ""
	return m.keys.forState(state{hasToken: m.rec != nil, confirming: m.confirm, presenter: m.c.Presenter,
		sandbox: m.sandbox(), hasRefresh: rt, try: m.try.stage, scrolls: len(m.result.lines) > 1})
}

// Record is the token record shown, nil before any login.
func (m Model) Record() *session.TokenRecord { return m.rec }

// sandbox reports whether the in-process simulator (and so its clock) is there.
func (m Model) sandbox() bool { return m.deps.Service != nil && m.deps.Service.HasSimulator() }

// Update is the dispatcher: new records, ticks and command results, then keys.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case common.TokenMsg:
		return m.setRecord(msg.Record, msg.Requested)
	case loadedMsg:
		if msg.id != m.id || m.rec != nil {
			return m, nil // a login that finished first wins over the stored token
		}
		return m.setRecord(msg.rec, msg.requested)
	case tickMsg:
		return m.onTick(msg)
	case advancedMsg:
		return m.onAdvanced(msg)
	case refreshedMsg:
		return m.onRefreshed(msg)
	case revokedMsg:
		return m.onRevoked(msg)
	case calledMsg:
		return m.onCalled(msg)
	case introspectedMsg:
		return m.onIntrospected(msg)
	case triedMsg:
		return m.onTried(msg)
	case tea.WindowSizeMsg:
		// A resize or a presenter-mode switch (the root sends both): re-render with the current styles.
		m.sizeInputs()
		if m.rec != nil {
			m.rebuild()
		}
		return m, nil
	case tea.KeyMsg:
		if m.confirm {
			return m.handleConfirm(msg)
		}
		if m.try.stage != tryClosed {
			return m.handleTry(msg)
		}
		return m.handleKey(msg)
	}
	return m, nil
}

// setRecord shows a new or changed record and starts the countdown if it is not running yet.
func (m Model) setRecord(rec *session.TokenRecord, requested scopes.Selection) (Model, tea.Cmd) {
	if rec == nil {
		return m, nil
	}
	if m.rec == nil || m.rec.AccessToken != rec.AccessToken {
		m.reveal = revealNone
	}
	m.rec = rec
	if requested.Len() > 0 {
		m.requested = requested
	} else if m.requested.Len() == 0 {
		m.requested = requestedOf(rec)
	}
	m.rebuild()
	if m.ticking {
		return m, nil
	}
	m.ticking = true
	m.tag++
	return m, tick(m.id, m.tag, m.c.Now, 0)
}

// onTick moves the countdown and fires the auto-refresh when it crosses the margin.
func (m Model) onTick(msg tickMsg) (Model, tea.Cmd) {
	if msg.id != m.id || msg.tag != m.tag {
		return m, nil
	}
	m.now = msg.now
	next := tick(m.id, m.tag, m.c.Now, time.Second)
	m, cmd := m.maybeAutoRefresh()
	return m, tea.Batch(next, cmd)
}

// onAdvanced takes the fast-forwarded sandbox time at once.
func (m Model) onAdvanced(msg advancedMsg) (Model, tea.Cmd) {
	if msg.id != m.id {
		return m, nil
	}
	if msg.err != nil {
		return m, common.Status(common.LevelError, errText(msg.err))
	}
	m.now, m.ffTotal = msg.now, msg.offset
	m, cmd := m.maybeAutoRefresh()
	text := "sandbox clock moved 5 minutes ahead (" + minutes(msg.offset) + " in total)"
	return m, tea.Batch(cmd, status(common.LevelInfo, text))
}

// maybeAutoRefresh refreshes once when auto-refresh is on and the time left falls within the margin.
// The guard is the access token itself: a new token re-arms it, a failed refresh does not retry.
func (m Model) maybeAutoRefresh() (Model, tea.Cmd) {
	r := m.rec
	if !m.auto || r == nil || r.RefreshToken == "" || m.busy != "" || m.now.IsZero() || m.firedFor == r.AccessToken {
		return m, nil
	}
	if m.margin >= m.lifetime() || r.ExpiresAt.Sub(m.now) > m.margin {
		return m, nil // a margin as long as the token's life would refresh forever
	}
	m.firedFor, m.busy = r.AccessToken, "auto-refreshing"
	return m, refreshToken(m.id, m.deps.Service, *r, true)
}

// lifetime is how long the current access token was issued for: from its login or last refresh.
func (m Model) lifetime() time.Duration {
	r := m.rec
	issued := r.ObtainedAt
	for _, h := range r.History {
		if h.ExpiresAt.Equal(r.ExpiresAt) && !isRevocation(h) && h.At.After(issued) {
			issued = h.At
		}
	}
	if d := r.ExpiresAt.Sub(issued); d > 0 {
		return d
	}
	return 30 * time.Minute
}

// isRevocation tells the revocation note apart from refreshes in the history.
func isRevocation(h session.RefreshEntry) bool {
	return strings.Contains(strings.ToLower(h.Note), "revok")
}

// copyOrReveal copies, naming the way out when the copy did not arrive: the screen shows tokens masked.
func copyOrReveal(out io.Writer, what, text string) tea.Cmd {
	return clipboard.CopyOr(out, what, text, "press v to reveal the token and select it on screen")
}

// copyText copies a secret through the injected clipboard.
func (m Model) copyText(what, text string) tea.Cmd { return m.deps.Copy(m.deps.Clip, what, text) }

// maskOr masks a token for display, or says it is gone.
func maskOr(tok, gone string) string {
	if tok == "" {
		return gone
	}
	return redact.Mask(tok)
}

// requestedOf rebuilds the requested selection from a stored record: the optional scopes apart, so
// dropped ones show as dropped rather than missing.
func requestedOf(rec *session.TokenRecord) scopes.Selection {
	opt := map[string]bool{}
	for _, o := range rec.OptionalScopes {
		opt[o] = true
	}
	var sel scopes.Selection
	for _, r := range rec.RequestedScopes {
		if !opt[r] {
			sel.Required = append(sel.Required, r)
		}
	}
	sel.Optional = append(sel.Optional, rec.OptionalScopes...)
	return sel
}
