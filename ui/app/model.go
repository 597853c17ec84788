// Package app is the TUI's root model: it routes keys and messages to the active screen, draws the title
// bar, status line and help bar around it, and owns the app-wide toggles (full help, presenter mode).
package app

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/hsoauth/hsoauth/ui/catalog"
	"github.com/hsoauth/hsoauth/ui/common"
	"github.com/hsoauth/hsoauth/ui/styles"
)

// Info is what the status line says about where the app runs.
type Info struct {
	Profile string // profile name, or "sandbox demo app"
	Sandbox bool
	BaseURL string // the sandbox's base URL
}

// Model is the root model.
type Model struct {
	c      *common.Common
	info   Info
	width  int
	height int

	active   common.Screen
	catalog  catalog.Model
	help     help.Model
	showHelp bool
	status   common.StatusMsg
	narrate  string
	portal   string
}

// Screens holds the screen models the root routes to, built by the caller so it can wire their services.
type Screens struct {
	Catalog catalog.Model
}

// New assembles the root model.
func New(c *common.Common, info Info, s Screens) Model {
	h := help.New()
	h.Styles.ShortKey = c.Styles.HelpKey
	h.Styles.ShortDesc = c.Styles.HelpDesc
	h.Styles.FullKey = c.Styles.HelpKey
	h.Styles.FullDesc = c.Styles.HelpDesc
	return Model{c: c, info: info, catalog: s.Catalog, help: h, width: 80, height: 24}
}

// Init starts the screens' background work.
func (m Model) Init() tea.Cmd { return m.catalog.Init() }

// Update is the dispatcher: resize, then app-wide messages, then global keys, then the active screen.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.resize()
		return m.updateScreens(msg)
	case common.StatusMsg:
		m.status = msg
		return m, nil
	case common.NarrateMsg:
		m.narrate = msg.Text
		return m, nil
	case common.NavigateMsg:
		m.active = msg.To
		return m, nil
	case tea.KeyMsg:
		m.status = common.StatusMsg{}
		if next, cmd, done := m.handleGlobal(msg); done {
			return next, cmd
		}
	}
	return m.updateScreens(msg)
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
	if m.showHelp {
		if key.Matches(msg, k.Help) || msg.String() == "esc" {
			m.showHelp = false
		}
		return m, nil, true
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
	case key.Matches(msg, k.Next):
		m.active = (m.active + 1) % common.ScreenTrace
	case key.Matches(msg, k.Prev):
		m.active = (m.active + common.ScreenTrace - 1) % common.ScreenTrace
	case key.Matches(msg, k.Screen1):
		m.active = common.ScreenCatalog
	default:
		return m, nil, false
	}
	return m, nil, true
}

// capturing reports whether the active screen's text input or modal wants every key.
func (m Model) capturing() bool {
	switch m.active {
	case common.ScreenCatalog:
		return m.catalog.Capturing()
	}
	return false
}

// screenKeys is the active screen's key map, for the help bar.
func (m Model) screenKeys() help.KeyMap {
	return catalog.DefaultKeyMap()
}

// updateScreens gives key messages to the active screen and every other message to all screens.
func (m Model) updateScreens(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	m.catalog, cmd = m.catalog.Update(msg)
	return m, cmd
}

// resize pushes the drawing area down to the screens.
func (m *Model) resize() {
	pad := 0
	if m.c.Presenter {
		pad = 2
	}
	m.c.Width = max(m.width-pad, 20)
	m.c.Height = max(m.height-m.chromeHeight(), 5)
}

// View draws the chrome around the active screen.
func (m Model) View() string {
	body := m.screenView()
	if m.showHelp {
		body = m.fullHelpView()
	}
	out := m.titleBar() + "\n" + m.c.Styles.App.Render(place(body, m.c.Width, m.c.Height)) + "\n"
	if m.c.Presenter {
		out += m.c.Styles.Narration.Render(m.narrate) + "\n"
	}
	return out + m.statusLine() + "\n" + m.helpBar()
}

// screenView is the active screen's view.
func (m Model) screenView() string {
	return m.catalog.View()
}
