package trace

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/hsoauth/hsoauth/session"
	"github.com/hsoauth/hsoauth/ui/components/text"
)

// The sequence diagram: three lanes (Browser, hsoauth, HubSpot) and one arrow per step, drawn as it is
// recorded. Each arrow is one line so a whole sign-in fits 80x24; the selected arrow's details sit
// beside it (wide) or under it (narrow), in the same pane as the list view's.

// lanes is the diagram's left-to-right order. With hsoauth in the middle, the front channel (Browser ↔
// HubSpot) draws as long arrows across the app's lane and the back channel (hsoauth → HubSpot) as short
// ones on the right: that the two channels differ is the lesson.
var lanes = [3]session.Party{session.PartyBrowser, session.PartyApp, session.PartyHubSpot}

func laneIndex(p session.Party) int {
	for i, l := range lanes {
		if l == p {
			return i
		}
	}
	return 1
}

// laneXs places the three lane lines in a diagram w cells wide.
func laneXs(w int) [3]int {
	return [3]int{3, w / 2, w - 4}
}

// diagramHeader names the lanes, centred over their lines.
func diagramHeader(w int) string {
	w = max(w, 24)
	xs := laneXs(w)
	cells := []rune(strings.Repeat(" ", w))
	for i, x := range xs {
		name := []rune(string(lanes[i]))
		start := max(min(x-len(name)/2, len(cells)-len(name)), 0)
		copy(cells[start:], name)
	}
	return string(cells[:w])
}

// arrow draws step n of e as one line w cells wide: the lane lines, and between the two parties an
// arrow carrying the step's name and status (dashed when hsoauth only reconstructed it).
func arrow(e entry, n, w int) (left, mid, right string) {
	w = max(w, 24)
	xs := laneXs(w)
	fx, tx := xs[laneIndex(e.from)], xs[laneIndex(e.to)]
	if fx == tx {
		tx = xs[2]
	}
	lo, hi := min(fx, tx), max(fx, tx)
	cells := []rune(strings.Repeat(" ", w))
	for _, x := range xs {
		cells[x] = '│'
	}
	label := fmt.Sprintf(" %d %s ", n, orDash(string(e.step)))
	if e.status != 0 {
		label += fmt.Sprint(e.status, " ")
	}
	path, _, _ := strings.Cut(e.target, "?")
	if long := label + "· " + e.method + " " + path + " "; ansi.StringWidth(long) <= hi-lo-4 {
		label = long
	}
	mid = arrowLine(label, hi-lo-1, fx < tx, e.inferred)
	return string(cells[:lo+1]), mid, string(cells[hi:w])
}

// arrowLine is an arrow exactly n cells long with label inside it, pointing right or left.
func arrowLine(label string, n int, right, dashed bool) string {
	dash := "─"
	if dashed {
		dash = "╌"
	}
	if n < 3 {
		return strings.Repeat(dash, max(n, 0))
	}
	label = ansi.Truncate(label, n-3, "…")
	fill := n - 2 - ansi.StringWidth(label)
	if right {
		return dash + label + strings.Repeat(dash, fill) + "▶"
	}
	return "◀" + strings.Repeat(dash, fill) + label + dash
}

// diagramView renders the visible arrows under the lane names, padded to the list's size.
func (m Model) diagramView() string {
	st := m.c.Styles
	h, w := m.listHeight(), m.listWidth()
	lines := []string{st.Header.Render(diagramHeader(w))}
	if len(m.shown) == 0 {
		lines = append(lines, st.Muted.Render(text.PadRight(ansi.Truncate("  Each step appears here as an arrow as it happens.", w, "…"), w)))
	}
	for j := m.offset; j < len(m.shown) && len(lines) < h; j++ {
		e := m.all[m.shown[j]]
		left, mid, right := arrow(e, j+1, w)
		if j == m.cursor {
			left = "›" + left[1:]
		}
		style := st.OK
		switch {
		case j == m.cursor:
			style = st.Selected
		case e.failed:
			style = st.Error
		case e.inferred:
			style = st.Muted
		}
		lines = append(lines, st.Muted.Render(left)+style.Render(mid)+st.Muted.Render(right))
	}
	for len(lines) < h {
		lines = append(lines, st.Muted.Render(laneOnly(w)))
	}
	return strings.Join(lines, "\n")
}

// laneOnly is an empty diagram line: just the lane lines.
func laneOnly(w int) string {
	w = max(w, 24)
	cells := []rune(strings.Repeat(" ", w))
	for _, x := range laneXs(w) {
		cells[x] = '│'
	}
	return string(cells[:w])
}

// DiagramBeside is a compact diagram of the latest steps, w x h cells, for the root to put beside
// another screen in presenter mode when the terminal is wide enough.
func (m Model) DiagramBeside(w, h int) string {
	st := m.c.Styles
	lines := []string{st.Header.Render(diagramHeader(w))}
	var flow []int
	for i, e := range m.all {
		if !e.sim {
			flow = append(flow, i)
		}
	}
	start := max(len(flow)-(h-1), 0)
	for k := start; k < len(flow); k++ {
		e := m.all[flow[k]]
		left, mid, right := arrow(e, k+1, w)
		style := st.OK
		if e.failed {
			style = st.Error
		} else if k == len(flow)-1 {
			style = st.Selected
		}
		lines = append(lines, st.Muted.Render(left)+style.Render(mid)+st.Muted.Render(right))
	}
	for len(lines) < h {
		lines = append(lines, st.Muted.Render(laneOnly(w)))
	}
	return strings.Join(lines, "\n")
}
