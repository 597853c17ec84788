package trace

import (
	"bytes"
	"path/filepath"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/hsoauth/hsoauth/session"
	"github.com/hsoauth/hsoauth/ui/common"
)

// exportKind is what the export prompt is about to write.
type exportKind int

const (
	exportNone exportKind = iota
	exportHAR
	exportMermaid
)

func (k exportKind) String() string {
	if k == exportMermaid {
		return "Mermaid diagram"
	}
	return "HAR 1.2"
}

// exportedMsg reports a finished export: where it went, or why not.
type exportedMsg struct {
	path string
	err  error
}

// startExport asks how to export; the HAR may carry secrets, so it asks masked or revealed, while the
// Mermaid diagram names no values and is written at once.
func (m Model) startExport(kind exportKind) (Model, tea.Cmd) {
	if m.deps.Export == nil {
		return m, common.Status(common.LevelWarn, "Export is not available here.")
	}
	if kind == exportMermaid {
		return m, m.export(kind, false)
	}
	m.asking = kind
	return m, nil
}

// handleAsk answers the export prompt: enter or m masked, r revealed, esc cancels.
func (m Model) handleAsk(msg tea.KeyMsg) (Model, tea.Cmd) {
	kind := m.asking
	m.asking = exportNone
	switch msg.String() {
	case "enter", "m":
		return m, m.export(kind, false)
	case "r":
		return m, m.export(kind, true)
	}
	return m, common.Status(common.LevelInfo, "Export cancelled.")
}

// export writes the trace to a new file in the working directory, never over an existing one.
func (m Model) export(kind exportKind, reveal bool) tea.Cmd {
	s, stamp, version := m.deps.Export, m.c.Now().Format("20060102-150405"), m.deps.Version
	return func() tea.Msg {
		var buf bytes.Buffer
		name := "hsoauth-trace-" + stamp
		var err error
		if kind == exportMermaid {
			name += ".mmd"
			err = s.ExportMermaid(&buf)
		} else {
			name += ".har"
			err = s.ExportHAR(&buf, reveal, version)
		}
		if err != nil {
			return exportedMsg{err: err}
		}
		return exportedMsg{path: name, err: session.WriteNewFile(name, buf.Bytes())}
	}
}

// onExported turns the result into the footer message.
func onExported(msg exportedMsg) tea.Cmd {
	if msg.err != nil {
		return common.Status(common.LevelError, "Export failed: "+msg.err.Error())
	}
	abs, err := filepath.Abs(msg.path)
	if err != nil {
		abs = msg.path
	}
	return common.Status(common.LevelOK, "Wrote "+abs)
}

// askLine is the export prompt shown in place of the header.
func (m Model) askLine() string {
	st := m.c.Styles
	return st.Header.Render("Export "+m.asking.String()) + st.Muted.Render(": ") +
		st.HelpKey.Render("enter") + st.Muted.Render(" secrets masked · ") +
		st.HelpKey.Render("r") + st.Warn.Render(" reveal secrets (never share that file)") + st.Muted.Render(" · ") +
		st.HelpKey.Render("esc") + st.Muted.Render(" cancel")
}

// exportKeys are the bindings for the two exports.
func exportKeys() (har, mermaid key.Binding) {
	return key.NewBinding(key.WithKeys("H"), key.WithHelp("H", "export HAR")),
		key.NewBinding(key.WithKeys("M"), key.WithHelp("M", "export Mermaid"))
}
