package token

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/hsoauth/hsoauth/redact"
	"github.com/hsoauth/hsoauth/session"
	"github.com/hsoauth/hsoauth/ui/common"
)

// chip is one pre-rendered scope of the granted-vs-requested list, with its width for packing.
type chip struct {
	text string
	w    int
}

// rebuild recomputes what depends only on the record: the scope chips and the history lines.
func (m *Model) rebuild() {
	st := m.c.Styles
	d := session.CompareScopes(m.requested.ScopeParam(), m.requested.OptionalParam(), m.rec.Scopes)
	extra := map[string]bool{}
	for _, s := range d.Extra {
		extra[s] = true
	}
	m.chips = make([]chip, 0, len(d.Granted)+len(d.DroppedOptional)+len(d.MissingRequired))
	add := func(s string) { m.chips = append(m.chips, chip{text: s, w: ansi.StringWidth(s)}) }
	for _, s := range d.Granted {
		if extra[s] {
			add(st.Muted.Render("+ " + redact.Full(s) + " (added by HubSpot)"))
		} else {
			add(st.OK.Render("✓ " + redact.Full(s)))
		}
	}
	for _, s := range d.DroppedOptional {
		add(st.Warn.Render("– " + redact.Full(s) + " (optional, dropped)"))
	}
	for _, s := range d.MissingRequired {
		add(st.Error.Render("✗ " + redact.Full(s) + " (required, missing)"))
	}
	m.scopeHead = st.Header.Render("Scopes") + st.Muted.Render(fmt.Sprintf("  %d granted · %d optional dropped · %d required missing",
		len(d.Granted), len(d.DroppedOptional), len(d.MissingRequired)))
	m.history = historyLines(m.c, m.rec.History)
}

// historyLines renders the refresh history newest first, flagging rotations.
func historyLines(c *common.Common, h []session.RefreshEntry) []string {
	st := c.Styles
	out := make([]string, 0, len(h))
	for i := len(h) - 1; i >= 0; i-- {
		e := h[i]
		line := st.Muted.Render(e.At.Local().Format("15:04:05")) + "  "
		switch {
		case isRevocation(e):
			line += st.Warn.Render(redact.Full(e.Note))
		default:
			line += "refreshed, valid until " + e.ExpiresAt.Local().Format("15:04:05")
			if e.Rotated {
				line += "  " + st.Warn.Render("↻ refresh token rotated")
			}
		}
		out = append(out, line)
	}
	return out
}

// packChips lays the chips out in lines of at most w cells.
func packChips(chips []chip, w int) []string {
	var lines []string
	var cur strings.Builder
	used := 0
	for _, c := range chips {
		if used > 0 && used+2+c.w > w {
			lines = append(lines, cur.String())
			cur.Reset()
			used = 0
		}
		if used > 0 {
			cur.WriteString("  ")
			used += 2
		}
		cur.WriteString(c.text)
		used += c.w
	}
	if used > 0 {
		lines = append(lines, cur.String())
	}
	return lines
}

// bar draws frac of w cells filled, in the fill style, the rest in the track style: one colour change each,
// not one per cell, so redrawing it costs little on the terminal's line.
func bar(frac float64, w int, fill, track lipgloss.Style) string {
	n := max(0, min(w, int(math.Round(float64(w)*frac))))
	out := ""
	if n > 0 {
		out = fill.Render(strings.Repeat("█", n))
	}
	if n < w {
		out += track.Render(strings.Repeat("░", w-n))
	}
	return out
}

// countdown is the time left as mm:ss (minutes may pass 59 for long-lived tokens).
func countdown(left time.Duration) string {
	if left < 0 {
		left = 0
	}
	s := int(left / time.Second)
	return fmt.Sprintf("%02d:%02d", s/60, s%60)
}

// curlLine is a ready-to-run request with the token; the screen shows it with the token masked.
func curlLine(base, path, token string) string {
	return `curl -H "Authorization: Bearer ` + token + `" ` + strings.TrimSuffix(base, "/") + path
}

// apiBase is where the try-it calls go.
func (m Model) apiBase() string {
	if m.deps.Service != nil {
		return m.deps.Service.APIBase()
	}
	return "https://api.hubapi.com"
}

// curlPath is the path of the last try-it call, account info before any.
func (m Model) curlPath() string {
	if m.lastPath != "" {
		return m.lastPath
	}
	return pathAccountInfo
}
