package session

import (
	"context"
	"errors"
	"time"

	"github.com/hsoauth/hsoauth/config"
	"github.com/hsoauth/hsoauth/oauth"
)

// The domain's types, as the screens and commands see them: the session is the one door, so nothing under
// ui/ imports config or oauth.
type (
	// TokenRecord is a stored token set for one profile and portal.
	TokenRecord = config.TokenRecord
	// RefreshEntry is one line of a token's refresh history.
	RefreshEntry = config.RefreshEntry
	// TraceEvent is one recorded HTTP exchange, secrets masked.
	TraceEvent = oauth.TraceEvent
	// Introspection is what HubSpot says about a token.
	Introspection = oauth.Introspection
	// APIResponse is the answer to a "try it" API call.
	APIResponse = oauth.APIResponse
	// URLPart is one explained piece of an authorize URL.
	URLPart = oauth.URLPart
	// Remote says whether the terminal runs over SSH or in WSL.
	Remote = oauth.Remote
	// TokenKind says which token to introspect.
	TokenKind = oauth.TokenKind
	// ScopeDiff compares requested with granted scopes.
	ScopeDiff = oauth.ScopeDiff
)

// The token kinds.
const (
	AccessToken  = oauth.AccessToken
	RefreshToken = oauth.RefreshToken
)

// ErrNoSimulator is returned by the simulator verbs when the session talks to HubSpot.
var ErrNoSimulator = errors.New("this needs the sandbox; start hsoauth with --sandbox (or --sandbox-url)")

// HasSimulator reports whether the session talks to a simulator (built in or external).
func (s *Session) HasSimulator() bool { return s.Sim != nil }

// Portals lists the simulator's test portals.
func (s *Session) Portals(ctx context.Context) ([]Portal, error) {
	if s.Sim == nil {
		return nil, ErrNoSimulator
	}
	return s.Sim.Portals(ctx)
}

// CompareScopes diffs what was requested (required and optional) with what was granted.
func CompareScopes(required, optional, granted []string) ScopeDiff {
	return oauth.CompareScopes(required, optional, granted)
}

// TraceEvents returns the exchanges recorded so far, oldest first.
func (s *Session) TraceEvents() []TraceEvent { return s.Trace.Events() }

// SubscribeTrace streams exchanges as they are recorded, until the returned func is called.
func (s *Session) SubscribeTrace() (<-chan TraceEvent, func()) { return s.Trace.Subscribe() }

// SimEvents returns the simulator's logged requests (none when talking to HubSpot).
func (s *Session) SimEvents() []SimEvent {
	if s.Sim == nil {
		return nil
	}
	evs, _ := s.Sim.Events(context.Background(), 0)
	return evs
}

// SubscribeSim streams the simulator's events; ok is false when there is no simulator.
func (s *Session) SubscribeSim() (ch <-chan SimEvent, cancel func(), ok bool) {
	if s.Sim == nil {
		return nil, func() {}, false
	}
	ch, cancel = s.Sim.Subscribe()
	return ch, cancel, true
}

// Advance moves the simulator's clock forward by d (the TUI's fast-forward key) and returns its new time
// and how far this session has moved it in all.
func (s *Session) Advance(ctx context.Context, d time.Duration) (now time.Time, total time.Duration, err error) {
	if s.Sim == nil {
		return time.Time{}, 0, ErrNoSimulator
	}
	if now, err = s.Sim.Advance(ctx, d); err != nil {
		return time.Time{}, 0, err
	}
	s.mu.Lock()
	s.advanced += d
	total = s.advanced
	s.mu.Unlock()
	return now, total, nil
}

// APIBase is where API calls go: HubSpot's API host, the profile's api_base, or the simulator.
func (s *Session) APIBase() string {
	if s.client() != nil {
		return s.client().Env.APIBase
	}
	return oauth.HubSpot().APIBase
}

// RedactKnown masks every secret the session's trace has seen in text: a last defence before a body
// reaches the screen.
func (s *Session) RedactKnown(text string) string {
	if s.Trace == nil {
		return text
	}
	return s.Trace.Redact(text)
}

// RefreshPolicy is the profile's auto-refresh setting and margin.
func (s *Session) RefreshPolicy() (auto bool, margin time.Duration) {
	margin = s.Profile.RefreshMargin
	if margin <= 0 {
		margin = 5 * time.Minute
	}
	return s.Profile.AutoRefresh, margin
}

// PinnedHub is the profile's hub_id (0: none): the portal that sign-ins target and that token, refresh,
// inspect and revoke use by default.
func (s *Session) PinnedHub() int { return s.Profile.HubID }

// WriteFile replaces path with data atomically (a temporary file renamed over it), so an export that
// fails half-way never leaves a half-written app-hsmeta.json behind.
func WriteFile(path string, data []byte) error { return config.WriteFileAtomic(path, data, 0o644) }

// ReadAppFile reads an app-hsmeta.json the user named, with the same limits as the command line's
// --app-hsmeta: a regular file of at most 1 MiB, nested at most 32 levels.
func ReadAppFile(path string) ([]byte, error) { return config.ReadInputFile(path, "app-hsmeta.json") }

// WriteNewFile creates path with data, private (0600: even a masked trace names the portal), atomically,
// and never over an existing file: the TUI's exports go through it.
func WriteNewFile(path string, data []byte) error { return config.WriteNewPrivateFile(path, data) }
