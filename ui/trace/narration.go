package trace

import "github.com/hsoauth/hsoauth/ui/narrate"

// Narration is the presenter-mode line for the highlighted step (or the open prompt or panel).
func (m Model) Narration() string {
	n := narrate.Trace{Diagram: m.diagram, Asking: m.asking != exportNone}
	if m.panel.open {
		n.Panel = m.panel.controls[m.panel.cursor].Teaches
	}
	for _, e := range m.all {
		if !e.sim {
			n.Steps++
		}
	}
	if i := m.selected(); i >= 0 {
		e := m.all[i]
		if e.sim {
			return "A sandbox event: the simulator's own log of what it received and answered."
		}
		n.Position, n.Step, n.From, n.To = m.flowPosition(i), string(e.step), string(e.from), string(e.to)
		n.Status, n.Failed, n.Note = e.status, e.failed, e.note
	}
	return n.Text()
}

// flowPosition is entry i's 1-based number among the flow's steps (simulator events aside).
func (m Model) flowPosition(i int) int {
	pos := 0
	for j := 0; j <= i && j < len(m.all); j++ {
		if !m.all[j].sim {
			pos++
		}
	}
	return pos
}
