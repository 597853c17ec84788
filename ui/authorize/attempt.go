package authorize

import (
	"fmt"
	"net/url"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/hsoauth/hsoauth/redact"
	"github.com/hsoauth/hsoauth/session"
	"github.com/hsoauth/hsoauth/ui/common"
)

// start ends any attempt under way and begins a new one for the current selection.
func (m Model) start() (Model, tea.Cmd) {
	if m.deps.Service == nil {
		m.phase, m.failure = phaseFailed, "No session is open, so there is no app to sign in with."
		return m, nil
	}
	stop := closeFlow(m.flow)
	m.seq++
	m.phase, m.flow, m.attempt, m.outcome = phaseStarting, nil, nil, ""
	m.failure, m.browser, m.rec, m.overlay, m.showQR, m.busy = "", "", nil, overlayNone, false, ""
	m.consent = consent{}
	start := beginFlow(m.deps.Service, m.seq, m.sel, m.hubID, m.deps.Timeout)
	return m, tea.Batch(stop, start, m.spin.Tick)
}

// handleAttemptMsg handles the attempt's own messages, dropping those of earlier attempts.
func (m Model) handleAttemptMsg(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case startedMsg:
		if msg.seq == m.seq && m.phase == phaseStarting {
			return m.onStarted(msg)
		}
		return m, closeFlow(msg.flow) // a stale attempt's flow: nobody waits on it
	case resultMsg:
		if msg.seq == m.seq && m.phase == phaseWaiting {
			return m.onResult(msg.res)
		}
	case pasteMsg:
		if msg.seq == m.seq && m.phase == phaseWaiting {
			return m.onPaste(msg.err)
		}
	case consentMsg:
		if msg.seq == m.seq && m.phase == phaseWaiting {
			return m.onConsentError(msg.err)
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
			return m.onPortals(msg)
		}
	case tickMsg:
		if msg.seq == m.seq && m.phase == phaseWaiting {
			m.now = msg.now
			return m, tick(m.c.WallNow, m.seq)
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

// onStarted shows the URL, waits for the flow, starts the countdown and opens the browser, but only when
// the callback server listens: with the port busy the redirect would reach nobody.
func (m Model) onStarted(msg startedMsg) (Model, tea.Cmd) {
	if msg.err != nil {
		return m.fail(msg.err)
	}
	m.phase, m.flow, m.attempt, m.now, m.deadline = phaseWaiting, msg.flow, msg.flow.Attempt, m.c.WallNow(), msg.flow.Deadline()
	if m.c.Wall != nil { // a stopped clock (test mode): count from it, so the countdown shows the whole timeout
		m.deadline = m.now.Add(m.deps.Timeout)
	}
	cmds := []tea.Cmd{tick(m.c.WallNow, m.seq), waitFlow(m.flow, m.seq)}
	if m.flow.NoCallback != nil {
		// No callback server: say why and what still works, rather than ending the attempt.
		m.busy = session.Explain(m.flow.NoCallback).What + " Paste the redirected URL (v)"
		if m.sandbox() {
			m.busy += " or approve in the terminal (a)"
		}
		m.busy += "."
	}
	if m.flow.PortBusy() {
		m.browser = "not opened: the redirect could not reach hsoauth while the port is busy"
		return m, tea.Batch(append(cmds, common.Status(common.LevelWarn, "callback port busy: the redirect cannot reach hsoauth; paste it instead"))...)
	}
	switch {
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

// onPortals opens the in-terminal consent page on the sandbox's portals.
func (m Model) onPortals(msg portalsMsg) (Model, tea.Cmd) {
	if msg.err != nil {
		return m, common.Status(common.LevelError, session.Explain(msg.err).String())
	}
	m.consent = newConsent(m.c, msg.portals, m.sel, m.attempt.HubID)
	m.overlay = overlayConsent
	return m, nil
}

// onBrowser records whether the browser opened.
func (m Model) onBrowser(msg browserMsg) (Model, tea.Cmd) {
	if msg.err != nil {
		m.browser = "could not be opened: copy (y) or print (p) the URL, scan the QR code (Q), then paste the redirect (v)"
		return m, common.Status(common.LevelWarn, "browser: "+redact.Line(msg.err.Error()))
	}
	m.browser = "opened on HubSpot's consent page"
	return m, nil
}

// onResult handles how the flow ended: a code to exchange, or an error (denied, timed out …).
func (m Model) onResult(res session.Result) (Model, tea.Cmd) {
	if res.Err != nil {
		return m.fail(res.Err)
	}
	return m.exchange(res.Code)
}

// onPaste keeps the paste input open with the reason when the flow refused the paste; a taken paste ends
// the flow, and its result arrives as a resultMsg.
func (m Model) onPaste(err error) (Model, tea.Cmd) {
	if err == nil {
		m.overlay = overlayNone
		return m, nil
	}
	m.paste.SetValue("")
	return m, common.Status(common.LevelError, session.Explain(err).String())
}

// exchange stops the callback server and redeems the code.
func (m Model) exchange(code string) (Model, tea.Cmd) {
	stop := closeFlow(m.flow)
	m.phase, m.flow, m.overlay, m.showQR = phaseExchanging, nil, overlayNone, false
	return m, tea.Batch(stop, exchangeCode(m.deps.Service, m.attempt, code, m.seq), m.spin.Tick)
}

// onExchanged hands the token to the token screen, or explains why the exchange failed.
func (m Model) onExchanged(msg exchangedMsg) (Model, tea.Cmd) {
	if msg.rec == nil {
		return m.fail(msg.err)
	}
	m.phase, m.rec, m.outcome = phaseDone, msg.rec, session.OutcomeOK
	tok := common.TokenMsg{Record: msg.rec, Requested: m.attempt.Selection}
	status := common.Status(common.LevelOK, fmt.Sprintf("signed in to hub %d", msg.rec.HubID))
	if msg.err != nil {
		status = common.Status(common.LevelWarn, session.Explain(msg.err).String())
	}
	return m, tea.Batch(
		func() tea.Msg { return tok },
		common.Navigate(common.ScreenToken),
		status,
	)
}

// fail ends the attempt with err explained, in the words the CLI uses.
func (m Model) fail(err error) (Model, tea.Cmd) {
	stop := closeFlow(m.flow)
	m.phase, m.flow, m.overlay, m.showQR = phaseFailed, nil, overlayNone, false
	ex := session.Explain(err)
	m.failure, m.outcome = ex.String(), ex.Outcome
	return m, tea.Batch(stop, common.Status(common.LevelError, m.failure))
}

// cancelAttempt ends the attempt at the user's request.
func (m Model) cancelAttempt() (Model, tea.Cmd) {
	stop := closeFlow(m.flow)
	m.phase, m.flow, m.overlay, m.showQR = phaseFailed, nil, overlayNone, false
	m.failure, m.outcome = "Sign-in cancelled; the callback server stopped.", session.OutcomeCancelled
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
