package session

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hsoauth/hsoauth/config"
	"github.com/hsoauth/hsoauth/oauth/sandbox"
	"github.com/hsoauth/hsoauth/scopes"
)

// brokenStore is a Store whose Preflight or Put can be made to fail, like a full disk or a lock another
// process holds.
type brokenStore struct {
	config.Store
	preflight, put error
}

func (b *brokenStore) Preflight() error { return b.preflight }

func (b *brokenStore) Put(r *config.TokenRecord) error {
	if b.put != nil {
		return b.put
	}
	return b.Store.Put(r)
}

// openRotating opens an in-process sandbox that rotates refresh tokens, so a refresh whose answer is lost
// leaves only a dead refresh token behind.
func openRotating(t *testing.T) *Session {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(path, []byte("[sandbox]\nrotate_refresh = true\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Open(context.Background(), Options{ConfigPath: path, StoreDir: filepath.Join(dir, "state")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(context.Background()) })
	login(t, s, scopes.Selection{Required: []string{"oauth"}}, sandbox.HubFree)
	return s
}

// TestRefreshChecksTheStoreBeforeAskingHubSpot: when the store cannot save, the refresh stops before the
// server call, so the (rotating) refresh token still works once the store is fixed.
func TestRefreshChecksTheStoreBeforeAskingHubSpot(t *testing.T) {
	s := openRotating(t)
	inner := s.Store
	s.Store = &brokenStore{Store: inner, preflight: errors.New("disk full")}
	_, refreshed, err := s.Refresh(context.Background(), 0, "")
	if err == nil || refreshed || !strings.Contains(err.Error(), "not refreshing") || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("want the refresh refused before the server call, got refreshed=%v %v", refreshed, err)
	}
	s.Store = inner
	if _, refreshed, err := s.Refresh(context.Background(), 0, ""); err != nil || !refreshed {
		t.Fatalf("the refresh token must still work after a refused refresh: %v", err)
	}
}

// TestRotatedRefreshTokenThatCannotBeSavedIsReported: if saving fails after HubSpot rotated the refresh
// token, the error says so plainly and what to do.
func TestRotatedRefreshTokenThatCannotBeSavedIsReported(t *testing.T) {
	s := openRotating(t)
	s.Store = &brokenStore{Store: s.Store, put: errors.New("no space left on device")}
	_, _, err := s.Refresh(context.Background(), 0, "")
	if err == nil || !strings.Contains(err.Error(), "rotated the refresh token, and the new one could not be saved") ||
		!strings.Contains(err.Error(), "no space left on device") || !strings.Contains(err.Error(), "log in again") {
		t.Fatalf("got %v", err)
	}
}

// TestRefusedRefreshTokenIsMarkedDead: a refresh token the server refuses is dropped from the store with
// the reason, and the next refresh says "log in again" without asking the server.
func TestRefusedRefreshTokenIsMarkedDead(t *testing.T) {
	s := open(t, false)
	login(t, s, scopes.Selection{Required: []string{"oauth"}}, sandbox.HubFree)
	if err := s.Sim.SetFaults(context.Background(), sandbox.Faults{Rules: []sandbox.FaultRule{{Endpoint: sandbox.EndpointToken, Effect: sandbox.EffectRevokeRefresh, Count: 1}}}); err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		if _, _, err := s.Refresh(context.Background(), 0, ""); !errors.Is(err, ErrRefreshDead) {
			t.Fatalf("refresh %d: %v", i+1, err)
		}
	}
	rec, err := s.Token(0)
	if err != nil || rec.RefreshToken != "" || rec.RefreshStatus() != "dead" || !strings.Contains(rec.RefreshDead, "BAD_REFRESH_TOKEN") {
		t.Fatalf("record after a refused refresh: %+v %v", rec, err)
	}
}
