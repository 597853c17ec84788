package config

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

const standardProfile = `[profiles.std]
client_id = "c"
client_secret_env = "STD_SECRET"
authorize_url = "https://auth.example.com/authorize"
token_url = "https://auth.example.com/token"
introspect_url = "http://127.0.0.1:8080/introspect"
revoke_url = "https://auth.example.com/revoke"
`

// The four endpoint overrides are read into the profile; a profile without them keeps them empty,
// which means HubSpot's paths.
func TestEndpointOverridesParsed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	writeFile(t, path, standardProfile+"\n[profiles.hub]\nclient_id = \"h\"\nclient_secret_env = \"X\"\n", 0o600)
	cfg, err := Load(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	p, err := cfg.Profile("std")
	if err != nil {
		t.Fatal(err)
	}
	if p.AuthorizeURL != "https://auth.example.com/authorize" || p.TokenURL != "https://auth.example.com/token" ||
		p.IntrospectURL != "http://127.0.0.1:8080/introspect" || p.RevokeURL != "https://auth.example.com/revoke" {
		t.Fatalf("%+v", p)
	}
	h, _ := cfg.Profile("hub")
	for key, v := range h.Endpoints() {
		if v != "" {
			t.Errorf("%s = %q without the key", key, v)
		}
	}
}

// Each bad override is reported at its line and column with an example, and a pinned hub_id beside an
// authorize_url is refused (the portal would go in HubSpot's path).
func TestEndpointOverrideErrorsHaveLineAndColumn(t *testing.T) {
	cases := []struct{ file, key, want string }{
		{"[profiles.s]\nclient_id = \"c\"\ntoken_url = \"http://auth.example.com/token\"\n", "profiles.s.token_url", "plain http"},
		{"[profiles.s]\nclient_id = \"c\"\ntoken_url = \"auth.example.com/token\"\n", "profiles.s.token_url", "absolute https:// URL"},
		{"[profiles.s]\nclient_id = \"c\"\ntoken_url = \"https://auth.example.com/token?tenant=1\"\n", "profiles.s.token_url", "?query or #fragment"},
		{"[profiles.s]\nclient_id = \"c\"\ntoken_url = \"https://auth.example.com/token?\"\n", "profiles.s.token_url", "?query or #fragment"},
		{"[profiles.s]\nclient_id = \"c\"\nrevoke_url = 3\n", "profiles.s.revoke_url", "got an integer"},
		{"[profiles.s]\nclient_id = \"c\"\nauthorize_url = \"https://a.example/authorize\"\nhub_id = 5\n", "profiles.s.hub_id", "authorize_url"},
		{"[profiles.s]\nclient_id = \"c\"\nclient_auth = \"basic\"\n", "profiles.s.client_auth", "one of client_secret_post, client_secret_basic"},
	}
	for _, c := range cases {
		errs := loadErrs(t, c.file)
		if len(errs) != 1 || errs[0].Key != c.key || errs[0].Line < 3 || errs[0].Col != 1 || !strings.Contains(errs[0].Error(), c.want) ||
			!strings.Contains(errs[0].Error(), "example: ") {
			t.Errorf("%q: %v", c.file, errs)
		}
	}
}

// config check runs the client's own endpoint rule and places its refusal at the key.
func TestCheckRunsTheClientsEndpointRule(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	writeFile(t, path, standardProfile, 0o600)
	var asked []string
	rule := func(key, raw string) error {
		asked = append(asked, key)
		if key == "introspect_url" {
			return errors.New("introspect_url refused by the client")
		}
		return nil
	}
	errs, err := Check(path, Rules{Endpoint: rule})
	if err != nil {
		t.Fatal(err)
	}
	if len(asked) != 4 || len(errs) != 1 || errs[0].Key != "profiles.std.introspect_url" || errs[0].Line != 6 ||
		!strings.Contains(errs[0].Error(), "refused by the client") {
		t.Fatalf("asked %v, got %v", asked, errs)
	}
}

// The starter file documents the keys, commented out, and stays valid.
func TestStarterDocumentsEndpointOverrides(t *testing.T) {
	for _, key := range []string{"authorize_url", "token_url", "introspect_url", "revoke_url"} {
		if !strings.Contains(string(StarterFile()), "# "+EndpointExamples[key]) {
			t.Errorf("starter file lacks %s", key)
		}
	}
	if !strings.Contains(string(StarterFile()), `# client_auth = "client_secret_post"`) {
		t.Error("starter file lacks client_auth")
	}
	// Uncommented, the profile with every key of another server is valid.
	uncommented := strings.NewReplacer("# [profiles.dev]", "[profiles.dev]", "# client_id = \"your", "client_id = \"your",
		"# authorize_url", "authorize_url", "# token_url", "token_url", "# introspect_url", "introspect_url",
		"# revoke_url", "revoke_url", "# client_auth", "client_auth").Replace(starter)
	path := filepath.Join(t.TempDir(), "config.toml")
	writeFile(t, path, uncommented, 0o600)
	cfg, err := Load(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := cfg.Profile("dev"); p.TokenURL == "" || p.ClientAuth != "client_secret_post" {
		t.Fatalf("uncommented starter: %+v", p)
	}
}

// A profile that names its own server may use a loopback IP redirect (RFC 8252 §7.3); a HubSpot profile
// may not (HubSpot's rule), and neither may plain http to another host.
func TestLoopbackIPRedirectOnlyForOwnServer(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	writeFile(t, path, standardProfile+"redirect_uri = \"http://127.0.0.1:3000/cb\"\n", 0o600)
	if _, err := Load(path, nil); err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{
		"[profiles.hub]\nclient_id = \"c\"\nredirect_uri = \"http://127.0.0.1:3000/cb\"\n",
		"[profiles.s]\nclient_id = \"c\"\ntoken_url = \"https://a.example/token\"\nredirect_uri = \"http://a.example:3000/cb\"\n",
	} {
		if errs := loadErrs(t, file); len(errs) != 1 || !strings.HasSuffix(errs[0].Key, ".redirect_uri") {
			t.Errorf("%q: %v", file, errs)
		}
	}
}
