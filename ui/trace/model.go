// Package trace is the flow trace screen, reachable from any screen: every HTTP exchange of the flow so
// far with timing and masked bodies, and in sandbox mode the simulator's own events, merged by time.
package trace

import (
	"io"
	"sync"
	"time"

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

// traceEventMsg and simEventMsg carry one live event, traceBatchMsg and simBatchMsg what a feed gathered
// over one batchDelay; from names the feeds so a message meant for another trace model is ignored.
type (
	traceEventMsg struct {
		from *feeds
		ev   session.TraceEvent
	}
	simEventMsg struct {
		from *feeds
		ev   session.SimEvent
	}
	traceBatchMsg struct {
		from *feeds
		evs  []session.TraceEvent
	}
	simBatchMsg struct {
		from *feeds
		evs  []session.SimEvent
	}
)

// batchDelay is how long a feed keeps gathering after its first event before the screen takes them all in
// one update: a sandbox busy with outside clients then costs one update and at most one frame per batch
// (ten a second), not one per request.
const batchDelay = 100 * time.Millisecond

// maxEntries caps the list; the oldest entries go first and are counted as dropped.
const maxEntries = 2000

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
	// dropped counts the events the screen no longer has: those the simulator's feed skipped because the
	// screen fell behind (gaps in their sequence numbers), and the oldest ones trimmed past maxEntries.
	dropped int64
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
		return m.onTraceBatch(traceBatchMsg{from: msg.from, evs: []session.TraceEvent{msg.ev}})
	case simEventMsg:
		return m.onSimBatch(simBatchMsg{from: msg.from, evs: []session.SimEvent{msg.ev}})
	case traceBatchMsg:
		return m.onTraceBatch(msg)
	case simBatchMsg:
		return m.onSimBatch(msg)
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

// onTraceBatch takes in our client's events and waits for the next batch.
func (m Model) onTraceBatch(msg traceBatchMsg) (Model, tea.Cmd) {
	if msg.from != m.f {
		return m, nil
	}
	m.addAll(entries(msg.evs, m.onTrace))
	return m, m.waitTrace()
}

// onSimBatch takes in the simulator's events and waits for the next batch.
func (m Model) onSimBatch(msg simBatchMsg) (Model, tea.Cmd) {
	if msg.from != m.f {
		return m, nil
	}
	m.addAll(entries(msg.evs, m.onSim))
	return m, m.waitSim()
}

// entries turns a batch of events into the entries to add, skipping those take refuses.
func entries[T any](evs []T, take func(T) (entry, bool)) []entry {
	es := make([]entry, 0, len(evs))
	for _, ev := range evs {
		if e, ok := take(ev); ok {
			es = append(es, e)
		}
	}
	return es
}

// waitTrace waits for a batch of our client's trace; Update re-issues it after each one.
func (m Model) waitTrace() tea.Cmd {
	f := m.f
	if f.trace == nil {
		return nil
	}
	return func() tea.Msg {
		if evs := gather(f.trace, f.done); len(evs) > 0 {
			return traceBatchMsg{from: f, evs: evs}
		}
		return nil
	}
}

// waitSim waits for a batch of simulator events; Update re-issues it after each one.
func (m Model) waitSim() tea.Cmd {
	f := m.f
	if f.sim == nil {
		return nil
	}
	return func() tea.Msg {
		if evs := gather(f.sim, f.done); len(evs) > 0 {
			return simBatchMsg{from: f, evs: evs}
		}
		return nil
	}
}

// gather blocks until the feed has an event, waits batchDelay for more, then takes everything that
// arrived. It returns nothing once the feed is closed or done is.
func gather[T any](ch <-chan T, done <-chan struct{}) []T {
	var evs []T
	select {
	case ev, ok := <-ch:
		if !ok {
			return nil
		}
		evs = append(evs, ev)
	case <-done:
		return nil
	}
	t := time.NewTimer(batchDelay)
	defer t.Stop()
	select {
	case <-t.C:
	case <-done:
	}
	for {
		select {
		case ev, ok := <-ch:
			if !ok {
				return evs
			}
			evs = append(evs, ev)
		default:
			return evs
		}
	}
}
