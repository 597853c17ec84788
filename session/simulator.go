package session

import (
	"context"
	"time"

	"github.com/hsoauth/hsoauth/oauth/sandbox"
)

// The simulator's types, as the screens and commands see them: a screen never imports oauth/sandbox.
type (
	// Portal is one of the simulator's test portals.
	Portal = sandbox.Portal
	// SimEvent is one entry of the simulator's request log.
	SimEvent = sandbox.Event
	// Faults are the simulator's active fault rules.
	Faults = sandbox.Faults
	// FaultRule injects one effect on one kind of endpoint.
	FaultRule = sandbox.FaultRule
	// SimApp is an app registered with the simulator.
	SimApp = sandbox.App
)

// Simulator is the HubSpot sandbox a session talks to, whether it runs in this process (the built-in
// one) or in another (`hsoauth sandbox`, reached through its admin API under /_sandbox/). The CLI and the
// TUI drive both through this one interface, so a trainer's keys and a script's flags work the same on
// either.
type Simulator interface {
	// BaseURL is where the simulator serves HubSpot's endpoints.
	BaseURL() string
	// Builtin reports whether the simulator runs inside this process (its tokens die with it).
	Builtin() bool
	// Portals lists the test portals and their users.
	Portals(ctx context.Context) ([]Portal, error)
	// Consent plays the consent page as user of portal hubID, granting or denying, and returns where
	// the browser would be redirected.
	Consent(ctx context.Context, authorizeURL string, hubID int, user string, grant bool) (string, error)
	// Advance moves the simulator's clock forward by d and returns its new time.
	Advance(ctx context.Context, d time.Duration) (time.Time, error)
	// Now is the simulator's clock, for expiry maths (tokens expire on its time, not the wall clock's).
	Now() time.Time
	// Faults returns the active fault rules; SetFaults replaces them.
	Faults(ctx context.Context) (Faults, error)
	SetFaults(ctx context.Context, f Faults) error
	// RegisterApp adds an app, or replaces the settings of the app with its client id.
	RegisterApp(ctx context.Context, app SimApp) error
	// Events returns the logged requests after sequence number since (0: all kept).
	Events(ctx context.Context, since int64) ([]SimEvent, error)
	// Subscribe streams new events until the returned func is called.
	Subscribe() (<-chan SimEvent, func())
	// Reset forgets tokens, codes and pending consents, clears faults and undoes clock moves.
	Reset(ctx context.Context) error
	// Close stops a built-in simulator; for an external one it only stops polling.
	Close(ctx context.Context) error
}

// builtin is the in-process simulator.
type builtin struct{ srv *sandbox.Server }

// NewBuiltin wraps an in-process sandbox server as a Simulator.
func NewBuiltin(srv *sandbox.Server) Simulator { return builtin{srv} }

func (b builtin) BaseURL() string { return b.srv.BaseURL() }
func (b builtin) Builtin() bool   { return true }
func (b builtin) Now() time.Time  { return b.srv.Clock().Now() }

func (b builtin) Portals(context.Context) ([]Portal, error) { return b.srv.Portals(), nil }

func (b builtin) Consent(_ context.Context, u string, hubID int, user string, grant bool) (string, error) {
	return b.srv.Consent(u, hubID, user, grant)
}

func (b builtin) Advance(_ context.Context, d time.Duration) (time.Time, error) {
	b.srv.Clock().Advance(d)
	return b.srv.Clock().Now(), nil
}

func (b builtin) Faults(context.Context) (Faults, error)      { return b.srv.Faults(), nil }
func (b builtin) SetFaults(_ context.Context, f Faults) error { return b.srv.SetFaults(f) }
func (b builtin) RegisterApp(_ context.Context, a SimApp) error {
	return b.srv.RegisterApp(a)
}

func (b builtin) Events(_ context.Context, since int64) ([]SimEvent, error) {
	return eventsSince(b.srv.Events(), since), nil
}

func (b builtin) Subscribe() (<-chan SimEvent, func()) { return b.srv.Subscribe() }

func (b builtin) Reset(context.Context) error {
	b.srv.Reset()
	return nil
}

func (b builtin) Close(ctx context.Context) error {
	cctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	return b.srv.Close(cctx)
}

// eventsSince keeps the events after sequence number since.
func eventsSince(evs []SimEvent, since int64) []SimEvent {
	kept := evs[:0:0]
	for _, e := range evs {
		if e.Seq > since {
			kept = append(kept, e)
		}
	}
	return kept
}
