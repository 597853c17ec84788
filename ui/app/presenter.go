package app

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/hsoauth/hsoauth/ui/common"
	"github.com/hsoauth/hsoauth/ui/narrate"
)

// narrationLines is how many lines presenter mode gives the narration: two sentences wrap into them at
// 80 columns instead of being cut.
const narrationLines = 2

// besideMinWidth is the terminal width from which presenter mode puts the live sequence diagram beside
// the screen: below it, the screen needs every column.
const besideMinWidth = 150

// besideWidth is the width of the diagram beside the screen, 0 when it does not fit or does not apply
// (outside presenter mode, on the trace itself, under the full help).
func (m Model) besideWidth() int {
	if !m.c.Presenter || m.width < besideMinWidth || m.active == common.ScreenTrace || m.showHelp {
		return 0
	}
	return min(m.width*2/5, 90)
}

// relayoutMsg asks the root to send the screens their new size after the drawing area changed.
type relayoutMsg struct{}

// relayout recomputes the drawing area after a switch that moves the diagram beside the screen in or
// out (another screen, the full help) and, when it changed, has the screens told.
func (m Model) relayout() tea.Cmd {
	w := m.c.Width
	m.resize()
	if m.c.Width == w {
		return nil
	}
	return func() tea.Msg { return relayoutMsg{} }
}

// beside is the diagram pane: a rule, then the trace's compact diagram of the latest steps.
func (m Model) beside(w int) string {
	st := m.c.Styles
	rule := st.Muted.Render(strings.TrimSuffix(strings.Repeat(" │\n", m.c.Height), "\n"))
	return lipgloss.JoinHorizontal(lipgloss.Top, rule, " ", m.s.Trace.DiagramBeside(w-3, m.c.Height))
}

// narrationLines renders the active screen's narration, wrapped by words into exactly two lines.
func (m Model) narrationLines() string {
	text := m.activeScreen().Narration()
	if m.showHelp {
		text = "Every key of " + m.active.String() + " and the keys that work everywhere; ? or esc goes back."
	}
	lines := narrate.Wrap(text, max(m.width-2, 10), narrationLines)
	for len(lines) < narrationLines {
		lines = append(lines, "")
	}
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(" " + m.c.Styles.Narration.Render(l) + "\n")
	}
	return b.String()
}
