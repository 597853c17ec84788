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

// TestSyntaxErrorsDoNotQuoteTheFile: a secret pasted without quotes makes a TOML syntax error whose
// parser message would quote a piece of it; ours keeps the position and drops the quote.
func TestSyntaxErrorsDoNotQuoteTheFile(t *testing.T) {
	errs := loadErrs(t, "[profiles.dev]\nclient_id = \"abc\"\nclient_secret = 12345678-5ec2-4e75-9a2b\n")
	if len(errs) != 1 || errs[0].Line != 3 {
		t.Fatalf("errors: %v", errs)
	}
	if strings.Contains(errs.Error(), "12345678") || strings.Contains(errs.Error(), "5ec2") {
		t.Fatalf("the error quotes the secret: %v", errs)
	}
}

// TestREADMEConfigExampleIsValid keeps the README's config example true.
func TestREADMEConfigExampleIsValid(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(readme), "```toml\n")
	example, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatal("README.md has no toml example")
	}
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(example), 0o600); err != nil {
		t.Fatal(err)
	}
	if errs, err := Check(path, Rules{}); err != nil || len(errs) != 0 {
		t.Fatalf("the README's config example is not valid: %v %v", errs, err)
	}
}
