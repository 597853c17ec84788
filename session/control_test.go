package session

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hsoauth/hsoauth/oauth"
	"github.com/hsoauth/hsoauth/oauth/sandbox"
	"github.com/hsoauth/hsoauth/scopes"
)

// TestControlsOnBothSimulators: every panel action works on the built-in simulator and on one reached
// over its admin API, and each lands in the trace as a sandbox step.
func TestControlsOnBothSimulators(t *testing.T) {
	srv, err := sandbox.New(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	remote, err := NewRemote(context.Background(), hs.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, sim := range map[string]Simulator{"builtin": open(t, true).Sim, "external": remote} {
		t.Run(name, func(t *testing.T) {
			s := open(t, true)
			s.Sim = sim
			ctx := context.Background()
			for _, c := range Controls() {
				msg, err := s.RunControl(ctx, c.Key)
				if err != nil || !strings.Contains(msg, c.Label) {
					t.Fatalf("%s: %q %v", c.Key, msg, err)
				}
				if c.Key == "refuse-consent" {
					f, _ := sim.Faults(ctx)
					if len(f.Rules) != 6 {
						t.Fatalf("after the six faults: %+v", f.Rules)
					}
				}
			}
			f, _ := sim.Faults(ctx)
			if len(f.Rules) != 0 {
				t.Errorf("reset left faults: %+v", f.Rules)
			}
			n := 0
			for _, ev := range s.Trace.Events() {
				if ev.Step == oauth.StepSandbox && ev.Err == "" && strings.HasPrefix(ev.URL, sim.BaseURL()+"/_sandbox/") {
					n++
				}
			}
			if n != len(Controls()) {
				t.Errorf("%d sandbox steps in the trace, want %d", n, len(Controls()))
			}
			if s.APIVersion() != string(oauth.V202603) {
				t.Errorf("version after one switch: %s", s.APIVersion())
			}
			if _, err := s.RunControl(ctx, "nope"); err == nil {
				t.Error("an unknown control must be refused")
			}
		})
	}
}

// TestInjected429ShowsOnTheNextRefresh: the fault the panel injects is what the next refresh meets.
func TestInjected429ShowsOnTheNextRefresh(t *testing.T) {
	s := open(t, true)
	login(t, s, scopes.Selection{Required: []string{"oauth"}}, 20000001)
	ctx := context.Background()
	if _, err := s.RunControl(ctx, "429"); err != nil {
		t.Fatal(err)
	}
	rec, err := s.Token(0)
	if err != nil {
		t.Fatal(err)
	}
	_, _, _ = s.Refresh(ctx, rec.HubID, rec.AccessToken) // whether the retry then succeeds is the client's business
	evs := s.Trace.Events()
	found := false
	for _, ev := range evs {
		if ev.Step == oauth.StepRefresh && ev.Status == 429 {
			found = true
		}
	}
	if !found {
		t.Fatalf("no refresh answered 429 in the trace: %+v", evs)
	}
}

// TestVersionSwitchDuringCalls: switching the API version while token calls run in other goroutines
// (the TUI's auto-refresh) is safe; run with -race.
func TestVersionSwitchDuringCalls(t *testing.T) {
	s := open(t, true)
	login(t, s, scopes.Selection{Required: []string{"oauth"}}, 20000001)
	rec, err := s.Token(0)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 3 {
			if _, err := s.Introspect(ctx, rec, AccessToken); err != nil {
				t.Error(err)
			}
		}
	}()
	for range 3 {
		if _, err := s.RunControl(ctx, "version"); err != nil {
			t.Fatal(err)
		}
	}
	<-done
	if s.APIVersion() != string(oauth.V3) {
		t.Errorf("three switches come back to v3, got %s", s.APIVersion())
	}
}
