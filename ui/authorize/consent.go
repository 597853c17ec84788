package authorize

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/hsoauth/hsoauth/scopes"
	"github.com/hsoauth/hsoauth/session"
	"github.com/hsoauth/hsoauth/ui/common"
	txt "github.com/hsoauth/hsoauth/ui/components/text"
)

// consent is the sandbox's consent page played in the terminal: a portal, a user, then grant or deny.
type consent struct {
	portals []session.Portal
	verdict []string // per portal: what this selection would do there
	level   []int    // 0 installs, 1 drops, 2 fails
	cursor  int
	viewer  bool   // the user without App Marketplace Access instead of the Super Admin
	busy    bool   // a decision is being sent
	err     string // the consent page's last refusal, explained
	detail  string // what to do about it
}

// newConsent annotates each portal with the predicted install and preselects the attempt's hub, if any.
func newConsent(c *common.Common, portals []session.Portal, sel scopes.Selection, hubID int) consent {
	cs := consent{portals: portals, verdict: make([]string, len(portals)), level: make([]int, len(portals))}
	for i, p := range portals {
		g := c.Catalog.Predict(sel.ScopeParam(), sel.OptionalParam(), p.Account)
		switch {
		case g.Fails:
			cs.verdict[i], cs.level[i] = "install fails: "+strings.Join(g.Failures, "; "), 2
		case len(g.Dropped) > 0:
			cs.verdict[i], cs.level[i] = "drops "+strings.Join(g.Dropped, ", "), 1
		default:
			cs.verdict[i] = fmt.Sprintf("installs, grants %d", len(g.Granted))
		}
		if p.HubID == hubID {
			cs.cursor = i
		}
	}
	return cs
}

// user is the consent-page user the sandbox understands.
func (cs consent) user() string {
	if cs.viewer {
		return "viewer"
	}
	return "admin"
}

// handleConsent moves through portals, switches the user, and grants or denies.
func (m Model) handleConsent(msg tea.KeyMsg) (Model, tea.Cmd) {
	k, cs := m.keys, &m.consent
	if cs.busy {
		return m, nil
	}
	switch {
	case key.Matches(msg, k.Close):
		m.overlay = overlayNone
	case key.Matches(msg, k.Up):
		cs.cursor = max(cs.cursor-1, 0)
	case key.Matches(msg, k.Down):
		cs.cursor = min(cs.cursor+1, len(cs.portals)-1)
	case key.Matches(msg, k.User):
		cs.viewer = !cs.viewer
	case key.Matches(msg, k.Grant), key.Matches(msg, k.Deny):
		if len(cs.portals) == 0 {
			return m, nil
		}
		grant := key.Matches(msg, k.Grant)
		cs.busy, cs.err, cs.detail = true, "", ""
		hub := cs.portals[cs.cursor].HubID
		return m, consentCmd(m.flow, hub, cs.user(), grant, m.seq)
	}
	return m, nil
}

// onConsentError keeps the page open on a refusal (another portal or user may work); a grant or a denial
// ended the flow (err nil), and its result arrives as a resultMsg.
func (m Model) onConsentError(err error) (Model, tea.Cmd) {
	m.consent.busy = false
	if err == nil {
		return m, nil
	}
	ex := session.Explain(err)
	m.consent.err, m.consent.detail = ex.What, ex.Next
	return m, common.Status(common.LevelError, ex.What)
}

// consentView draws the consent page in w x h.
func (m Model) consentView(w, h int) string {
	st, cs := m.c.Styles, m.consent
	admin, viewer := st.Selected.Render("(•) Super Admin"), st.Muted.Render("( ) viewer without App Marketplace Access")
	if cs.viewer {
		admin, viewer = st.Muted.Render("( ) Super Admin"), st.Selected.Render("(•) viewer without App Marketplace Access")
	}
	head := []string{
		st.Title.Render("Approve in the terminal") + st.Muted.Render("  the sandbox's consent page"),
		"User (u): " + admin + "  " + viewer,
	}
	var tail []string
	if cs.busy {
		tail = append(tail, m.spin.View()+" sending the decision…")
	}
	if cs.err != "" {
		tail = append(tail, wrap(st.Error.Render(cs.err), w)...)
		if cs.detail != "" {
			tail = append(tail, wrap(st.Muted.Render(cs.detail), w)...)
		}
	}
	tail = append(tail, st.Muted.Render("g grant · d deny · ↑/↓ portal · u user · esc back"))
	rows := max(h-len(head)-len(tail)-1, 1)
	lines := append(head, "Portal:")
	start := max(0, min(cs.cursor-rows/2, len(cs.portals)-rows))
	for i := start; i < len(cs.portals) && i < start+rows; i++ {
		lines = append(lines, m.portalRow(i, w))
	}
	return strings.Join(append(lines, tail...), "\n")
}

// portalRow is one portal: hub id, domain, account type and what the install would do there.
func (m Model) portalRow(i, w int) string {
	st, cs := m.c.Styles, m.consent
	p := cs.portals[i]
	acctW := 0
	for _, q := range cs.portals {
		acctW = max(acctW, len(q.Account.ID))
	}
	// On a narrow screen the account id gives way before the verdict does (20 cells stay for it).
	acctW = min(acctW, 34, max(w-2-10-1-20, 8))
	acct := txt.Truncate(p.Account.ID, acctW)
	name := fmt.Sprintf("%-9d %s", p.HubID, txt.PadRight(acct, acctW))
	if w >= 110 { // room for the portal's domain too
		name = fmt.Sprintf("%-9d %-32s %s", p.HubID, txt.Truncate(p.Domain, 32), txt.PadRight(acct, acctW))
	}
	cur := "  "
	if i == cs.cursor {
		cur, name = st.Cursor.Render("› "), st.Selected.Render(name)
	}
	v := st.OK.Render(cs.verdict[i])
	switch cs.level[i] {
	case 1:
		v = st.Warn.Render(cs.verdict[i])
	case 2:
		v = st.Error.Render(cs.verdict[i])
	}
	return txt.Truncate(cur+name+" "+v, w)
}
