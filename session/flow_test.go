package session

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hsoauth/hsoauth/oauth"
	"github.com/hsoauth/hsoauth/oauth/sandbox"
	"github.com/hsoauth/hsoauth/scopes"
)

// builtinFlow starts a paste-only flow on a built-in sandbox session.
func builtinFlow(t *testing.T, timeout time.Duration) (*Session, *Flow) {
	t.Helper()
	dir := t.TempDir()
	s, err := Open(context.Background(), Options{ConfigPath: filepath.Join(dir, "none.toml"), Sandbox: true, StoreDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(context.Background()) })
	f, err := s.Begin(context.Background(), scopes.Selection{Required: []string{"oauth"}}, FlowOptions{Timeout: timeout, NoListen: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.Close)
	return s, f
}

// TestFlowAfterItEnded: once a flow has its result (or timed out, or was closed), a paste or a consent
// decision says the sign-in is over instead of being dropped silently, and Wait keeps the first result.
func TestFlowAfterItEnded(t *testing.T) {
	s, f := builtinFlow(t, time.Minute)
	redirect, err := s.Sim.Consent(context.Background(), f.Attempt.URL, sandbox.HubFree, "", true)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Paste(redirect); err != nil {
		t.Fatal(err)
	}
	if err := f.Paste(redirect); !errors.Is(err, ErrFlowOver) {
		t.Fatalf("a second paste: %v", err)
	}
	if err := f.Consent(context.Background(), sandbox.HubFree, "", true); !errors.Is(err, ErrFlowOver) {
		t.Fatalf("a consent after the result: %v", err)
	}
	f.Close()
	for range 20 { // the result was there before Close: Wait must not say cancelled
		if r := f.Wait(context.Background()); r.Err != nil || r.Code == "" {
			t.Fatalf("Wait after Close lost the code: %+v", r)
		}
	}
}

func TestFlowTimesOutThenRefusesPastes(t *testing.T) {
	_, f := builtinFlow(t, 50*time.Millisecond)
	if r := f.Wait(context.Background()); !errors.Is(r.Err, oauth.ErrCallbackTimeout) || Explain(r.Err).Outcome != OutcomeTimedOut {
		t.Fatalf("want a timeout: %+v", r)
	}
	if err := f.Paste("na1-0123-4567-89ab-cdef-0123456789ab"); !errors.Is(err, ErrFlowOver) || !strings.Contains(err.Error(), "start a new one") {
		t.Fatalf("a paste after the timeout: %v", err)
	}
}
