// Package app is the TUI's root model: it routes keys and messages to the active screen, draws the title
// bar, status line and help bar around it, and owns the app-wide toggles (full help, presenter mode).
package app

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/hsoauth/hsoauth/ui/authorize"
	"github.com/hsoauth/hsoauth/ui/catalog"
	"github.com/hsoauth/hsoauth/ui/common"
	"github.com/hsoauth/hsoauth/ui/components/text"
	"github.com/hsoauth/hsoauth/ui/review"
	"github.com/hsoauth/hsoauth/ui/styles"
	"github.com/hsoauth/hsoauth/ui/token"
	"github.com/hsoauth/hsoauth/ui/trace"
)

// Info is what the status line says about where the app runs.
type Info struct {
	Profile string // profile name
	Sandbox bool
	BaseURL string // the sandbox's base URL
	// NoConfig is set when no config file exists: the first status line then says how to add a real app.
	NoConfig bool
}

// Screens holds the screen models the root routes to, built by the caller so it can wire their services.
type Screens struct {
	Catalog   catalog.Model
	Review    review.Model
	Authorize authorize.Model
	Token     token.Model
	Trace     trace.Model
}

// Model is the root model.
type Model struct {
	c      *common.Common
	info   Info
	width  int
	height int

	active   common.Screen
	s        Screens
	help     help.Model
	showHelp bool
	status   common.StatusMsg
	portal   string
	// printed is the note shown, out of the alternate screen, while printed lines are on the normal
	// screen for the user to copy; the next key goes back.
	printed string
}

// New assembles the root model.
func New(c *common.Common, info Info, s Screens) Model {
	h := help.New()
	h.Styles.ShortKey = c.Styles.HelpKey
	h.Styles.ShortDesc = c.Styles.HelpDesc
	h.Styles.FullKey = c.Styles.HelpKey
	h.Styles.FullDesc = c.Styles.HelpDesc
	h.Styles.ShortSeparator = c.Styles.Muted
	h.Styles.FullSeparator = c.Styles.Muted
	m := Model{c: c, info: info, s: s, help: h, width: 80, height: 24}
	if info.Sandbox && info.NoConfig {
		m.status = common.StatusMsg{Level: common.LevelInfo,
			Text: "Built-in HubSpot sandbox: no account needed. Your own app: hsoauth config init"}
	}
	m.resize()
	return m
}

// Close releases what the screens hold open (the trace's subscriptions, a callback server still waiting);
// call it after the program ends.
func (m Model) Close() {
	m.s.Trace.Close()
	m.s.Authorize.Stop()
}

// Init starts every screen's background work and tells the review about the starting selection.
func (m Model) Init() tea.Cmd {
	sel, acct := m.s.Catalog.Selection(), m.s.Catalog.Account()
	return tea.Batch(m.s.Catalog.Init(), m.s.Review.Init(), m.s.Authorize.Init(), m.s.Token.Init(), m.s.Trace.Init(),
		func() tea.Msg { return common.SelectionMsg{Selection: sel, Account: acct} })
}

// Update is the dispatcher: resize, then app-wide messages, then global keys, then the screens.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.resize()
		return m.broadcast(m.screenSize())
	case common.StatusMsg:
		m.status = msg
		return m, nil
	case common.PrintMsg:
		m.printed = msg.Note
		return m, tea.Sequence(tea.ExitAltScreen, tea.Println(strings.Join(msg.Lines, "\n")))
	case common.NavigateMsg:
		m.navigate(msg.To)
		return m, m.relayout()
	case relayoutMsg:
		return m.broadcast(m.screenSize())
	case common.TokenMsg:
		if msg.Record != nil {
			m.portal = portalLabel(msg.Record.HubID, msg.Record.HubDomain)
		}
		return m.broadcast(msg)
	case tea.KeyMsg:
		if m.printed != "" {
			return m.leavePrinted(msg)
		}
		if msg.Alt && !(m.capturing() && common.WordEditing(msg)) {
			return m.feed(common.SplitAlt(msg))
		}
		return common.FeedKeys(m, common.TrimPaste(msg), Model.handleKey)
	}
	return m.broadcast(msg)
}

// feed runs keys in order, each on the model the previous one left, as FeedKeys does.
func (m Model) feed(keys []tea.KeyMsg) (tea.Model, tea.Cmd) {
	cmds := make([]tea.Cmd, 0, len(keys))
	for _, k := range keys {
		var cmd tea.Cmd
		m, cmd = common.FeedKeys(m, k, Model.handleKey)
		cmds = append(cmds, cmd)
	}
	return m, tea.Batch(cmds...)
}

// handleKey runs one key: the global bindings first, then the active screen.
func (m Model) handleKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	m.status = common.StatusMsg{}
	if next, cmd, done := m.handleGlobal(msg); done {
		return next, cmd
	}
	return m.updateActive(msg)
}

// leavePrinted goes back to the alternate screen on any key (ctrl+c still quits, leaving what was printed).
func (m Model) leavePrinted(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	if key.Matches(msg, m.c.Keys.ForceQuit) {
		return m, tea.Quit
	}
	m.printed = ""
	return m, tea.EnterAltScreen
}

// navigate switches screens; the trace remembers where to go back to.
func (m *Model) navigate(to common.Screen) {
	if to == common.ScreenTrace && m.active != common.ScreenTrace {
		m.s.Trace.SetReturn(m.active)
	}
	m.active = to
}

// handleGlobal handles the keys that work everywhere; done=false passes the key on to the screen.
func (m Model) handleGlobal(msg tea.KeyMsg) (Model, tea.Cmd, bool) {
	k := m.c.Keys
	if key.Matches(msg, k.ForceQuit) {
		return m, tea.Quit, true
	}
	if m.capturing() {
		return m, nil, false
	}
	if m.showHelp { // the overlay lists q under Everywhere, so q quits here too
		if key.Matches(msg, k.Quit) {
			return m, tea.Quit, true
		}
		if key.Matches(msg, k.Help) || msg.String() == "esc" {
			m.showHelp = false
		}
		return m, m.relayout(), true
	}
	switch {
	case key.Matches(msg, k.Quit):
		return m, tea.Quit, true
	case key.Matches(msg, k.Help):
		m.showHelp = true
	case key.Matches(msg, k.Presenter):
		m.c.Presenter = !m.c.Presenter
		m.c.Styles = styles.New(m.c.Styles.Palette, m.c.Presenter)
		m.resize()
		next, cmd := m.broadcast(m.screenSize())
		return next.(Model), cmd, true
	case key.Matches(msg, k.Trace):
		m.navigate(common.ScreenTrace)
	case key.Matches(msg, k.Next), key.Matches(msg, k.Prev):
		m.navigate(m.step(key.Matches(msg, k.Next)))
	case key.Matches(msg, k.Screen1):
		m.navigate(common.ScreenCatalog)
	case key.Matches(msg, k.Screen2):
		m.navigate(common.ScreenReview)
	case key.Matches(msg, k.Screen3):
		m.navigate(common.ScreenAuthorize)
	case key.Matches(msg, k.Screen4):
		m.navigate(common.ScreenToken)
	default:
		return m, nil, false
	}
	return m, m.relayout(), true
}

// step is the screen Tab (forward) or shift+Tab moves to; from the trace, the flow screens' ends.
func (m Model) step(forward bool) common.Screen {
	n := common.ScreenTrace // the flow screens are 0..n-1
	switch {
	case m.active == common.ScreenTrace && forward:
		return common.ScreenCatalog
	case m.active == common.ScreenTrace:
		return n - 1
	case forward:
		return (m.active + 1) % n
	}
	return (m.active + n - 1) % n
}

// shown is what the root reads from the active screen; every screen model has these methods.
type shown interface {
	View() string
	Capturing() bool
	Keys() help.KeyMap
	Narration() string // presenter mode's one or two sentences about the screen's state
}

// activeScreen returns the active screen for reading (updates go through updateActive, which must keep each
// screen's concrete type).
func (m Model) activeScreen() shown {
	switch m.active {
	case common.ScreenCatalog:
		return m.s.Catalog
	case common.ScreenReview:
		return m.s.Review
	case common.ScreenAuthorize:
		return m.s.Authorize
	case common.ScreenToken:
		return m.s.Token
	}
	return m.s.Trace
}

// capturing reports whether the active screen's text input or modal wants every key.
func (m Model) capturing() bool { return m.activeScreen().Capturing() }

// screenKeys is the active screen's key map, for the help bar.
func (m Model) screenKeys() help.KeyMap { return m.activeScreen().Keys() }

// updateActive gives a key to the active screen only.
func (m Model) updateActive(msg tea.Msg) (Model, tea.Cmd) {
	var cmd tea.Cmd
	switch m.active {
	case common.ScreenCatalog:
		m.s.Catalog, cmd = m.s.Catalog.Update(msg)
	case common.ScreenReview:
		m.s.Review, cmd = m.s.Review.Update(msg)
	case common.ScreenAuthorize:
		m.s.Authorize, cmd = m.s.Authorize.Update(msg)
	case common.ScreenToken:
		m.s.Token, cmd = m.s.Token.Update(msg)
	default:
		m.s.Trace, cmd = m.s.Trace.Update(msg)
	}
	return m, cmd
}

// broadcast gives a non-key message to every screen; each ignores what is not its own.
func (m Model) broadcast(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmds := make([]tea.Cmd, 5)
	m.s.Catalog, cmds[0] = m.s.Catalog.Update(msg)
	m.s.Review, cmds[1] = m.s.Review.Update(msg)
	m.s.Authorize, cmds[2] = m.s.Authorize.Update(msg)
	m.s.Token, cmds[3] = m.s.Token.Update(msg)
	m.s.Trace, cmds[4] = m.s.Trace.Update(msg)
	return m, tea.Batch(cmds...)
}

// resize computes the screens' drawing area.
func (m *Model) resize() {
	pad := 0
	if m.c.Presenter {
		pad = 2
	}
	m.c.Width = max(m.width-pad-m.besideWidth(), 20)
	m.c.Height = max(m.height-m.chromeHeight(), 5)
}

// screenSize is the size message the screens get: their drawing area, not the terminal's.
func (m Model) screenSize() tea.WindowSizeMsg {
	return tea.WindowSizeMsg{Width: m.c.Width, Height: m.c.Height}
}

// View draws the chrome around the active screen.
func (m Model) View() string {
	if m.printed != "" {
		return m.c.Styles.Muted.Render(strings.Join(text.Wrap(m.printed, m.width), "\n"))
	}
	body := m.screenView()
	if m.showHelp {
		body = m.fullHelpView()
	}
	status := m.statusLine()
	// A status that needs more than one line borrows the screen's last lines until the next key.
	extra := min(strings.Count(status, "\n"), m.c.Height-1)
	main := m.c.Styles.App.Render(place(body, m.c.Width, m.c.Height-extra))
	if w := m.besideWidth(); w > 0 {
		main = lipgloss.JoinHorizontal(lipgloss.Top, main, text.Fit(m.beside(w), w, m.c.Height-extra))
	}
	out := m.titleBar() + "\n" + main + "\n"
	if m.c.Presenter {
		out += m.narrationLines()
	}
	return out + status + "\n" + m.helpBar()
}

// screenView is the active screen's view.
func (m Model) screenView() string { return m.activeScreen().View() }
