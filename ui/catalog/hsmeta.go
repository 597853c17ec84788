package catalog

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/hsoauth/hsoauth/scopes"
	"github.com/hsoauth/hsoauth/ui/common"
)

// pathKind says whether the path prompt imports or exports.
type pathKind int

const (
	pathImport pathKind = iota
	pathExport
)

// pathPrompt asks for the app-hsmeta.json path.
type pathPrompt struct {
	kind  pathKind
	input textinput.Model
}

// importedMsg carries a parsed app-hsmeta.json auth block, or why it could not be read.
type importedMsg struct {
	path string
	auth scopes.AppAuth
	err  error
}

// exportedMsg reports an export.
type exportedMsg struct {
	path string
	n    int
	err  error
}

// openPath shows the path prompt, prefilled with HubSpot's usual file name.
func (m Model) openPath(kind pathKind) (Model, tea.Cmd) {
	ti := textinput.New()
	ti.Prompt = "path: "
	ti.SetValue("src/app/app-hsmeta.json")
	ti.CharLimit = 4096
	if m.c.StaticCursor {
		ti.Cursor.SetMode(cursor.CursorStatic)
	}
	m.path = pathPrompt{kind: kind, input: ti}
	m.mode = modePath
	return m, m.path.input.Focus()
}

// handlePath edits the path; enter runs the import or export as a command, esc cancels.
func (m Model) handlePath(msg tea.KeyMsg) (Model, tea.Cmd) {
	switch msg.String() {
	case "esc":
		m.mode = modeBrowse
		return m, nil
	case "enter":
		m.mode = modeBrowse
		path := m.path.input.Value()
		if m.path.kind == pathImport {
			return m, importFile(m.deps, path)
		}
		return m, exportFile(m.deps, path, m.sel)
	}
	var cmd tea.Cmd
	m.path.input, cmd = m.path.input.Update(msg)
	return m, cmd
}

// importFile reads and parses path.
func importFile(d Deps, path string) tea.Cmd {
	return func() tea.Msg {
		data, err := d.ReadFile(path)
		if err != nil {
			return importedMsg{path: path, err: err}
		}
		auth, err := scopes.ParseAppHsmeta(data)
		return importedMsg{path: path, auth: auth, err: err}
	}
}

// exportFile writes the selection into path's auth block, keeping every other field, or creates the file.
func exportFile(d Deps, path string, sel scopes.Selection) tea.Cmd {
	return func() tea.Msg {
		existing, err := d.ReadFile(path)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return exportedMsg{path: path, err: err}
		}
		var auth scopes.AppAuth
		if existing != nil {
			if auth, err = scopes.ParseAppHsmeta(existing); err != nil {
				return exportedMsg{path: path, err: fmt.Errorf("not overwriting it: %w", err)}
			}
		}
		auth.Selection = sel
		out, err := scopes.UpdateAppHsmeta(existing, auth)
		if err == nil {
			err = d.WriteFile(path, out)
		}
		return exportedMsg{path: path, n: sel.Len(), err: err}
	}
}

// onImported replaces the selection with the file's.
func (m Model) onImported(msg importedMsg) (Model, tea.Cmd) {
	if msg.err != nil {
		return m, common.Status(common.LevelError, fmt.Sprintf("import %s: %v", msg.path, msg.err))
	}
	m.sel = msg.auth.Selection
	m.relint()
	changed := m.changed()
	return m, tea.Batch(changed, common.Status(common.LevelOK,
		fmt.Sprintf("imported %d scopes from %s", m.sel.Len(), msg.path)))
}

// exportStatus reports an export in the footer.
func exportStatus(msg exportedMsg) tea.Cmd {
	if msg.err != nil {
		return common.Status(common.LevelError, fmt.Sprintf("export %s: %v", msg.path, msg.err))
	}
	return common.Status(common.LevelOK, fmt.Sprintf("wrote %d scopes to %s (other fields kept)", msg.n, msg.path))
}

// view renders the prompt.
func (p pathPrompt) view(c *common.Common) string {
	title := "Import scopes from app-hsmeta.json"
	if p.kind == pathExport {
		title = "Export scopes to app-hsmeta.json (other fields are kept; a new file is created if missing)"
	}
	return c.Styles.Title.Render(title) + "\n\n" + p.input.View() + "\n\n" +
		c.Styles.Muted.Render("enter confirm · esc cancel")
}
