package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// browserLauncher is a $BROWSER that only records the URL the TUI asked to open, so the test can hand it
// to the real headless Chromium it drives.
func browserLauncher(t *testing.T) (env string, url func() string) {
	dir := t.TempDir()
	file := filepath.Join(dir, "url")
	script := filepath.Join(dir, "browser")
	body := "#!/bin/sh\nprintf '%s' \"$1\" > " + file + ".tmp && mv " + file + ".tmp " + file + "\n"
	if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	return "BROWSER=" + script, func() string {
		for deadline := time.Now().Add(wait); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			if b, err := os.ReadFile(file); err == nil && len(b) > 0 {
				return string(b)
			}
		}
		t.Fatal("the TUI never opened the browser")
		return ""
	}
}

// startAuthorize runs the TUI to the authorize screen with the browser launcher.
func startAuthorize(t *testing.T) (*app, string) {
	needTool(t, "chromium")
	env, url := browserLauncher(t)
	a := startApp(t, 100, 30, []string{env})
	a.see("296 of 296 scopes")
	a.press("Enter", "Install prediction")
	a.press("Enter", "Waiting for HubSpot to redirect back")
	return a, url()
}

// TestBrowserGrant: Chromium loads the sandbox's consent page from the URL the TUI opened, picks a
// portal, clicks Grant access, is redirected to the TUI's callback server, and the TUI shows the token.
func TestBrowserGrant(t *testing.T) {
	a, url := startAuthorize(t)
	b := startBrowser(t)
	b.navigate(url)
	b.waitText("Choose an account")
	b.click(`input[name=hub_id][value="20000003"]`)
	b.click(`button.primary`)
	b.waitText("Grant access")
	b.click(`button[value=grant]`)
	b.waitText("You can close this tab") // the TUI's callback server answered the redirect
	screen := a.see("Expires in")
	if !strings.Contains(screen, "hub 20000003") {
		t.Fatalf("token screen:\n%s", screen)
	}
	a.quitClean("q", 0)
}

// TestBrowserDeny: Deny shows HubSpot's page and, as on HubSpot, sends nothing back, so the TUI keeps
// waiting and still offers its fallbacks.
func TestBrowserDeny(t *testing.T) {
	a, url := startAuthorize(t)
	b := startBrowser(t)
	b.navigate(url)
	b.waitText("Choose an account")
	b.click(`input[name=hub_id][value="20000001"]`)
	b.click(`button.primary`)
	b.waitText("Grant access")
	b.click(`button[value=deny]`)
	b.waitText("denied")
	screen := a.see("Waiting for HubSpot to redirect back")
	if strings.Contains(screen, "Expires in") {
		t.Fatal("a denial must not produce a token")
	}
	a.quitClean("C-c", 0)
}

// TestBrowserScopeError: a developer portal cannot install apps; the consent page says so in HubSpot's
// words and never redirects.
func TestBrowserScopeError(t *testing.T) {
	a, url := startAuthorize(t)
	b := startBrowser(t)
	b.navigate(url)
	b.waitText("Choose an account")
	b.click(`input[name=hub_id][value="20000008"]`)
	b.click(`button.primary`)
	text := b.waitText("Couldn't complete the connection")
	if !strings.Contains(strings.ToLower(text), "developer") {
		t.Fatalf("the error page should explain the developer portal:\n%s", text)
	}
	a.see("Waiting for HubSpot to redirect back")
	a.quitClean("C-c", 0)
}
