package review

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/hsoauth/hsoauth/ui/components/qrcode"
	"github.com/hsoauth/hsoauth/ui/components/text"
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
	return m.header(w) + "\n" + text.Bound(body, w, h)
}

// header is the one fixed line: the hub id input while editing, else where the URL installs and the
// scroll position.
func (m Model) header(w int) string {
	st := m.c.Styles
	if m.editing {
		hint := st.Muted.Render("  enter set · esc cancel · empty = any account")
		return text.Truncate(m.hub.View()+hint, w)
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
	return text.Truncate(left+strings.Repeat(" ", gap)+right, w)
}

// qrView is the QR code of the URL when it fits in w x h, else how large the terminal must be.
func (m Model) qrView(w, h int) string {
	st := m.c.Styles
	if m.qrErr != nil {
		return strings.Join(text.Styled(st.Error, text.Wrap("The URL is too long for a QR code: "+m.qrErr.Error(), w)), "\n")
	}
	caption := func(cw int) []string {
		return text.Styled(st.Muted, text.Wrap("The preview's QR code: its state is a placeholder, so scan the one on the Authorize screen to sign in. Q or esc hides it.", cw))
	}
	if lines, ok := qrcode.Place(m.qr, caption, w, h); ok {
		return strings.Join(lines, "\n")
	}
	lines := strings.Split(m.qr, "\n")
	qw, qh := ansi.StringWidth(lines[0]), len(lines)
	chrome := 4 // the root's title, status and help lines, and this screen's header
	if m.c.Presenter {
		chrome = 5
	}
	msg := fmt.Sprintf("The QR code needs %d columns by %d rows, and this screen area is %d by %d. "+
		"Make the terminal at least %d columns by %d rows (or use a smaller font). Q or esc hides this.",
		qw, qh, w, h, max(qw, 80), qh+chrome)
	return strings.Join(text.Styled(st.Warn, text.Wrap(msg, w)), "\n")
}
