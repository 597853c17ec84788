package review

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// View draws the header line and, below it, the scrolling content or the QR code.
func (m Model) View() string {
	w, h := m.c.Width, max(m.c.Height-1, 1)
	body := ""
	if m.showQR {
		body = m.qrView(w, h)
	} else {
		body = m.vp.View() // laid out in Update: the root sends a size message on resizes and presenter toggles
	}
	return m.header(w) + "\n" + clip(body, h)
}

// clip keeps the first h lines of s.
func clip(s string, h int) string {
	lines := strings.SplitN(s, "\n", h+1)
	if len(lines) > h {
		lines = lines[:h]
	}
	return strings.Join(lines, "\n")
}

// header is the one fixed line: the hub id input while editing, else where the URL installs and the
// scroll position.
func (m Model) header(w int) string {
	st := m.c.Styles
	if m.editing {
		hint := st.Muted.Render("  enter set · esc cancel · empty = any account")
		return ansi.Truncate(m.hub.View()+hint, w, "…")
	}
	left := st.Header.Render("Review") + st.Muted.Render(" · target "+m.account.ID+" · ")
	if m.hubID > 0 {
		left += st.Accent.Render(fmt.Sprintf("hub %d", m.hubID))
	} else {
		left += st.Muted.Render("any portal")
	}
	right := ""
	if !m.showQR && m.vp.TotalLineCount() > m.vp.Height {
		right = st.Muted.Render(fmt.Sprintf("%3.0f%%", m.vp.ScrollPercent()*100))
	}
	gap := max(w-ansi.StringWidth(left)-ansi.StringWidth(right), 1)
	return ansi.Truncate(left+strings.Repeat(" ", gap)+right, w, "…")
}

// qrView is the QR code of the URL when it fits in w x h, else how large the terminal must be.
func (m Model) qrView(w, h int) string {
	st := m.c.Styles
	if m.qrErr != nil {
		return st.Error.Render(ansi.Wrap("The URL is too long for a QR code: "+m.qrErr.Error(), w, ""))
	}
	lines := strings.Split(m.qr, "\n")
	qw, qh := ansi.StringWidth(lines[0]), len(lines)
	if qw > w || qh+1 > h {
		chrome := 3 // the root's title, status and help lines
		if m.c.Presenter {
			chrome = 4
		}
		msg := fmt.Sprintf("The QR code needs %d columns by %d rows, and this screen area is %d by %d. "+
			"Make the terminal at least %d columns by %d rows (or use a smaller font), or copy the URL with y. "+
			"Q or esc hides this.", qw, qh+1, w, h, max(qw, 80), qh+2+chrome)
		return st.Warn.Render(ansi.Wrap(msg, w, ""))
	}
	caption := st.Muted.Render("Scan to open the URL on a phone. Q or esc hides it.")
	pad := strings.Repeat(" ", max((w-qw)/2, 0))
	return ansi.Truncate(caption, w, "…") + "\n" + pad + strings.Join(lines, "\n"+pad)
}
