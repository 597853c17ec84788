package trace

import (
	"context"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/hsoauth/hsoauth/session"
	"github.com/hsoauth/hsoauth/ui/common"
	"github.com/hsoauth/hsoauth/ui/components/text"
)

// Controller is what the sandbox control panel drives: *session.Session, for the built-in and an
// external simulator alike.
type Controller interface {
	HasSimulator() bool
	RunControl(ctx context.Context, key string) (string, error)
	APIVersion() string
}

// panel is the control panel's state: open or not, and the highlighted action.
type panel struct {
	open     bool
	cursor   int
	controls []session.Control
	running  bool
}

// controlledMsg reports a finished panel action.
type controlledMsg struct {
	text string
	err  error
}

// togglePanel opens or closes the panel; without a simulator it says why not.
func (m Model) togglePanel() (Model, tea.Cmd) {
	if m.deps.Control == nil || !m.deps.Control.HasSimulator() {
		return m, common.Status(common.LevelWarn, "The control panel drives the sandbox; start hsoauth with --sandbox or --sandbox-url.")
	}
	m.panel.open = !m.panel.open
	if m.panel.controls == nil {
		m.panel.controls = session.Controls()
	}
	return m, nil
}

// handlePanel moves through the actions, runs one, or closes the panel.
func (m Model) handlePanel(msg tea.KeyMsg) (Model, tea.Cmd) {
	p := &m.panel
	switch msg.String() {
	case "up", "k":
		p.cursor = max(p.cursor-1, 0)
	case "down", "j":
		p.cursor = min(p.cursor+1, len(p.controls)-1)
	case "enter", " ":
		if p.running {
			return m, nil
		}
		p.running = true
		ctl, key := m.deps.Control, p.controls[p.cursor].Key
		return m, func() tea.Msg {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			text, err := ctl.RunControl(ctx, key)
			return controlledMsg{text: text, err: err}
		}
	case "esc", "c":
		p.open = false
	}
	return m, nil
}

// onControlled puts the result in the footer; the action's trace step arrives on the live feed.
func (m Model) onControlled(msg controlledMsg) (Model, tea.Cmd) {
	m.panel.running = false
	if msg.err != nil {
		return m, common.Status(common.LevelError, "sandbox: "+msg.err.Error())
	}
	return m, common.Status(common.LevelOK, msg.text)
}

// panelView lists the actions with the highlighted one's lesson, in the details pane's place.
func (m Model) panelView(w, h int) string {
	st := m.c.Styles
	p := m.panel
	lines := []string{st.Header.Render("Sandbox control panel") + st.Muted.Render(" · OAuth API "+m.deps.Control.APIVersion())}
	items := make([]string, len(p.controls))
	for i, c := range p.controls {
		cursor, label := "  ", c.Label
		if i == p.cursor {
			cursor, label = st.Cursor.Render("› "), st.Selected.Render(label)
		}
		items[i] = cursor + label
	}
	if rows := (len(items) + 1) / 2; h < len(items)+5 && w >= 60 {
		// Too short for one column and the lesson: two columns, read down then across.
		for r := 0; r < rows; r++ {
			line := text.PadRight(items[r], w/2)
			if r+rows < len(items) {
				line += items[r+rows]
			}
			lines = append(lines, line)
		}
	} else {
		lines = append(lines, items...)
	}
	lines = append(lines, "")
	for _, l := range wrapWords("What the room sees: "+p.controls[p.cursor].Teaches, w) {
		lines = append(lines, st.Info.Render(l))
	}
	if p.running {
		lines = append(lines, st.Muted.Render("running…"))
	}
	lines = append(lines, "", st.Muted.Render("↑/↓ choose · enter run · esc close"))
	for len(lines) < h {
		lines = append(lines, "")
	}
	for i, l := range lines {
		lines[i] = text.PadRight(ansi.Truncate(l, w, "…"), w)
	}
	return strings.Join(lines[:min(len(lines), h)], "\n")
}

// wrapWords wraps plain text by words to w cells.
func wrapWords(s string, w int) []string {
	return strings.Split(ansi.Wordwrap(s, max(w, 10), ""), "\n")
}
