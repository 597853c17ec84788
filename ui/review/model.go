// Package review is the TUI's second screen: the authorize URL the selection produces, wrapped and
// explained parameter by parameter, the lint verdict with fixes, and a prediction of what an install would
// grant, drop or fail on for every account type, so mistakes show up before HubSpot's consent page.
package review

import (
	"io"
	"strconv"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/hsoauth/hsoauth/scopes"
	"github.com/hsoauth/hsoauth/session"
	"github.com/hsoauth/hsoauth/ui/common"
)

// Service builds the preview URL: the session's environment and app, with placeholders for the state and
// PKCE challenge (session.PlaceholderState), so a preview never holds a usable state. *session.Session
// implements it.
type Service interface {
	PreviewURL(sel scopes.Selection, hubID int) (string, []session.URLPart, error)
}

// Deps are the review screen's services and effects.
type Deps struct {
	// Service supplies the environment and app the URL is built for.
	Service Service
	// Clip is the terminal for OSC 52 copies; nil copies to the system clipboard only (tests).
	Clip io.Writer
	// Hub is the portal pinned at start (the saved pin, else the profile's hub_id; 0 none), and SaveHub
	// remembers a new pin (0: none); nil saves nothing.
	Hub     int
	SaveHub func(hubID int) error
}

// Model is the review screen.
type Model struct {
	c    *common.Common
	deps Deps
	keys KeyMap

	sel     scopes.Selection
	account scopes.Account
	hubID   int

	url      string
	urlErr   error
	parts    []session.URLPart
	findings []scopes.Finding
	grants   []scopes.Grant

	vp viewport.Model

	showQR  bool
	qr      string
	qrErr   error
	editing bool
	hub     textinput.Model
}

// New builds the review screen for an initial selection and target account; later changes arrive as
// common.SelectionMsg.
func New(c *common.Common, deps Deps, sel scopes.Selection, account scopes.Account) Model {
	ti := textinput.New()
	ti.Prompt = "hub id: "
	ti.Placeholder = "digits; empty = let HubSpot ask"
	ti.CharLimit = 12
	m := Model{c: c, deps: deps, keys: DefaultKeyMap(), sel: sel, account: account, hub: ti, hubID: deps.Hub}
	m.vp = viewport.New(c.Width, max(c.Height-1, 1))
	m.vp.KeyMap = m.keys.viewportKeys()
	m.rebuild()
	return m
}

// Init starts nothing: everything the screen shows is computed from the selection.
func (m Model) Init() tea.Cmd { return nil }

// Capturing reports whether the hub id input has the keyboard, so the root passes every key here.
func (m Model) Capturing() bool { return m.editing }

// Keys is the current key map for the help bar.
func (m Model) Keys() help.KeyMap { return m.keys.forMode(m.editing, m.urlErr == nil) }

// Selection is the selection being reviewed.
func (m Model) Selection() scopes.Selection { return m.sel }

// HubID is the portal chosen for the account-specific URL, 0 for none.
func (m Model) HubID() int { return max(m.hubID, 0) }

// URL is the previewed authorize URL (with placeholder state and challenge), "" when it cannot be built.
func (m Model) URL() string { return m.url }

// Update is the dispatcher: resize and selection changes, then the hub id input, then browsing keys.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.layout()
		return m, nil
	case common.SelectionMsg:
		m.sel, m.account = msg.Selection, msg.Account
		m.rebuild()
		return m, nil
	case tea.KeyMsg:
		if m.editing {
			return m.handleHubInput(msg)
		}
		return m.handleBrowsing(msg)
	}
	if m.editing { // the input's cursor blink
		var cmd tea.Cmd
		m.hub, cmd = m.hub.Update(msg)
		return m, cmd
	}
	return m, nil
}

// handleBrowsing runs the screen's keys and gives the rest to the viewport for scrolling.
func (m Model) handleBrowsing(msg tea.KeyMsg) (Model, tea.Cmd) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Back):
		if m.showQR {
			m.showQR = false
			return m, nil
		}
		return m, common.Navigate(common.ScreenCatalog)
	case key.Matches(msg, k.Authorize):
		return m, m.authorize()
	case key.Matches(msg, k.Copy):
		if m.urlErr != nil {
			return m, common.Status(common.LevelWarn, "there is no URL to copy: "+m.urlErr.Error())
		}
		// The preview's state and challenge are placeholders: a copied preview would end in a redirect
		// nothing accepts. The real URL exists once an attempt starts, on the authorize screen.
		return m, common.Status(common.LevelInfo, "this is a preview with placeholder state; press enter to start the sign-in, then y (copy) or p (print) on the Authorize screen give the real URL")
	case key.Matches(msg, k.QR):
		m.showQR = !m.showQR && m.urlErr == nil
		if m.showQR {
			m.renderQR()
		}
		return m, nil
	case key.Matches(msg, k.HubID):
		m.editing = true
		m.hub.SetValue(hubText(m.hubID))
		m.hub.CursorEnd()
		return m, m.hub.Focus()
	}
	var cmd tea.Cmd
	m.vp, cmd = m.vp.Update(msg)
	return m, cmd
}

// authorize hands the selection to the authorize screen and goes there.
func (m Model) authorize() tea.Cmd {
	if m.urlErr != nil {
		return common.Status(common.LevelError, "cannot authorize yet: "+m.urlErr.Error())
	}
	am := common.AuthorizeMsg{Selection: m.sel, HubID: m.hubID}
	return tea.Batch(func() tea.Msg { return am }, common.Navigate(common.ScreenAuthorize))
}

// handleHubInput edits the hub id: digits only, enter applies, esc leaves it as it was.
func (m Model) handleHubInput(msg tea.KeyMsg) (Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.Cancel):
		m.editing = false
		m.hub.Blur()
		return m, nil
	case key.Matches(msg, m.keys.Accept):
		m.editing = false
		m.hub.Blur()
		return m.applyHubID(m.hub.Value())
	}
	if msg.Type == tea.KeyRunes {
		msg.Runes = digitsOnly(msg.Runes)
		if len(msg.Runes) == 0 {
			return m, nil
		}
	}
	var cmd tea.Cmd
	m.hub, cmd = m.hub.Update(msg)
	return m, cmd
}

// applyHubID sets the portal for the account-specific URL; empty clears it.
func (m Model) applyHubID(v string) (Model, tea.Cmd) {
	if v == "" {
		m.hubID = session.NoHub
		m.rebuild()
		return m, tea.Batch(m.saveHub(), common.Status(common.LevelInfo, "no portal chosen: HubSpot will ask which account to install into"))
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		return m, common.Status(common.LevelError, "a hub id is a positive number, as in app.hubspot.com/contacts/12345678")
	}
	m.hubID = n
	m.rebuild()
	return m, tea.Batch(m.saveHub(), common.Status(common.LevelInfo, "account-specific URL for hub "+v+": HubSpot skips its account picker"))
}

// saveHub remembers the pinned portal for the profile, so the next start pins it again.
func (m Model) saveHub() tea.Cmd {
	if m.deps.SaveHub == nil {
		return nil
	}
	hub := max(m.hubID, 0)
	save := m.deps.SaveHub
	return func() tea.Msg {
		if err := save(hub); err != nil {
			return common.StatusMsg{Level: common.LevelWarn, Text: "the pinned portal could not be saved: " + session.Explain(err).What}
		}
		return nil
	}
}

// digitsOnly keeps the ASCII digits of typed or pasted runes.
func digitsOnly(rs []rune) []rune {
	out := rs[:0:0]
	for _, r := range rs {
		if r >= '0' && r <= '9' {
			out = append(out, r)
		}
	}
	return out
}

// hubText is the input's starting text for a hub id.
func hubText(id int) string {
	if id <= 0 {
		return ""
	}
	return strconv.Itoa(id)
}
