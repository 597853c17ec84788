package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/hsoauth/hsoauth/config"
	"github.com/hsoauth/hsoauth/oauth/sandbox"
)

// Every profile's app is registered with its own scope selection and a sandbox-only secret; a profile
// whose client id is taken or whose redirect URL HubSpot would refuse is left out with a reason.
func TestProfileApps(t *testing.T) {
	var stderr bytes.Buffer
	e := Env{Stderr: &stderr}
	sel := config.Selection{Required: []string{"oauth", "crm.objects.contacts.read"}, Optional: []string{"content"}}
	profiles := []config.Profile{
		{Name: "dev", ClientID: "dev-app", RedirectURI: "http://localhost:3000/oauth-callback", Scopes: sel},
		{Name: "copy", ClientID: "dev-app", RedirectURI: "http://localhost:3000/oauth-callback"},
		{Name: "team", ClientID: "team-app", RedirectURI: "http://localhost:3000/oauth-callback"},
		{Name: "ip", ClientID: "ip-app", RedirectURI: "http://127.0.0.1:3000/cb"},
	}
	apps := profileApps(e, profiles, []sandbox.App{{ClientID: "team-app"}})
	if len(apps) != 1 || apps[0].ClientID != "dev-app" || apps[0].ClientSecret != sandbox.SecretFor("dev-app") ||
		strings.Join(apps[0].Required, " ") != "oauth crm.objects.contacts.read" || apps[0].Optional[0] != "content" {
		t.Fatalf("apps: %+v", apps)
	}
	for _, want := range []string{"profile copy not registered", "already profile dev's", "profile team not registered", "profile ip not registered", "IP addresses"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
	srv, err := sandbox.New(sandbox.Options{Apps: apps})
	if err != nil {
		t.Fatal(err)
	}
	if info := srv.Info(); len(info.Apps) != 2 || info.Apps[1].Source != "config profile dev" {
		t.Errorf("info apps: %+v", info.Apps)
	}
}

// A cap that would make the sandbox useless, or unbounded, is a usage error that names the range.
func TestSandboxMaxEntriesRange(t *testing.T) {
	for _, n := range []string{"0", "-5", "99999999"} {
		var stderr bytes.Buffer
		code := runSandbox(Env{Stderr: &stderr, Getenv: func(string) string { return "" }}, []string{"--max-entries", n, "--config", t.TempDir() + "/none.toml"})
		if code != ExitUsage || !strings.Contains(stderr.String(), "--max-entries must be from 100 to 10000000") {
			t.Errorf("--max-entries %s: exit %d, %q", n, code, stderr.String())
		}
	}
}
