package e2e

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestIssueStory is the story a new user follows with only the help bar: filter "contacts", mark
// crm.objects.contacts.read required and automation optional, target marketing-starter, see automation
// dropped, review, authorize in the terminal against the sandbox, watch the countdown, refresh, see the
// history, revoke, look at the trace, quit with the terminal restored.
func TestIssueStory(t *testing.T) {
	a := startApp(t, 100, 30, nil)
	screen := issueStory(t, a)
	t.Log(strings.TrimSpace(screen[strings.Index(screen, "hsoauth exited"):]))
}

// issueStory plays the story and returns the screen after the app exited.
func issueStory(t testing.TB, a *app) string {
	a.see("296 of 296 scopes")
	a.see("SANDBOX")
	a.press("/", "/ ")
	a.typeText("crm.objects.contacts.read", "› · crm.objects.contacts.read")
	a.press("Enter", "/ crm.objects.contacts.read")
	a.press("r", "› R crm.objects.contacts.read")
	a.press("Escape", "296 of 296 scopes")
	a.press("/", "/ ")
	a.typeText("automation", "› · automation ")
	a.press("Enter", "5 of 296")
	a.press("o", "› O automation")
	a.see("marketing-starter drops automation")

	a.press("a", "Target account")
	a.press("Enter", "target account: Marketing Hub Starter")

	a.press("Enter", "Install prediction")
	a.see("drops automation")
	a.press("Enter", "Waiting for HubSpot to redirect back")
	a.press("a", "Approve in the terminal")
	a.press("Down", "› 20000002  marketing-starter")
	screen := a.press("g", "Expires in")
	for _, want := range []string{"30:00", "– automation (optional, dropped)", "hub 20000002", "••••"} {
		if !strings.Contains(screen, want) {
			t.Errorf("token screen lacks %q:\n%s", want, screen)
		}
	}
	// The test-mode clock stands still; fast-forwarding the sandbox clock moves the countdown.
	a.press("f", "25:00")
	a.press("r", "refreshed, valid until")
	a.see("30:00")
	a.press("x", "Revoke")
	a.press("y", "revoked")
	a.press("T", "Flow trace")
	a.see("/oauth/v3/token/revoke")
	a.press("Escape", "Expires in")
	if err := a.Key("q"); err != nil {
		t.Fatal(err)
	}
	return a.exited(0)
}

// TestBrokenConfig starts with a config file HubSpot users could easily get wrong: the app says where
// and what, exits 1, and leaves the terminal (and the file) as they were.
func TestBrokenConfig(t *testing.T) {
	needTool(t, "tmux")
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.toml")
	body := "[profiles.dev]\nclient_id = \"abc\"\npkce = \"yes\"\n"
	if err := os.WriteFile(cfg, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	a := startApp(t, 100, 30, nil, "--config", cfg)
	screen := a.see("config file has problems")
	for _, want := range []string{"config.toml:3:", "pkce", "true"} {
		if !strings.Contains(screen, want) {
			t.Errorf("error lacks %q:\n%s", want, screen)
		}
	}
	a.exited(1)
	if got, _ := os.ReadFile(cfg); string(got) != body {
		t.Fatal("a bad config file must never be rewritten")
	}
}

// TestBusyCallbackPort holds every redirect port the demo app registers: the authorize screen says the
// port is taken, by whom and what to do, and the paths that need no callback server still sign in.
func TestBusyCallbackPort(t *testing.T) {
	for _, port := range []string{"3000", "8080", "53682"} {
		l, err := net.Listen("tcp", "127.0.0.1:"+port)
		if err != nil {
			continue // already busy: just as good for this test
		}
		t.Cleanup(func() { _ = l.Close() })
	}
	a := startApp(t, 100, 30, nil)
	a.see("296 of 296 scopes")
	a.press("Enter", "Install prediction")
	screen := a.press("Enter", "in use")
	if !strings.Contains(screen, "localhost:") {
		t.Errorf("the error should name the port:\n%s", screen)
	}
	// The paths that need no callback server still work: approve in the terminal.
	a.press("a", "Approve in the terminal")
	a.press("g", "Expires in")
	a.quitClean("C-c", 0)
}

// TestResizeMidFlow shrinks the terminal to 80x24 on the review and the token screens: the layout
// follows and nothing is cut mid-frame.
func TestResizeMidFlow(t *testing.T) {
	a := startApp(t, 120, 40, nil)
	a.see("296 of 296 scopes")
	a.press("Enter", "Install prediction")
	if err := a.Resize(80, 24); err != nil {
		t.Fatal(err)
	}
	screen, err := a.WaitUntil(func(s string) bool {
		lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
		return len(lines) == 24 && strings.HasSuffix(strings.TrimRight(lines[0], " "), "SANDBOX") && len(lines[0]) <= 80
	}, wait, "the title bar to fit 80 columns")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(screen, "Review") {
		t.Fatalf("lost the review after resize:\n%s", screen)
	}
	a.press("Enter", "Waiting for HubSpot")
	a.press("a", "Approve in the terminal")
	a.press("g", "Expires in")
	if err := a.Resize(100, 30); err != nil {
		t.Fatal(err)
	}
	a.see("Refresh history")
	a.quitClean("q", 0)
}

// TestCtrlCOnEveryScreen quits with Ctrl-C from each screen and from inside text inputs and modals:
// exit 0, the alternate screen left, the cursor shown again.
func TestCtrlCOnEveryScreen(t *testing.T) {
	cases := []struct {
		name string
		keys [][2]string // key, what to wait for
	}{
		{"catalog", nil},
		{"catalog filter", [][2]string{{"/", "/ "}}},
		{"account picker", [][2]string{{"a", "Target account"}}},
		{"review", [][2]string{{"2", "Install prediction"}}},
		{"authorize", [][2]string{{"Enter", "Install prediction"}, {"Enter", "If the browser is elsewhere"}}},
		{"in-terminal consent", [][2]string{{"Enter", "Install prediction"}, {"Enter", "If the browser is elsewhere"}, {"a", "Approve in the terminal"}}},
		{"token", [][2]string{{"4", "Token"}}},
		{"trace", [][2]string{{"T", "Flow trace"}}},
		{"help", [][2]string{{"?", "Everywhere"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := startApp(t, 100, 30, nil)
			a.see("296 of 296 scopes")
			for _, k := range c.keys {
				a.press(k[0], k[1])
			}
			a.quitClean("C-c", 0)
		})
	}
}

// TestNoColor: with NO_COLOR set the app draws no colour at all (bold and underline may stay); without it,
// the same screen is coloured, so the check can tell the two apart.
func TestNoColor(t *testing.T) {
	c := startApp(t, 100, 30, nil)
	c.see("296 of 296 scopes")
	if coloured, _ := c.Capture(true); !strings.Contains(coloured, "[38;") {
		t.Fatalf("the normal run should be coloured:\n%q", coloured[:min(len(coloured), 400)])
	}
	a := startApp(t, 100, 30, []string{"NO_COLOR=1"})
	a.see("296 of 296 scopes")
	styled, err := a.Capture(true)
	if err != nil {
		t.Fatal(err)
	}
	for _, sgr := range []string{"[38;", "[48;", "[31m", "[32m", "[33m", "[34m", "[91m"} {
		if strings.Contains(styled, sgr) {
			t.Fatalf("NO_COLOR run still sets colours (%q):\n%q", sgr, styled[:min(len(styled), 400)])
		}
	}
	a.quitClean("q", 0)
}
