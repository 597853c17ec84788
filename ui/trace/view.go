package trace

import (
	"fmt"
	"strings"
	"time"

	"github.com/hsoauth/hsoauth/ui/components/text"

	"github.com/charmbracelet/lipgloss"
)

// listHeight is how many list rows fit.
func (m Model) listHeight() int {
	if m.c.Wide() {
		return max(m.c.Height-1, 1)
	}
	return max((m.c.Height-2)/2, 3)
}

// rows is how many steps the list or the diagram shows: the diagram spends a line on the lane names.
func (m Model) rows() int {
	if m.diagram {
		return max(m.listHeight()-1, 1)
	}
	return m.listHeight()
}

// listWidth is the width of the list column.
func (m Model) listWidth() int {
	if m.c.Wide() {
		return m.c.Width * 9 / 20
	}
	return m.c.Width
}

// detailsSize is the details viewport's width and height.
func (m Model) detailsSize() (int, int) {
	if m.c.Wide() {
		return max(m.c.Width-m.listWidth()-3, 10), max(m.c.Height-2, 1)
	}
	return max(m.c.Width, 10), max(m.c.Height-2-m.listHeight(), 1)
}

// View draws the header, the list of steps and the details of the highlighted one.
func (m Model) View() string {
	header := m.header()
	list := m.listView()
	if m.diagram {
		list = m.diagramView()
	}
	details := m.detailsTitle() + "\n" + m.details.View()
	if m.panel.open {
		w, h := m.detailsSize()
		details = m.panelView(w, h+1)
	}
	var body string
	if m.c.Wide() {
		sep := m.c.Styles.Muted.Render(strings.TrimSuffix(strings.Repeat(" │ \n", m.listHeight()), "\n"))
		body = lipgloss.JoinHorizontal(lipgloss.Top, list, sep, details)
	} else {
		body = list + "\n" + details
	}
	return clip(header+"\n"+body, m.c.Width, m.c.Height)
}

// header counts the steps and says what the toggle does.
func (m Model) header() string {
	st := m.c.Styles
	if m.asking != exportNone {
		return m.askLine()
	}
	nHTTP, nSim := 0, 0
	for _, e := range m.all {
		if e.sim {
			nSim++
		} else {
			nHTTP++
		}
	}
	left := st.Header.Render("Flow trace") + st.Muted.Render(fmt.Sprintf(" · %d steps", nHTTP))
	if m.diagram {
		return left + st.Muted.Render(" · sequence diagram (d: list)")
	}
	if m.f.sim != nil {
		left += st.Muted.Render(fmt.Sprintf(" · %d sandbox events", nSim))
		if !m.showSim {
			left += st.Warn.Render(" (hidden: s shows them)")
		}
	}
	if m.dropped > 0 {
		left += st.Warn.Render(fmt.Sprintf(" · %d events dropped", m.dropped))
	}
	return left
}

// listView renders the visible rows, padded to the list's size.
func (m Model) listView() string {
	h, w := m.listHeight(), m.listWidth()
	lines := make([]string, 0, h)
	if len(m.shown) == 0 {
		lines = append(lines, m.c.Styles.Muted.Render("  Nothing yet. Each HTTP step of the flow appears here as it happens:"),
			m.c.Styles.Muted.Render("  authorize in the sandbox, then refresh or try a call on the token screen."))
	}
	for j := m.offset; j < len(m.shown) && len(lines) < h; j++ {
		lines = append(lines, m.row(j, w))
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	for i, l := range lines {
		lines[i] = text.PadRight(text.Truncate(l, w), w)
	}
	return strings.Join(lines, "\n")
}

// row renders one step: cursor, time, method (or "sandbox"), target, status and duration.
func (m Model) row(j, w int) string {
	st := m.c.Styles
	e := m.all[m.shown[j]]
	cursor, target := "  ", e.target
	if j == m.cursor {
		cursor = st.Cursor.Render("› ")
		target = st.Selected.Render(target)
	}
	method := text.PadRight(e.method, 6)
	if e.sim {
		method = st.Info.Render("sbox  ")
	}
	status := st.OK.Render(text.PadRight(statusText(e.status), 4))
	if e.failed {
		status = st.Error.Render(text.PadRight(statusText(e.status), 4))
	}
	tail := status + st.Muted.Render(fmt.Sprintf("%6s", shortDur(e.dur)))
	tw := max(w-2-9-6-11, 8)
	return cursor + st.Muted.Render(e.at.Local().Format("15:04:05")) + " " + method +
		text.PadRight(text.Truncate(target, tw), tw) + " " + tail
}

// detailsTitle names the pane and how far it is scrolled.
func (m Model) detailsTitle() string {
	st := m.c.Styles
	t := st.Header.Render("Details")
	if m.details.TotalLineCount() > m.details.Height {
		t += st.Muted.Render(fmt.Sprintf(" · %d%% · pgdn/pgup scroll", int(m.details.ScrollPercent()*100)))
	}
	return t
}

// shortDur is a duration in ms or s, short enough for a column.
func shortDur(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%dms", d.Milliseconds())
	}
	return fmt.Sprintf("%.1fs", d.Seconds())
}

// clip bounds a rendered block to w x h cells, with an ellipsis where a line is cut.
func clip(s string, w, h int) string { return text.Bound(s, w, h) }
