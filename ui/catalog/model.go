// Package catalog is the TUI's first screen: every HubSpot scope, filterable as you type, with a details
// pane, marks for required / conditionally required / optional, and a target account whose gaps show at once.
package catalog

import (
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/hsoauth/hsoauth/scopes"
	"github.com/hsoauth/hsoauth/ui/common"
)

// Deps are the side effects the catalog needs, run inside commands.
type Deps struct {
	// Save persists the selection and target account for the profile (never the user's config file).
	Save func(sel scopes.Selection, account string) error
	// ReadFile and WriteFile back app-hsmeta.json import and export; WriteFile must be atomic.
	ReadFile  func(path string) ([]byte, error)
	WriteFile func(path string, data []byte) error
}

// item is one line of the list: a group heading or a scope (index into all).
type item struct {
	group string
	scope int // -1 for a heading
}

// mode is what has the keyboard.
type mode int

const (
	modeBrowse mode = iota
	modeFilter
	modePicker
	modePath
)

// Model is the catalog screen.
type Model struct {
	c    *common.Common
	deps Deps
	keys KeyMap

	all       []scopes.Scope
	available []bool // per scope, on the target account
	items     []item
	cursor    int // index into items, always on a scope when any
	offset    int // first item shown

	mode          mode
	filter        textinput.Model
	query         string
	onlyAvailable bool
	showDetails   bool

	sel      scopes.Selection
	account  scopes.Account
	findings []scopes.Finding
	grant    scopes.Grant

	picker picker
	path   pathPrompt

	endpoints *scopes.EndpointIndex // nil until loadEndpoints reports
	epMemo    *endpointMemo
	saveID    int // the latest scheduled save; older ticks are ignored

	pos   map[string]int // scope name -> index into all, to map search hits back in O(1)
	cache *viewCache     // rendered rows and panes, shared by every copy of the model
	rev   int            // revision of the selection and target account, for the cache
}

// New builds the catalog screen with an initial selection and target account.
func New(c *common.Common, deps Deps, sel scopes.Selection, account scopes.Account) Model {
	ti := textinput.New()
	ti.Prompt = "/ "
	ti.Placeholder = "filter: name, description, API"
	ti.CharLimit = 80
	if c.StaticCursor {
		ti.Cursor.SetMode(cursor.CursorStatic)
	}
	m := Model{c: c, deps: deps, keys: DefaultKeyMap(), all: c.Catalog.All(), filter: ti, sel: sel, showDetails: true,
		cache: newViewCache()}
	m.pos = make(map[string]int, len(m.all))
	for i, s := range m.all {
		m.pos[s.Name] = i
	}
	m.setAccount(account)
	m.refilter()
	return m
}

// Init decodes the endpoint index and builds the catalog's word index in the background, so the first
// keystroke of the filter pays for neither; the scope catalog itself is already in memory.
func (m Model) Init() tea.Cmd {
	cat := m.c.Catalog
	return func() tea.Msg {
		cat.PrepareSearch()
		return loadEndpoints()
	}
}

// Selection is the current selection.
func (m Model) Selection() scopes.Selection { return m.sel }

// Account is the current target account.
func (m Model) Account() scopes.Account { return m.account }

// Capturing reports whether a text input or modal has the keyboard, so the root passes every key here.
func (m Model) Capturing() bool { return m.mode != modeBrowse }

// Update is the dispatcher: the modal or input with the focus first, then browsing keys.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.offset = 0
		m.move(0)
		return m, nil
	case saveTickMsg:
		return m, m.save(msg)
	case importedMsg:
		return m.onImported(msg)
	case exportedMsg:
		return m, exportStatus(msg)
	case endpointsLoadedMsg:
		return m.onEndpointsLoaded(msg)
	case tea.KeyMsg:
		switch m.mode {
		case modeFilter:
			return m.handleFiltering(msg)
		case modePicker:
			return m.handlePicker(msg)
		case modePath:
			return m.handlePath(msg)
		}
		return m.handleBrowsing(msg)
	}
	return m, nil
}

// handleBrowsing moves the cursor and marks scopes; pasted text goes to the filter.
func (m Model) handleBrowsing(msg tea.KeyMsg) (Model, tea.Cmd) {
	if msg.Paste {
		return m.pasteWhileBrowsing(msg)
	}
	k := m.keys
	switch {
	case key.Matches(msg, k.Up):
		m.move(-1)
	case key.Matches(msg, k.Down):
		m.move(1)
	case key.Matches(msg, k.PageUp):
		m.move(-m.listHeight())
	case key.Matches(msg, k.PageDown):
		m.move(m.listHeight())
	case key.Matches(msg, k.Top):
		m.move(-len(m.items))
	case key.Matches(msg, k.Bottom):
		m.move(len(m.items))
	case key.Matches(msg, k.Filter):
		m.mode = modeFilter
		return m, m.filter.Focus()
	case key.Matches(msg, k.ClearFilter):
		if m.query != "" {
			m.filter.SetValue("")
			m.query = ""
			m.refilter()
		}
	case key.Matches(msg, k.OnlyAvailable):
		m.onlyAvailable = !m.onlyAvailable
		m.refilter()
	case key.Matches(msg, k.Details):
		m.showDetails = !m.showDetails
	case key.Matches(msg, k.Required):
		return m.mark(scopes.ReqRequired)
	case key.Matches(msg, k.Conditional):
		return m.mark(scopes.ReqConditional)
	case key.Matches(msg, k.Optional):
		return m.mark(scopes.ReqOptional)
	case key.Matches(msg, k.None):
		return m.mark(scopes.ReqNone)
	case key.Matches(msg, k.Cycle):
		if s, ok := m.current(); ok {
			return m.mark((m.sel.Of(s.Name) + 1) % 4)
		}
	case key.Matches(msg, k.Account):
		m.picker = newPicker(m.c, m.account, m.sel)
		m.mode = modePicker
	case key.Matches(msg, k.Import):
		return m.openPath(pathImport)
	case key.Matches(msg, k.Export):
		return m.openPath(pathExport)
	case key.Matches(msg, k.Review):
		return m, common.Navigate(common.ScreenReview)
	}
	return m, nil
}

// handleFiltering feeds the text input and re-filters on every keystroke; a pasted install URL loads
// its scopes instead.
func (m Model) handleFiltering(msg tea.KeyMsg) (Model, tea.Cmd) {
	if msg.Type == tea.KeyRunes && (msg.Paste || len(msg.Runes) > 1) {
		if next, cmd, ok := m.pastedInstallURL(string(msg.Runes)); ok {
			return next, cmd
		}
	}
	switch {
	case key.Matches(msg, m.keys.ClearFilter):
		m.filter.SetValue("")
		m.query = ""
		m.filter.Blur()
		m.mode = modeBrowse
		m.refilter()
		return m, nil
	case key.Matches(msg, m.keys.AcceptFilter):
		m.filter.Blur()
		m.mode = modeBrowse
		if msg.Type == tea.KeyEnter {
			return m, nil // enter only ends filtering; a second enter goes on to the review
		}
		return m.handleBrowsing(msg)
	}
	var cmd tea.Cmd
	m.filter, cmd = m.filter.Update(msg)
	if v := m.filter.Value(); v != m.query {
		m.query = v
		m.refilter()
	}
	return m, cmd
}

// mark sets the highlighted scope's requirement and tells the other screens.
func (m Model) mark(r scopes.Requirement) (Model, tea.Cmd) {
	s, ok := m.current()
	if !ok {
		return m, nil
	}
	m.sel = m.sel.With(s.Name, r)
	m.relint()
	cmd := m.changed()
	return m, cmd
}

// saveDelay groups quick marks into one save, and only the latest selection is written.
const saveDelay = 300 * time.Millisecond

// saveTickMsg asks to save if no newer change came since it was scheduled.
type saveTickMsg struct{ id int }

// changed broadcasts the selection at once and schedules a save.
func (m *Model) changed() tea.Cmd {
	sel, acct := m.sel, m.account
	m.saveID++
	id := m.saveID
	return tea.Batch(
		func() tea.Msg { return common.SelectionMsg{Selection: sel, Account: acct} },
		tea.Tick(saveDelay, func(time.Time) tea.Msg { return saveTickMsg{id: id} }),
	)
}

// save writes the selection when its tick is the latest one; saves never overlap, so an older
// selection can never be written after a newer one.
func (m Model) save(msg saveTickMsg) tea.Cmd {
	if msg.id != m.saveID || m.deps.Save == nil {
		return nil
	}
	save, sel, acct := m.deps.Save, m.sel, m.account.ID
	return func() tea.Msg {
		if err := save(sel, acct); err != nil {
			return common.StatusMsg{Level: common.LevelError, Text: "could not save the selection: " + err.Error()}
		}
		return nil
	}
}

// setAccount changes the target account and recomputes availability and the lint.
func (m *Model) setAccount(a scopes.Account) {
	m.account = a
	m.available = make([]bool, len(m.all))
	for i, s := range m.all {
		m.available[i] = s.AvailableOn(a).OK
	}
	m.relint()
}

// relint recomputes the findings and the predicted grant for the selection on the target account.
func (m *Model) relint() {
	acct := m.account
	m.rev = m.cache.revision()
	m.findings = m.c.Catalog.Lint(m.sel, &acct)
	m.grant = m.c.Catalog.Predict(m.sel.ScopeParam(), m.sel.OptionalParam(), acct)
}

// Keys is what the help bar shows: the browsing bindings, or only the ones a modal or input accepts.
func (m Model) Keys() help.KeyMap {
	switch m.mode {
	case modeFilter:
		return modalKeys{m.keys.AcceptFilter, m.keys.ClearFilter}
	case modePicker:
		return pickerHelp(m.keys)
	case modePath:
		return modalKeys{pickerApply, pickerCancel}
	}
	return m.keys
}

// modalKeys is a short key map for a modal or input.
type modalKeys []key.Binding

func (k modalKeys) ShortHelp() []key.Binding  { return k }
func (k modalKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k} }
