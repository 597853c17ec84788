package session

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/adrg/xdg"
	"github.com/hsoauth/hsoauth/oauth/sandbox"
	"github.com/hsoauth/hsoauth/scopes"
)

// profileConfig writes a config with one profile "mine" for an app of the user's own, pinned to hub.
func profileConfig(t *testing.T, hub int, scopesTOML string) string {
	pin := ""
	if hub > 0 {
		pin = fmt.Sprintf("hub_id = %d", hub)
	}
	t.Helper()
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	t.Setenv("XDG_STATE_HOME", filepath.Join(dir, "state"))
	xdg.Reload()
	path := filepath.Join(dir, "config.toml")
	body := fmt.Sprintf(`default_profile = "mine"
[profiles.mine]
client_id = "11111111-2222-3333-4444-555555555555"
client_secret_env = "MY_SECRET"
redirect_uri = "http://localhost:53917/my-callback"
api_version = "2026-03"
%s
token_store = "file"
%s
`, pin, scopesTOML)
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func startExternal(t *testing.T) (*sandbox.Server, string) {
	t.Helper()
	srv, err := sandbox.New(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	base, err := srv.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close(context.Background()) })
	return srv, base
}

// TestProfileKeepsItsMeaningWithSandboxURL: --sandbox-url with --profile signs in with the profile's app
// (client id, redirect, scopes, API version, hub pin), registered with that sandbox under a sandbox-only
// secret, and the real secret never reaches it.
func TestProfileKeepsItsMeaningWithSandboxURL(t *testing.T) {
	cfg := profileConfig(t, sandbox.HubMarketingPro, "[profiles.mine.scopes]\nrequired = [\"oauth\", \"crm.objects.contacts.read\"]\n")
	srv, base := startExternal(t)
	getenv := func(k string) string {
		if k == "MY_SECRET" {
			return "the-real-hubspot-secret-0123456789"
		}
		return ""
	}
	s, err := Open(context.Background(), Options{ConfigPath: cfg, Profile: "mine", SandboxURL: base, Getenv: getenv, StoreDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(context.Background())
	app := s.Client.App
	if app.ClientID != "11111111-2222-3333-4444-555555555555" || app.RedirectURI != "http://localhost:53917/my-callback" || s.Client.Env.Version != "2026-03" {
		t.Fatalf("the session did not keep the profile's app: %+v %s", app, s.Client.Env.Version)
	}
	if app.ClientSecret == "the-real-hubspot-secret-0123456789" || app.ClientSecret != sandbox.SecretFor(app.ClientID) {
		t.Fatal("the real secret must never be sent to a sandbox")
	}
	found := false
	for _, a := range srv.Apps() {
		found = found || (a.ClientID == app.ClientID && strings.Join(a.Required, ",") == "oauth,crm.objects.contacts.read")
	}
	if !found {
		t.Fatalf("the profile's app was not registered with the sandbox: %+v", srv.Apps())
	}
	a, err := s.NewAttempt(context.Background(), scopes.Selection{Required: []string{"oauth", "crm.objects.contacts.read"}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.URL, fmt.Sprintf("/oauth/%d/authorize?", sandbox.HubMarketingPro)) {
		t.Fatalf("hub_id must drive the account-specific URL: %s", a.URL)
	}
	code, err := s.ConsentInSandbox(context.Background(), a, sandbox.HubMarketingPro, "", true)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := s.Complete(context.Background(), a, code)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.Token(0); err != nil || got.HubID != rec.HubID || rec.HubID != sandbox.HubMarketingPro {
		t.Fatalf("the pinned portal is the token commands' default: %+v %v", got, err)
	}
}

// TestProfileScopesAreTheAppsSettings: a profile's configured scopes are its app's settings in the sandbox,
// as on HubSpot, so a URL asking for something else is refused on the consent page with the reason.
func TestProfileScopesAreTheAppsSettings(t *testing.T) {
	cfg := profileConfig(t, 0, "[profiles.mine.scopes]\nrequired = [\"oauth\", \"crm.objects.contacts.read\"]\n")
	_, base := startExternal(t)
	s, err := Open(context.Background(), Options{ConfigPath: cfg, SandboxURL: base, StoreDir: t.TempDir(),
		Getenv: func(k string) string { return map[string]string{"MY_SECRET": "x-secret-value-0123456789"}[k] }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(context.Background())
	a, err := s.NewAttempt(context.Background(), scopes.Selection{Required: []string{"oauth"}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.ConsentInSandbox(context.Background(), a, sandbox.HubMarketingPro, "", true)
	ex := Explain(err)
	if ex.Outcome != OutcomeConsentError || !strings.Contains(ex.String(), "crm.objects.contacts.read") {
		t.Fatalf("a URL missing a required scope must be refused with the scope named: %v", ex)
	}
}

// TestEnvCredentialsApplyToProfileFlag: HSOAUTH_CLIENT_ID overrides the profile chosen with --profile,
// not only the default one.
func TestEnvCredentialsApplyToProfileFlag(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "c.toml")
	body := `default_profile = "a"
[profiles.a]
client_id = "app-a-0000"
client_secret_env = "S"
token_store = "file"
[profiles.b]
client_id = "app-b-0000"
client_secret_env = "S"
token_store = "file"
`
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"S": "secret-value-0123456789abc", "HSOAUTH_CLIENT_ID": "from-the-env-0000"}
	s, err := Open(context.Background(), Options{ConfigPath: path, Profile: "b", Getenv: func(k string) string { return env[k] }, StoreDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(context.Background())
	if s.Profile.Name != "b" || s.Client.App.ClientID != "from-the-env-0000" {
		t.Fatalf("profile %s client %s", s.Profile.Name, s.Client.App.ClientID)
	}
}

// TestRemoteSimulatorVerbs drives an external sandbox through the admin API: portals, clock, faults,
// events and reset, as the TUI's keys do.
func TestRemoteSimulatorVerbs(t *testing.T) {
	srv, base := startExternal(t)
	sim, err := NewRemote(context.Background(), base, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ps, err := sim.Portals(ctx)
	if err != nil || len(ps) != len(srv.Portals()) {
		t.Fatalf("portals: %d %v", len(ps), err)
	}
	before := srv.Clock().Now()
	if _, err := sim.Advance(ctx, 10*time.Minute); err != nil || srv.Clock().Now().Sub(before) < 10*time.Minute {
		t.Fatalf("advance: %v", err)
	}
	if d := sim.Now().Sub(srv.Clock().Now()); d > time.Second || d < -time.Second {
		t.Fatalf("the remote clock is off by %s", d)
	}
	rule := FaultRule{Endpoint: sandbox.EndpointToken, Effect: sandbox.EffectServerError, Status: 503, Count: 1}
	if err := sim.SetFaults(ctx, Faults{Rules: []FaultRule{rule}}); err != nil {
		t.Fatal(err)
	}
	if f, err := sim.Faults(ctx); err != nil || len(f.Rules) != 1 || f.Rules[0].Status != 503 {
		t.Fatalf("faults: %+v %v", f, err)
	}
	ch, stop := sim.Subscribe()
	defer stop()
	resp, err := http.Get(base + "/oauth/v1/access-tokens/nope")
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	select {
	case ev := <-ch:
		if ev.Path == "" || isOwnPoll(ev) {
			t.Fatalf("unexpected event %+v", ev)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the polled event stream delivered nothing")
	}
	select { // idle: the poll's own reads of the admin API must not come back as events
	case ev := <-ch:
		t.Fatalf("an idle sandbox streamed %s %s", ev.Method, ev.Path)
	case <-time.After(1500 * time.Millisecond):
	}
	if err := sim.Reset(ctx); err != nil || len(srv.Faults().Rules) != 0 {
		t.Fatalf("reset: %v %+v", err, srv.Faults())
	}
	if _, err := NewRemote(ctx, "http://127.0.0.1:1", nil); err == nil || !strings.Contains(err.Error(), "hsoauth sandbox") {
		t.Fatalf("a wrong --sandbox-url must say how to start one: %v", err)
	}
}

// TestPinnedPortalIsRemembered: a pin set in the TUI wins over the profile's hub_id at the next start,
// and unpinning on purpose is remembered too.
func TestPinnedPortalIsRemembered(t *testing.T) {
	cfg := profileConfig(t, sandbox.HubMarketingPro, "")
	s, err := Open(context.Background(), Options{ConfigPath: cfg, Sandbox: true, StoreDir: t.TempDir(),
		Getenv: func(k string) string { return map[string]string{"MY_SECRET": "x-secret-value-0123456789"}[k] }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(context.Background())
	if s.SavedHub() != sandbox.HubMarketingPro {
		t.Fatalf("first start pins the profile's hub_id, got %d", s.SavedHub())
	}
	if err := s.SaveHub(sandbox.HubSalesPro); err != nil || s.SavedHub() != sandbox.HubSalesPro {
		t.Fatalf("saved pin: %d %v", s.SavedHub(), err)
	}
	if err := s.SaveHub(0); err != nil || s.SavedHub() != NoHub {
		t.Fatalf("unpinned on purpose: %d %v", s.SavedHub(), err)
	}
	u, _, err := s.PreviewURL(scopes.Selection{Required: []string{"oauth"}}, NoHub)
	if err != nil || strings.Contains(u, fmt.Sprintf("/oauth/%d/", sandbox.HubMarketingPro)) {
		t.Fatalf("NoHub must give the generic URL: %s %v", u, err)
	}
}

// TestBuiltinSandboxRunsEveryAPIVersion: --api-version picks the token endpoints the built-in sandbox
// is spoken to with, so a trainer can show v1, v3 and 2026-03 side by side.
func TestBuiltinSandboxRunsEveryAPIVersion(t *testing.T) {
	for _, v := range []string{"v1", "v3", "2026-03"} {
		t.Run(v, func(t *testing.T) {
			dir := t.TempDir()
			s, err := Open(context.Background(), Options{ConfigPath: filepath.Join(dir, "none.toml"), Sandbox: true, APIVersion: v, StoreDir: dir})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close(context.Background())
			login(t, s, scopes.Selection{Required: []string{"oauth"}}, sandbox.HubFree)
			if string(s.Client.Env.Version) != v {
				t.Fatalf("client speaks %s", s.Client.Env.Version)
			}
			want := map[string]string{"v1": "/oauth/v1/token", "v3": "/oauth/v3/token", "2026-03": "/oauth/2026-03/token"}[v]
			found := false
			for _, ev := range s.TraceEvents() {
				found = found || strings.Contains(ev.URL, want)
			}
			if !found {
				t.Fatalf("no exchange went to %s", want)
			}
		})
	}
	if _, err := Open(context.Background(), Options{ConfigPath: filepath.Join(t.TempDir(), "x.toml"), Sandbox: true, APIVersion: "v2"}); err == nil {
		t.Fatal("an unknown --api-version must be refused")
	}
}

// TestSandboxTokensStayApartFromRealOnes: a token from a sandbox is never found by a session talking to
// HubSpot for the same profile (it would send a sandbox refresh token to HubSpot), and the reverse.
func TestSandboxTokensStayApartFromRealOnes(t *testing.T) {
	cfg := profileConfig(t, 0, "")
	_, base := startExternal(t)
	store := t.TempDir()
	getenv := func(k string) string { return map[string]string{"MY_SECRET": "x-secret-value-0123456789"}[k] }
	sb, err := Open(context.Background(), Options{ConfigPath: cfg, SandboxURL: base, StoreDir: store, Getenv: getenv})
	if err != nil {
		t.Fatal(err)
	}
	login(t, sb, scopes.Selection{Required: []string{"oauth"}}, sandbox.HubFree)
	if _, err := sb.Token(0); err != nil {
		t.Fatalf("the sandbox session must find its own token: %v", err)
	}
	sb.Close(context.Background())
	real, err := Open(context.Background(), Options{ConfigPath: cfg, StoreDir: store, Getenv: getenv})
	if err != nil {
		t.Fatal(err)
	}
	defer real.Close(context.Background())
	if rec, err := real.Token(0); err == nil {
		t.Fatalf("the real session found the sandbox's token for hub %d", rec.HubID)
	}
}

// TestSharedSandboxDemoAppIsNotRewritten: on an external sandbox each user signs in with their own copy of
// the demo app, so one trainee's selection never changes the demo app everyone else (and every curl
// example) uses, and two trainees never refuse each other's URLs.
func TestSharedSandboxDemoAppIsNotRewritten(t *testing.T) {
	srv, base := startExternal(t)
	before := fmt.Sprint(srv.DemoApp())
	open := func() *Session {
		dir := t.TempDir()
		s, err := Open(context.Background(), Options{ConfigPath: filepath.Join(dir, "none.toml"), SandboxURL: base, StoreDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close(context.Background()) })
		return s
	}
	alice, bob := open(), open()
	if alice.Client.App.ClientID == bob.Client.App.ClientID || alice.Client.App.ClientID == sandbox.DemoClientID {
		t.Fatalf("each user needs an own copy of the demo app: %s %s", alice.Client.App.ClientID, bob.Client.App.ClientID)
	}
	aURL, err := alice.NewAttempt(context.Background(), scopes.Selection{Required: []string{"oauth", "crm.objects.deals.read"}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bob.NewAttempt(context.Background(), scopes.Selection{Required: []string{"oauth"}}, 0); err != nil {
		t.Fatal(err)
	}
	code, err := alice.ConsentInSandbox(context.Background(), aURL, sandbox.HubFree, "", true)
	if err != nil {
		t.Fatalf("bob's sign-in must not break alice's: %v", err)
	}
	if _, err := alice.Complete(context.Background(), aURL, code); err != nil {
		t.Fatal(err)
	}
	if after := fmt.Sprint(srv.DemoApp()); after != before {
		t.Fatalf("the shared demo app changed:\n%s\n%s", before, after)
	}
}

// TestSandboxAppsEntryStandsForItsProfile: when [[sandbox.apps]] configures the profile's own app, its
// settings and secret are what the built-in sandbox uses, not a copy registered from the profile.
func TestSandboxAppsEntryStandsForItsProfile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "c.toml")
	body := `[profiles.mine]
client_id = "my-sandbox-app-0001"
client_secret_env = "S"
redirect_uri = "http://localhost:53920/cb"
token_store = "file"

[[sandbox.apps]]
name = "my app"
client_id = "my-sandbox-app-0001"
client_secret = "configured-sandbox-secret"
redirect_urls = ["http://localhost:53920/cb"]
required = ["oauth", "crm.objects.contacts.read"]
`
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Open(context.Background(), Options{ConfigPath: path, Sandbox: true, StoreDir: dir,
		Getenv: func(k string) string { return map[string]string{"S": "real-secret-0123456789abcdef"}[k] }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(context.Background())
	if s.Client.App.ClientSecret != "configured-sandbox-secret" {
		t.Fatalf("the [[sandbox.apps]] secret must stand, got %q", s.Client.App.ClientSecret)
	}
	a, err := s.NewAttempt(context.Background(), scopes.Selection{Required: []string{"oauth"}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ConsentInSandbox(context.Background(), a, sandbox.HubFree, "", true); Explain(err).Outcome != OutcomeConsentError {
		t.Fatalf("the entry's required scopes must be enforced: %v", err)
	}
}
