package token

import (
	"context"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/hsoauth/hsoauth/scopes"
	"github.com/hsoauth/hsoauth/session"
	"github.com/hsoauth/hsoauth/ui/common"
)

// callTimeout bounds every HubSpot request the screen makes.
const callTimeout = 30 * time.Second

// fastForward is how far `f` moves the sandbox clock.
const fastForward = 5 * time.Minute

// Paths of the "try it" calls.
const (
	pathAccountInfo = "/account-info/v3/details"
	pathContacts    = "/crm/v3/objects/contacts?limit=3"
)

var lastID atomic.Int64

// nextID gives each token model its own id, so its ticks and results never reach another instance.
func nextID() int { return int(lastID.Add(1)) }

// Messages of this screen; each carries the model id it belongs to.
type (
	loadedMsg struct {
		id        int
		rec       *session.TokenRecord
		requested scopes.Selection
	}
	tickMsg struct {
		id, tag int
		now     time.Time
	}
	refreshedMsg struct {
		id        int
		rec       *session.TokenRecord
		refreshed bool
		auto      bool
		err       error
	}
	revokedMsg struct {
		id  int
		rec *session.TokenRecord
		err error
	}
	calledMsg struct {
		id   int
		path string
		resp *session.APIResponse
		err  error
	}
	introspectedMsg struct {
		id  int
		in  *session.Introspection
		err error
	}
	advancedMsg struct {
		id     int
		now    time.Time
		offset time.Duration
		err    error
	}
)

// load reads the profile's stored token at start, so the screen is not empty after a restart.
func load(id int, s Service) tea.Cmd {
	if s == nil {
		return nil
	}
	return func() tea.Msg {
		rec, err := s.Token(s.PinnedHub())
		if err != nil {
			return nil // no token yet: the empty state explains how to get one
		}
		// Compare with what this token was asked for, not with the catalog's current selection.
		return loadedMsg{id: id, rec: rec, requested: requestedOf(rec)}
	}
}

// tick waits a second and reads the app clock (the sandbox clock in sandbox mode).
func tick(id, tag int, now func() time.Time, d time.Duration) tea.Cmd {
	if d == 0 {
		return func() tea.Msg { return tickMsg{id: id, tag: tag, now: now()} }
	}
	return tea.Tick(d, func(time.Time) tea.Msg { return tickMsg{id: id, tag: tag, now: now()} })
}

// refreshToken renews the access token through the session's cross-process lock.
func refreshToken(id int, s Service, rec session.TokenRecord, auto bool) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
		defer cancel()
		got, refreshed, err := s.Refresh(ctx, rec.HubID, rec.AccessToken)
		return refreshedMsg{id: id, rec: got, refreshed: refreshed, auto: auto, err: err}
	}
}

// revokeToken revokes the refresh token at HubSpot.
func revokeToken(id int, s Service, hubID int) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
		defer cancel()
		rec, err := s.Revoke(ctx, hubID)
		return revokedMsg{id: id, rec: rec, err: err}
	}
}

// callAPI makes a "try it" request with the access token.
func callAPI(id int, s Service, rec session.TokenRecord, path string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
		defer cancel()
		resp, err := s.Call(ctx, &rec, path)
		return calledMsg{id: id, path: path, resp: resp, err: err}
	}
}

// introspect asks HubSpot about the access token.
func introspect(id int, s Service, rec session.TokenRecord) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
		defer cancel()
		in, err := s.Introspect(ctx, &rec, session.AccessToken)
		return introspectedMsg{id: id, in: in, err: err}
	}
}

// advance fast-forwards the sandbox clock and reports the new time at once, so the countdown jumps
// without waiting for the next tick.
func advance(id int, s Service) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
		defer cancel()
		now, total, err := s.Advance(ctx, fastForward)
		return advancedMsg{id: id, now: now, offset: total, err: err}
	}
}

// errText is an error in plain words with the next step, as the CLI says it.
func errText(err error) string { return session.Explain(err).String() }

// status is a footer message command.
func status(level common.Level, text string) tea.Cmd { return common.Status(level, text) }
