package oauth

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

func seedApp() App {
	return App{ClientID: "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", RedirectURI: "https://www.example.com/"}
}

// Seed 002's example URLs, byte for byte, then the response_type=code that RFC 6749 requires (HubSpot's
// examples leave it out; HubSpot ignores it).
func TestAuthorizeURLMatchesSeed002(t *testing.T) {
	req := AuthRequest{Scopes: []string{"contacts", "automation"}}
	got, err := AuthorizeURL(HubSpot(), seedApp(), req)
	seedURL := "https://app.hubspot.com/oauth/authorize?client_id=xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx&scope=contacts%20automation&redirect_uri=https://www.example.com/"
	if err != nil || got != seedURL+"&response_type=code" {
		t.Fatalf("got %s %v", got, err)
	}
	req.HubID = 123456
	got, _ = AuthorizeURL(HubSpot(), seedApp(), req)
	seedURL = "https://app.hubspot.com/oauth/123456/authorize?client_id=xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx&scope=contacts%20automation&redirect_uri=https://www.example.com/"
	if got != seedURL+"&response_type=code" {
		t.Fatalf("account-specific: %s", got)
	}
	for _, seed := range []string{"testdata/../../../shared/seeds/002_0329689e1a7f988f.txt"} {
		if b, err := os.ReadFile(seed); err == nil && !strings.Contains(string(b), seedURL) {
			t.Fatalf("seed no longer contains %s", seedURL)
		}
	}
}

// Seed 001's parameter table: scope encoding and the optional_scope and
// state parameters, then PKCE appended.
func TestAuthorizeURLMatchesSeed001(t *testing.T) {
	app := App{ClientID: "7fff1e36-2d40-4ae1-bbb1-5266d59564fb", RedirectURI: "https://www.example.com/auth-callback", PKCE: true}
	req := AuthRequest{Scopes: []string{"oauth", "crm.objects.contacts.read"}, OptionalScopes: []string{"automation"},
		State: "WeHH_yy2irpl8UYAvv-my", Challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"}
	got, err := AuthorizeURL(HubSpot(), app, req)
	want := "https://app.hubspot.com/oauth/authorize?client_id=7fff1e36-2d40-4ae1-bbb1-5266d59564fb" +
		"&scope=oauth%20crm.objects.contacts.read&redirect_uri=https://www.example.com/auth-callback" +
		"&response_type=code&optional_scope=automation&state=WeHH_yy2irpl8UYAvv-my" +
		"&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"
	if err != nil || got != want {
		t.Fatalf("got  %s\nwant %s %v", got, want, err)
	}
	app.PKCE = false
	if got, _ := AuthorizeURL(HubSpot(), app, req); strings.Contains(got, "code_challenge") {
		t.Fatalf("PKCE off still sends a challenge: %s", got)
	}
}

// RFC 6749 §4.1.1: response_type is REQUIRED and must be "code" for this flow, in every form of the URL
// (account-specific or not, with or without optional scopes, state and PKCE), exactly once.
func TestAuthorizeURLAlwaysSendsResponseTypeCode(t *testing.T) {
	reqs := []AuthRequest{
		{Scopes: []string{"oauth"}},
		{Scopes: []string{"oauth"}, HubID: 42},
		{Scopes: []string{"oauth"}, OptionalScopes: []string{"content"}, State: "s", Challenge: "c"},
	}
	for _, pkce := range []bool{false, true} {
		app := App{ClientID: "c", RedirectURI: DefaultRedirectURI, PKCE: pkce}
		for _, req := range reqs {
			if pkce && req.Challenge == "" {
				continue
			}
			raw, err := AuthorizeURL(HubSpot(), app, req)
			if err != nil {
				t.Fatal(err)
			}
			u, err := url.Parse(raw)
			if err != nil {
				t.Fatal(err)
			}
			if got := u.Query()["response_type"]; len(got) != 1 || got[0] != "code" {
				t.Errorf("%s: response_type = %q, want exactly [code]", raw, got)
			}
		}
	}
}

func TestAuthorizeURLRefusesBadInput(t *testing.T) {
	ok := AuthRequest{Scopes: []string{"oauth"}}
	cases := map[string]func() (string, error){
		"no scopes": func() (string, error) { return AuthorizeURL(HubSpot(), seedApp(), AuthRequest{}) },
		"no client": func() (string, error) { return AuthorizeURL(HubSpot(), App{RedirectURI: "https://x.example/"}, ok) },
		"ip redirect": func() (string, error) {
			return AuthorizeURL(HubSpot(), App{ClientID: "c", RedirectURI: "http://127.0.0.1:3000/cb"}, ok)
		},
		"pkce no chal": func() (string, error) {
			return AuthorizeURL(HubSpot(), App{ClientID: "c", RedirectURI: DefaultRedirectURI, PKCE: true}, ok)
		},
		"http env": func() (string, error) {
			return AuthorizeURL(Environment{AppBase: "http://app.example", APIBase: "https://api.hubapi.com", Version: V3}, seedApp(), ok)
		},
	}
	for name, f := range cases {
		if u, err := f(); err == nil {
			t.Errorf("%s: built %s", name, u)
		}
	}
}

// An ampersand or plus inside a value must not split or alter parameters.
func TestAuthorizeURLEscapesValues(t *testing.T) {
	app := App{ClientID: "a&b=c+d", RedirectURI: DefaultRedirectURI}
	got, _ := AuthorizeURL(HubSpot(), app, AuthRequest{Scopes: []string{"x y"}})
	if !strings.Contains(got, "client_id=a%26b%3Dc%2Bd&") || !strings.Contains(got, "scope=x%20y%20") && !strings.Contains(got, "scope=x%20y&") {
		t.Fatalf("%s", got)
	}
}

func TestA1_StateIsUnique256Bits(t *testing.T) {
	re := regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`)
	seen := map[string]bool{}
	for range 10000 {
		s := mustState(t)
		raw, err := base64.RawURLEncoding.DecodeString(s)
		if !re.MatchString(s) || err != nil || len(raw) != 32 || seen[s] {
			t.Fatalf("bad or repeated state %q", s)
		}
		seen[s] = true
	}
}

func TestA2_PKCEIsS256Only(t *testing.T) {
	// RFC 7636 Appendix B.
	if got := S256Challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"); got != "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM" {
		t.Fatalf("appendix B: %s", got)
	}
	p, err := PKCEFor(mustState(t))
	if err != nil || len(p.Verifier) < 43 || len(p.Verifier) > 128 {
		t.Fatalf("%v %v", len(p.Verifier), err)
	}
	sum := sha256.Sum256([]byte(p.Verifier))
	if p.Challenge != base64.RawURLEncoding.EncodeToString(sum[:]) {
		t.Fatal("challenge is not S256 of the verifier")
	}
	for _, f := range goFiles(t) {
		if strings.Contains(f.src, `"plain"`) {
			t.Fatalf("%s mentions the plain PKCE method", f.name)
		}
	}
}

func TestA3_ClientSecretNeverPrinted(t *testing.T) {
	app := App{ClientID: "id", ClientSecret: testClientSecret, RedirectURI: DefaultRedirectURI}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		if out := fmt.Sprintf(verb, app); strings.Contains(out, testClientSecret) {
			t.Fatalf("%s printed the secret: %s", verb, out)
		}
	}
}

func TestA4_BrowserOpensOnlyHTTPURLs(t *testing.T) {
	ctx := t.Context()
	for _, bad := range []string{"javascript:alert(1)", "file:///etc/passwd", "https://app.hubspot.com/\x1b[2J", "ftp://x.example/", "https://"} {
		if err := OpenBrowserEnv(ctx, bad, func(string) string { return "true" }); err == nil {
			t.Errorf("opened %q", bad)
		}
	}
	if err := OpenBrowserEnv(ctx, "https://app.hubspot.com/oauth/authorize?x=1", func(string) string { return "true" }); err != nil {
		t.Fatalf("$BROWSER=true: %v", err)
	}
	// Real authorize URLs are long (many scopes, state, challenge): length alone must never refuse one.
	long := "https://app.hubspot.com/oauth/authorize?scope=" + strings.Repeat("crm.objects.contacts.read%20", 40)
	if err := OpenBrowserEnv(ctx, long, func(string) string { return "true" }); err != nil {
		t.Fatalf("a long URL was refused: %v", err)
	}
	if err := OpenBrowserEnv(ctx, "https://app.hubspot.com/", func(string) string { return "/nonexistent/browser" }); err != nil && !errors.Is(err, ErrNoBrowser) {
		t.Fatalf("unexpected: %v", err)
	}
	got := browserCommands("firefox --new-tab %s:w3m", "linux", "https://u")
	if fmt.Sprint(got) != "[[firefox --new-tab https://u] [w3m https://u] [xdg-open https://u] [wslview https://u]]" {
		t.Fatalf("commands: %v", got)
	}
}

// TestBrowserExitingNonZeroIsAFailure: a $BROWSER that exits non-zero did not open anything, so it is
// reported as a failure that names it and its status (never "browser opened"); one that exits 0, or is
// still running after the grace (a browser started directly), opened the page.
func TestBrowserExitingNonZeroIsAFailure(t *testing.T) {
	dir := t.TempDir()
	script := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
			t.Fatal(err)
		}
		return p
	}
	pidFile := filepath.Join(dir, "pid")
	failing, running := script("failing-browser", "exit 3"), script("running-browser", "echo $$ > "+pidFile+"; exec sleep 30")
	defer func(g time.Duration) { BrowserGrace = g }(BrowserGrace)
	BrowserGrace = 300 * time.Millisecond
	env := func(browser string) func(string) string {
		return func(k string) string {
			if k == "BROWSER" {
				return browser
			}
			return ""
		}
	}
	// PATH-less platform openers may exist on a developer's machine; only $BROWSER entries are judged here,
	// so the failing one goes last of a list whose every entry fails.
	err := OpenBrowserEnv(t.Context(), "https://app.hubspot.com/oauth/authorize", env(failing+":/bin/false"))
	if err == nil || !errors.Is(err, ErrNoBrowser) {
		if _, lookErr := exec.LookPath("xdg-open"); lookErr != nil {
			t.Fatalf("a $BROWSER exiting 3 must be a failure, got %v", err)
		}
	}
	if err != nil && (!strings.Contains(err.Error(), "failing-browser exited with status 3") || !strings.Contains(err.Error(), "false exited with status 1")) {
		t.Fatalf("the failure should say which command exited how: %v", err)
	}
	if err := OpenBrowserEnv(t.Context(), "https://app.hubspot.com/", env(running)); err != nil {
		t.Fatalf("a browser still running after the grace opened the page: %v", err)
	}
	// End the "browser" so its reaper goroutine finishes (it is waited on, never leaked).
	if b, err := os.ReadFile(pidFile); err == nil {
		if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil {
			_ = syscall.Kill(pid, syscall.SIGTERM)
		}
	}
	if err := OpenBrowserEnv(t.Context(), "https://app.hubspot.com/", env(failing+":true")); err != nil {
		t.Fatalf("the next $BROWSER entry should be tried after a failure: %v", err)
	}
}

func TestA5_CompareScopesFindsGaps(t *testing.T) {
	d := CompareScopes([]string{"crm.objects.contacts.read", "tickets"}, []string{"automation", "content"},
		[]string{"oauth", "crm.objects.contacts.read", "automation", "oauth"})
	want := ScopeDiff{Granted: []string{"oauth", "crm.objects.contacts.read", "automation"}, MissingRequired: []string{"tickets"},
		DroppedOptional: []string{"content"}, Extra: []string{"oauth"}}
	if fmt.Sprint(d) != fmt.Sprint(want) || d.OK() {
		t.Fatalf("%+v", d)
	}
	if !CompareScopes([]string{"a"}, nil, []string{"a"}).OK() {
		t.Fatal("complete grant not OK")
	}
}

func TestA6_EnvironmentOverridesMustBeSafe(t *testing.T) {
	good := []Environment{HubSpot(), {AppBase: "http://127.0.0.1:8080", APIBase: "http://localhost:8080", Version: V1},
		{AppBase: "https://app-eu1.hubspot.com", APIBase: "http://[::1]:9", Version: V202603}}
	for _, e := range good {
		if err := e.Validate(); err != nil {
			t.Errorf("%+v: %v", e, err)
		}
	}
	bad := []Environment{{AppBase: "http://app.hubspot.com", APIBase: "https://api.hubapi.com", Version: V3},
		{AppBase: "https://app.hubspot.com", APIBase: "http://10.0.0.1", Version: V3},
		{AppBase: "https://app.hubspot.com", APIBase: "https://api.hubapi.com", Version: "v2"},
		{AppBase: "ftp://x", APIBase: "https://api.hubapi.com", Version: V3},
		{AppBase: "https://u:p@app.hubspot.com", APIBase: "https://api.hubapi.com", Version: V3},
		{AppBase: "app.hubspot.com", APIBase: "https://api.hubapi.com", Version: V3}}
	for _, e := range bad {
		if err := e.Validate(); err == nil {
			t.Errorf("accepted %+v", e)
		}
	}
}
