package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hsoauth/hsoauth/ui/uitest"

	"github.com/hsoauth/hsoauth/oauth/sandbox"
)

// TestMain lets the test binary stand in for the hsoauth binary: with HSOAUTH_TEST_MAIN=1 it runs the
// command line on its arguments and exits, so subcommands are tested as real processes without a build.
func TestMain(m *testing.M) {
	if os.Getenv("HSOAUTH_TEST_MAIN") == "1" {
		os.Exit(Run(Env{Args: os.Args[1:], Getenv: os.Getenv, Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Version: "test", Dirs: DefaultDirs()}))
	}
	os.Exit(m.Run())
}

// proc is a test's handle on a subcommand run as a process with a private config and state dir.
type proc struct {
	t   *testing.T
	env []string
}

func newProc(t *testing.T, extra ...string) *proc {
	dir := t.TempDir()
	env := append(os.Environ(), "HSOAUTH_TEST_MAIN=1", "XDG_CONFIG_HOME="+dir+"/config", "XDG_STATE_HOME="+dir+"/state",
		"BROWSER=/bin/false", "HSOAUTH_PROFILE=", "HSOAUTH_CLIENT_ID=", "HSOAUTH_CLIENT_SECRET=")
	return &proc{t: t, env: append(env, extra...)}
}

func (p *proc) command(ctx context.Context, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, os.Args[0], args...)
	cmd.Env = p.env
	return cmd
}

// run runs a subcommand to completion with stdin and returns stdout, stderr and the exit code.
func (p *proc) run(stdin string, args ...string) (string, string, int) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), uitest.Deadline(30*time.Second))
	defer cancel()
	cmd := p.command(ctx, args...)
	var out, errb bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = strings.NewReader(stdin), &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		p.t.Fatalf("%v: %v", args, err)
	}
	return out.String(), errb.String(), code
}

// startSandbox runs `hsoauth sandbox --json` and returns its base URL; the process is stopped at cleanup.
func startSandbox(t *testing.T, p *proc, flags ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := p.command(ctx, append([]string{"sandbox", "--addr", "127.0.0.1:0", "--json"}, flags...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(uitest.Deadline(10 * time.Second)):
			cancel()
			t.Error("the sandbox did not stop on Ctrl-C")
		}
		cancel()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("sandbox printed nothing: %v", err)
	}
	var info struct {
		BaseURL      string   `json:"base_url"`
		ClientID     string   `json:"client_id"`
		ClientSecret string   `json:"client_secret"`
		RedirectURLs []string `json:"redirect_urls"`
		Portals      []any    `json:"portals"`
	}
	if err := json.Unmarshal([]byte(line), &info); err != nil || info.BaseURL == "" || info.ClientID == "" || info.ClientSecret == "" || len(info.RedirectURLs) == 0 || len(info.Portals) == 0 {
		t.Fatalf("first line is not the sandbox JSON: %q (%v)", line, err)
	}
	return info.BaseURL
}

func decode[T any](t *testing.T, s string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, s)
	}
	return v
}

// TestScriptedFlow runs the whole flow as a tester's script would: login approving as a portal's Super
// Admin, token, header, refresh, inspect, portals, revoke, logout, with exit codes and JSON shapes.
func TestScriptedFlow(t *testing.T) {
	p := newProc(t)
	base := startSandbox(t, p)
	p.env = append(p.env, "HSOAUTH_SANDBOX_URL="+base)

	out, errText, code := p.run("", "login", "--sandbox-consent", "marketing-starter", "--scope", "oauth,crm.objects.contacts.read",
		"--optional-scope", "forms,content", "--json")
	if code != ExitOK {
		t.Fatalf("login: exit %d\n%s%s", code, out, errText)
	}
	rec := decode[recordJSON](t, out)
	if rec.HubID != sandbox.HubMarketingStarter || !rec.Masked || strings.Contains(strings.Join(rec.Scopes, " "), "content") ||
		!strings.Contains(strings.Join(rec.Scopes, " "), "forms") || rec.User == "" {
		t.Fatalf("login record: %+v", rec)
	}
	if !strings.Contains(rec.AccessToken, "•") || !strings.Contains(rec.RefreshToken, "•") {
		t.Fatalf("tokens must be masked without --reveal: %+v", rec)
	}

	out, _, code = p.run("", "token", "--json")
	if code != ExitOK || decode[recordJSON](t, out).ExpiresIn <= 0 {
		t.Fatalf("token: exit %d\n%s", code, out)
	}
	out, _, _ = p.run("", "token", "--header")
	if !strings.HasPrefix(out, "Authorization: Bearer ") || !strings.Contains(out, "•") {
		t.Fatalf("token --header must be masked: %q", out)
	}
	out, _, _ = p.run("", "token", "--header", "--reveal")
	if strings.Contains(out, "•") || len(strings.TrimSpace(strings.TrimPrefix(out, "Authorization: Bearer "))) < 20 {
		t.Fatalf("token --header --reveal: %q", out)
	}

	out, _, code = p.run("", "refresh", "--json")
	refreshed := decode[recordJSON](t, out)
	if code != ExitOK || len(refreshed.History) != 1 || refreshed.History[0].Rotated {
		t.Fatalf("refresh: exit %d %+v", code, refreshed)
	}

	out, _, code = p.run("", "inspect", "--json")
	in := decode[inspectJSON](t, out)
	if code != ExitOK || !in.Active || in.HubID != sandbox.HubMarketingStarter || len(in.Granted) == 0 {
		t.Fatalf("inspect: exit %d %+v", code, in)
	}

	out, _, code = p.run("", "portals", "--json")
	if list := decode[[]recordJSON](t, out); code != ExitOK || len(list) != 1 {
		t.Fatalf("portals: exit %d %s", code, out)
	}

	out, _, code = p.run("", "revoke")
	if code != ExitOK || !strings.Contains(out, "keeps working until it expires") {
		t.Fatalf("revoke: exit %d %s", code, out)
	}
	_, errText, code = p.run("", "refresh")
	if code != ExitNoToken || !strings.Contains(errText, "hsoauth login") {
		t.Fatalf("refresh after revoke: exit %d %s", code, errText)
	}

	out, _, code = p.run("", "logout")
	if code != ExitOK || !strings.Contains(out, "does not revoke") {
		t.Fatalf("logout: exit %d %s", code, out)
	}
	_, _, code = p.run("", "token")
	if code != ExitNoToken {
		t.Fatalf("token after logout: exit %d, want %d", code, ExitNoToken)
	}
}

// TestLoginPastePath is the SSH path: --no-browser prints the URL, the user consents elsewhere and pastes
// the redirected URL on stdin.
func TestLoginPastePath(t *testing.T) {
	p := newProc(t)
	base := startSandbox(t, p)
	p.env = append(p.env, "HSOAUTH_SANDBOX_URL="+base)
	ctx, cancel := context.WithTimeout(context.Background(), uitest.Deadline(30*time.Second))
	defer cancel()
	cmd := p.command(ctx, "login", "--no-browser", "--timeout", "20s", "--scope", "oauth,crm.objects.contacts.read", "--json")
	stdin, _ := cmd.StdinPipe()
	stderr, _ := cmd.StderrPipe()
	var out bytes.Buffer
	cmd.Stdout = &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stderr)
	authURL := ""
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, base+"/oauth/authorize?") {
			authURL = line
		}
		if strings.HasPrefix(line, "Paste the address") {
			break
		}
	}
	if authURL == "" {
		t.Fatal("login --no-browser did not print the authorize URL")
	}
	go func() { _, _ = io.Copy(io.Discard, stderr) }()
	redirect, err := sandbox.ConsentHTTP(ctx, nil, authURL, sandbox.HubSalesPro, "", true)
	if err != nil {
		t.Fatal(err)
	}
	// A wrong paste first: the state check refuses it and asks again.
	_, _ = io.WriteString(stdin, strings.Replace(redirect, "state=", "state=x", 1)+"\n")
	_, _ = io.WriteString(stdin, redirect+"\n")
	if err := cmd.Wait(); err != nil {
		t.Fatalf("login: %v\n%s", err, out.String())
	}
	if rec := decode[recordJSON](t, out.String()); rec.HubID != sandbox.HubSalesPro {
		t.Fatalf("record: %+v", rec)
	}
}

// TestLoginDeniedAndTimeout checks exit code 3 for a denial and for no answer.
func TestLoginDeniedAndTimeout(t *testing.T) {
	p := newProc(t)
	base := startSandbox(t, p, "--deny-redirect")
	p.env = append(p.env, "HSOAUTH_SANDBOX_URL="+base)
	ctx := context.Background()
	out, _, _ := p.run("", "url", "--json", "--scope", "oauth,crm.objects.contacts.read")
	u := decode[urlJSON](t, out)
	if u.State == "" || u.CodeVerifier == "" || !strings.Contains(u.URL, "code_challenge=") {
		t.Fatalf("url --json: %+v", u)
	}
	denied, err := sandbox.ConsentHTTP(ctx, nil, u.URL, sandbox.HubFree, "", false)
	if err != nil || !strings.Contains(denied, "error=access_denied") {
		t.Fatalf("deny redirect: %q %v", denied, err)
	}
	// Paste the denial into a login of its own: its state differs, so use the login's own URL instead.
	cmdCtx, cancel := context.WithTimeout(ctx, uitest.Deadline(30*time.Second))
	defer cancel()
	cmd := p.command(cmdCtx, "login", "--no-browser", "--timeout", "20s", "--scope", "oauth,crm.objects.contacts.read")
	stdin, _ := cmd.StdinPipe()
	stderr, _ := cmd.StderrPipe()
	_ = cmd.Start()
	sc := bufio.NewScanner(stderr)
	authURL := ""
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); strings.HasPrefix(line, base) {
			authURL = line
		} else if strings.HasPrefix(line, "Paste the address") {
			break
		}
	}
	var rest bytes.Buffer
	copied := make(chan struct{})
	go func() { _, _ = io.Copy(&rest, stderr); close(copied) }()
	denied, err = sandbox.ConsentHTTP(ctx, nil, authURL, sandbox.HubFree, "", false)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.WriteString(stdin, denied+"\n")
	<-copied
	err = cmd.Wait()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != ExitDenied {
		t.Fatalf("denied login: %v, want exit %d", err, ExitDenied)
	}
	if msg := strings.ToLower(rest.String()); !strings.Contains(msg, "denied") || strings.Contains(msg, "timed out") {
		t.Fatalf("a pasted denial must end the login as denied, not by timing out:\n%s", msg)
	}

	_, errText, code := p.run("", "login", "--no-browser", "--timeout", "1s", "--scope", "oauth")
	if code != ExitDenied || !strings.Contains(strings.ToLower(errText), "timed out") {
		t.Fatalf("timeout: exit %d %s", code, errText)
	}
}

// TestSandboxRefusesNonLoopback checks the clear error for --addr outside loopback.
func TestSandboxRefusesNonLoopback(t *testing.T) {
	p := newProc(t)
	_, errText, code := p.run("", "sandbox", "--addr", "0.0.0.0:8421")
	if code != ExitUsage || !strings.Contains(errText, "loopback") {
		t.Fatalf("exit %d: %s", code, errText)
	}
}

// TestSandboxAppsFromConfig: [[sandbox.apps]] registers more apps in `hsoauth sandbox`, listed in its
// JSON, and their own scope settings apply on the consent page.
func TestSandboxAppsFromConfig(t *testing.T) {
	p := newProc(t)
	cfg := t.TempDir() + "/config.toml"
	body := `[sandbox]
access_ttl = "60s"

[[sandbox.apps]]
name = "team app"
client_id = "team-app"
client_secret = "team-secret"
redirect_urls = ["http://localhost:4000/cb"]
required = ["oauth", "crm.objects.feedback_submissions.read"]
`
	if err := os.WriteFile(cfg, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cmd := p.command(ctx, "sandbox", "--config", cfg, "--addr", "127.0.0.1:0", "--json")
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Signal(os.Interrupt); _ = cmd.Wait() }()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	var info sandbox.Info
	if err := json.Unmarshal([]byte(line), &info); err != nil || len(info.Apps) != 2 || info.Apps[1].ClientID != "team-app" {
		t.Fatalf("sandbox JSON: %v %s", err, line)
	}
	authorize := info.BaseURL + "/oauth/authorize?client_id=team-app&redirect_uri=http%3A%2F%2Flocalhost%3A4000%2Fcb&scope=oauth%20crm.objects.feedback_submissions.read"
	if _, err := sandbox.ConsentHTTP(ctx, nil, authorize, sandbox.HubServicePro, "", true); err != nil {
		t.Fatalf("team app on service-pro: %v", err)
	}
	var ce *sandbox.ConsentError
	if _, err := sandbox.ConsentHTTP(ctx, nil, authorize, sandbox.HubMarketingStarter, "", true); !errors.As(err, &ce) {
		t.Fatalf("feedback submissions required on marketing-starter must fail on the consent page, got %v", err)
	}
}

// TestVerbosePrintsMaskedTrace: --verbose shows every HTTP exchange on stderr, and never a secret.
func TestVerbosePrintsMaskedTrace(t *testing.T) {
	p := newProc(t)
	base := startSandbox(t, p)
	p.env = append(p.env, "HSOAUTH_SANDBOX_URL="+base)
	out, errText, code := p.run("", "login", "--verbose", "--sandbox-consent", "free", "--scope", "oauth,crm.objects.contacts.read", "--json", "--reveal")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errText)
	}
	rec := decode[recordJSON](t, out)
	if !strings.Contains(errText, "> POST "+base+"/oauth/v3/token") || !strings.Contains(errText, "< 200") {
		t.Fatalf("--verbose should print the token exchange:\n%s", errText)
	}
	for _, secretValue := range []string{rec.AccessToken, rec.RefreshToken, sandbox.DemoClientSecret} {
		if strings.Contains(errText, secretValue) {
			t.Fatalf("--verbose printed a secret (%q):\n%s", secretValue[:8], errText)
		}
	}
}

// TestProfileMeansTheSameEverywhere: `url --profile P` honours P's hub_id (the account-specific URL), and
// `login --sandbox-url URL --profile P` signs in with P's app, scopes and redirect.
func TestProfileMeansTheSameEverywhere(t *testing.T) {
	p := newProc(t, "MY_SECRET=real-secret-0123456789abcdef")
	cfg := filepath.Join(t.TempDir(), "config.toml")
	body := `[profiles.mine]
client_id = "11111111-2222-3333-4444-555555555555"
client_secret_env = "MY_SECRET"
redirect_uri = "http://localhost:53918/my-callback"
hub_id = 20000004
token_store = "file"
[profiles.mine.scopes]
required = ["oauth", "crm.objects.contacts.read"]
`
	if err := os.WriteFile(cfg, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	out, errText, code := p.run("", "url", "--config", cfg, "--profile", "mine")
	if code != ExitOK || !strings.HasPrefix(out, "https://app.hubspot.com/oauth/20000004/authorize?") ||
		!strings.Contains(out, "client_id=11111111-2222-3333-4444-555555555555") {
		t.Fatalf("url: exit %d %q %s", code, out, errText)
	}
	base := startSandbox(t, p)
	out, errText, code = p.run("", "login", "--config", cfg, "--profile", "mine", "--sandbox-url", base,
		"--sandbox-consent", "20000004", "--json")
	if code != ExitOK {
		t.Fatalf("login with the profile's app: exit %d %s", code, errText)
	}
	if rec := decode[recordJSON](t, out); rec.HubID != 20000004 {
		t.Fatalf("record: %+v", rec)
	}
}

// TestRealPinDoesNotBreakTheSandbox: a profile pinned to a real portal still signs in on the sandbox
// (the pin is set aside with a note), --sandbox-consent builds the URL for its own portal, and
// --hub-id none asks for the generic URL even with a pin.
func TestRealPinDoesNotBreakTheSandbox(t *testing.T) {
	p := newProc(t, "MY_SECRET=real-secret-0123456789abcdef")
	cfg := filepath.Join(t.TempDir(), "config.toml")
	body := "[profiles.mine]\nclient_id = \"11111111-2222-3333-4444-555555555556\"\nclient_secret_env = \"MY_SECRET\"\n" +
		"redirect_uri = \"http://localhost:53919/cb\"\nhub_id = 12345678\ntoken_store = \"file\"\n"
	if err := os.WriteFile(cfg, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	out, errText, code := p.run("", "login", "--config", cfg, "--sandbox", "--sandbox-consent", "free", "--scope", "oauth", "--json")
	if code != ExitOK || !strings.Contains(errText, "not a sandbox portal") {
		t.Fatalf("login: exit %d %s", code, errText)
	}
	if rec := decode[recordJSON](t, out); rec.HubID != sandbox.HubFree {
		t.Fatalf("record: %+v", rec)
	}
	out, _, code = p.run("", "url", "--config", cfg, "--hub-id", "none", "--scope", "oauth")
	if code != ExitOK || !strings.HasPrefix(out, "https://app.hubspot.com/oauth/authorize?") {
		t.Fatalf("--hub-id none: exit %d %s", code, out)
	}
	_, errText, code = p.run("", "url", "--config", cfg, "--hub-id", "-3")
	if code != ExitUsage || !strings.Contains(errText, "or none") {
		t.Fatalf("--hub-id -3: exit %d %s", code, errText)
	}
}
