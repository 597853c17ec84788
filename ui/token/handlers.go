package token

import (
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/hsoauth/hsoauth/ui/common"
)

// handleKey runs the screen's actions; without a token every key is a no-op.
func (m Model) handleKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	if m.rec == nil {
		return m, nil
	}
	k := m.keys
	switch {
	case key.Matches(msg, k.Reveal):
		return m.cycleReveal()
	case key.Matches(msg, k.CopyAccess):
		return m, m.copyText("access token", m.rec.AccessToken)
	case key.Matches(msg, k.CopyRefresh):
		if m.rec.RefreshToken == "" {
			return m, status(common.LevelWarn, "there is no refresh token to copy: it was revoked")
		}
		return m, m.copyText("refresh token", m.rec.RefreshToken)
	case key.Matches(msg, k.CopyCurl):
		return m, m.copyText("curl line", curlLine(m.apiBase(), m.curlPath(), m.rec.AccessToken))
	case key.Matches(msg, k.Auto):
		return m.toggleAuto()
	case key.Matches(msg, k.MarginUp):
		return m.setMargin(m.margin + time.Minute)
	case key.Matches(msg, k.MarginDown):
		return m.setMargin(m.margin - time.Minute)
	case key.Matches(msg, k.TryIt):
		return m.openTry()
	case key.Matches(msg, k.ScrollDown):
		m.scroll = min(m.scroll+10, max(len(m.result.lines)-1, 0))
		return m, nil
	case key.Matches(msg, k.ScrollUp):
		m.scroll = max(m.scroll-10, 0)
		return m, nil
	case key.Matches(msg, k.FastForward):
		if !m.sandbox() {
			return m, status(common.LevelWarn, "fast-forward needs the built-in sandbox: HubSpot's clock cannot be moved")
		}
		return m, advance(m.id, m.deps.Service)
	}
	return m.handleNetworkKey(msg)
}

// handleNetworkKey starts the actions that talk to HubSpot, one at a time.
func (m Model) handleNetworkKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	k, s, rec := m.keys, m.deps.Service, *m.rec
	switch {
	case key.Matches(msg, k.Refresh):
		if rec.RefreshToken == "" {
			return m, status(common.LevelWarn, "the refresh token was revoked, so the token cannot be refreshed: log in again from the catalog")
		}
		return m.start("refreshing", false, refreshToken(m.id, s, rec, false))
	case key.Matches(msg, k.Revoke):
		if rec.RefreshToken == "" {
			return m, status(common.LevelWarn, "the refresh token was already revoked")
		}
		m.confirm = true
	case key.Matches(msg, k.AccountInfo):
		return m.start("calling "+pathAccountInfo, true, callAPI(m.id, s, rec, pathAccountInfo))
	case key.Matches(msg, k.Contacts):
		return m.start("calling "+pathContacts, true, callAPI(m.id, s, rec, pathContacts))
	case key.Matches(msg, k.Introspect):
		return m.start("introspecting the access token", true, introspect(m.id, s, rec))
	}
	return m, nil
}

// start runs cmd unless another request is in flight; pending shows the request in the result panel.
func (m Model) start(what string, pending bool, cmd tea.Cmd) (Model, tea.Cmd) {
	if m.deps.Service == nil {
		return m, nil
	}
	if m.busy != "" {
		return m, status(common.LevelWarn, "still "+m.busy+"; try again in a moment")
	}
	m.busy = what
	if pending {
		m.result = pendingPanel(what)
	}
	return m, cmd
}

// handleConfirm answers the revoke confirmation.
func (m Model) handleConfirm(msg tea.KeyMsg) (Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.Confirm):
		m.confirm = false
		if m.busy != "" || m.deps.Service == nil {
			return m, status(common.LevelWarn, "still "+m.busy+"; try the revoke again in a moment")
		}
		m.busy = "revoking"
		return m, revokeToken(m.id, m.deps.Service, m.rec.HubID)
	case key.Matches(msg, m.keys.Cancel):
		m.confirm = false
		return m, status(common.LevelInfo, "kept the refresh token")
	}
	return m, nil
}

// cycleReveal shows the next token unmasked: none, access, refresh. Presenter mode never reveals.
func (m Model) cycleReveal() (Model, tea.Cmd) {
	if m.c.Presenter {
		m.reveal = revealNone
		return m, status(common.LevelWarn, "secrets stay masked in presenter mode (P leaves it); y still copies")
	}
	m.reveal = (m.reveal + 1) % 3
	if m.reveal == revealRefresh && m.rec.RefreshToken == "" {
		m.reveal = revealNone
	}
	return m, nil
}

// toggleAuto switches auto-refresh and re-arms its guard.
func (m Model) toggleAuto() (Model, tea.Cmd) {
	m.auto = !m.auto
	m.firedFor = ""
	if !m.auto {
		return m, status(common.LevelInfo, "auto-refresh off: press r to refresh by hand")
	}
	m, cmd := m.maybeAutoRefresh()
	return m, tea.Batch(cmd, status(common.LevelInfo, "auto-refresh on: "+minutes(m.margin)+" before expiry"))
}

// setMargin changes how long before expiry the auto-refresh fires, in whole minutes from 1 to 25.
func (m Model) setMargin(d time.Duration) (Model, tea.Cmd) {
	d = max(min(d, 25*time.Minute), time.Minute)
	if d == m.margin {
		return m, nil
	}
	m.margin = d
	m.firedFor = ""
	return m.maybeAutoRefresh()
}
