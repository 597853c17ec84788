package authorize

import (
	"fmt"
	"strings"
	"time"

	"github.com/hsoauth/hsoauth/redact"
	txt "github.com/hsoauth/hsoauth/ui/components/text"

	"github.com/charmbracelet/x/ansi"
	"github.com/hsoauth/hsoauth/scopes"
	"github.com/hsoauth/hsoauth/session"
	"github.com/hsoauth/hsoauth/ui/components/qrcode"
)

// View draws the current phase, or the overlay with the focus, in c.Width x c.Height.
func (m Model) View() string {
	w, h := m.c.Width, m.c.Height
	var lines []string
	switch {
	case m.overlay == overlayConsent:
		lines = strings.Split(m.consentView(w, h), "\n")
	case m.overlay == overlayPaste:
		lines = m.pasteLines(w)
	case m.showQR && m.phase == phaseWaiting:
		lines = m.qrLines(w, h)
	default:
		lines = m.phaseLines(w, h)
	}
	return txt.Bound(strings.Join(lines, "\n"), w, h)
}

// phaseLines is the main view of each phase.
func (m Model) phaseLines(w, h int) []string {
	st := m.c.Styles
	switch m.phase {
	case phaseStarting:
		return []string{m.spin.View() + " Starting the callback server…"}
	case phaseWaiting:
		return m.waitingLines(w, h)
	case phaseExchanging:
		return []string{m.spin.View() + " HubSpot redirected back with a code; exchanging it for tokens…"}
	case phaseDone:
		r := m.rec
		who := fmt.Sprintf("hub %d", r.HubID)
		if r.HubDomain != "" {
			who += " (" + redact.Line(r.HubDomain) + ")"
		}
		if r.User != "" {
			who += " as " + redact.Line(r.User)
		}
		return append(wrap(st.OK.Render("✓ Signed in to "+who+"."), w),
			st.Muted.Render("The Token screen (4) shows the tokens. r signs in again."))
	case phaseFailed:
		lines := append([]string{st.Error.Render("✗ The sign-in did not finish")}, wrap(m.failure, w)...)
		return append(lines, "", st.Muted.Render("r try again · esc back to review"))
	}
	return m.idleLines(w)
}

// idleLines explains how an attempt starts.
func (m Model) idleLines(w int) []string {
	st := m.c.Styles
	lines := []string{st.Title.Render("Authorize"), ""}
	if m.sel.Len() == 0 {
		return append(lines, wrap("No scopes are selected yet. Mark them in the Catalog (1), check the URL in Review (2), then press enter there.", w)...)
	}
	text := "Ready to sign in with " + describeSelection(m.sel) + "."
	lines = append(lines, wrap(text, w)...)
	return append(lines, "", st.Muted.Render("r (or enter on Review) starts the callback server and opens the browser."))
}

// describeSelection lists the selection's scopes by requirement, in plain words.
func describeSelection(sel scopes.Selection) string {
	var parts []string
	for _, g := range []struct {
		names []string
		label string
	}{{sel.Required, "required"}, {sel.ConditionallyRequired, "conditionally required"}, {sel.Optional, "optional"}} {
		if len(g.names) > 0 {
			parts = append(parts, strings.Join(g.names, ", ")+" ("+g.label+")")
		}
	}
	return strings.Join(parts, "; ")
}

// waitingLines is the countdown, the URL and every fallback. When they do not all fit in h lines the
// fallbacks are listed compactly, then the URL (masked, so never the part to copy by hand) is shortened.
func (m Model) waitingLines(w, h int) []string {
	st := m.c.Styles
	head := m.spin.View() + " Waiting for HubSpot to redirect back  " + st.Accent.Render(m.timeLeft()+" left")
	listen := fmt.Sprintf("listening on localhost:%s · browser %s", m.port(), m.browser)
	if m.busy != "" {
		listen = "not listening · browser " + m.browser
	}
	top := append([]string{txt.Truncate(head, w)}, txt.Styled(st.Muted, txt.Wrap(listen, w))...)
	top = append(top, "")
	if m.busy != "" {
		top = append(top, txt.Styled(st.Warn, txt.Wrap(m.busy, w))...)
		top = append(top, "")
	}
	top = append(top, st.Header.Render("Sign in at:"))
	url := txt.WrapURL(displayURL(m.attempt), w)
	bottom := append([]string{"", st.Header.Render("If the browser is elsewhere:")}, m.fallbackLines(w)...)
	tail := m.sshHint(w)
	if len(top)+len(url)+len(bottom)+len(tail) > h {
		bottom = append(bottom[:2], m.compactFallbacks(w)...)
	}
	if room := h - len(top) - len(bottom) - len(tail); len(url) > room {
		url = append(url[:max(room-1, 0)], txt.Truncate("… (p prints it whole)", w))
	}
	lines := append(top, txt.Styled(st.Accent, url)...)
	return append(append(lines, bottom...), tail...)
}

// fallbackLines lists the fallbacks one per line, key and what it does.
func (m Model) fallbackLines(w int) []string {
	var lines []string
	for _, o := range m.fallbacks() {
		lines = append(lines, "  "+m.c.Styles.HelpKey.Render(txt.PadRight(o[0], 4))+txt.Truncate(o[1], w-6))
	}
	return lines
}

// fallbacks are the ways on when the browser is elsewhere: key and what it does.
func (m Model) fallbacks() [][2]string {
	opts := [][2]string{{"y", "copy the URL (OSC 52: tmux may drop it)"}, {"p", "print the full URL on one line (shows the state)"},
		{"Q", "show it as a QR code for a phone"}, {"v", "paste the address the browser ended on"}}
	if m.deps.OpenBrowser != nil {
		opts = append(opts, [2]string{"b", "open the browser again"})
	}
	if m.sandbox() {
		opts = append(opts, [2]string{"a", "approve in the terminal (sandbox consent page)"})
	}
	return append(opts, [2]string{"esc", "cancel"})
}

// compactFallbacks lists the fallbacks as "key short-name" items, word-wrapped.
func (m Model) compactFallbacks(w int) []string {
	opts := m.fallbacks()
	st := m.c.Styles
	short := map[string]string{"y": "copy", "p": "print URL", "Q": "QR code", "v": "paste redirect", "b": "browser",
		"a": "approve here", "esc": "cancel"}
	var items []string
	for _, o := range opts {
		items = append(items, o[0]+" "+short[o[0]])
	}
	return txt.Styled(st.HelpDesc, txt.Pack(items, " · ", w))
}

// sshHint is the port-forwarding command to run first, over SSH.
func (m Model) sshHint(w int) []string {
	if !m.deps.Remote.SSH {
		return nil
	}
	host := m.deps.Host
	if host == "" {
		host = "you@this-host"
	}
	hint := fmt.Sprintf("Over SSH, forward the callback port first, from your own machine: ssh -L %s:localhost:%s %s", m.port(), m.port(), host)
	return append([]string{""}, txt.Styled(m.c.Styles.Warn, txt.Wrap(hint, w))...)
}

// timeLeft is the countdown as mm:ss, from the last tick.
func (m Model) timeLeft() string {
	left := m.deadline.Sub(m.now) // real time: the flow times out on the wall clock, not the sandbox's
	left = max(left, 0).Round(time.Second)
	return fmt.Sprintf("%02d:%02d", int(left.Minutes()), int(left.Seconds())%60)
}

// pasteLines is the paste input with what to paste.
func (m Model) pasteLines(w int) []string {
	st := m.c.Styles
	lines := []string{st.Title.Render("Paste the redirected URL"), ""}
	lines = append(lines, wrap("After you approve, the browser goes to "+m.attempt.RedirectURI+"?code=…&state=… (and may show an error page if nothing listens there). Copy that whole address and paste it here; it is checked like the callback server would.", w)...)
	n := len([]rune(m.paste.Value()))
	hint := fmt.Sprintf("%d characters, hidden: they hold the one-time code · enter use it · esc back", n)
	return append(append(lines, "", m.paste.View()), txt.Styled(st.Muted, wrap(hint, w))...)
}

// qrLines is the QR code of the attempt's URL, or how large the terminal must be for it.
func (m Model) qrLines(w, h int) []string {
	st := m.c.Styles
	if m.qrErr != nil {
		return wrap(st.Error.Render("The URL is too long for a QR code; print it with p or copy it with y instead."), w)
	}
	caption := func(cw int) []string {
		return txt.Styled(st.Muted, txt.Wrap("Scan to open the sign-in URL on a phone ("+m.timeLeft()+" left). Q or esc hides it.", cw))
	}
	if lines, ok := qrcode.Place(m.qr, caption, w, h); ok {
		return lines
	}
	rows := strings.Split(m.qr, "\n")
	qw := ansi.StringWidth(rows[0])
	chrome := 3
	if m.c.Presenter {
		chrome = 4
	}
	msg := fmt.Sprintf("The QR code needs %d columns by %d rows; this screen area is %d by %d. Make the terminal at least %d by %d (or use a smaller font), or print the URL with p. Q or esc hides this.",
		qw, len(rows), w, h, max(qw, 80), len(rows)+chrome)
	return wrap(st.Warn.Render(msg), w)
}

// displayURL is the attempt's URL with the state masked: it is the attempt's CSRF secret.
func displayURL(a *session.Attempt) string {
	if a.State == "" {
		return a.URL
	}
	return strings.Replace(a.URL, "state="+a.State, "state="+redact.Mask(a.State), 1)
}

// wrap word-wraps s to w cells, never breaking a word.
func wrap(s string, w int) []string { return txt.Wrap(s, w) }
