package catalog

import "github.com/hsoauth/hsoauth/scopes"

// refilter rebuilds the list for the query: catalog order with group headings when the query is empty, the
// search ranking (best first, no headings) otherwise. The cursor stays on the same scope when it survives.
func (m *Model) refilter() {
	prev := ""
	if s, ok := m.current(); ok {
		prev = s.Name
	}
	m.items = m.items[:0]
	if m.query == "" {
		group := ""
		for i, s := range m.all {
			if m.onlyAvailable && !m.available[i] {
				continue
			}
			if s.Group != group {
				group = s.Group
				m.items = append(m.items, item{group: group, scope: -1})
			}
			m.items = append(m.items, item{group: s.Group, scope: i})
		}
	} else {
		for _, s := range m.search(m.query) {
			i, found := m.pos[s.Name]
			if !found || (m.onlyAvailable && !m.available[i]) {
				continue
			}
			m.items = append(m.items, item{group: s.Group, scope: i})
		}
	}
	m.cursor, m.offset = 0, 0
	if at, ok := m.pos[prev]; ok && prev != "" && m.query == "" {
		for j, it := range m.items {
			if it.scope == at {
				m.cursor = j
				break
			}
		}
	}
	m.move(0)
}

// current is the highlighted scope.
func (m Model) current() (scopes.Scope, bool) {
	if m.cursor < 0 || m.cursor >= len(m.items) || m.items[m.cursor].scope < 0 {
		return scopes.Scope{}, false
	}
	return m.all[m.items[m.cursor].scope], true
}

// move shifts the cursor by delta, skipping headings, and scrolls so it stays visible.
func (m *Model) move(delta int) {
	n := len(m.items)
	if n == 0 {
		m.cursor, m.offset = 0, 0
		return
	}
	c := min(max(m.cursor+delta, 0), n-1)
	dir := 1
	if delta < 0 {
		dir = -1
	}
	for c >= 0 && c < n && m.items[c].scope < 0 {
		c += dir
	}
	if c < 0 || c >= n { // ran off an end onto a heading: search the other way
		c = min(max(m.cursor, 0), n-1)
		for c < n && m.items[c].scope < 0 {
			c++
		}
		if c >= n {
			c = 0
		}
	}
	m.cursor = c
	h := m.listHeight()
	if m.cursor < m.offset {
		m.offset = m.cursor
		if m.offset > 0 && m.items[m.offset-1].scope < 0 {
			m.offset-- // keep the group heading above the first scope in view
		}
	}
	if m.cursor >= m.offset+h {
		m.offset = m.cursor - h + 1
	}
}
