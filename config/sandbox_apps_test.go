package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSandboxApps(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	body := `[sandbox]
[[sandbox.apps]]
name = "team app"
client_id = "team-app"
client_secret = "team-secret"
redirect_urls = ["http://localhost:4000/cb"]
required = ["oauth"]
optional = ["content"]
pkce_required = true
`
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	a := cfg.Sandbox.Apps
	if len(a) != 1 || a[0].ClientID != "team-app" || !a[0].PKCERequired || a[0].Optional[0] != "content" || !cfg.SandboxMode() {
		t.Fatalf("apps %+v, sandbox mode %v", a, cfg.SandboxMode())
	}

	errs := loadErrs(t, "[[sandbox.apps]]\nname = \"x\"\nclient_id = \"x\"\n")
	if len(errs) != 1 || !strings.Contains(errs[0].Problem, "needs client_id, client_secret and redirect_urls") {
		t.Fatalf("missing fields: %v", errs)
	}
	errs = loadErrs(t, "[[sandbox.apps]]\nclient_id = \"x\"\nclient_secret = \"y\"\nredirect_urls = [\"http://localhost:1/cb\"]\nrequried = [\"oauth\"]\n")
	if len(errs) != 1 || !strings.Contains(errs[0].Problem, `did you mean "required"`) {
		t.Fatalf("typo: %v", errs)
	}
}
