package authorize

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/hsoauth/hsoauth/scopes"
	"github.com/hsoauth/hsoauth/session"
)

// Every message of this screen carries the attempt number it belongs to; the screen ignores messages of
// attempts it has moved past (a late callback, a tick of a cancelled attempt).

// startedMsg reports the new sign-in with its callback server listening (or the port busy: the flow
// then goes on without one), or why it could not start.
type startedMsg struct {
	seq  int
	flow *session.Flow
	err  error
}

// resultMsg is how the flow ended: a code to exchange, or why there is none.
type resultMsg struct {
	seq int
	res session.Result
}

// pasteMsg is the flow's verdict on a paste: nil means the flow took it (a result follows).
type pasteMsg struct {
	seq int
	err error
}

// consentMsg is the flow's verdict on an in-terminal consent decision: nil means it ended the flow.
type consentMsg struct {
	seq int
	err error
}

// exchangedMsg is the result of exchanging the code for tokens.
type exchangedMsg struct {
	seq int
	rec *session.TokenRecord
	err error
}

// browserMsg says whether the browser opened.
type browserMsg struct {
	seq int
	err error
}

// portalsMsg carries the sandbox's portals for the in-terminal consent page.
type portalsMsg struct {
	seq     int
	portals []session.Portal
	err     error
}

// tickMsg is the once-a-second countdown tick, carrying the app clock's time.
type tickMsg struct {
	seq int
	now time.Time
}

// exchangeTimeout bounds the code exchange and introspection.
const exchangeTimeout = 60 * time.Second

// beginFlow starts a sign-in; its callback server listens before any browser opens.
func beginFlow(svc Service, seq int, sel scopes.Selection, hubID int, timeout time.Duration) tea.Cmd {
	return func() tea.Msg {
		f, err := svc.Begin(context.Background(), sel, session.FlowOptions{HubID: hubID, Timeout: timeout})
		return startedMsg{seq: seq, flow: f, err: err}
	}
}

// waitFlow blocks until the flow has a result.
func waitFlow(f *session.Flow, seq int) tea.Cmd {
	return func() tea.Msg { return resultMsg{seq: seq, res: f.Wait(context.Background())} }
}

// closeFlow ends the flow's callback server and releases its port.
func closeFlow(f *session.Flow) tea.Cmd {
	return func() tea.Msg {
		if f != nil {
			f.Close()
		}
		return nil
	}
}

// openBrowser opens the authorize URL in the user's browser.
func openBrowser(open func(string) error, url string, seq int) tea.Cmd {
	return func() tea.Msg { return browserMsg{seq: seq, err: open(url)} }
}

// pasteCmd hands what the user pasted to the flow, which checks it as the callback server would.
func pasteCmd(f *session.Flow, pasted string, seq int) tea.Cmd {
	return func() tea.Msg { return pasteMsg{seq: seq, err: f.Paste(pasted)} }
}

// consentCmd plays the sandbox's consent page as user of portal hubID.
func consentCmd(f *session.Flow, hubID int, user string, grant bool, seq int) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), exchangeTimeout)
		defer cancel()
		return consentMsg{seq: seq, err: f.Consent(ctx, hubID, user, grant)}
	}
}

// loadPortals reads the sandbox's portals.
func loadPortals(svc Service, seq int) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), exchangeTimeout)
		defer cancel()
		ps, err := svc.Portals(ctx)
		return portalsMsg{seq: seq, portals: ps, err: err}
	}
}

// exchangeCode redeems the code, once, for tokens.
func exchangeCode(svc Service, a *session.Attempt, code string, seq int) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), exchangeTimeout)
		defer cancel()
		rec, err := svc.Complete(ctx, a, code)
		return exchangedMsg{seq: seq, rec: rec, err: err}
	}
}

// tick schedules the next countdown tick, reading the app clock when it fires.
func tick(now func() time.Time, seq int) tea.Cmd {
	if now == nil {
		now = time.Now
	}
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return tickMsg{seq: seq, now: now()} })
}
