package token

import (
	"fmt"
	"time"

	"github.com/hsoauth/hsoauth/redact"
	txt "github.com/hsoauth/hsoauth/ui/components/text"

	"strings"

	"github.com/charmbracelet/lipgloss"
)

// labelW is the width of the left labels of the token block.
const labelW = 15

// View draws the token, its countdown, scopes, history and the last answer, or the empty state.
func (m Model) View() string {
	if m.rec == nil {
		return clip(m.emptyView(), m.c.Width, m.c.Height)
	}
	if m.c.Wide() {
		return m.wideView()
	}
	w, h := m.c.Width, m.c.Height
	top := m.tokenLines(w)
	if m.confirm {
		return clip(strings.Join(append(top, m.confirmLines(w)...), "\n"), w, h)
	}
	if m.try.stage != tryClosed {
		return clip(strings.Join(append(append(top, ""), m.tryLines(w, h-len(top)-1)...), "\n"), w, h)
	}
	top = append(top, "")
	top = append(top, m.scopeLines(w, 3)...)
	rest := max(h-len(top)-1, 0)
	hist := txt.Clip(txt.WrapAll(m.historyBlock(min(rest/3+1, 4)), w), min(rest/3+1, 4))
	n := rest - len(hist) - 1
	res := txt.Clip(txt.WrapAll(m.resultBlock(n), w), n)
	lines := append(top, "")
	lines = append(append(lines, hist...), "")
	return clip(strings.Join(append(lines, res...), "\n"), w, h)
}

// wideView puts the token block across the top, then the scopes and history on the left and the answers on
// the right. The block has the full width so the ticking countdown line holds nothing else: Bubble Tea
// rewrites a whole line when any of it changes.
func (m Model) wideView() string {
	w, h := m.c.Width, m.c.Height
	top := m.tokenLines(w)
	top = append(top, "")
	rows := max(h-len(top), 1)
	lw := w / 2
	rw := w - lw - 3
	right := txt.WrapAll(m.resultBlock(rows), rw)
	if m.confirm {
		right = m.confirmLines(rw)
	} else if m.try.stage != tryClosed {
		right = m.tryLines(rw, rows)
	}
	left := m.scopeLines(lw, 6)
	left = append(left, "")
	left = append(left, txt.WrapAll(m.historyBlock(max(rows-len(left), 1)), lw)...)
	sep := m.c.Styles.Muted.Render(" │ ")
	out := top
	for i := range rows {
		l, r := "", ""
		if i < len(left) {
			l = left[i]
		}
		if i < len(right) {
			r = right[i]
		}
		out = append(out, txt.PadRight(txt.Truncate(l, lw), lw)+sep+txt.Truncate(r, rw))
	}
	return clip(strings.Join(out, "\n"), w, h)
}

// tokenLines are the two tokens, the countdown, the auto-refresh setting and who installed where.
func (m Model) tokenLines(w int) []string {
	st := m.c.Styles
	r := m.rec
	access, refresh := maskOr(r.AccessToken, "(none)"), maskOr(r.RefreshToken, "(revoked)")
	if !m.c.Presenter && m.reveal == revealAccess {
		access = redact.Full(r.AccessToken)
	}
	if !m.c.Presenter && m.reveal == revealRefresh && r.RefreshToken != "" {
		refresh = redact.Full(r.RefreshToken)
	}
	hint := "  v reveals"
	if m.c.Presenter {
		hint = "  masked in presenter mode"
	}
	return []string{
		st.Bold.Render(txt.PadRight("Access token", labelW)) + st.Secret.Render(access) + st.Muted.Render(hint),
		st.Bold.Render(txt.PadRight("Refresh token", labelW)) + st.Secret.Render(refresh),
		m.countdownLine(),
		m.barLine(w),
		m.autoLine(),
		st.Bold.Render(txt.PadRight("Installed in", labelW)) + m.whereText(),
	}
}

// whereText is hub id, domain and user.
func (m Model) whereText() string {
	r := m.rec
	parts := []string{"hub " + itoa(r.HubID)}
	if r.HubDomain != "" {
		parts = append(parts, redact.Full(r.HubDomain))
	}
	if r.User != "" {
		parts = append(parts, "by "+redact.Full(r.User))
	}
	return strings.Join(parts, " · ")
}

// countdownLine is the live mm:ss, alone on its line: while the screen is idle it is the only line that
// changes each second, so the terminal gets a few dozen bytes a second, not the whole block.
func (m Model) countdownLine() string {
	st := m.c.Styles
	label := st.Bold.Render(txt.PadRight("Expires in", labelW))
	switch {
	case m.now.IsZero():
		return label + "--:--"
	case m.rec.ExpiresAt.Sub(m.now) <= 0:
		return label + st.Error.Render("expired")
	}
	return label + countdown(m.rec.ExpiresAt.Sub(m.now))
}

// barLine is the share of the token's life left, coloured by how much is left, and the absolute expiry.
// It changes only when the bar gains or loses a cell.
func (m Model) barLine(w int) string {
	st := m.c.Styles
	at := st.Muted.Render("  at " + m.rec.ExpiresAt.Local().Format("15:04:05"))
	frac, lvl := 1.0, 0
	if !m.now.IsZero() {
		frac, lvl = m.remaining()
	}
	fill := []lipgloss.Style{st.OK, st.Warn, st.Error}[lvl]
	return strings.Repeat(" ", labelW) + bar(frac, max(min(w-labelW-14, 40), 5), fill, st.Track) + at
}

// autoLine says whether and when the token refreshes itself, and what is in flight.
func (m Model) autoLine() string {
	st := m.c.Styles
	s := st.Muted.Render("off (a turns it on)")
	if m.auto {
		s = st.OK.Render("on") + st.Muted.Render(", "+minutes(m.margin)+" before expiry (+/- changes)")
	}
	if m.ffTotal > 0 {
		s += st.Info.Render("  sandbox clock +" + minutes(m.ffTotal))
	}
	if m.busy != "" {
		s += st.Accent.Render("  " + m.busy + "…")
	}
	return st.Bold.Render(txt.PadRight("Auto-refresh", labelW)) + s
}

// scopeLines are the heading and at most n lines of granted vs requested scopes.
func (m Model) scopeLines(w, n int) []string {
	chips := packChips(m.chips, w)
	if len(chips) > n {
		chips = append(chips[:n-1:n-1], m.c.Styles.Muted.Render("… more scopes (i introspects them all)"))
	}
	return append([]string{m.scopeHead}, chips...)
}

// historyBlock is the refresh history heading and up to n-1 entries.
func (m Model) historyBlock(n int) []string {
	st := m.c.Styles
	out := []string{st.Header.Render("Refresh history")}
	if len(m.history) == 0 {
		return append(out, st.Muted.Render("none yet: r refreshes now"))
	}
	for _, l := range m.history {
		if len(out) >= max(n, 2) {
			break
		}
		out = append(out, l)
	}
	return out
}

// resultBlock is the last answer in at most n lines, or what the try-it keys do.
func (m Model) resultBlock(n int) []string {
	st := m.c.Styles
	if n <= 0 {
		return nil
	}
	if m.result.title == "" {
		return []string{st.Header.Render("Try it"),
			st.Muted.Render("t any endpoint · c account info · C contacts · i introspect · u copies a curl line"),
			st.Muted.Render(curlLine(m.apiBase(), m.curlPath(), redact.Mask(m.rec.AccessToken)))}
	}
	lines := m.result.lines[min(m.scroll, len(m.result.lines)):]
	out := append([]string{m.result.title}, lines...)
	if len(out) > n && n > 1 {
		more := len(out) - n + 1
		out = append(out[:n-1:n-1], st.Muted.Render(fmt.Sprintf("… %d more lines · pgdn scrolls", more)))
	}
	return clipLines(out, n)
}

// remaining is the fraction of the token's life left and its colour level: 0 ok above 50%, 1 warn above
// 20%, 2 error below.
func (m Model) remaining() (float64, int) {
	frac := max(min(float64(m.rec.ExpiresAt.Sub(m.now))/float64(m.lifetime()), 1), 0)
	switch {
	case frac <= 0.2:
		return frac, 2
	case frac <= 0.5:
		return frac, 1
	}
	return frac, 0
}

// minutes formats a whole-minute margin as people write it ("5 min").
func minutes(d time.Duration) string { return fmt.Sprintf("%d min", int(d.Minutes())) }
