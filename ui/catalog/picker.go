package catalog

import (
	"fmt"
	"strings"

	"github.com/hsoauth/hsoauth/ui/components/text"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/hsoauth/hsoauth/scopes"
	"github.com/hsoauth/hsoauth/ui/common"
)

// picker is the target-account modal: a preset plus add-ons, each preset annotated with what it would do to
// the current selection, so the account that fits is visible before it is chosen.
type picker struct {
	presets []scopes.Account
	verdict []string // per preset, e.g. "fails: automation" / "drops 2" / "ok"
	fails   []bool
	cursor  int
	addOns  map[scopes.AddOn]bool
}

// addOnKeys maps a key to the add-on it toggles.
var addOnKeys = []struct {
	key   string
	addOn scopes.AddOn
}{{"w", scopes.AddOnWebsite}, {"t", scopes.AddOnTransactionalEmail}, {"b", scopes.AddOnBusinessUnits}, {"s", scopes.AddOnSensitiveData}}

func newPicker(c *common.Common, current scopes.Account, sel scopes.Selection) picker {
	p := picker{presets: scopes.Presets(), addOns: map[scopes.AddOn]bool{}}
	for _, a := range current.AddOns {
		p.addOns[a] = true
	}
	base := strings.SplitN(current.ID, "+", 2)[0]
	for i, a := range p.presets {
		if a.ID == base {
			p.cursor = i
		}
	}
	p.recompute(c, sel)
	return p
}

// recompute annotates every preset (with the chosen add-ons) with the predicted install result.
func (p *picker) recompute(c *common.Common, sel scopes.Selection) {
	p.verdict = make([]string, len(p.presets))
	p.fails = make([]bool, len(p.presets))
	for i := range p.presets {
		a, err := scopes.ParseAccount(p.id(i))
		if err != nil {
			p.verdict[i] = err.Error()
			continue
		}
		g := c.Catalog.Predict(sel.ScopeParam(), sel.OptionalParam(), a)
		switch {
		case g.Fails:
			p.fails[i] = true
			p.verdict[i] = "install fails"
		case len(g.Dropped) > 0:
			p.verdict[i] = "drops " + strings.Join(g.Dropped, ", ")
		default:
			p.verdict[i] = "installs"
		}
	}
}

// id is the account id of preset i with the chosen add-ons.
func (p picker) id(i int) string {
	id := p.presets[i].ID
	for _, k := range addOnKeys {
		if p.addOns[k.addOn] {
			id += "+" + string(k.addOn)
		}
	}
	return id
}

// handlePicker moves through presets, toggles add-ons, applies or cancels.
func (m Model) handlePicker(msg tea.KeyMsg) (Model, tea.Cmd) {
	p := &m.picker
	switch {
	case msg.String() == "esc":
		m.mode = modeBrowse
		return m, nil
	case msg.String() == "enter":
		a, err := scopes.ParseAccount(p.id(p.cursor))
		m.mode = modeBrowse
		if err != nil {
			return m, common.Status(common.LevelError, err.Error())
		}
		m.setAccount(a)
		m.refilter()
		changed := m.changed()
		return m, tea.Batch(changed, common.Status(common.LevelInfo, "target account: "+a.Name))
	case key.Matches(msg, m.keys.Up):
		p.cursor = max(p.cursor-1, 0)
	case key.Matches(msg, m.keys.Down):
		p.cursor = min(p.cursor+1, len(p.presets)-1)
	default:
		for _, k := range addOnKeys {
			if msg.String() == k.key {
				p.addOns[k.addOn] = !p.addOns[k.addOn]
				p.recompute(m.c, m.sel)
			}
		}
	}
	return m, nil
}

// view renders the modal in the screen's area.
func (p picker) view(c *common.Common) string {
	st := c.Styles
	lines := []string{st.Title.Render("Target account"), st.Muted.Render("↑/↓ choose · w/t/b/s toggle add-ons · enter apply · esc cancel"), ""}
	addOns := make([]string, 0, len(addOnKeys))
	for _, k := range addOnKeys {
		box := "[ ]"
		if p.addOns[k.addOn] {
			box = st.Accent.Render("[x]")
		}
		addOns = append(addOns, fmt.Sprintf("%s %s %s", st.HelpKey.Render(k.key), box, k.addOn))
	}
	lines = append(lines, "Add-ons: "+strings.Join(addOns[:2], "  "), "         "+strings.Join(addOns[2:], "  "), "")
	for i := range lines {
		lines[i] = ansi.Truncate(lines[i], c.Width, "…")
	}
	h := c.Height - len(lines)
	start := max(0, min(p.cursor-h/2, len(p.presets)-h))
	for i := start; i < len(p.presets) && i < start+h; i++ {
		cur, name := "  ", p.presets[i].ID
		if i == p.cursor {
			cur, name = st.Cursor.Render("› "), st.Selected.Render(name)
		}
		v := st.OK.Render(p.verdict[i])
		if p.fails[i] {
			v = st.Error.Render(p.verdict[i])
		} else if strings.HasPrefix(p.verdict[i], "drops") {
			v = st.Warn.Render(p.verdict[i])
		}
		lines = append(lines, ansi.Truncate(cur+text.PadRight(name, 34)+" "+v, c.Width, "…"))
	}
	return strings.Join(lines, "\n")
}
