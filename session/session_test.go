package session

import (
	"context"
	"errors"
	"net"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/adrg/xdg"
	"github.com/hsoauth/hsoauth/oauth/sandbox"
	"github.com/hsoauth/hsoauth/scopes"
)

// open starts a sandbox session with private XDG dirs.
func open(t *testing.T, testMode bool) *Session {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	t.Setenv("XDG_STATE_HOME", filepath.Join(dir, "state"))
	xdg.Reload()
	s, err := Open(context.Background(), Options{ConfigPath: filepath.Join(dir, "none.toml"), StoreDir: filepath.Join(dir, "state"), TestMode: testMode})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(context.Background()) })
	return s
}

// login runs a whole flow in the sandbox as portal hub's Super Admin.
func login(t *testing.T, s *Session, sel scopes.Selection, hub int) {
	t.Helper()
	a, err := s.NewAttempt(context.Background(), sel, 0)
	if err != nil {
		t.Fatal(err)
	}
	code, err := s.ConsentInSandbox(context.Background(), a, hub, "", true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Complete(context.Background(), a, code); err != nil {
		t.Fatal(err)
	}
}

func TestSandboxModeWithoutConfig(t *testing.T) {
	s := open(t, false)
	if !s.IsSandbox() || s.Sim == nil || s.Store.Kind() != "memory" || s.Profile.Name != SandboxProfile {
		t.Fatalf("sandbox=%v store=%s profile=%s", s.IsSandbox(), s.Store.Kind(), s.Profile.Name)
	}
	sel, acct := s.Saved()
	if sel.Of("oauth") != scopes.ReqRequired || acct.ID != "marketing-starter" {
		t.Fatalf("starting selection %v on %s", sel, acct.ID)
	}
}

// TestDemoAppFollowsSelection: in the TUI the demo app's settings follow the selection, so a scope the
// built-in demo app does not configure still installs, and only the account decides what is dropped.
func TestDemoAppFollowsSelection(t *testing.T) {
	s := open(t, false)
	sel := scopes.Selection{Required: []string{"oauth", "crm.objects.quotes.read"}, Optional: []string{"automation"}}
	login(t, s, sel, sandbox.HubMarketingStarter)
	rec, err := s.Token(0)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(rec.Scopes, " ")
	if !strings.Contains(got, "crm.objects.quotes.read") || strings.Contains(got, "automation") {
		t.Fatalf("granted %q", got)
	}
	if rec.User == "" || rec.HubDomain == "" {
		t.Fatalf("introspection should fill user and domain: %+v", rec)
	}
}

// TestRefreshOnceForConcurrentCallers: a caller that saw an old access token gets the stored, newer one
// instead of refreshing a second time.
func TestRefreshOnceForConcurrentCallers(t *testing.T) {
	s := open(t, false)
	login(t, s, scopes.Selection{Required: []string{"oauth"}}, sandbox.HubFree)
	rec, _ := s.Token(0)
	first, refreshed, err := s.Refresh(context.Background(), rec.HubID, rec.AccessToken)
	if err != nil || !refreshed || first.AccessToken == rec.AccessToken || len(first.History) != 1 {
		t.Fatalf("first refresh: %v %v", refreshed, err)
	}
	second, refreshed, err := s.Refresh(context.Background(), rec.HubID, rec.AccessToken)
	if err != nil || refreshed || second.AccessToken != first.AccessToken {
		t.Fatalf("a caller with a stale view must get the stored token, not refresh again: refreshed=%v err=%v", refreshed, err)
	}
}

func TestRevokeKeepsAccessTokenAndBlocksRefresh(t *testing.T) {
	s := open(t, false)
	login(t, s, scopes.Selection{Required: []string{"oauth"}}, sandbox.HubFree)
	rec, err := s.Revoke(context.Background(), 0)
	if err != nil || rec.RefreshToken != "" || rec.AccessToken == "" {
		t.Fatalf("revoke: %+v %v", rec, err)
	}
	if resp, err := s.Call(context.Background(), rec, "/account-info/v3/details"); err != nil || resp.Status != 200 {
		t.Fatalf("the access token must keep working until it expires: %v", err)
	}
	if _, _, err := s.Refresh(context.Background(), rec.HubID, ""); !errors.Is(err, ErrRefreshDead) || Explain(err).Outcome != OutcomeNoToken || !strings.Contains(Explain(err).String(), "hsoauth login") {
		t.Fatalf("refresh after revoke: %v", err)
	}
	if _, err := s.Revoke(context.Background(), 0); err == nil {
		t.Fatal("revoking twice must say it was already revoked")
	}
	if err := s.Logout(0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Token(0); err != ErrNoToken {
		t.Fatalf("after logout: %v", err)
	}
}

func TestSaveAndRestoreSelection(t *testing.T) {
	s := open(t, false)
	sel := scopes.Selection{Required: []string{"oauth", "forms"}, Optional: []string{"hubdb"}}
	if err := s.Save(sel, "marketing-pro+website"); err != nil {
		t.Fatal(err)
	}
	got, acct := s.Saved()
	if !got.Equal(sel) || acct.ID != "marketing-pro+website" {
		t.Fatalf("restored %v on %s", got, acct.ID)
	}
}

func TestFreeRedirectSkipsBusyPorts(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	busy := "http://localhost:" + portOf(l.Addr()) + "/cb"
	l2, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	free := "http://localhost:" + portOf(l2.Addr()) + "/cb"
	_ = l2.Close()
	if got := freeRedirect([]string{busy, free}, busy); got != free {
		t.Fatalf("got %s, want the free %s", got, free)
	}
	if got := freeRedirect([]string{busy}, busy); got != busy {
		t.Fatalf("with none free keep the current one, got %s", got)
	}
}

func portOf(a net.Addr) string {
	_, p, _ := net.SplitHostPort(a.String())
	return p
}

// TestTestModeIsReproducible: two test-mode sessions make the same URL and the same tokens.
func TestTestModeIsReproducible(t *testing.T) {
	run := func() (string, string) {
		s := open(t, true)
		sel := scopes.Selection{Required: []string{"oauth"}}
		a, err := s.NewAttempt(context.Background(), sel, 0)
		if err != nil {
			t.Fatal(err)
		}
		login(t, s, sel, sandbox.HubFree)
		rec, _ := s.Token(0)
		u, _ := url.Parse(a.URL)
		return u.Query().Get("state") + u.Query().Get("code_challenge"), rec.AccessToken
	}
	u1, t1 := run()
	u2, t2 := run()
	if u1 != u2 || t1 != t2 {
		t.Fatal("test mode must be reproducible")
	}
	if !open(t, true).Now().Equal(TestModeClock()) {
		t.Fatal("the test-mode clock must stand at TestModeClock()")
	}
}

func TestNotSandboxWithoutConsent(t *testing.T) {
	s := open(t, false)
	a, _ := s.NewAttempt(context.Background(), scopes.Selection{Required: []string{"oauth"}}, 0)
	srv := s.Sim
	s.Sim = nil
	defer func() { s.Sim = srv }()
	if _, err := s.ConsentInSandbox(context.Background(), a, sandbox.HubFree, "", true); err == nil {
		t.Fatal("approving in the terminal needs an in-process sandbox")
	}
}

// TestRevokeRemovesLocalCopyEvenOnFailure follows checklist T6: when HubSpot does not confirm, the
// refresh token still goes, and the error says the grant may still be active.
func TestRevokeRemovesLocalCopyEvenOnFailure(t *testing.T) {
	s := open(t, false)
	login(t, s, scopes.Selection{Required: []string{"oauth"}}, sandbox.HubFree)
	if err := s.Sim.SetFaults(context.Background(), sandbox.Faults{Rules: []sandbox.FaultRule{{Endpoint: sandbox.EndpointRevoke, Effect: sandbox.EffectServerError, Status: 503}}}); err != nil {
		t.Fatal(err)
	}
	rec, err := s.Revoke(context.Background(), 0)
	if err == nil || !strings.Contains(err.Error(), "may still be active") {
		t.Fatalf("revoke with HubSpot down: %v", err)
	}
	if stored, _ := s.Token(rec.HubID); stored.RefreshToken != "" {
		t.Fatal("the local refresh token must be removed even when HubSpot did not confirm")
	}
}
