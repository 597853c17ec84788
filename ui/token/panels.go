package token

import (
	"strconv"
	"strings"

	txt "github.com/hsoauth/hsoauth/ui/components/text"
)

// confirmLines is the revoke confirmation: what revoking does and, as importantly, what it does not do.
func (m Model) confirmLines(w int) []string {
	st := m.c.Styles
	until := m.rec.ExpiresAt.Local().Format("15:04:05")
	body := []string{
		st.Warn.Render("Revoke the refresh token?"),
		"",
		st.Bold.Render("It does: ") + "revoke the refresh token at HubSpot, so this install can no longer get new access tokens.",
		st.Bold.Render("It does not: ") + "stop the access token, which keeps working until it expires at " + until + ";",
		"nor uninstall the app: it stays installed in hub " + itoa(m.rec.HubID) + " (uninstall it in HubSpot's Connected Apps settings).",
		"",
		st.HelpKey.Render("y/enter") + st.HelpDesc.Render(" revoke   ") + st.HelpKey.Render("n/esc") + st.HelpDesc.Render(" keep it"),
	}
	inner := max(w-4, 20)
	var wrapped []string
	for _, l := range body {
		wrapped = append(wrapped, txt.Wrap(l, inner)...)
	}
	return append([]string{""}, strings.Split(st.Box.Width(inner+2).Render(strings.Join(wrapped, "\n")), "\n")...)
}

// emptyView explains how to get a token when there is none yet.
func (m Model) emptyView() string {
	st := m.c.Styles
	lines := []string{
		st.Header.Render("No token yet"),
		"",
		"A token appears here after a login, with a live countdown. To get one:",
		"",
		"  " + st.Accent.Render("1") + "  go to the catalog, mark the scopes your app needs (r required, o optional)",
		"  " + st.Accent.Render("2") + "  press enter to review the authorize URL and what each account grants",
		"  " + st.Accent.Render("3") + "  authorize: in a browser, or in the sandbox right here in the terminal",
		"",
		st.Muted.Render("Then refresh it, try an API call and revoke it, all from this screen."),
	}
	var out []string
	for _, l := range lines {
		out = append(out, txt.Wrap(l, m.c.Width)...)
	}
	return strings.Join(out, "\n")
}

// clip bounds a rendered block to w x h cells, with an ellipsis where a line is cut.
func clip(s string, w, h int) string { return txt.Bound(s, w, h) }

func itoa(n int) string { return strconv.Itoa(n) }
