package catalog

import (
	"fmt"
	"strings"

	"github.com/hsoauth/hsoauth/scopes"
	"github.com/hsoauth/hsoauth/ui/components/text"
	"github.com/hsoauth/hsoauth/ui/styles"
)

// detailsView renders the highlighted scope: what it unlocks, its APIs, the verdict on the target account,
// and (when tall enough) the availability matrix, notes and related scopes. The content is cut to h lines.
func (m Model) detailsView(w, h int, framed bool) string {
	st := m.c.Styles
	s, ok := m.current()
	inner := w
	if framed {
		inner = w - st.Pane.GetHorizontalFrameSize()
	}
	var lines []string
	if !ok {
		lines = []string{st.Muted.Render("No scope highlighted.")}
	} else {
		lines = m.detailLines(s, inner, h)
	}
	if framed {
		innerH := h - st.Pane.GetVerticalFrameSize()
		if len(lines) > innerH {
			lines = lines[:innerH]
		}
		return st.Pane.Width(inner + st.Pane.GetHorizontalPadding()).Height(innerH).Render(strings.Join(lines, "\n"))
	}
	rule := st.Muted.Render(strings.Repeat("─", w))
	lines = append([]string{rule}, lines...)
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// detailLines is the pane's content, most important first so a short pane keeps what matters.
func (m Model) detailLines(s scopes.Scope, w, h int) []string {
	st := m.c.Styles
	wrap := func(s string) []string { return text.Wrap(s, w) }
	sub := st.Muted.Render(fmt.Sprintf("%s · %s", s.Group, s.Access))
	if r := m.sel.Of(s.Name); r != scopes.ReqNone {
		sub += "  " + st.Accent.Render("["+r.String()+"]")
	}
	lines := []string{st.Title.Render(s.Name), sub}
	lines = append(lines, wrap(s.Description)...)
	if len(s.APIs) > 0 {
		lines = append(lines, wrap(st.Muted.Render("APIs: ")+strings.Join(s.APIs, ", "))...)
	}
	eps := m.endpointSummary(s)
	if eps.summary != "" {
		lines = append(lines, wrap(eps.summary)...)
	}
	v := s.AvailableOn(m.account)
	mark := st.OK.Render("✓ ")
	if !v.OK {
		mark = st.Error.Render("✗ ")
	}
	lines = append(lines, wrap(mark+v.Reason)...)
	lines = append(lines, wrap(st.Muted.Render("Granted by: ")+s.Availability.String()+
		st.Muted.Render(" ("+string(s.Provenance.Confidence)+")"))...)
	lines = append(lines, provenanceLines(m, s, wrap)...)
	if tags := tagLine(s); tags != "" {
		lines = append(lines, st.Warn.Render(tags))
	}
	if h >= 16 {
		lines = append(lines, "")
		lines = append(lines, matrix(m, s)...)
	}
	for _, n := range s.Notes {
		lines = append(lines, wrap(st.Muted.Render("• ")+n)...)
	}
	if room := h - len(lines) - 3; room > 0 && len(eps.groups) > 0 {
		lines = append(lines, "")
		lines = append(lines, m.endpointLines(eps, w, room)...)
	}
	if len(s.Related) > 0 { // last: a short pane keeps the endpoints over the related names
		lines = append(lines, wrap(st.Muted.Render("Related: ")+strings.Join(s.Related, ", "))...)
	}
	return lines
}

// tagLine names the scope's sensitivity and legacy status in words.
func tagLine(s scopes.Scope) string {
	var t []string
	switch s.Sensitivity {
	case scopes.SensitivitySensitive:
		t = append(t, "sensitive data: Enterprise hub + Super Admin; public apps need HubSpot's allow-listing")
	case scopes.SensitivityHighly:
		t = append(t, "highly sensitive data: Enterprise hub + Super Admin; public apps need HubSpot's allow-listing")
	}
	if s.Deprecated && s.DeprecatedSince != "" {
		t = append(t, "deprecated since "+s.DeprecatedSince)
	} else if s.Deprecated {
		t = append(t, "deprecated")
	} else if s.Legacy {
		t = append(t, "legacy: new apps may not get it")
	}
	return strings.Join(t, " · ")
}

// matrix is the compact hub × tier availability grid. A cell is ✓ when that hub at that tier grants the
// scope alone, "+add-on" when it does only with an add-on (the rule line names which), · when never.
func matrix(m Model, s scopes.Scope) []string {
	st := m.c.Styles
	tiers := []scopes.Tier{scopes.TierFree, scopes.TierStarter, scopes.TierProfessional, scopes.TierEnterprise}
	lines := []string{st.Muted.Render(fmt.Sprintf("%-14s %-8s %-8s %-8s %-8s", "", "Free", "Starter", "Pro", "Ent"))}
	for _, h := range scopes.Hubs() {
		row := fmt.Sprintf("%-14s", h.Title())
		for _, t := range tiers {
			row += " " + matrixCell(st, s, h, t)
		}
		lines = append(lines, row)
	}
	return lines
}

// matrixCell asks the availability rules about one hub at one tier, first without add-ons, then with all.
func matrixCell(st styles.Styles, s scopes.Scope, h scopes.Hub, t scopes.Tier) string {
	bare := scopes.Account{Hubs: map[scopes.Hub]scopes.Tier{h: t}, Kind: scopes.KindStandard}
	withAddOns := bare
	withAddOns.AddOns = scopes.AddOns()
	switch {
	case s.AvailableOn(bare).OK:
		return st.OK.Render("✓       ")
	case s.AvailableOn(withAddOns).OK:
		return st.Warn.Render("+add-on ")
	}
	return st.Muted.Render("·       ")
}

// provenanceLines say where the availability rule comes from (how sure it is
// rides on the "Granted by" line) and what older sources said before a newer
// one overrode them.
func provenanceLines(m Model, s scopes.Scope, wrap func(string) []string) []string {
	st := m.c.Styles
	p := s.Provenance
	src := p.AvailabilitySource
	if src == "" {
		src = "unknown"
	}
	lines := wrap(st.Muted.Render("Source: ") + src)
	for _, o := range p.Older {
		lines = append(lines, wrap(st.Muted.Render("Before: ")+o)...)
	}
	return lines
}
