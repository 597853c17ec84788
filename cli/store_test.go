package cli

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hsoauth/hsoauth/config"
)

// testDirs gives a test its own config and state directories.
func testDirs(t *testing.T) config.Dirs {
	root := t.TempDir()
	return config.Dirs{Config: filepath.Join(root, "config"), State: filepath.Join(root, "state")}
}

// runIn executes the command line in-process with the given directories.
func runIn(t *testing.T, d config.Dirs, env map[string]string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(Env{Args: args, Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Version: "test",
		Getenv: func(k string) string { return env[k] }, Dirs: d})
	return out.String(), errb.String(), code
}

// writeConfig writes the default config file of d.
func writeConfig(t *testing.T, d config.Dirs, content string) string {
	t.Helper()
	path, _ := d.ConfigFile()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// seedToken stores a valid-looking token for profile dev in the file store of d.
func seedToken(t *testing.T, d config.Dirs, scopes []string) {
	t.Helper()
	s, err := config.OpenStore("file", config.StoreOptions{Dir: d.State})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	rec := &config.TokenRecord{Profile: "dev", HubID: 4242, HubDomain: "seeded.example", User: "me@example.com",
		AccessToken: "at-seeded-0123456789", RefreshToken: "rt-seeded-0123456789", TokenType: "bearer",
		ExpiresAt: now.Add(20 * time.Minute), ObtainedAt: now, Scopes: scopes, RequestedScopes: scopes}
	if err := s.Put(rec); err != nil {
		t.Fatal(err)
	}
}

const fileProfile = `[profiles.dev]
client_id = "dev-client-id"
client_secret_env = "DEV_SECRET_NOT_SET"
token_store = "file"
`

// TestURLAndTokenNeedNoClientSecret: url needs neither the secret nor the store; token, token --header and
// portals read local state only. A step that sends the secret (refresh) says where it looked.
func TestURLAndTokenNeedNoClientSecret(t *testing.T) {
	d := testDirs(t)
	writeConfig(t, d, fileProfile)
	out, errText, code := runIn(t, d, nil, "url", "--scope", "oauth")
	if code != ExitOK || !strings.Contains(out, "client_id=dev-client-id") {
		t.Fatalf("url: exit %d %s%s", code, out, errText)
	}
	if _, err := os.Stat(d.State); !os.IsNotExist(err) {
		t.Fatalf("url touched the token store: %v", err)
	}
	seedToken(t, d, []string{"oauth"})
	for _, args := range [][]string{{"token"}, {"token", "--header"}, {"token", "--json"}, {"portals"}} {
		if out, errText, code := runIn(t, d, nil, args...); code != ExitOK {
			t.Errorf("%v: exit %d %s%s", args, code, out, errText)
		}
	}
	if _, errText, code := runIn(t, d, nil, "refresh"); code != ExitFailure || !strings.Contains(errText, "$DEV_SECRET_NOT_SET, which is not set") {
		t.Fatalf("refresh without a secret: exit %d %s", code, errText)
	}
}

// TestBadFlagsAndPathsAreUsageErrors: every duration and id flag is validated (never silently replaced by a
// default), a --config that does not exist and an unknown profile are usage errors, and the TUI's own flag
// errors point at 'hsoauth --help'.
func TestBadFlagsAndPathsAreUsageErrors(t *testing.T) {
	d := testDirs(t)
	missing := filepath.Join(t.TempDir(), "typo.toml")
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"login", "--sandbox", "--timeout", "-5s"}, "--timeout -5s is out of range"},
		{[]string{"login", "--sandbox", "--timeout", "0"}, "--timeout 0s is out of range"},
		{[]string{"login", "--sandbox", "--sandbox-consent", "-5"}, "--sandbox-consent -5"},
		{[]string{"login", "--sandbox", "--hub-id", "-1"}, "--hub-id -1"},
		{[]string{"url", "--sandbox", "--hub-id", "-3"}, "--hub-id -3"},
		{[]string{"token", "--hub-id", "-3"}, "--hub-id -3"},
		{[]string{"sandbox", "--access-ttl", "-1s"}, "--access-ttl -1s is out of range"},
		{[]string{"sandbox", "--code-ttl", "1000000h"}, "--code-ttl 1000000h0m0s is out of range"},
		{[]string{"token", "--config", missing}, "--config " + missing + ": no such file"},
		{[]string{"config", "check", "--config", missing}, "--config " + missing + ": no such file"},
		{[]string{"sandbox", "--config", missing}, "--config " + missing + ": no such file"},
		{[]string{"--no-such-flag"}, "run 'hsoauth --help'"},
	}
	for _, tc := range cases {
		_, errText, code := runIn(t, d, nil, tc.args...)
		if code != ExitUsage || !strings.Contains(errText, tc.want) || strings.Contains(errText, "hsoauth hsoauth") {
			t.Errorf("%v: exit %d, %q (want exit 2 with %q)", tc.args, code, errText, tc.want)
		}
	}
	writeConfig(t, d, fileProfile)
	if _, errText, code := runIn(t, d, nil, "token", "--profile", "nope"); code != ExitUsage || !strings.Contains(strings.ToLower(errText), `unknown profile "nope"`) {
		t.Errorf("unknown profile: exit %d %s", code, errText)
	}
	if runtime.GOOS != "windows" {
		_, errText, code := runIn(t, d, nil, "token", "--config", "/dev/zero")
		if code != ExitFailure || !strings.Contains(errText, "not a regular file") || strings.Contains(errText, "goroutine") {
			t.Errorf("--config /dev/zero: exit %d %s", code, errText)
		}
	}
}

// TestConfigCheckRefusesWhatTheFlowsRefuse: each value the flows refuse is refused by config check, with
// its line.
func TestConfigCheckRefusesWhatTheFlowsRefuse(t *testing.T) {
	cases := map[string]string{
		"port 0":      "[profiles.dev]\nclient_id = \"id\"\nredirect_uri = \"http://localhost:0/cb\"\n",
		"port 99999":  "[profiles.dev]\nclient_id = \"id\"\nredirect_uri = \"http://localhost:99999/cb\"\n",
		"no port":     "[profiles.dev]\nclient_id = \"id\"\nredirect_uri = \"http://localhost/cb\"\n",
		"empty host":  "[profiles.dev]\nclient_id = \"id\"\nredirect_uri = \"https:///cb\"\n",
		"id w/ space": "[profiles.dev]\nclient_id = \"my client\"\n",
		"bad account": "[profiles.dev]\nclient_id = \"id\"\naccount = \"marketing-professional+sales-starter+nonsense\"\n",
		"ftp app":     "[[sandbox.apps]]\nclient_id = \"x\"\nclient_secret = \"y\"\nredirect_urls = [\"ftp://localhost/cb\"]\n",
		"demo id app": "[[sandbox.apps]]\nclient_id = \"5a4db0c5-de30-4a11-8c1e-000000000001\"\nclient_secret = \"y\"\nredirect_urls = [\"http://localhost:3000/cb\"]\n",
	}
	for name, content := range cases {
		d := testDirs(t)
		path := writeConfig(t, d, content)
		_, errText, code := runIn(t, d, nil, "config", "check")
		if code != ExitFailure || !strings.Contains(errText, path+":") {
			t.Errorf("%s: exit %d %s", name, code, errText)
		}
	}
}

// TestInspectFallsBackWhenIntrospectionOmitsScopes: against a server whose introspection says only
// "active", inspect says what was not reported and uses the token response's scopes, expiry and portal,
// instead of "MISSING … requested but not granted", "expires in 00:00" and "portal 0".
func TestInspectFallsBackWhenIntrospectionOmitsScopes(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"active": true})
	}))
	t.Cleanup(srv.Close)
	d := testDirs(t)
	writeConfig(t, d, fileProfile+"client_secret = \"the-real-secret\"\napp_base = \""+srv.URL+"\"\napi_base = \""+srv.URL+"\"\napi_version = \"v3\"\n")
	path, _ := d.ConfigFile()
	content, _ := os.ReadFile(path)
	writeConfig(t, d, strings.Replace(string(content), "client_secret_env = \"DEV_SECRET_NOT_SET\"\n", "", 1))
	seedToken(t, d, []string{"oauth", "crm.objects.contacts.read"})
	out, errText, code := runIn(t, d, nil, "inspect")
	if code != ExitOK {
		t.Fatalf("inspect: exit %d %s%s", code, out, errText)
	}
	for _, bad := range []string{"MISSING", "00:00", "portal  0", "portal 0"} {
		if strings.Contains(out, bad) {
			t.Errorf("inspect output has %q:\n%s", bad, out)
		}
	}
	for _, want := range []string{"did not report scopes, expires_in, hub_id, user", "4242", "crm.objects.contacts.read", "from the token response"} {
		if !strings.Contains(out, want) {
			t.Errorf("inspect output lacks %q:\n%s", want, out)
		}
	}
	js, _, code := runIn(t, d, nil, "inspect", "--json")
	in := decode[inspectJSON](t, js)
	if code != ExitOK || in.HubID != 4242 || len(in.MissingRequired) != 0 || len(in.Granted) != 2 || in.ExpiresIn <= 0 ||
		strings.Join(in.Unreported, ",") != "scopes,expires_in,hub_id,user" {
		t.Fatalf("inspect --json: %+v", in)
	}
}

// TestNoDBusAutolaunch runs `hsoauth token` (and `login`) on a keyring profile with no session bus and a
// dbus-launch on PATH that records being called: it must never be called (it would leave a dbus-daemon
// and a gnome-keyring-daemon running), and the error says to use the file store.
func TestNoDBusAutolaunch(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the Secret Service over D-Bus is the Linux keyring")
	}
	if _, err := os.Stat(filepath.Join("/run/user", strconv.Itoa(os.Getuid()), "bus")); err == nil {
		t.Skip("this machine has a per-user session bus at /run/user/UID/bus, so there is nothing to autolaunch")
	}
	bin := t.TempDir()
	marker := filepath.Join(t.TempDir(), "dbus-launch-was-called")
	script := "#!/bin/sh\ntouch " + marker + "\necho DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent\nexit 0\n"
	if err := os.WriteFile(filepath.Join(bin, "dbus-launch"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	p := newProc(t)
	var env []string
	for _, kv := range p.env {
		if !strings.HasPrefix(kv, "DBUS_SESSION_BUS_ADDRESS=") && !strings.HasPrefix(kv, "PATH=") {
			env = append(env, kv)
		}
	}
	p.env = append(env, "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	cfgDir := filepath.Join(envValue(p.env, "XDG_CONFIG_HOME"), "hsoauth")
	if err := os.MkdirAll(cfgDir, 0o700); err != nil {
		t.Fatal(err)
	}
	conf := "[profiles.dev]\nclient_id = \"dev-client-id\"\nclient_secret = \"the-real-secret\"\ntoken_store = \"keyring\"\n"
	if err := os.WriteFile(filepath.Join(cfgDir, "config.toml"), []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"token"}, {"portals"}, {"login", "--no-browser", "--timeout", "2s"}} {
		_, errText, code := p.run("", args...)
		lower := strings.ToLower(errText)
		if code != ExitFailure || !strings.Contains(lower, "keyring unavailable: no d-bus session bus") || !strings.Contains(errText, `token_store = "file"`) ||
			!strings.Contains(errText, envValue(p.env, "XDG_STATE_HOME")) {
			t.Errorf("%v: exit %d %s", args, code, errText)
		}
	}
	// The authorize URL needs no token store, so no keyring either.
	if out, errText, code := p.run("", "url", "--scope", "oauth"); code != ExitOK || !strings.Contains(out, "client_id=dev-client-id") {
		t.Errorf("url on a keyring profile without a bus: exit %d %s%s", code, out, errText)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Fatal("dbus-launch was run: a bus and a keyring daemon would outlive the command")
	}
}

func envValue(env []string, key string) string {
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, key+"="); ok {
			return v
		}
	}
	return ""
}

// TestDeadRefreshTokenMarked: after HubSpot refuses the refresh token (BAD_REFRESH_TOKEN), refresh exits 4
// saying to log in again (run hsoauth login), portals no longer shows it as usable, and the next refresh does not ask HubSpot.
func TestDeadRefreshTokenMarked(t *testing.T) {
	p := newProc(t)
	base := startSandbox(t, p)
	p.env = append(p.env, "HSOAUTH_SANDBOX_URL="+base)
	if out, errText, code := p.run("", "login", "--sandbox-consent", "free", "--scope", "oauth,crm.objects.contacts.read"); code != ExitOK {
		t.Fatalf("login: exit %d %s%s", code, out, errText)
	}
	fault := `{"rules":[{"endpoint":"token","effect":"revoke_refresh","count":1}]}`
	resp, err := http.Post(base+"/_sandbox/faults", "application/json", strings.NewReader(fault))
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("inject fault: %v %v", resp, err)
	}
	_ = resp.Body.Close()
	for i := range 2 {
		_, errText, code := p.run("", "refresh")
		if code != ExitNoToken || !strings.Contains(errText, "Run hsoauth login") {
			t.Fatalf("refresh %d: exit %d %s", i+1, code, errText)
		}
	}
	out, _, code := p.run("", "portals")
	if code != ExitOK || strings.Contains(out, "yes") || !strings.Contains(out, "dead") {
		t.Fatalf("portals after a refused refresh token: exit %d\n%s", code, out)
	}
	out, _, _ = p.run("", "token")
	if !strings.Contains(out, "(dead) HubSpot refused it") {
		t.Fatalf("token after a refused refresh token:\n%s", out)
	}
}

// TestAppHsmetaInputCapped: --app-hsmeta refuses a file over the size cap, one nested too deep and one
// that is not a regular file, each with a message naming the limit, before any JSON parsing.
func TestAppHsmetaInputCapped(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.json")
	deep := filepath.Join(dir, "deep.json")
	if err := os.WriteFile(big, []byte(`{"x":"`+strings.Repeat("a", config.MaxInputSize)+`"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(deep, []byte(strings.Repeat(`{"a":`, 5000)+"1"+strings.Repeat("}", 5000)), 0o600); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{big: "larger than 1024 KiB", deep: "nested more than 32 levels", dir: "not a regular file"} {
		_, errText, code := runIn(t, testDirs(t), nil, "scopes", "lint", "--app-hsmeta", path)
		if code != ExitFailure || !strings.Contains(errText, want) {
			t.Errorf("%s: exit %d %s", filepath.Base(path), code, errText)
		}
	}
}
