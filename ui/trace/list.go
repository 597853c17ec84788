package trace

import "github.com/hsoauth/hsoauth/session"

// onTrace is the entry for a live event of our client, unless the snapshot already had it.
func (m *Model) onTrace(ev session.TraceEvent) (entry, bool) {
	k := keyOf(ev)
	if m.seen[k] > 0 {
		m.seen[k]--
		return entry{}, false
	}
	return fromTrace(ev), true
}

// onSim is the entry for a live simulator event, unless the snapshot already had it; a gap in the
// sequence numbers is events the feed dropped, and is counted.
func (m *Model) onSim(ev session.SimEvent) (entry, bool) {
	if ev.Seq != 0 && ev.Seq <= m.lastSeq {
		return entry{}, false
	}
	if ev.Seq > m.lastSeq+1 {
		m.dropped += ev.Seq - m.lastSeq - 1
	}
	m.lastSeq = max(m.lastSeq, ev.Seq)
	return fromSim(ev), true
}

// addAll inserts es in time order, keeping the highlighted entry, or following the newest when the cursor
// was on the last one (so an open trace shows each step as it happens). Past maxEntries the oldest
// entries go, counted as dropped. The shown list is rebuilt once for the whole batch.
func (m *Model) addAll(es []entry) {
	if len(es) == 0 {
		return
	}
	prev, follow := m.selected(), m.cursor >= len(m.shown)-1
	for _, e := range es {
		var i int
		m.all, i = insert(m.all, e)
		if prev >= i {
			prev++
		}
		if m.detailsOf >= i {
			m.detailsOf++
		}
	}
	if over := len(m.all) - maxEntries; over > 0 {
		n := copy(m.all, m.all[over:])
		clear(m.all[n:])
		m.all = m.all[:n]
		m.dropped += int64(over)
		prev, m.detailsOf = max(prev-over, -1), max(m.detailsOf-over, -1)
	}
	m.rebuild()
	if follow || prev < 0 {
		m.cursor = len(m.shown) - 1
	} else {
		m.cursor = m.position(prev)
	}
	m.move(0)
}

// refilter rebuilds the shown list after the simulator toggle, keeping the highlighted entry when it is
// still shown; toEnd puts the cursor on the newest entry instead.
func (m *Model) refilter(toEnd bool) {
	prev := m.selected()
	m.rebuild()
	if toEnd || prev < 0 {
		m.cursor = len(m.shown) - 1
	} else {
		m.cursor = m.position(prev)
	}
	m.offset = 0
	m.move(0)
}

// rebuild lists the entries the toggle lets through.
func (m *Model) rebuild() {
	m.shown = m.shown[:0]
	for i, e := range m.all {
		if m.showSim && !m.diagram || !e.sim {
			m.shown = append(m.shown, i)
		}
	}
}

// selected is the index in all of the highlighted entry, -1 when none.
func (m Model) selected() int {
	if m.cursor < 0 || m.cursor >= len(m.shown) {
		return -1
	}
	return m.shown[m.cursor]
}

// position is where entry a sits in the shown list, or the nearest earlier one when it is hidden.
func (m Model) position(a int) int {
	pos := 0
	for j, i := range m.shown {
		if i > a {
			break
		}
		pos = j
	}
	return pos
}

// move shifts the cursor by d, keeps it in view and shows its details.
func (m *Model) move(d int) {
	m.cursor = max(min(m.cursor+d, len(m.shown)-1), 0)
	h := m.rows()
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+h {
		m.offset = m.cursor - h + 1
	}
	m.offset = max(min(m.offset, len(m.shown)-h), 0)
	m.syncDetails()
}

// layout sizes the details pane for the current drawing area.
func (m *Model) layout() {
	w, h := m.detailsSize()
	m.details.Width, m.details.Height = w, h
	m.move(0)
}

// syncDetails puts the highlighted entry's details in the pane, wrapped to its width, scrolled to the top
// when the entry changed.
func (m *Model) syncDetails() {
	w, h := m.detailsSize()
	m.details.Width, m.details.Height = w, h
	i := m.selected()
	if i < 0 {
		m.details.SetContent("")
		return
	}
	m.details.SetContent(wrapLines(m.all[i].detail, w))
	if m.details.YOffset != 0 && i != m.detailsOf {
		m.details.GotoTop()
	}
	m.detailsOf = i
}
