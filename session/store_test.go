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
	if err == nil || !strings.Contains(err.Error(), "rotated the refresh token and the new one could not be saved") ||
		!strings.Contains(err.Error(), "no space left on device") || !strings.Contains(Explain(err).String(), "then log in again") {
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

// failingKeyring is an OS keyring that is not there, as over SSH or in a container.
type failingKeyring struct{}

var errNoKeyring = errors.New("org.freedesktop.secrets was not provided by any .service files")

func (failingKeyring) Set(string, string, string) error   { return errNoKeyring }
func (failingKeyring) Get(string, string) (string, error) { return "", errNoKeyring }
func (failingKeyring) Delete(string, string) error        { return errNoKeyring }

// TestKeyringUnavailableOnlyAtTheTokenStep: a keyring profile whose keyring is unavailable still opens
// (the TUI's catalog and review work, selections are saved); reading or saving a token, and the login's
// preflight, report the keyring with the file store as the fix, in full.
func TestKeyringUnavailableOnlyAtTheTokenStep(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	conf := "[profiles.dev]\nclient_id = \"dev-client\"\nclient_secret = \"the-real-secret\"\ntoken_store = \"keyring\"\n"
	if err := os.WriteFile(path, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Open(context.Background(), Options{ConfigPath: path, StoreDir: filepath.Join(dir, "state"), TokenKeyring: failingKeyring{}})
	if err != nil {
		t.Fatalf("the session must open without a keyring: %v", err)
	}
	defer s.Close(context.Background())
	if err := s.Save(scopes.Selection{Required: []string{"oauth"}}, "free"); err != nil {
		t.Fatalf("saving the selection must not need the keyring: %v", err)
	}
	for name, err := range map[string]error{"Token": func() error { _, err := s.Token(0); return err }(), "Preflight": s.Preflight()} {
		ex := Explain(err)
		if !errors.Is(err, config.ErrKeyringUnavailable) || !strings.Contains(ex.Next, `token_store = "file"`) || !strings.Contains(ex.Next, filepath.Join(dir, "state")) {
			t.Errorf("%s: %v → %q", name, err, ex)
		}
	}
}

// TestLazySecretIsRaceFree: the keyring-held secret is looked up on first use, from a TUI command's
// goroutine, while the review screen builds preview URLs from the same client (run with -race).
func TestLazySecretIsRaceFree(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "c.toml")
	body := "[profiles.dev]\nclient_id = \"app-0000\"\nclient_secret_keyring = \"hsoauth:dev\"\ntoken_store = \"file\"\n"
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	kr := config.KeyringFunc(func(service, user string) (string, error) { return "secret-from-the-keyring-0123", nil })
	s, err := Open(context.Background(), Options{ConfigPath: path, Keyring: kr, StoreDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(context.Background())
	done := make(chan error)
	go func() { done <- s.needSecret() }()
	for range 50 {
		if _, _, err := s.PreviewURL(scopes.Selection{Required: []string{"oauth"}}, 0); err != nil {
			t.Fatal(err)
		}
	}
	if err := <-done; err != nil || s.client().App.ClientSecret != "secret-from-the-keyring-0123" {
		t.Fatalf("secret: %v", err)
	}
}
