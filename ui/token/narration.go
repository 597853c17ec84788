package token

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/hsoauth/hsoauth/ui/narrate"
)

// Narration is the presenter-mode line for the token's current state: its life, what is in flight, and
// the last answer. It reads counts and names only, never a token.
func (m Model) Narration() string {
	n := narrate.Token{HasToken: m.rec != nil, Busy: m.busy, Confirm: m.confirm, AutoRefresh: m.auto,
		Margin: m.margin, FastForward: m.ffTotal}
	if r := m.rec; r != nil {
		n.HubID, n.Left, n.Revoked = r.HubID, r.ExpiresAt.Sub(m.now), r.RefreshToken == ""
		granted := map[string]bool{}
		for _, s := range r.Scopes {
			granted[s] = true
		}
		n.Granted, n.Requested = len(r.Scopes), len(r.RequestedScopes)
		for _, s := range r.OptionalScopes {
			if !granted[s] {
				n.Dropped++
			}
		}
	}
	if t := strings.TrimSuffix(ansi.Strip(m.result.title), "…"); t != "" && !strings.HasSuffix(m.result.title, "…") {
		n.Result = "The last answer: " + t
	}
	return n.Text()
}
