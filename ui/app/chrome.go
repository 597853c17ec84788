package app

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/hsoauth/hsoauth/ui/common"
	"github.com/hsoauth/hsoauth/ui/components/text"
)

// chromeHeight is the lines the root draws around a screen: title bar, status line and help bar, plus the
// two narration lines in presenter mode.
func (m Model) chromeHeight() int {
	if m.c.Presenter {
		return 3 + narrationLines
	}
	return 3
}

// titleBar names the app and the screens, the active one highlighted, and says sandbox or real.
func (m Model) titleBar() string {
	st := m.c.Styles
	parts := []string{st.Title.Render("hsoauth")}
	for i, s := range []common.Screen{common.ScreenCatalog, common.ScreenReview, common.ScreenAuthorize, common.ScreenToken} {
		label := string(rune('1'+i)) + " " + s.String()
		if s == m.active {
			parts = append(parts, st.Selected.Underline(true).Render(label))
		} else {
			parts = append(parts, st.Muted.Render(label))
		}
	}
	if m.active == common.ScreenTrace {
		parts = append(parts, st.Selected.Underline(true).Render("Flow trace"))
	}
	left := strings.Join(parts, "  ")
	badge := st.StatusReal.Render("REAL HUBSPOT")
	if m.info.Sandbox {
		badge = st.StatusSandbox.Render("SANDBOX")
	}
	gap := max(m.width-ansi.StringWidth(left)-ansi.StringWidth(badge), 1)
	return text.Truncate(left+strings.Repeat(" ", gap)+badge, m.width)
}

// statusLines is the most lines a status message may take; the screen lends them.
const statusLines = 3

// statusLine shows the last status message (word-wrapped, on up to statusLines lines), or the profile,
// mode and portal.
func (m Model) statusLine() string {
	st := m.c.Styles
	if m.status.Text != "" {
		style := st.Info
		switch m.status.Level {
		case common.LevelOK:
			style = st.OK
		case common.LevelWarn:
			style = st.Warn
		case common.LevelError:
			style = st.Error
		}
		lines := text.Wrap(m.status.Text, m.width)
		if len(lines) > statusLines {
			lines = lines[:statusLines]
			lines[statusLines-1] = ansi.Truncate(lines[statusLines-1], m.width-1, "") + text.Ellipsis
		}
		for i, l := range lines {
			lines[i] = style.Render(l)
		}
		return strings.Join(lines, "\n")
	}
	kv := func(k, v string) string { return st.StatusKey.Render(k+" ") + st.StatusValue.Render(v) }
	parts := []string{kv("profile", m.info.Profile)}
	if m.info.Sandbox {
		parts = append(parts, kv("sandbox", m.info.BaseURL))
	}
	parts = append(parts, kv("account", m.s.Catalog.Account().ID))
	if m.portal != "" {
		parts = append(parts, kv("portal", m.portal))
	}
	return text.Truncate(strings.Join(parts, st.Muted.Render(" · ")), m.width)
}

// helpBar is built from the active screen's bindings and the global ones, so it only shows what works now.
func (m Model) helpBar() string {
	var bindings []key.Binding
	if m.capturing() {
		bindings = m.screenKeys().ShortHelp()
	} else {
		bindings = append(m.screenKeys().ShortHelp(), m.c.Keys.ShortHelp()...)
	}
	m.help.Width = m.width
	// bubbles' help still adds an item when its ellipsis does not fit the rest of the line, so it can
	// run past the edge by a few items: cut it to the width here.
	return text.Truncate(m.help.ShortHelpView(bindings), m.width)
}

// fullHelpView is the `?` view: every binding of the screen and the app, in columns when they fit the
// drawing area, else packed into wrapped lines, so no binding is cut off on a small terminal.
func (m Model) fullHelpView() string {
	st := m.c.Styles
	m.help.Width = 0 // natural width, to judge whether the columns fit
	view := st.Title.Render("Keys on "+m.active.String()) + "\n\n" + m.help.FullHelpView(m.screenKeys().FullHelp()) +
		"\n\n" + st.Title.Render("Everywhere") + "\n\n" + m.help.FullHelpView(m.c.Keys.FullHelp()) +
		"\n\n" + st.Muted.Render("? or esc closes this help")
	if lipgloss.Width(view) <= m.c.Width && lipgloss.Height(view) <= m.c.Height {
		return view
	}
	lines := []string{st.Title.Render("Keys on " + m.active.String())}
	lines = append(lines, m.packedHelp(m.screenKeys().FullHelp())...)
	lines = append(lines, "", st.Title.Render("Everywhere"))
	lines = append(lines, m.packedHelp(m.c.Keys.FullHelp())...)
	return strings.Join(append(lines, st.Muted.Render("? or esc closes this help")), "\n")
}

// packedHelp lists each group's enabled bindings as "key what" items packed into lines of the width.
func (m Model) packedHelp(groups [][]key.Binding) []string {
	st := m.c.Styles
	var lines []string
	for _, g := range groups {
		var items []string
		for _, b := range g {
			if b.Enabled() {
				items = append(items, st.HelpKey.Render(b.Help().Key)+" "+st.HelpDesc.Render(b.Help().Desc))
			}
		}
		if len(items) > 0 {
			lines = append(lines, text.Pack(items, st.Muted.Render(" · "), m.c.Width)...)
		}
	}
	return lines
}

// place fits the screen's view into exactly the drawing area, so the chrome never moves.
func place(view string, w, h int) string {
	return lipgloss.JoinVertical(lipgloss.Left, strings.Split(text.Fit(view, w, h), "\n")...)
}

// portalLabel names a portal in the status line.
func portalLabel(hubID int, domain string) string {
	if domain == "" {
		return fmt.Sprint(hubID)
	}
	return fmt.Sprintf("%d %s", hubID, domain)
}
