package catalog

import (
	"github.com/hsoauth/hsoauth/scopes"
	"github.com/hsoauth/hsoauth/ui/narrate"
)

// Narration is the presenter-mode line for the catalog's current state.
func (m Model) Narration() string {
	n := narrate.Catalog{
		Account: m.account.Name, Required: len(m.sel.Required), Conditional: len(m.sel.ConditionallyRequired),
		Optional: len(m.sel.Optional), Query: m.query, Shown: m.shownScopes(),
		Filtering: m.mode == modeFilter, Picking: m.mode == modePicker, Importing: m.mode == modePath,
	}
	for _, f := range m.findings {
		if f.Severity == scopes.SevError {
			n.Errors++
		}
	}
	if m.cursor >= 0 && m.cursor < len(m.items) && m.items[m.cursor].scope >= 0 {
		i := m.items[m.cursor].scope
		n.Highlight, n.HighlightAvailable = m.all[i].Name, m.available[i]
	}
	return n.Text()
}

// shownScopes counts the scopes the filter lets through (headings aside).
func (m Model) shownScopes() int {
	n := 0
	for _, it := range m.items {
		if it.scope >= 0 {
			n++
		}
	}
	return n
}
