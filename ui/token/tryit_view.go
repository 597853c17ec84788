package token

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/hsoauth/hsoauth/redact"
	"github.com/hsoauth/hsoauth/session"
	"github.com/hsoauth/hsoauth/ui/common"
	txt "github.com/hsoauth/hsoauth/ui/components/text"
	"github.com/hsoauth/hsoauth/ui/trace"
)

// tryLabelW is the width of the field labels in the fill stage.
const tryLabelW = 12

// maxTryLines bounds the pretty body of a try-it answer; the panel scrolls through it.
const maxTryLines = 2000

// paneWidth is the width the answers (and the try-it pane) get: the right half when wide, else all.
func (m Model) paneWidth() int {
	if m.c.Wide() {
		return m.c.Width - m.c.Width/2 - 3
	}
	return m.c.Width
}

// tryLines draws the open pane in at most h lines of w cells.
func (m Model) tryLines(w, h int) []string {
	if m.try.stage == tryPick {
		return m.pickLines(w, h)
	}
	return m.fillLines(w, h)
}

// pickLines are the heading, the filter and a window of the matching endpoints around the cursor.
func (m Model) pickLines(w, h int) []string {
	st, t := m.c.Styles, m.try
	head := st.Header.Render("Try it") + st.Muted.Render(fmt.Sprintf("  %d of %d documented operations", len(t.shown), len(t.all)))
	out := []string{head, t.filter.View()}
	legend := st.OK.Render("✓") + st.Muted.Render(" the token's scopes pass  ") + st.Error.Render("✗") +
		st.Muted.Render(" a scope is missing  · the spec names none")
	rows := max(h-len(out)-2, 1)
	start := max(min(t.cursor-rows/2, len(t.shown)-rows), 0)
	for i := start; i < len(t.shown) && i < start+rows; i++ {
		ep := t.all[t.shown[i]]
		mark := st.Muted.Render("·")
		switch t.granted[t.shown[i]] {
		case 1:
			mark = st.OK.Render("✓")
		case -1:
			mark = st.Error.Render("✗")
		}
		row := mark + " " + txt.PadRight(ep.Method, 7) + ep.Path
		if i == t.cursor {
			row = st.Accent.Render("›") + row
		} else {
			row = " " + row
		}
		out = append(out, ansi.Truncate(row, w, "…"))
	}
	if len(t.shown) == 0 {
		out = append(out, st.Muted.Render("no documented endpoint matches; esc closes"), "")
	} else {
		out = append(out, ansi.Truncate(m.checkLines(w)[0], w, "…"))
	}
	return clipLines(append(out, ansi.Truncate(legend, w, "…")), h)
}

// fillLines are the chosen endpoint, its fields, the scope check and the URL that will be called.
func (m Model) fillLines(w, h int) []string {
	st, t := m.c.Styles, m.try
	out := []string{st.Header.Render("Try it  ") + st.Bold.Render(t.ep.Method+" "+t.ep.Path) + st.Muted.Render("  "+t.ep.API)}
	for i, f := range t.fields {
		label := txt.PadRight(f.name, tryLabelW)
		if i == t.focus {
			label = st.Accent.Render(label)
		} else {
			label = st.Muted.Render(label)
		}
		out = append(out, label+f.input.View())
	}
	out = append(out, "")
	out = append(out, m.checkLines(w)...)
	out = append(out, "", st.Muted.Render("→ "+t.ep.Method+" "+strings.TrimSuffix(m.apiBase(), "/")+redact.Line(t.fillPath())))
	var wrapped []string
	for _, l := range out {
		wrapped = append(wrapped, strings.Split(ansi.Wrap(l, w, " ,/"), "\n")...)
	}
	return clipLines(wrapped, h)
}

// checkLines says whether the token's scopes pass the call and, when not, what is missing and the login
// line that gets it.
func (m Model) checkLines(w int) []string {
	st, c := m.c.Styles, m.try.check
	label := st.Bold.Render(txt.PadRight("Scopes", tryLabelW))
	switch {
	case !c.Known:
		return []string{label + st.Warn.Render("? this path is not in the documented API: sent unchecked")}
	case c.OK:
		return []string{label + st.OK.Render("✓ granted") + st.Muted.Render(" · needs "+alternatives(c.Endpoint.Scopes, 3))}
	case c.Unchecked:
		return []string{label + st.Warn.Render("? the token's granted scopes are not stored: sent unchecked (i introspects)")}
	case len(c.Missing) == 0:
		return []string{label + st.Muted.Render("· the spec names no scope for this operation")}
	}
	return []string{
		label + st.Error.Render("✗ missing "+c.MissingText()),
		txt.PadRight("", tryLabelW) + st.Muted.Render("get it: ") + c.Login,
		txt.PadRight("", tryLabelW) + st.Muted.Render("ctrl+f sends it anyway (HubSpot will answer 403)"),
	}
}

// alternatives lists at most n scope alternatives: "a or b+c or … (7 more)".
func alternatives(alts [][]string, n int) string {
	parts := make([]string, 0, n+1)
	for i, a := range alts {
		if i == n {
			parts = append(parts, fmt.Sprintf("… (%d more)", len(alts)-n))
			break
		}
		parts = append(parts, strings.Join(a, "+"))
	}
	return strings.Join(parts, " or ")
}

// clipLines keeps at most h lines.
func clipLines(lines []string, h int) []string {
	if len(lines) > h {
		return lines[:max(h, 0)]
	}
	return lines
}

// onTried shows a try-it answer: the call and its status, the scope check, notes, HubSpot's error
// explained, and the whole pretty body, which the panel scrolls. A refreshed token replaces the shown one.
func (m Model) onTried(msg triedMsg) (Model, tea.Cmd) {
	if msg.id != m.id {
		return m, nil
	}
	m.busy, m.scroll = "", 0
	m.result = m.tryPanel(msg.res, msg.err)
	var cmds []tea.Cmd
	if msg.res != nil && msg.res.Record != nil && msg.res.Record.AccessToken != m.rec.AccessToken {
		var cmd tea.Cmd
		m, cmd = m.setRecord(msg.res.Record, m.requested)
		cmds = append(cmds, cmd, m.announce(msg.res.Record))
	}
	if msg.res != nil && msg.res.Response != nil && msg.res.Path != "" && m.try.ep.Method == http.MethodGet {
		m.lastPath = msg.res.Path
	}
	if msg.err != nil {
		cmds = append(cmds, status(common.LevelError, "the call failed: "+errText(msg.err)))
	}
	return m, tea.Batch(cmds...)
}

// tryPanel renders the answer (or why there is none) once, when it arrives.
func (m Model) tryPanel(res *session.APIResult, err error) panel {
	st := m.c.Styles
	call := m.try.ep.Method + " " + m.try.fillPath()
	if res == nil || res.Response == nil {
		return panel{title: st.Error.Render(redact.Line(call) + " not sent"), lines: []string{st.Error.Render(errText(err))}}
	}
	r := res.Response
	verdict := st.OK
	if r.Status >= 400 {
		verdict = st.Error
	}
	p := panel{title: verdict.Render(fmt.Sprintf("%s %s → %d", m.try.ep.Method, redact.Line(res.Path), r.Status)) +
		st.Muted.Render(" · "+r.Duration.Round(time.Millisecond).String())}
	for _, n := range res.Notes {
		p.lines = append(p.lines, st.Warn.Render(redact.Line(n)))
	}
	if res.Refreshed {
		p.lines = append(p.lines, st.Info.Render("the token was refreshed first (it was about to expire or HubSpot refused it)"))
	}
	if r.Error != nil {
		p.lines = append(p.lines, st.Warn.Render(r.Error.Cause()+" "+r.Error.NextStep()))
		if r.Error.CorrelationID != "" {
			p.lines = append(p.lines, st.Muted.Render("correlation id "+r.Error.CorrelationID))
		}
	}
	p.lines = append(p.lines, trace.PrettyBody(m.redact(string(r.Body)), maxTryLines)...)
	if r.Truncated {
		p.lines = append(p.lines, st.Muted.Render("… (the response was cut at 1 MiB)"))
	}
	return p
}
