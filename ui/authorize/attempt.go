package authorize

import (
	"context"
	"fmt"
	"net/url"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/hsoauth/hsoauth/oauth"
	"github.com/hsoauth/hsoauth/ui/common"
)

// start ends any attempt under way and begins a new one for the current selection.
func (m Model) start() (Model, tea.Cmd) {
	if m.deps.Session == nil {
		m.phase, m.failure = phaseFailed, "No session is open, so there is no app to sign in with."
		return m, nil
	}
	stop := closeServer(m.cancel, m.srv)
	m.seq++
	ctx, cancel := context.WithCancel(context.Background())
	m.phase, m.attempt, m.srv, m.cancel = phaseStarting, nil, nil, cancel
	m.failure, m.browser, m.rec, m.overlay, m.showQR, m.busy = "", "", nil, overlayNone, false, ""
	m.consent = consent{}
	start := startAttempt(ctx, m.deps.Session, m.seq, m.sel, m.hubID, m.deps.Timeout)
	return m, tea.Batch(stop, start, m.spin.Tick)
}

// handleAttemptMsg handles the attempt's own messages, dropping those of earlier attempts.
func (m Model) handleAttemptMsg(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case startedMsg:
		if msg.seq == m.seq && m.phase == phaseStarting {
			return m.onStarted(msg)
		}
		if msg.srv != nil { // a stale attempt's server: nobody waits on it
			return m, closeServer(nil, msg.srv)
		}
	case callbackMsg:
		if msg.seq == m.seq && m.phase == phaseWaiting {
			return m.onCallback(msg)
		}
	case codeMsg:
		if msg.seq == m.seq && m.phase == phaseWaiting {
			return m.onCode(msg)
		}
	case exchangedMsg:
		if msg.seq == m.seq && m.phase == phaseExchanging {
			return m.onExchanged(msg)
		}
	case browserMsg:
		if msg.seq == m.seq && m.phase == phaseWaiting {
			return m.onBrowser(msg)
		}
	case portalsMsg:
		if msg.seq == m.seq && m.phase == phaseWaiting {
			m.consent = newConsent(m.c, msg.portals, m.sel, m.attempt.HubID)
			m.overlay = overlayConsent
			return m, common.Narrate("The sandbox's consent page, in the terminal: pick the portal and the user, then grant or deny.")
		}
	case tickMsg:
		if msg.seq == m.seq && m.phase == phaseWaiting {
			m.now = msg.now
			return m, tick(m.c.Now, m.seq)
		}
	default:
		if m.overlay == overlayPaste { // the input's cursor blink
			var cmd tea.Cmd
			m.paste, cmd = m.paste.Update(msg)
			return m, cmd
		}
	}
	return m, nil
}

// onStarted shows the URL, waits for the callback, starts the countdown and opens the browser.
func (m Model) onStarted(msg startedMsg) (Model, tea.Cmd) {
	if msg.err != nil {
		return m.fail(msg.err)
	}
	m.phase, m.attempt, m.srv, m.now = phaseWaiting, msg.attempt, msg.srv, msg.attempt.Started
	cmds := []tea.Cmd{tick(m.c.Now, m.seq), common.Narrate(fmt.Sprintf(
		"hsoauth listens on localhost:%s for HubSpot's redirect, then sends the browser to HubSpot's consent page.", m.port()))}
	if m.srv != nil {
		cmds = append(cmds, waitCallback(context.Background(), m.srv, m.seq))
	}
	if msg.busy != nil {
		// No callback server: say why and what still works, rather than ending the attempt.
		m.busy = describe(msg.busy) + " Until then: paste the redirected URL (v)"
		if m.deps.Session.Sandbox != nil {
			m.busy += " or approve in the terminal (a)"
		}
		m.busy += "."
		cmds = append(cmds, common.Status(common.LevelWarn, "callback port busy: the redirect cannot reach hsoauth; paste it instead"))
	}
	switch {
	case msg.busy != nil:
		// The browser would end on a redirect nobody receives: open it only once something listens.
		m.browser = "not opened: nothing listens for HubSpot's redirect"
	case m.deps.NoBrowser:
		m.browser = "not opened (no-browser): open the URL yourself"
	case m.deps.Remote.SSH:
		m.browser = "not opened (SSH: your browser is on your own machine)"
	case m.deps.OpenBrowser == nil:
		m.browser = "not opened: open the URL yourself"
	default:
		m.browser = "opening…"
		cmds = append(cmds, openBrowser(m.deps.OpenBrowser, m.attempt.URL, m.seq))
	}
	return m, tea.Batch(cmds...)
}

// onBrowser records whether the browser opened.
func (m Model) onBrowser(msg browserMsg) (Model, tea.Cmd) {
	if msg.err != nil {
		m.browser = "could not be opened: copy (y) or print (p) the URL, scan the QR code (Q), then paste the redirect (v)"
		return m, common.Status(common.LevelWarn, "no browser could be opened: "+oauth.Sanitize(msg.err.Error()))
	}
	m.browser = "opened on HubSpot's consent page"
	return m, common.Narrate("The browser is on HubSpot's consent page: the user picks an account and approves the scopes.")
}

// onCallback handles what the callback server received: a code, an error from HubSpot, or a timeout.
func (m Model) onCallback(msg callbackMsg) (Model, tea.Cmd) {
	if msg.err == nil && msg.res.Err != nil {
		msg.err = msg.res.Err
	}
	if msg.err != nil {
		return m.fail(msg.err)
	}
	return m.exchange(msg.res.Code)
}

// onCode handles a code from the paste input or the in-terminal consent page.
func (m Model) onCode(msg codeMsg) (Model, tea.Cmd) {
	if msg.err == nil {
		m.overlay = overlayNone
		return m.exchange(msg.code)
	}
	if msg.via == "paste" {
		m.paste.SetValue("")
		return m, common.Status(common.LevelError, describe(msg.err))
	}
	return m.onConsentError(msg.err)
}

// exchange stops the callback server and redeems the code.
func (m Model) exchange(code string) (Model, tea.Cmd) {
	stop := closeServer(m.cancel, m.srv)
	m.phase, m.srv, m.cancel, m.overlay, m.showQR = phaseExchanging, nil, nil, overlayNone, false
	narrate := common.Narrate("HubSpot redirected back with a one-time code; exchanging it for tokens…")
	return m, tea.Batch(stop, narrate, exchangeCode(m.deps.Session, m.attempt, code, m.seq), m.spin.Tick)
}

// onExchanged hands the token to the token screen, or explains why the exchange failed.
func (m Model) onExchanged(msg exchangedMsg) (Model, tea.Cmd) {
	if msg.rec == nil {
		return m.fail(msg.err)
	}
	m.phase, m.rec = phaseDone, msg.rec
	tok := common.TokenMsg{Record: msg.rec, Requested: m.attempt.Selection}
	status := common.Status(common.LevelOK, fmt.Sprintf("signed in to hub %d", msg.rec.HubID))
	if msg.err != nil {
		status = common.Status(common.LevelWarn, oauth.Sanitize(msg.err.Error()))
	}
	return m, tea.Batch(
		func() tea.Msg { return tok },
		common.Navigate(common.ScreenToken),
		status,
		common.Narrate("Tokens received: a short-lived access token and a refresh token to renew it."),
	)
}

// fail ends the attempt with err explained.
func (m Model) fail(err error) (Model, tea.Cmd) {
	stop := closeServer(m.cancel, m.srv)
	m.phase, m.srv, m.cancel, m.overlay, m.showQR = phaseFailed, nil, nil, overlayNone, false
	m.failure = describe(err)
	return m, tea.Batch(stop, common.Status(common.LevelError, m.failure), common.Narrate(narrationFor(err)))
}

// cancelAttempt ends the attempt at the user's request.
func (m Model) cancelAttempt() (Model, tea.Cmd) {
	stop := closeServer(m.cancel, m.srv)
	m.phase, m.srv, m.cancel, m.overlay, m.showQR = phaseFailed, nil, nil, overlayNone, false
	m.failure = "Sign-in cancelled; the callback server stopped. Press r to start again."
	return m, tea.Batch(stop, common.Status(common.LevelInfo, "sign-in cancelled"))
}

// port is the redirect URL's port, for messages and the ssh -L hint.
func (m Model) port() string {
	if m.attempt == nil {
		return "?"
	}
	u, err := url.Parse(m.attempt.RedirectURI)
	if err != nil || u.Port() == "" {
		return "?"
	}
	return u.Port()
}
