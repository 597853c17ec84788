package token

import (
	"fmt"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/hsoauth/hsoauth/redact"
	"github.com/hsoauth/hsoauth/session"
	"github.com/hsoauth/hsoauth/ui/common"
	"github.com/hsoauth/hsoauth/ui/trace"
)

// maxBodyLines bounds the pretty body of a "try it" answer.
const maxBodyLines = 40

// panel is the last try-it or introspection answer, pre-rendered when it arrives.
type panel struct {
	title string
	lines []string
}

// pendingPanel says what is in flight until the answer comes.
func pendingPanel(what string) panel { return panel{title: what + "…"} }

// onRefreshed shows the renewed token, or says in plain words why the refresh failed.
func (m Model) onRefreshed(msg refreshedMsg) (Model, tea.Cmd) {
	if msg.id != m.id {
		return m, nil
	}
	m.busy = ""
	if msg.err != nil {
		return m, status(common.LevelError, "refresh failed: "+errText(msg.err))
	}
	text := "access token refreshed; valid until " + msg.rec.ExpiresAt.Local().Format("15:04:05")
	if msg.auto {
		text = "auto-refresh: " + text
	}
	if !msg.refreshed {
		text = "another hsoauth process had already refreshed this token; showing its result"
	}
	if n := len(msg.rec.History); msg.refreshed && n > 0 && msg.rec.History[n-1].Rotated {
		text += " (HubSpot rotated the refresh token: the new one is stored)"
	}
	m, cmd := m.setRecord(msg.rec, m.requested)
	return m, tea.Batch(cmd, m.announce(msg.rec), status(common.LevelOK, text))
}

// onRevoked shows the record without its refresh token, or why HubSpot did not confirm.
func (m Model) onRevoked(msg revokedMsg) (Model, tea.Cmd) {
	if msg.id != m.id {
		return m, nil
	}
	m.busy = ""
	if msg.err != nil {
		return m, status(common.LevelError, "revoke: "+errText(msg.err))
	}
	if m.reveal == revealRefresh {
		m.reveal = revealNone
	}
	m, cmd := m.setRecord(msg.rec, m.requested)
	text := "refresh token revoked at HubSpot; the access token keeps working until " + msg.rec.ExpiresAt.Local().Format("15:04:05")
	return m, tea.Batch(cmd, m.announce(msg.rec), status(common.LevelOK, text))
}

// announce tells the other screens and the status line that the record changed.
func (m Model) announce(rec *session.TokenRecord) tea.Cmd {
	sel := m.requested
	return func() tea.Msg { return common.TokenMsg{Record: rec, Requested: sel} }
}

// onCalled renders a try-it answer: status, time, the curl line (masked) and a short pretty body.
func (m Model) onCalled(msg calledMsg) (Model, tea.Cmd) {
	if msg.id != m.id {
		return m, nil
	}
	m.busy = ""
	m.lastPath = msg.path
	st := m.c.Styles
	p := panel{}
	curl := st.Muted.Render(curlLine(m.apiBase(), msg.path, maskOr(m.rec.AccessToken, "…")))
	if msg.resp == nil {
		p.title = st.Error.Render("GET " + msg.path + " failed")
		p.lines = []string{st.Error.Render(errText(msg.err)), curl}
		m.result = p
		return m, status(common.LevelError, "the call failed: "+errText(msg.err))
	}
	r := msg.resp
	verdict := st.OK
	if r.Status >= 400 {
		verdict = st.Error
	}
	p.title = verdict.Render(fmt.Sprintf("GET %s → %d", msg.path, r.Status)) + st.Muted.Render(" · "+r.Duration.Round(time.Millisecond).String())
	p.lines = append(p.lines, curl)
	if r.Error != nil {
		p.lines = append(p.lines, st.Warn.Render(r.Error.Cause()), st.Warn.Render(r.Error.NextStep()))
	}
	p.lines = append(p.lines, trace.PrettyBody(m.redact(string(r.Body)), maxBodyLines)...)
	if r.Truncated {
		p.lines = append(p.lines, st.Muted.Render("… (the response was cut at 1 MiB)"))
	}
	m.result = p
	return m, nil
}

// onIntrospected renders what HubSpot says about the access token.
func (m Model) onIntrospected(msg introspectedMsg) (Model, tea.Cmd) {
	if msg.id != m.id {
		return m, nil
	}
	m.busy = ""
	st := m.c.Styles
	if msg.err != nil {
		m.result = panel{title: st.Error.Render("introspection failed"), lines: []string{st.Error.Render(errText(msg.err))}}
		return m, status(common.LevelError, "introspection failed: "+errText(msg.err))
	}
	m.result = introPanel(st.Header.Render("Introspection of the access token"), msg.in, m.c)
	return m, nil
}

// introPanel lists active, expiry, who and where, and the scopes.
func introPanel(title string, in *session.Introspection, c *common.Common) panel {
	st := c.Styles
	active := st.Error.Render("no: HubSpot no longer accepts this token")
	if in.Active {
		active = st.OK.Render("yes")
	}
	lines := []string{
		"active      " + active,
		"expires in  " + (time.Duration(in.ExpiresIn) * time.Second).String(),
		fmt.Sprintf("hub         %d · %s", in.HubID, redact.Full(in.HubDomain)),
		"user        " + redact.Full(in.User),
		fmt.Sprintf("scopes (%d)  %s", len(in.Scopes), redact.Full(strings.Join(in.Scopes, " "))),
	}
	return panel{title: title, lines: lines}
}

// redact masks any secret the session's trace knows, a last defence before a body reaches the screen.
func (m Model) redact(s string) string {
	if m.deps.Service == nil {
		return s
	}
	return m.deps.Service.RedactKnown(s)
}
