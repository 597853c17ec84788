package review

import (
	"github.com/hsoauth/hsoauth/scopes"
	"github.com/hsoauth/hsoauth/ui/narrate"
)

// Narration is the presenter-mode line for the review's current state.
func (m Model) Narration() string {
	n := narrate.Review{
		Required: len(m.sel.ScopeParam()), Optional: len(m.sel.OptionalParam()), HubID: m.hubID,
		URLError: m.urlErr != nil, EditingHub: m.editing, QR: m.showQR,
	}
	for _, f := range m.findings {
		switch f.Severity {
		case scopes.SevError:
			n.Errors++
		case scopes.SevWarning:
			n.Warnings++
		}
	}
	for _, g := range m.grants {
		if g.Fails {
			n.Fails++
		} else if len(g.Dropped) > 0 {
			n.Drops++
		}
	}
	return n.Text()
}
