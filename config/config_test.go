package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

const fullFile = `default_profile = "prod"

[profiles.dev]
client_id = "11111111-2222-3333-4444-555555555555"
client_secret_env = "DEV_SECRET"
redirect_uri = "http://localhost:8080/cb"
api_version = "v3"
hub_id = 42
pkce = false
account = "starter"
auto_refresh = false
refresh_margin = "90s"
token_store = "file"

[profiles.dev.scopes]
required = ["oauth", "crm.objects.contacts.read"]
conditionally_required = ["crm.objects.deals.read"]
optional = ["content"]

[profiles.prod]
client_id = "prod-id"
client_secret_keyring = "work:prod"
redirect_uri = "https://example.com/oauth"
app_base = "http://127.0.0.1:9999"
api_base = "https://api.hubapi.com"

[sandbox]
addr = "127.0.0.1:8765"
access_ttl = "10m"
rotate_refresh = false
deny_redirect = true

[ui]
theme = "dark"
presenter = true
reduced_motion = true
`

func TestLoadRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	writeFile(t, path, fullFile, 0o600)
	cfg, err := Load(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	dev := Profile{
		Name: "dev", ClientID: "11111111-2222-3333-4444-555555555555", ClientSecretEnv: "DEV_SECRET",
		RedirectURI: "http://localhost:8080/cb", APIVersion: "v3", AppBase: DefaultAppBase, APIBase: DefaultAPIBase,
		HubID: 42, PKCE: false, Account: "starter", AutoRefresh: false, RefreshMargin: 90 * time.Second, TokenStore: "file",
		Scopes: Selection{Required: []string{"oauth", "crm.objects.contacts.read"},
			ConditionallyRequired: []string{"crm.objects.deals.read"}, Optional: []string{"content"}},
	}
	prod := defaultProfile("prod")
	prod.ClientID, prod.ClientSecretKeyring = "prod-id", "work:prod"
	prod.RedirectURI, prod.AppBase = "https://example.com/oauth", "http://127.0.0.1:9999"
	want := &Config{
		Path: path, DefaultProfile: "prod", Profiles: []Profile{dev, prod}, Exists: true,
		Sandbox: Sandbox{Addr: "127.0.0.1:8765", AccessTTL: 10 * time.Minute, RotateRefresh: false, DenyRedirect: true},
		UI:      UI{Theme: "dark", Presenter: true, ReducedMotion: true},
	}
	cfg.Warnings = nil
	if !reflect.DeepEqual(cfg, want) {
		t.Fatalf("got  %+v\nwant %+v", cfg, want)
	}
	p, err := cfg.Profile("")
	if err != nil || p.Name != "prod" {
		t.Fatalf("default profile = %v, %v", p, err)
	}
}

func TestLoadMissingFileIsSandbox(t *testing.T) {
	cfg, err := Load(filepath.Join(t.TempDir(), "nope.toml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Exists || !cfg.SandboxMode() || cfg.UI.Theme != "auto" || cfg.Sandbox.AccessTTL != DefaultAccessTTL {
		t.Fatalf("defaults wrong: %+v", cfg)
	}
	if _, err := cfg.Profile(""); err == nil || !strings.Contains(err.Error(), "config init") {
		t.Fatalf("want a hint to run config init, got %v", err)
	}
}

func TestLoadEnvOverrides(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	writeFile(t, path, fullFile, 0o600)
	cfg, err := Load(path, envMap(map[string]string{
		"HSOAUTH_PROFILE": "dev", "HSOAUTH_CLIENT_ID": "env-id", "HSOAUTH_CLIENT_SECRET": "s3cret-from-env",
	}))
	if err != nil {
		t.Fatal(err)
	}
	p, err := cfg.Profile("")
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "dev" || p.ClientID != "env-id" || p.ClientSecret != "s3cret-from-env" || p.ClientSecretEnv != "" {
		t.Fatalf("overrides not applied: %+v", p)
	}
	// With no file, the environment alone defines an app.
	cfg, err = Load(filepath.Join(t.TempDir(), "none.toml"), envMap(map[string]string{"HSOAUTH_CLIENT_ID": "x-id"}))
	if err != nil || cfg.SandboxMode() || cfg.Profiles[0].Name != "default" || cfg.Profiles[0].ClientID != "x-id" {
		t.Fatalf("env-only profile: %+v %v", cfg, err)
	}
}

func TestLoadEnvSecretMasked(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "none.toml"), envMap(map[string]string{
		"HSOAUTH_CLIENT_ID": "id", "HSOAUTH_CLIENT_SECRET": "••••••••"}))
	var ve ValidationErrors
	if !errors.As(err, &ve) || ve[0].Key != "HSOAUTH_CLIENT_SECRET" {
		t.Fatalf("want a validation error for the env secret, got %v", err)
	}
}

func TestProfileUnknownListsNames(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	writeFile(t, path, fullFile, 0o600)
	cfg, err := Load(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = cfg.Profile("stage")
	if err == nil || !strings.Contains(err.Error(), "dev, prod") {
		t.Fatalf("want known names listed, got %v", err)
	}
}

// TestConfigFileComesFromDirs: the config file's place comes from the Dirs the caller passes, and asking
// for it creates nothing.
func TestConfigFileComesFromDirs(t *testing.T) {
	d := isolate(t)
	got, err := d.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(d.Config, "config.toml"); got != want {
		t.Fatalf("ConfigFile = %s, want %s", got, want)
	}
	if _, err := os.Stat(filepath.Dir(got)); !errors.Is(err, fs.ErrNotExist) {
		t.Fatal("ConfigFile must not create directories")
	}
	if _, err := (Dirs{}).ConfigFile(); err == nil {
		t.Fatal("no config directory must be an error")
	}
	if _, err := OpenStore("file", StoreOptions{}); err == nil {
		t.Fatal("a store without a state directory must be refused")
	}
}

func TestStarterFileIsValidAndSandbox(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	writeFile(t, path, string(StarterFile()), 0o600)
	errs, err := Check(path, Rules{})
	if err != nil || len(errs) != 0 {
		t.Fatalf("starter file invalid: %v %v", errs, err)
	}
	cfg, err := Load(path, nil)
	if err != nil || !cfg.Exists || !cfg.SandboxMode() {
		t.Fatalf("starter should load in sandbox mode: %+v %v", cfg, err)
	}
	// Uncommenting the example profile and the example sandbox app must also give a valid file.
	uncommented := strings.NewReplacer("# [profiles", "[profiles", "# client_id", "client_id",
		"# client_secret_env", "client_secret_env", "# redirect_uri", "redirect_uri", "# required", "required",
		"# [[sandbox.apps]]", "[[sandbox.apps]]", "# name", "name", "# client_secret =", "client_secret =",
		"# redirect_urls", "redirect_urls", "# conditionally_required", "conditionally_required",
		"# optional", "optional").Replace(starter)
	writeFile(t, path, uncommented, 0o600)
	if errs, err := Check(path, Rules{}); err != nil || len(errs) != 0 {
		t.Fatalf("uncommented starter invalid: %v %v", errs, err)
	}
}

func TestInitNeverOverwritesWithoutForce(t *testing.T) {
	path := filepath.Join(isolate(t).Config, "config.toml")
	if err := Init(path, false); err != nil {
		t.Fatal(err)
	}
	if p := perm(t, path); p != 0o600 {
		t.Fatalf("config mode %o", p)
	}
	writeFile(t, path, "# mine\n", 0o600)
	if err := Init(path, false); !errors.Is(err, fs.ErrExist) || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("want ErrExist with a --force hint, got %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "# mine\n" {
		t.Fatal("Init overwrote the user's file")
	}
	if err := Init(path, true); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != starter {
		t.Fatal("Init --force did not replace the file")
	}
	if m, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*.tmp")); len(m) != 0 {
		t.Fatalf("temp files left: %v", m)
	}
}

func TestCheckMissingFile(t *testing.T) {
	if _, err := Check(filepath.Join(t.TempDir(), "x.toml"), Rules{}); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("want not-exist, got %v", err)
	}
}

func TestWarningsForReadableSecretAndV1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	writeFile(t, path, "[profiles.a]\nclient_id = \"id\"\nclient_secret = \"real-secret-value\"\napi_version = \"v1\"\n", 0o644)
	cfg, err := Load(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	joined := strings.Join(cfg.Warnings, "\n")
	if !strings.Contains(joined, "v1") || !strings.Contains(joined, "chmod 600") {
		t.Fatalf("warnings = %q", cfg.Warnings)
	}
	if strings.Contains(joined, "real-secret-value") {
		t.Fatal("warning leaked the secret")
	}
	if perm(t, path) != 0o644 {
		t.Fatal("Load must never change the user's file")
	}
}
