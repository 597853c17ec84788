// Package trace is the flow trace screen, reachable from any screen: every HTTP exchange of the flow so
// far with timing and masked bodies, and in sandbox mode the simulator's own events, merged by time.
package trace

import (
	"io"
	"sync"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/hsoauth/hsoauth/session"
	"github.com/hsoauth/hsoauth/ui/common"
)

// Source is what the trace reads of the session: its recorded exchanges and, in sandbox mode, the
// simulator's request log. *session.Session implements it; tests pass fakes.
type Source interface {
	TraceEvents() []session.TraceEvent
	SubscribeTrace() (<-chan session.TraceEvent, func())
	SimEvents() []session.SimEvent
	SubscribeSim() (<-chan session.SimEvent, func(), bool)
}

// Exporter writes the trace in the formats other tools read. *session.Session implements it.
type Exporter interface {
	ExportHAR(w io.Writer, reveal bool, version string) error
	ExportMermaid(w io.Writer) error
}

// Deps are what the trace reads.
type Deps struct {
	Source Source
	// Export writes the trace as HAR or Mermaid (the H and M keys); nil disables them.
	Export  Exporter
	Version string // hsoauth's version, for the HAR's creator field
	// Control drives the sandbox control panel (c); nil or no simulator disables it.
	Control Controller
}

// feeds holds the live subscriptions. It is shared by every copy of the Model (Bubble Tea copies models
// on each Update), so Close ends them exactly once whichever copy the program kept.
type feeds struct {
	once    sync.Once
	done    chan struct{}
	cancels []func()
	trace   <-chan session.TraceEvent
	sim     <-chan session.SimEvent
}

// traceEventMsg and simEventMsg carry one live event; from names the feeds so a message meant for
// another trace model is ignored.
type (
	traceEventMsg struct {
		from *feeds
		ev   session.TraceEvent
	}
	simEventMsg struct {
		from *feeds
		ev   session.SimEvent
	}
)

// Model is the flow trace screen.
type Model struct {
	c    *common.Common
	keys KeyMap
	f    *feeds
	deps Deps

	all       []entry
	seen      map[traceKey]int // snapshot trace events that may arrive again on the live feed
	lastSeq   int64            // newest simulator event in the snapshot
	shown     []int            // indexes into all that the list shows
	cursor    int              // index into shown
	offset    int              // first list row shown
	showSim   bool
	diagram   bool       // the sequence diagram instead of the list
	asking    exportKind // the export prompt is open for this kind
	panel     panel      // the sandbox control panel
	ret       common.Screen
	details   viewport.Model
	detailsOf int // entry (index into all) the details pane holds
}

// New subscribes to the session's trace (and simulator), takes what happened so far, and builds the
// screen. The subscriptions last until Close.
func New(c *common.Common, deps Deps) Model {
	f := &feeds{done: make(chan struct{})}
	var tr []session.TraceEvent
	var sim []session.SimEvent
	if s := deps.Source; s != nil {
		ch, cancel := s.SubscribeTrace()
		f.trace, f.cancels = ch, append(f.cancels, cancel)
		tr = s.TraceEvents()
		if ch, cancel, ok := s.SubscribeSim(); ok {
			f.sim, f.cancels = ch, append(f.cancels, cancel)
			sim = s.SimEvents()
		}
	}
	m := Model{c: c, keys: DefaultKeyMap(), f: f, deps: deps, all: merge(tr, sim), seen: map[traceKey]int{}, showSim: true,
		ret: common.ScreenCatalog, details: viewport.New(0, 0)}
	for _, ev := range tr {
		m.seen[keyOf(ev)]++
	}
	for _, ev := range sim {
		m.lastSeq = max(m.lastSeq, ev.Seq)
	}
	m.keys.Simulator.SetEnabled(f.sim != nil)
	m.refilter(true)
	return m
}

// Init starts waiting on the live feeds.
func (m Model) Init() tea.Cmd { return tea.Batch(m.waitTrace(), m.waitSim()) }

// Close ends both subscriptions and every waiting command; the root calls it when the program ends.
func (m Model) Close() {
	m.f.once.Do(func() {
		close(m.f.done)
		for _, cancel := range m.f.cancels {
			cancel()
		}
	})
}

// SetReturn tells the trace which screen esc goes back to: the one that was active when T was pressed.
func (m *Model) SetReturn(s common.Screen) {
	if s != common.ScreenTrace {
		m.ret = s
	}
}

// Capturing is true while the export prompt waits for its answer or the control panel is open;
// otherwise global keys work.
func (m Model) Capturing() bool { return m.asking != exportNone || m.panel.open }

// Keys is the trace's key map for the help bar.
func (m Model) Keys() help.KeyMap { return m.keys }

// Update is the dispatcher: live events, resize, then keys.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case traceEventMsg:
		if msg.from != m.f {
			return m, nil
		}
		m.onTrace(msg.ev)
		return m, m.waitTrace()
	case simEventMsg:
		if msg.from != m.f {
			return m, nil
		}
		m.onSim(msg.ev)
		return m, m.waitSim()
	case tea.WindowSizeMsg:
		m.layout()
		return m, nil
	case exportedMsg:
		return m, onExported(msg)
	case controlledMsg:
		return m.onControlled(msg)
	case tea.KeyMsg:
		if m.asking != exportNone {
			return m.handleAsk(msg)
		}
		if m.panel.open {
			return m.handlePanel(msg)
		}
		return m.handleKey(msg)
	}
	return m, nil
}

// handleKey moves through the list, scrolls the details, toggles simulator events and goes back.
func (m Model) handleKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Back):
		return m, common.Navigate(m.ret)
	case key.Matches(msg, k.Up):
		m.move(-1)
	case key.Matches(msg, k.Down):
		m.move(1)
	case key.Matches(msg, k.Top):
		m.move(-len(m.shown))
	case key.Matches(msg, k.Bottom):
		m.move(len(m.shown))
	case key.Matches(msg, k.DetailsUp):
		m.details.HalfPageUp()
	case key.Matches(msg, k.DetailsDown):
		m.details.HalfPageDown()
	case key.Matches(msg, k.Simulator):
		m.showSim = !m.showSim
		m.refilter(false)
	case key.Matches(msg, k.Panel):
		return m.togglePanel()
	case key.Matches(msg, k.ExportHAR):
		return m.startExport(exportHAR)
	case key.Matches(msg, k.ExportMermaid):
		return m.startExport(exportMermaid)
	case key.Matches(msg, k.Diagram):
		m.diagram = !m.diagram
		m.keys.Simulator.SetEnabled(m.f.sim != nil && !m.diagram)
		m.refilter(false)
	}
	return m, nil
}

// waitTrace waits for one event of our client's trace; Update re-issues it after each one.
func (m Model) waitTrace() tea.Cmd {
	f := m.f
	if f.trace == nil {
		return nil
	}
	return func() tea.Msg {
		select {
		case ev, ok := <-f.trace:
			if ok {
				return traceEventMsg{from: f, ev: ev}
			}
		case <-f.done:
		}
		return nil
	}
}

// waitSim waits for one simulator event; Update re-issues it after each one.
func (m Model) waitSim() tea.Cmd {
	f := m.f
	if f.sim == nil {
		return nil
	}
	return func() tea.Msg {
		select {
		case ev, ok := <-f.sim:
			if ok {
				return simEventMsg{from: f, ev: ev}
			}
		case <-f.done:
		}
		return nil
	}
}
