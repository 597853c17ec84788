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
		lines = m.phaseLines(w)
	}
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, w, "…")
	}
	return strings.Join(lines, "\n")
}

// phaseLines is the main view of each phase.
func (m Model) phaseLines(w int) []string {
	st := m.c.Styles
	switch m.phase {
	case phaseStarting:
		return []string{m.spin.View() + " Starting the callback server…"}
	case phaseWaiting:
		return m.waitingLines(w)
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

// waitingLines is the countdown, the URL and every fallback.
func (m Model) waitingLines(w int) []string {
	st := m.c.Styles
	head := m.spin.View() + " Waiting for HubSpot to redirect back  " + st.Accent.Render(m.timeLeft()+" left")
	listen := st.Muted.Render(fmt.Sprintf("listening on localhost:%s · browser %s", m.port(), m.browser))
	if m.busy != "" {
		listen = st.Muted.Render("not listening · browser " + m.browser)
	}
	lines := []string{head, listen, ""}
	if m.busy != "" {
		lines = append(lines, wrap(st.Warn.Render(m.busy), w)...)
		lines = append(lines, "")
	}
	lines = append(lines, st.Header.Render("Sign in at:"))
	lines = append(lines, strings.Split(st.Accent.Render(ansi.Wrap(displayURL(m.attempt), w, "&")), "\n")...)
	lines = append(lines, "", st.Header.Render("If the browser is elsewhere:"))
	opt := func(k, text string) string { return "  " + st.HelpKey.Render(txt.PadRight(k, 4)) + text }
	lines = append(lines, opt("y", "copy the URL"), opt("Q", "show it as a QR code for a phone"),
		opt("v", "paste the address the browser ended on"))
	if m.deps.OpenBrowser != nil {
		lines = append(lines, opt("b", "open the browser again"))
	}
	if m.sandbox() {
		lines = append(lines, opt("a", "approve in the terminal (sandbox consent page)"))
	}
	lines = append(lines, opt("esc", "cancel"))
	if m.deps.Remote.SSH {
		host := m.deps.Host
		if host == "" {
			host = "you@this-host"
		}
		hint := fmt.Sprintf("Over SSH, forward the callback port first, from your own machine: ssh -L %s:localhost:%s %s", m.port(), m.port(), host)
		lines = append(lines, "")
		lines = append(lines, wrap(st.Warn.Render(hint), w)...)
	}
	return lines
}

// timeLeft is the countdown as mm:ss, from the last tick.
func (m Model) timeLeft() string {
	left := m.attempt.Started.Add(m.deps.Timeout).Sub(m.now)
	left = max(left, 0).Round(time.Second)
	return fmt.Sprintf("%02d:%02d", int(left.Minutes()), int(left.Seconds())%60)
}

// pasteLines is the paste input with what to paste.
func (m Model) pasteLines(w int) []string {
	st := m.c.Styles
	lines := []string{st.Title.Render("Paste the redirected URL"), ""}
	lines = append(lines, wrap("After you approve, the browser goes to "+m.attempt.RedirectURI+"?code=…&state=… (and may show an error page if nothing listens there). Copy that whole address and paste it here; it is checked like the callback server would.", w)...)
	n := len([]rune(m.paste.Value()))
	return append(lines, "", m.paste.View(), st.Muted.Render(fmt.Sprintf("%d characters, hidden: they hold the one-time code · enter use it · esc back", n)))
}

// qrLines is the QR code of the attempt's URL, or how large the terminal must be for it.
func (m Model) qrLines(w, h int) []string {
	st := m.c.Styles
	qr, err := m.qr, m.qrErr
	if err != nil {
		return wrap(st.Error.Render("The URL is too long for a QR code; copy it with y instead."), w)
	}
	rows := strings.Split(qr, "\n")
	qw := ansi.StringWidth(rows[0])
	if qw > w || len(rows)+1 > h {
		chrome := 3
		if m.c.Presenter {
			chrome = 4
		}
		msg := fmt.Sprintf("The QR code needs %d columns by %d rows; this screen area is %d by %d. Make the terminal at least %d by %d (or use a smaller font), or copy the URL with y. Q or esc hides this.",
			qw, len(rows)+1, w, h, max(qw, 80), len(rows)+1+chrome)
		return wrap(st.Warn.Render(msg), w)
	}
	pad := strings.Repeat(" ", max((w-qw)/2, 0))
	lines := []string{st.Muted.Render("Scan to open the sign-in URL on a phone (" + m.timeLeft() + " left). Q or esc hides it.")}
	for _, r := range rows {
		lines = append(lines, pad+r)
	}
	return lines
}

// displayURL is the attempt's URL with the state masked: it is the attempt's CSRF secret.
func displayURL(a *session.Attempt) string {
	if a.State == "" {
		return a.URL
	}
	return strings.Replace(a.URL, "state="+a.State, "state="+redact.Mask(a.State), 1)
}

// wrap word-wraps s to w cells, breaking long words, and splits it into lines.
func wrap(s string, w int) []string { return strings.Split(ansi.Wrap(s, max(w, 10), ""), "\n") }
