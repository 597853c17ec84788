package catalog

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/hsoauth/hsoauth/scopes"
	"github.com/hsoauth/hsoauth/ui/common"
	"github.com/hsoauth/hsoauth/ui/components/text"
)

// rowKind says what one picker row sets.
type rowKind int

const (
	rowHub rowKind = iota
	rowAddOn
	rowKindOfAccount
	rowPreset
)

// pickerRow is one line of the picker: a hub's tier, an add-on, the account
// kind or a preset shortcut.
type pickerRow struct {
	kind  rowKind
	hub   scopes.Hub
	addOn scopes.AddOn
}

// picker is the target-account modal. It edits a working copy of the account
// one hub, add-on or kind at a time, and beside every row shows what the
// change to the left and to the right would do to the current selection's
// install (grant, drop, fail), so the account that fits is visible before it
// is applied.
type picker struct {
	acct    scopes.Account
	rows    []pickerRow
	cursor  int
	preset  int // index into presets of the last preset shortcut used, -1 for none
	presets []scopes.Account
	now     scopes.Grant
	left    []*scopes.GrantChange // per row: the effect of ←, nil when there is nothing that way
	right   []*scopes.GrantChange // per row: the effect of →
}

var tiers = []scopes.Tier{scopes.TierFree, scopes.TierStarter, scopes.TierProfessional, scopes.TierEnterprise}

func newPicker(c *common.Common, current scopes.Account, sel scopes.Selection) picker {
	p := picker{acct: current, presets: scopes.Presets(), preset: -1}
	for _, h := range scopes.Hubs() {
		p.rows = append(p.rows, pickerRow{kind: rowHub, hub: h})
	}
	for _, x := range scopes.AddOns() {
		p.rows = append(p.rows, pickerRow{kind: rowAddOn, addOn: x})
	}
	p.rows = append(p.rows, pickerRow{kind: rowKindOfAccount}, pickerRow{kind: rowPreset})
	p.recompute(c, sel)
	return p
}

// step returns the account after moving row r one value left (-1) or right
// (+1), and false when there is nothing that way.
func (p picker) step(r pickerRow, dir int) (scopes.Account, bool) {
	switch r.kind {
	case rowHub:
		i := slices.Index(tiers, p.acct.Tier(r.hub)) + dir
		if i < 0 || i >= len(tiers) {
			return scopes.Account{}, false
		}
		return p.acct.WithTier(r.hub, tiers[i]), true
	case rowAddOn:
		return p.acct.WithAddOn(r.addOn, !p.acct.Has(r.addOn)), true
	case rowKindOfAccount:
		kinds := scopes.Kinds()
		i := slices.Index(kinds, p.acct.Kind) + dir
		if i < 0 || i >= len(kinds) {
			return scopes.Account{}, false
		}
		return p.acct.WithKind(kinds[i]), true
	}
	i := p.preset + dir
	if p.preset < 0 && dir < 0 {
		i = len(p.presets) - 1
	}
	if i < 0 || i >= len(p.presets) {
		return scopes.Account{}, false
	}
	return p.presets[i], true
}

// recompute predicts the install on the working account and the effect of
// every possible one-step change.
func (p *picker) recompute(c *common.Common, sel scopes.Selection) {
	predict := func(a scopes.Account) scopes.Grant {
		return c.Catalog.Predict(sel.ScopeParam(), sel.OptionalParam(), a)
	}
	p.now = predict(p.acct)
	p.left, p.right = make([]*scopes.GrantChange, len(p.rows)), make([]*scopes.GrantChange, len(p.rows))
	effect := func(r pickerRow, dir int) *scopes.GrantChange {
		a, ok := p.step(r, dir)
		if !ok {
			return nil
		}
		ch := scopes.CompareGrants(p.now, predict(a))
		return &ch
	}
	for i, r := range p.rows {
		p.right[i] = effect(r, +1)
		if r.kind != rowAddOn { // an add-on is one toggle, shown once
			p.left[i] = effect(r, -1)
		}
	}
}

// move applies the focused row's change in direction dir.
func (p *picker) move(c *common.Common, sel scopes.Selection, dir int) {
	r := p.rows[p.cursor]
	a, ok := p.step(r, dir)
	if !ok {
		return
	}
	if r.kind == rowPreset {
		p.preset += dir
		if p.preset < 0 || p.preset >= len(p.presets) {
			p.preset = len(p.presets) - 1
		}
	}
	p.acct = a
	p.recompute(c, sel)
}

// Picker bindings, shown in the help bar while the modal is open.
var (
	pickerApply  = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply"))
	pickerCancel = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel"))
	pickerChange = key.NewBinding(key.WithKeys("left", "right", "h", "l", " "), key.WithHelp("←/→", "change"))
)

// pickerHelp is the help bar while the picker is open.
func pickerHelp(k KeyMap) modalKeys {
	return modalKeys{k.Up, k.Down, pickerChange, pickerApply, pickerCancel}
}

// handlePicker moves between rows, changes the focused one, applies or cancels.
func (m Model) handlePicker(msg tea.KeyMsg) (Model, tea.Cmd) {
	p := &m.picker
	switch s := msg.String(); {
	case s == "esc":
		m.mode = modeBrowse
		return m, nil
	case s == "enter":
		m.mode = modeBrowse
		m.setAccount(p.acct)
		m.refilter()
		changed := m.changed()
		return m, tea.Batch(changed, common.Status(common.LevelInfo, "target account: "+p.acct.Name))
	case key.Matches(msg, m.keys.Up):
		p.cursor = max(p.cursor-1, 0)
	case key.Matches(msg, m.keys.Down):
		p.cursor = min(p.cursor+1, len(p.rows)-1)
	case s == "left" || s == "h":
		p.move(m.c, m.sel, -1)
	case s == "right" || s == "l" || s == " ":
		p.move(m.c, m.sel, +1)
	}
	return m, nil
}

// label and value of a row as the picker shows them.
func (p picker) labelValue(r pickerRow) (string, string) {
	switch r.kind {
	case rowHub:
		return r.hub.Title(), p.acct.Tier(r.hub).String()
	case rowAddOn:
		box := "[ ]"
		if p.acct.Has(r.addOn) {
			box = "[x]"
		}
		return r.addOn.Title(), box
	case rowKindOfAccount:
		return "Kind", p.acct.Kind.Title()
	}
	if p.preset >= 0 {
		return "Preset", p.presets[p.preset].ID
	}
	return "Preset", "←/→ to pick"
}

// view renders the modal in the screen's area: a header, then as many rows
// as fit, scrolled to keep the cursor in view.
func (p picker) view(c *common.Common) string {
	st := c.Styles
	lines := []string{
		st.Title.Render("Target account ") + st.Accent.Render(p.acct.ID),
		st.Muted.Render("↑/↓ choose · ←/→ change (space toggles an add-on) · enter apply · esc cancel"),
		p.outcome(c),
		"",
	}
	labelW, valueW := 24, 22
	if c.Width < 100 {
		labelW, valueW = 20, 17
	}
	h := max(1, c.Height-len(lines))
	start := max(0, min(p.cursor-h/2, len(p.rows)-h))
	for i := start; i < len(p.rows) && i < start+h; i++ {
		label, value := p.labelValue(p.rows[i])
		cur := "  "
		if i == p.cursor {
			cur, value = st.Cursor.Render("› "), st.Selected.Render(value)
		}
		line := cur + text.PadRight(ansi.Truncate(label, labelW-1, "…"), labelW) + text.PadRight(value, valueW)
		for _, e := range []struct {
			arrow string
			ch    *scopes.GrantChange
		}{{"← ", p.left[i]}, {"→ ", p.right[i]}} {
			if e.ch != nil {
				line += " " + effectStyle(c, *e.ch).Render(e.arrow+e.ch.String())
			}
		}
		lines = append(lines, line)
	}
	for i := range lines {
		lines[i] = ansi.Truncate(lines[i], c.Width, "…")
	}
	return strings.Join(lines, "\n")
}

// outcome is the install prediction on the working account.
func (p picker) outcome(c *common.Common) string {
	st := c.Styles
	g := p.now
	switch {
	case g.Fails && len(g.Failing) == 0:
		return st.Error.Render("Install fails: " + strings.Join(g.Failures, " "))
	case g.Fails:
		return st.Error.Render("Install fails: " + strings.Join(g.Failing, ", "))
	case len(g.Dropped) > 0:
		return st.Warn.Render(fmt.Sprintf("Installs with %d scopes; drops %s", len(g.Granted), strings.Join(g.Dropped, ", ")))
	}
	return st.OK.Render(fmt.Sprintf("Installs with all %d scopes", len(g.Granted)))
}

// effectStyle colours an effect: failures red, losses yellow, gains green, nothing muted.
func effectStyle(c *common.Common, ch scopes.GrantChange) lipgloss.Style {
	st := c.Styles
	switch {
	case ch.Breaks || len(ch.Blocked) > 0:
		return st.Error
	case len(ch.Unblocked) > 0:
		return st.Warn
	case ch.StillFails:
		return st.Muted
	case len(ch.Lost) > 0:
		return st.Warn
	case len(ch.Gained) == 0 && !ch.Fixes:
		return st.Muted
	}
	return st.OK
}
