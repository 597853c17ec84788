package authorize

import (
	"context"
	"errors"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/hsoauth/hsoauth/config"
	"github.com/hsoauth/hsoauth/oauth"
	"github.com/hsoauth/hsoauth/oauth/sandbox"
	"github.com/hsoauth/hsoauth/scopes"
	"github.com/hsoauth/hsoauth/session"
)

// Every message of this screen carries the attempt number it belongs to; the screen ignores messages of
// attempts it has moved past (a late callback, a tick of a cancelled attempt).

// startedMsg reports the new attempt with its callback server listening, or why it could not start.
type startedMsg struct {
	seq     int
	attempt *session.Attempt
	srv     *oauth.CallbackServer
	err     error
	// busy is set when the callback port is taken: the attempt goes on without a callback server, on
	// the paths that need none (paste the redirected URL, approve in the terminal).
	busy *oauth.PortBusyError
}

// callbackMsg is what the callback server's Wait returned.
type callbackMsg struct {
	seq int
	res oauth.CallbackResult
	err error
}

// codeMsg is a code from the paste input or the in-terminal consent (via says which), or why there is none.
type codeMsg struct {
	seq  int
	via  string
	code string
	err  error
}

// exchangedMsg is the result of exchanging the code for tokens.
type exchangedMsg struct {
	seq int
	rec *config.TokenRecord
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
	portals []sandbox.Portal
}

// tickMsg is the once-a-second countdown tick, carrying the app clock's time.
type tickMsg struct {
	seq int
	now time.Time
}

// exchangeTimeout bounds the code exchange and introspection.
const exchangeTimeout = 60 * time.Second

// startAttempt makes a fresh attempt and starts its callback server before any browser opens.
func startAttempt(ctx context.Context, s *session.Session, seq int, sel scopes.Selection, hubID int, timeout time.Duration) tea.Cmd {
	return func() tea.Msg {
		a, err := s.NewAttempt(sel, hubID)
		if err != nil {
			return startedMsg{seq: seq, err: err}
		}
		srv, err := s.Listen(ctx, a, timeout)
		var busy *oauth.PortBusyError
		if errors.As(err, &busy) {
			return startedMsg{seq: seq, attempt: a, busy: busy}
		}
		return startedMsg{seq: seq, attempt: a, srv: srv, err: err}
	}
}

// waitCallback blocks until the callback server has an answer.
func waitCallback(ctx context.Context, srv *oauth.CallbackServer, seq int) tea.Cmd {
	return func() tea.Msg {
		res, err := srv.Wait(ctx)
		return callbackMsg{seq: seq, res: res, err: err}
	}
}

// closeServer ends the attempt's server and releases its port.
func closeServer(cancel context.CancelFunc, srv *oauth.CallbackServer) tea.Cmd {
	return func() tea.Msg {
		if cancel != nil {
			cancel()
		}
		if srv != nil {
			_ = srv.Close()
		}
		return nil
	}
}

// openBrowser opens the authorize URL in the user's browser.
func openBrowser(open func(string) error, url string, seq int) tea.Cmd {
	return func() tea.Msg { return browserMsg{seq: seq, err: open(url)} }
}

// parsePaste checks what the user pasted with the same rules as the callback server.
func parsePaste(s *session.Session, a *session.Attempt, pasted string, seq int) tea.Cmd {
	return func() tea.Msg {
		code, err := s.CodeFromPaste(a, pasted)
		return codeMsg{seq: seq, via: "paste", code: code, err: err}
	}
}

// consentInTerminal plays the sandbox's consent page as user of portal hubID.
func consentInTerminal(s *session.Session, a *session.Attempt, hubID int, user string, grant bool, seq int) tea.Cmd {
	return func() tea.Msg {
		code, err := s.ConsentInSandbox(a, hubID, user, grant)
		return codeMsg{seq: seq, via: "consent", code: code, err: err}
	}
}

// loadPortals reads the sandbox's portals.
func loadPortals(srv *sandbox.Server, seq int) tea.Cmd {
	return func() tea.Msg { return portalsMsg{seq: seq, portals: srv.Portals()} }
}

// exchangeCode redeems the code, once, for tokens.
func exchangeCode(s *session.Session, a *session.Attempt, code string, seq int) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), exchangeTimeout)
		defer cancel()
		rec, err := s.Complete(ctx, a, code)
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
