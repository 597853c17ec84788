package interop

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hsoauth/hsoauth/cli"
	"github.com/hsoauth/hsoauth/config"
)

// deadline bounds every wait on a condition; generous, because CI shares two cores with other builds.
const deadline = 60 * time.Second

// nodeTools returns node and testdata/node, where package-lock.json pins oauth2-mock-server and
// openid-client. Without node or the installed packages it skips, except in CI (CI=true), where
// .ci/run installs them and a skip would hide a broken setup.
func nodeTools(t *testing.T) (node, dir string) {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("testdata", "node"))
	if err != nil {
		t.Fatal(err)
	}
	node, lookErr := exec.LookPath("node")
	var statErr error
	for _, pkg := range []string{"oauth2-mock-server", "openid-client"} {
		if _, err := os.Stat(filepath.Join(dir, "node_modules", pkg, "package.json")); err != nil && statErr == nil {
			statErr = err
		}
	}
	if lookErr == nil && statErr == nil {
		statErr = checkNodeVersion(node)
	}
	if why := errors.Join(lookErr, statErr); why != nil {
		msg := fmt.Sprintf("the interop test needs node 20+ and its packages (%v): install node and run `npm ci --prefix %s`",
			strings.ReplaceAll(why.Error(), "\n", "; "), dir)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return node, dir
}

// checkNodeVersion wants node 20 or later: openid-client and jose need its Web Crypto and fetch.
func checkNodeVersion(node string) error {
	out, err := exec.Command(node, "--version").Output()
	if err != nil {
		return fmt.Errorf("node --version: %w", err)
	}
	var major int
	if _, err := fmt.Sscanf(strings.TrimSpace(string(out)), "v%d.", &major); err != nil || major < 20 {
		return fmt.Errorf("node %s is too old: the packages need node 20 or later", strings.TrimSpace(string(out)))
	}
	return nil
}

// mockServer starts testdata/node/mock-server.mjs (oauth2-mock-server) on a free 127.0.0.1 port and
// returns its base URL.
func mockServer(t *testing.T) string {
	t.Helper()
	node, dir := nodeTools(t)
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, node, "mock-server.mjs", "0")
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); _ = cmd.Wait() })
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if base, ok := strings.CutPrefix(sc.Text(), "listening "); ok {
				lines <- base
			}
		}
		close(lines)
	}()
	select {
	case base, ok := <-lines:
		if !ok {
			t.Fatal("oauth2-mock-server exited before it listened")
		}
		return base
	case <-time.After(deadline):
		t.Fatal("oauth2-mock-server did not start listening")
	}
	return ""
}

// profile writes a config whose one profile points every endpoint at the mock server, with a
// redirect URL on a port that was free a moment ago (if it is taken meanwhile, hsoauth falls back to
// the paste it gets anyway).
func profile(t *testing.T, base, clientAuth string) (config.Dirs, string) {
	return profileWith(t, base, clientAuth, "localhost", "introspect_url = \""+base+"/introspect\"\nrevoke_url = \""+base+"/revoke\"\n")
}

// profileWith is profile with the given extra lines instead of the introspection and revocation URLs.
func profileWith(t *testing.T, base, clientAuth, redirectHost, extra string) (config.Dirs, string) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	_ = l.Close()
	root := t.TempDir()
	dirs := config.Dirs{Config: filepath.Join(root, "config"), State: filepath.Join(root, "state")}
	if err := os.MkdirAll(dirs.Config, 0o700); err != nil {
		t.Fatal(err)
	}
	cfg := fmt.Sprintf(`default_profile = "standard"

[profiles.standard]
client_id = "interop-client"
client_secret = "interop-client-secret-0123456789"
redirect_uri = "http://%[5]s:%[1]d/oauth-callback"
app_base = %[2]q
api_base = %[2]q
authorize_url = "%[2]s/authorize"
token_url = "%[2]s/token"
token_store = "file"
client_auth = %[3]q
%[4]s`, port, base, clientAuth, extra, redirectHost)
	path := filepath.Join(dirs.Config, "config.toml")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return dirs, path
}

// syncBuffer is a bytes.Buffer that a running command writes while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func getenv(string) string { return "" }

// hsoauth runs one command line to completion and returns stdout, stderr and the exit code.
func hsoauth(t *testing.T, dirs config.Dirs, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := cli.Run(cli.Env{Args: args, Getenv: getenv, Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Version: "test", Dirs: dirs})
	return out.String(), errb.String(), code
}

var authorizeURL = regexp.MustCompile(`http://127\.0\.0\.1:\d+/authorize\?\S+`)

// login runs `hsoauth login --no-browser`, plays the browser on the URL it prints (the mock server's
// authorize endpoint redirects at once), lets edit change the redirected URL, pastes it and returns
// what login printed and its exit code.
func login(t *testing.T, dirs config.Dirs, cfg string, edit func(string) string, args ...string) (authURL, stdout, stderr string, code int) {
	t.Helper()
	stdin, paste := io.Pipe()
	var out, errb syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- cli.Run(cli.Env{Args: append([]string{"login", "--config", cfg, "--no-browser", "--json"}, args...), Getenv: getenv,
			Stdin: stdin, Stdout: &out, Stderr: &errb, Version: "test", Dirs: dirs})
	}()
	defer paste.Close()
	stop := time.Now().Add(deadline)
	for authURL = authorizeURL.FindString(errb.String()); authURL == ""; authURL = authorizeURL.FindString(errb.String()) {
		select {
		case code := <-done:
			t.Fatalf("login ended (exit %d) before printing the authorize URL:\n%s", code, errb.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(stop) {
			t.Fatalf("no authorize URL printed:\n%s", errb.String())
		}
	}
	noFollow := &http.Client{Timeout: deadline, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	redirect := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusFound || redirect == "" {
		t.Fatalf("authorize answered %d, Location %q", resp.StatusCode, redirect)
	}
	if edit != nil {
		redirect = edit(redirect)
	}
	if strings.HasPrefix(redirect, "http://127.0.0.1:") {
		// A loopback IP redirect (the 127.0.0.1 profile) goes to hsoauth's callback server, as a browser's would.
		go deliver(t, noFollow, redirect)
	} else {
		go func() { _, _ = io.WriteString(paste, redirect+"\n") }()
	}
	select {
	case code = <-done:
	case <-time.After(deadline):
		t.Fatalf("login did not finish after the paste:\n%s", errb.String())
	}
	return authURL, out.String(), errb.String(), code
}

// deliver plays the browser's last step: the redirect to the callback server.
func deliver(t *testing.T, hc *http.Client, redirect string) {
	resp, err := hc.Get(redirect)
	if err != nil {
		t.Errorf("callback: %v", err)
		return
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("callback answered %d", resp.StatusCode)
	}
}

type tokenJSON struct {
	AccessToken  string   `json:"access_token"`
	RefreshToken string   `json:"refresh_token"`
	TokenType    string   `json:"token_type"`
	ExpiresIn    int      `json:"expires_in"`
	Scopes       []string `json:"scopes"`
	User         string   `json:"user"`
}

func decode[T any](t *testing.T, what, s string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("%s: %v in %q", what, err, s)
	}
	return v
}

// The whole flow against a standard server: the authorize URL carries response_type=code, PKCE S256 and
// the state, which comes back; the code is exchanged with the verifier (the server checks it); refresh
// rotates the refresh token; inspect reads RFC 7662's scope, exp and username; revoke goes to the RFC
// 7009 endpoint; and a refresh token the server revoked comes back as RFC 6749's invalid_grant, which
// hsoauth reports as a dead refresh token (exit 4).
// It runs twice: with the credentials in the form body (HubSpot's way) and a localhost redirect that is
// pasted; and with them in an HTTP Basic header and a 127.0.0.1 redirect (RFC 8252's loopback IP, which
// HubSpot refuses) that reaches hsoauth's callback server.
func TestLoginRefreshInspectRevokeAgainstOAuth2MockServer(t *testing.T) {
	base := mockServer(t)
	for _, c := range []struct{ clientAuth, redirectHost string }{{"client_secret_post", "localhost"}, {"client_secret_basic", "127.0.0.1"}} {
		t.Run(c.clientAuth+"+"+c.redirectHost, func(t *testing.T) { fullFlow(t, base, c.clientAuth, c.redirectHost) })
	}
}

func fullFlow(t *testing.T, base, clientAuth, redirectHost string) {
	dirs, cfg := profileWith(t, base, clientAuth, redirectHost, "introspect_url = \""+base+"/introspect\"\nrevoke_url = \""+base+"/revoke\"\n")
	if out, errs, code := hsoauth(t, dirs, "config", "check", "--config", cfg); code != 0 {
		t.Fatalf("config check: exit %d\n%s%s", code, out, errs)
	}
	authURL, out, errs, code := login(t, dirs, cfg, nil, "--scope", "openid")
	if code != 0 {
		t.Fatalf("login: exit %d\n%s\n%s", code, out, errs)
	}
	q, err := url.Parse(authURL)
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{"response_type": "code", "code_challenge_method": "S256", "client_id": "interop-client", "scope": "openid"} {
		if got := q.Query().Get(k); got != want {
			t.Errorf("authorize URL %s = %q, want %q", k, got, want)
		}
	}
	if len(q.Query().Get("state")) < 43 || len(q.Query().Get("code_challenge")) != 43 {
		t.Errorf("authorize URL lacks a full state or S256 challenge: %s", authURL)
	}

	tok := decode[tokenJSON](t, "token", mustRun(t, dirs, "token", "--config", cfg, "--json", "--reveal"))
	if tok.AccessToken == "" || tok.RefreshToken == "" || !strings.EqualFold(tok.TokenType, "bearer") || tok.ExpiresIn <= 0 || len(tok.Scopes) == 0 {
		t.Fatalf("stored token after login: %+v", tok)
	}
	if tok.User != "johndoe" {
		t.Errorf("login's introspection should have named the user from RFC 7662's username; got %q", tok.User)
	}

	if text := mustRun(t, dirs, "token", "--config", cfg); !strings.Contains(text, "portal         none (the server named no HubSpot portal)") {
		t.Errorf("a token with no HubSpot portal should say so, not \"portal 0\":\n%s", text)
	}

	host := strings.TrimPrefix(base, "http://")
	if text := mustRun(t, dirs, "refresh", "--config", cfg); !strings.Contains(text, "Refreshed. "+host+" rotated the refresh token") {
		t.Errorf("refresh should name the server that rotated the token, not HubSpot:\n%s", text)
	}
	refreshed := decode[tokenJSON](t, "token", mustRun(t, dirs, "token", "--config", cfg, "--json", "--reveal"))
	if refreshed.RefreshToken == tok.RefreshToken {
		t.Errorf("refresh kept the old refresh token; the server rotates it")
	}

	in := decode[struct {
		Active     bool     `json:"active"`
		Token      string   `json:"token_use"`
		ExpiresIn  int      `json:"expires_in"`
		Granted    []string `json:"granted"`
		User       string   `json:"user"`
		Unreported []string `json:"unreported"`
	}](t, "inspect", mustRun(t, dirs, "inspect", "--config", cfg, "--json"))
	if !in.Active || in.Token != "access_token" || in.ExpiresIn <= 0 || in.User != "johndoe" ||
		strings.Join(in.Granted, " ") != strings.Join(refreshed.Scopes, " ") || strings.Join(in.Unreported, ",") != "hub_id" {
		t.Errorf("inspect against RFC 7662: %+v", in)
	}

	// The server revokes the refresh token on its own (as an admin would): the next refresh is refused
	// with invalid_grant, which means "log in again".
	revokeAtServer(t, base, refreshed.RefreshToken)
	if _, errs, code := hsoauth(t, dirs, "refresh", "--config", cfg); code != cli.ExitNoToken || !strings.Contains(errs, "invalid_grant") {
		t.Errorf("refresh of a revoked refresh token: exit %d, want %d naming invalid_grant:\n%s", code, cli.ExitNoToken, errs)
	}

	// A fresh login, then hsoauth's own revoke: the server forgets the refresh token.
	if _, out, errs, code := login(t, dirs, cfg, nil, "--scope", "openid"); code != 0 {
		t.Fatalf("second login: exit %d\n%s\n%s", code, out, errs)
	}
	second := decode[tokenJSON](t, "token", mustRun(t, dirs, "token", "--config", cfg, "--json", "--reveal"))
	if text := mustRun(t, dirs, "revoke", "--config", cfg); !strings.Contains(text, "Revoked the refresh token at "+host) || strings.Contains(text, "HubSpot") {
		t.Errorf("revoke should name the server and give no HubSpot advice:\n%s", text)
	}
	if active := introspectAtServer(t, base, second.RefreshToken); active {
		t.Error("the server still holds the refresh token hsoauth revoked")
	}
}

// A pasted redirect whose state is not this attempt's is refused, and a code the server never issued
// is refused by the server with its own words (an RFC 9457 problem detail), which hsoauth shows.
func TestStateAndServerErrorsAgainstOAuth2MockServer(t *testing.T) {
	base := mockServer(t)
	dirs, cfg := profile(t, base, "client_secret_post")
	swap := func(key, value string) func(string) string {
		return func(raw string) string {
			u, err := url.Parse(raw)
			if err != nil {
				t.Fatal(err)
			}
			q := u.Query()
			q.Set(key, value)
			u.RawQuery = q.Encode()
			return u.String()
		}
	}
	_, _, errs, code := login(t, dirs, cfg, swap("state", strings.Repeat("x", 43)), "--scope", "openid", "--timeout", "3s")
	if code == 0 || !strings.Contains(strings.ToLower(errs), "state") {
		t.Errorf("a redirect with another state: exit %d\n%s", code, errs)
	}
	_, _, errs, code = login(t, dirs, cfg, swap("code", "00000000-0000-4000-8000-000000000000"), "--scope", "openid")
	if code != cli.ExitFailure || !strings.Contains(errs, strings.TrimPrefix(base, "http://")+` refused the request. It said: "code_challenge required".`) {
		t.Errorf("a code the server never issued: exit %d, want %d with the server's detail\n%s", code, cli.ExitFailure, errs)
	}
}

// A server without introspection or revocation (a profile that names neither URL): login still works,
// inspect and revoke say what to add, and revoke keeps the refresh token it could not revoke anywhere.
func TestServerWithoutIntrospectionOrRevocation(t *testing.T) {
	base := mockServer(t)
	dirs, cfg := profileWith(t, base, "client_secret_post", "localhost", "")
	if _, out, errs, code := login(t, dirs, cfg, nil, "--scope", "openid"); code != 0 {
		t.Fatalf("login: exit %d\n%s\n%s", code, out, errs)
	}
	if _, errs, code := hsoauth(t, dirs, "inspect", "--config", cfg); code != cli.ExitFailure || !strings.Contains(errs, "no introspect_url") {
		t.Errorf("inspect: exit %d\n%s", code, errs)
	}
	if _, errs, code := hsoauth(t, dirs, "revoke", "--config", cfg); code != cli.ExitFailure || !strings.Contains(errs, "no revoke_url") {
		t.Errorf("revoke: exit %d\n%s", code, errs)
	}
	if tok := decode[tokenJSON](t, "token", mustRun(t, dirs, "token", "--config", cfg, "--json", "--reveal")); tok.RefreshToken == "" {
		t.Error("revoke dropped a refresh token it could not revoke")
	}
}

func mustRun(t *testing.T, dirs config.Dirs, args ...string) string {
	t.Helper()
	out, errs, code := hsoauth(t, dirs, args...)
	if code != 0 {
		t.Fatalf("hsoauth %s: exit %d\n%s\n%s", strings.Join(args, " "), code, out, errs)
	}
	return out
}

// revokeAtServer and introspectAtServer talk to the mock server directly, as another client would.
func revokeAtServer(t *testing.T, base, token string) {
	t.Helper()
	resp, err := http.PostForm(base+"/revoke", url.Values{"token": {token}, "token_type_hint": {"refresh_token"}})
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("revoke at the server: %d", resp.StatusCode)
	}
}

func introspectAtServer(t *testing.T, base, token string) bool {
	t.Helper()
	resp, err := http.PostForm(base+"/introspect", url.Values{"token": {token}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		Active bool `json:"active"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	return body.Active
}
