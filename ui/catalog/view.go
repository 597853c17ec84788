package catalog

import (
	"fmt"
	"strings"

	"github.com/hsoauth/hsoauth/ui/components/text"

	"github.com/charmbracelet/lipgloss"
	"github.com/hsoauth/hsoauth/scopes"
)

// detailsHeight is the height of the details pane under the list in the narrow layout.
func (m Model) detailsHeight() int {
	if m.c.Wide() || !m.showDetails {
		return 0
	}
	return min(9, max(m.c.Height/3, 5))
}

// listHeight is how many list lines fit.
func (m Model) listHeight() int { return max(m.c.Height-2-m.detailsHeight()-len(m.legend()), 1) }

// legend says what the list's marks mean; it is left out when the screen is too short for it.
func (m Model) legend() []string {
	if m.c.Height < 14 {
		return nil
	}
	items := []string{"✓/✗ on the target account or not", "old legacy", "sens/hsens (highly) sensitive data"}
	return text.Styled(m.c.Styles.Muted, text.Pack(items, " · ", m.c.Width))
}

// listWidth is the list's width.
func (m Model) listWidth() int {
	if m.c.Wide() && m.showDetails {
		return m.c.Width * 11 / 20
	}
	return m.c.Width
}

// View draws the filter line, the list, the details pane and the selection summary. Rows, the details pane
// and the summary come from the cache when nothing they show changed.
func (m Model) View() string {
	switch m.mode {
	case modePicker:
		return m.picker.view(m.c)
	case modePath:
		return m.path.view(m.c)
	}
	m.cache.check()
	var b strings.Builder
	b.WriteString(m.filterLine())
	b.WriteByte('\n')
	list := m.listLines()
	if m.showDetails && m.c.Wide() {
		dw := m.c.Width - m.listWidth() - 1
		sideBySide(&b, list, strings.Split(m.cachedDetails(dw, m.listHeight(), true), "\n"))
	} else {
		b.WriteString(strings.Join(list, "\n"))
		if m.showDetails {
			b.WriteByte('\n')
			b.WriteString(m.cachedDetails(m.c.Width, m.detailsHeight(), false))
		}
	}
	b.WriteByte('\n')
	for _, l := range m.legend() {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	b.WriteString(m.cache.summaryLine(m.rev, m.c.Width, m.summaryLine))
	return b.String()
}

// sideBySide writes the list lines (all padded to the list's width) with the pane's lines beside them,
// one space apart, as lipgloss.JoinHorizontal would, without measuring every line again.
func sideBySide(b *strings.Builder, left, right []string) {
	n := max(len(left), len(right))
	pad := ""
	if len(left) > 0 {
		pad = strings.Repeat(" ", lipgloss.Width(left[0]))
	}
	for i := range n {
		if i > 0 {
			b.WriteByte('\n')
		}
		if i < len(left) {
			b.WriteString(left[i])
		} else {
			b.WriteString(pad)
		}
		if i < len(right) {
			b.WriteByte(' ')
			b.WriteString(right[i])
		}
	}
}

// cachedDetails is the details pane of the highlighted scope, rendered again only when the scope, the
// pane's size, the selection or the account changed.
func (m Model) cachedDetails(w, h int, framed bool) string {
	k := detailsKey{scope: -1, width: w, height: h, framed: framed, rev: m.rev, index: m.endpoints != nil,
		presenter: m.c.Presenter}
	if m.cursor >= 0 && m.cursor < len(m.items) {
		k.scope = m.items[m.cursor].scope
	}
	return m.cache.detailsPane(k, func() string { return m.detailsView(w, h, framed) })
}

// filterLine is the filter input (or its hint) and the count of what is shown.
func (m Model) filterLine() string {
	st := m.c.Styles
	left := m.filter.View()
	if m.mode != modeFilter && m.query == "" {
		left = st.Muted.Render("/ to filter by name, description or API")
	}
	n := 0
	for _, it := range m.items {
		if it.scope >= 0 {
			n++
		}
	}
	right := fmt.Sprintf("%d of %d scopes", n, len(m.all))
	if m.onlyAvailable {
		right += " available"
	}
	right = st.Muted.Render(right)
	gap := max(m.c.Width-lipgloss.Width(left)-lipgloss.Width(right), 1)
	return left + strings.Repeat(" ", gap) + right
}

// listLines renders the visible window of the list, each line padded to the list's width so the details
// pane lines up beside it.
func (m Model) listLines() []string {
	h, w := m.listHeight(), m.listWidth()
	lines := make([]string, 0, h)
	if len(m.items) == 0 {
		lines = append(lines, fit(m.c.Styles.Muted.Render("  No scope matches. esc clears the filter."), w))
	}
	for j := m.offset; j < len(m.items) && len(lines) < h; j++ {
		lines = append(lines, m.cachedRow(j, w))
	}
	blank := strings.Repeat(" ", w)
	for len(lines) < h {
		lines = append(lines, blank)
	}
	return lines
}

// fit cuts or pads a line to exactly w cells.
func fit(l string, w int) string { return text.PadRight(text.Truncate(l, w), w) }

// cachedRow is list line j fitted to w, from the cache when that scope was drawn the same way before.
func (m Model) cachedRow(j, w int) string {
	it := m.items[j]
	k := rowKey{scope: it.scope, width: w}
	if it.scope < 0 {
		k.group = it.group
	} else {
		k.cursor, k.mark, k.avail = j == m.cursor, m.sel.Of(m.all[it.scope].Name), m.available[it.scope]
	}
	return m.cache.row(k, func() string { return fit(m.row(j, w), w) })
}

// row renders one list line: cursor, mark, name, flags and availability on the target account.
func (m Model) row(j, w int) string {
	st := m.c.Styles
	it := m.items[j]
	if it.scope < 0 {
		return st.Header.Render(strings.ToUpper(it.group))
	}
	s := m.all[it.scope]
	cursor := "  "
	name := s.Name
	if j == m.cursor {
		cursor = st.Cursor.Render("› ")
		name = st.Selected.Render(name)
	}
	avail := st.OK.Render("✓")
	if !m.available[it.scope] {
		avail = st.Error.Render("✗")
	}
	flags := st.Tag.Render(flagText(s))
	nameW := max(w-2-2-8-2, 10)
	return cursor + m.markView(s.Name) + " " + text.PadRight(text.Truncate(name, nameW-1), nameW) + text.PadRight(flags, 6) + " " + avail
}

// markView is the one-letter requirement mark of a scope.
func (m Model) markView(name string) string {
	st := m.c.Styles
	switch m.sel.Of(name) {
	case scopes.ReqRequired:
		return st.Required.Render("R")
	case scopes.ReqConditional:
		return st.Conditional.Render("C")
	case scopes.ReqOptional:
		return st.Optional.Render("O")
	}
	return st.Muted.Render("·")
}

// flagText is the compact sensitivity / legacy tag.
func flagText(s scopes.Scope) string {
	var f []string
	switch s.Sensitivity {
	case scopes.SensitivitySensitive:
		f = append(f, "sens")
	case scopes.SensitivityHighly:
		f = append(f, "hsens")
	}
	if s.Legacy {
		f = append(f, "old")
	}
	return strings.Join(f, ",")
}

// summaryLine counts the selection and gives the verdict on the target account.
func (m Model) summaryLine() string {
	st := m.c.Styles
	s := m.sel
	left := fmt.Sprintf("%d req · %d cond · %d opt", len(s.Required), len(s.ConditionallyRequired), len(s.Optional))
	var verdict string
	switch {
	case m.grant.Fails:
		verdict = st.Error.Render(fmt.Sprintf("✗ install fails on %s", m.account.ID))
	case len(m.grant.Dropped) > 0:
		verdict = st.Warn.Render(fmt.Sprintf("! %s drops %s", m.account.ID, strings.Join(m.grant.Dropped, ", ")))
	default:
		verdict = st.OK.Render(fmt.Sprintf("✓ installs on %s", m.account.ID))
	}
	errs, warns := scopes.CountFindings(m.findings)
	lint := st.Muted.Render("lint ok")
	switch {
	case errs > 0:
		lint = st.Error.Render(fmt.Sprintf("lint: %d error(s), %d warning(s)", errs, warns))
	case warns > 0:
		lint = st.Warn.Render(fmt.Sprintf("lint: %d warning(s)", warns))
	}
	return text.Truncate(left+"  "+verdict+"  "+lint, m.c.Width)
}
