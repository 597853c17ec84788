package session

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/hsoauth/hsoauth/oauth"
	"github.com/hsoauth/hsoauth/oauth/sandbox"
)

// Control is one action of the trainer's control panel: move the clock, inject one of HubSpot's unhappy
// paths, switch the API version, reset. The same actions drive the built-in and an external simulator,
// through the Simulator interface.
type Control struct {
	Key   string // stable id, for tests and scripts
	Label string // what the panel lists
	// Teaches says what the audience will see happen, in one sentence.
	Teaches string
}

// Controls lists the panel's actions in the order a demo usually needs them.
func Controls() []Control {
	return []Control{
		{"clock+5m", "Clock +5 minutes", "the sandbox clock jumps 5 minutes: the access token is that much closer to expiring."},
		{"clock+31m", "Clock +31 minutes", "the clock passes the 30-minute access token lifetime: the next API call gets 401 EXPIRED_AUTHENTICATION."},
		{"slow", "Slow token endpoint (3 s)", "the next token call waits 3 seconds, as on a slow network: watch the spinner and the timing."},
		{"429", "429 on the next token call", "the next token call answers 429 with Retry-After, as HubSpot does when an app calls too fast."},
		{"5xx", "503 on the next token call", "the next token call answers 503: a HubSpot outage the app must survive and retry."},
		{"expire-codes", "Expire the next code", "the next code exchange fails with EXPIRED_AUTH_CODE, as when the user took too long."},
		{"revoke-refresh", "Revoke the refresh token", "the next refresh finds its refresh token revoked: BAD_REFRESH_TOKEN, and the user must sign in again."},
		{"refuse-consent", "Refuse the next consent", "the next Grant on the consent page counts as Deny: the app gets error=access_denied."},
		{"version", "Switch the OAuth API version", "hsoauth moves to the next OAuth API version (v3, 2026-03, v1): the next token call uses its paths."},
		{"reset", "Reset the sandbox", "the sandbox forgets every token, code and fault, and its clock goes back."},
	}
}

// controlFaults are the fault rules the inject actions add, each for the next matching request only.
var controlFaults = map[string]sandbox.FaultRule{
	"slow":           {Endpoint: sandbox.EndpointToken, Effect: sandbox.EffectDelay, Delay: 3 * time.Second, Count: 1},
	"429":            {Endpoint: sandbox.EndpointToken, Effect: sandbox.EffectRateLimit, RetryAfter: 30 * time.Second, Count: 1},
	"5xx":            {Endpoint: sandbox.EndpointToken, Effect: sandbox.EffectServerError, Status: http.StatusServiceUnavailable, Count: 1},
	"expire-codes":   {Endpoint: sandbox.EndpointToken, Effect: sandbox.EffectExpireCodes, Count: 1},
	"revoke-refresh": {Endpoint: sandbox.EndpointToken, Effect: sandbox.EffectRevokeRefresh, Count: 1},
	"refuse-consent": {Endpoint: sandbox.EndpointConsent, Effect: sandbox.EffectRefuseConsent, Count: 1},
}

// RunControl applies the action key to the simulator and records it in the trace as a sandbox step, so
// the diagram and the narration show it at once. It returns what happened in one line.
func (s *Session) RunControl(ctx context.Context, key string) (string, error) {
	c, ok := controlByKey(key)
	if !ok {
		return "", fmt.Errorf("no control %q; the panel lists them", key)
	}
	if s.Sim == nil {
		return "", ErrNoSimulator
	}
	path, err := s.applyControl(ctx, key)
	ev := oauth.TraceEvent{Time: s.Now(), Step: oauth.StepSandbox, From: oauth.PartyApp, To: oauth.PartyHubSpot,
		Method: http.MethodPost, URL: s.Sim.BaseURL() + path, Status: http.StatusOK, Note: "The trainer's control panel: " + c.Teaches}
	if err != nil {
		ev.Status, ev.Err = 0, err.Error()
	}
	s.Trace.Record(ev)
	if err != nil {
		return "", err
	}
	return c.Label + ": " + c.Teaches, nil
}

func controlByKey(key string) (Control, bool) {
	for _, c := range Controls() {
		if c.Key == key {
			return c, true
		}
	}
	return Control{}, false
}

// applyControl does the action and names the admin path it corresponds to (what curl would call).
func (s *Session) applyControl(ctx context.Context, key string) (string, error) {
	switch key {
	case "clock+5m", "clock+31m":
		d := 5 * time.Minute
		if key == "clock+31m" {
			d = 31 * time.Minute
		}
		_, _, err := s.Advance(ctx, d)
		return "/_sandbox/clock/advance?by=" + d.String(), err
	case "version":
		return "/_sandbox/state", s.nextAPIVersion()
	case "reset":
		err := s.Sim.Reset(ctx)
		if err == nil {
			s.mu.Lock()
			s.advanced = 0
			s.mu.Unlock()
		}
		return "/_sandbox/reset", err
	}
	f, err := s.Sim.Faults(ctx)
	if err != nil {
		return "/_sandbox/faults", err
	}
	f.Rules = append(f.Rules, controlFaults[key])
	return "/_sandbox/faults", s.Sim.SetFaults(ctx, f)
}

// APIVersion is the OAuth API version the session's client uses now.
func (s *Session) APIVersion() string {
	return string(s.client().Env.Version)
}

// client is the OAuth client for one call; see clientMu.
func (s *Session) client() *oauth.Client {
	s.clientMu.RLock()
	defer s.clientMu.RUnlock()
	return s.Client
}

// nextAPIVersion moves the client to the next OAuth API version. The client is replaced, not changed,
// so a call already under way finishes on the version it started with.
func (s *Session) nextAPIVersion() error {
	order := []oauth.APIVersion{oauth.V3, oauth.V202603, oauth.V1}
	s.clientMu.Lock()
	defer s.clientMu.Unlock()
	next := *s.Client
	for i, v := range order {
		if v == next.Env.Version {
			next.Env.Version = order[(i+1)%len(order)]
			s.Client = &next
			return nil
		}
	}
	next.Env.Version = oauth.V3
	s.Client = &next
	return nil
}
