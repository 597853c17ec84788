package e2e

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hsoauth/hsoauth/scopes"

	"github.com/hsoauth/hsoauth/screenshots/termshot"
	"github.com/hsoauth/hsoauth/screenshots/tmux"
)

// allScopes is the catalog's count line with nothing filtered out.
var allScopes = fmt.Sprintf("%[1]d of %[1]d scopes", len(scopes.Default().All()))

// TestRunesInOneReadAreKeys: tmux send-keys -l delivers its text in one write, as fast typing or an SSH
// link does; the catalog must take "jjj" as three moves and "/deals" as the filter key and then text.
func TestRunesInOneReadAreKeys(t *testing.T) {
	a := startApp(t, 100, 30, nil)
	a.see(allScopes)
	a.see("› R oauth")
	a.typeText("jjj", "› · crm.lists.read")
	a.typeText("/deals", "/ deals")
	screen := a.see("deals.read")
	if strings.Contains(screen, allScopes) || !strings.Contains(screen, "crm.objects.deals.read") {
		t.Fatalf("/deals should filter the catalog to the deals scopes:\n%s", screen)
	}
	// Esc and a key in one write arrive as Alt plus the key: they are both keys.
	if err := a.KeysInOneWrite("Escape", "2"); err != nil {
		t.Fatal(err)
	}
	a.see("Install prediction")
	a.quitClean("C-c", 0)
}

// TestBracketedPasteGoesToTheInput: a pasted text (bracketed by the terminal) is text for the focused
// input, never a string of commands: pasted into the filter it filters; pasted while browsing it opens
// the filter rather than marking, quitting or switching screens.
func TestBracketedPasteGoesToTheInput(t *testing.T) {
	a := startApp(t, 100, 30, nil)
	a.see(allScopes)
	if err := a.Paste("q2deals"); err != nil {
		t.Fatal(err)
	}
	screen := a.see("/ q2deals")
	if !strings.Contains(screen, "1 Catalog") || strings.Contains(screen, "hsoauth exited") {
		t.Fatalf("a paste ran as keys:\n%s", screen)
	}
	a.press("Escape", allScopes)
	a.press("/", "/ ")
	if err := a.Paste("contacts"); err != nil {
		t.Fatal(err)
	}
	a.see("/ contacts")
	a.quitClean("C-c", 0)
}

// TestQuitFromHelpOverlay: the help overlay lists "q quit" under Everywhere, so q quits from inside it.
func TestQuitFromHelpOverlay(t *testing.T) {
	a := startApp(t, 100, 30, nil)
	a.see(allScopes)
	a.press("?", "Everywhere")
	a.quitClean("q", 0)
}

// TestTUIRefusesRedirectedOutput runs `hsoauth > out` at a real terminal: stdin is the terminal, stdout a
// file. The TUI must not draw into the file; it says which subcommands work without a terminal, exit 2.
func TestTUIRefusesRedirectedOutput(t *testing.T) {
	needTool(t, "tmux")
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	script := `"$0" > "$1"; echo "exit=$?"; exec sleep 600`
	s, err := tmux.Start(tmux.Options{Width: 120, Height: 30, Dir: dir, Env: []string{"XDG_CONFIG_HOME=" + dir + "/c",
		"XDG_STATE_HOME=" + dir + "/s", "HSOAUTH_TEST_MODE=1"}, Command: []string{"sh", "-c", script, binary, out}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	screen, err := s.WaitFor("exit=", wait)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"exit=2", "standard output is not a terminal", "hsoauth login --no-browser", "hsoauth url"} {
		if !strings.Contains(screen, want) {
			t.Errorf("screen lacks %q:\n%s", want, screen)
		}
	}
	if b, err := os.ReadFile(out); err != nil || len(b) != 0 {
		t.Fatalf("the file should exist and be empty, got %q (%v)", b, err)
	}
}

// TestHeadlessSignInByPrintedURL signs in the way a user on a machine without a browser (and with a
// terminal that drops OSC 52) must be able to: y says the URL was only sent, p prints it in full on one
// line outside the alternate screen, that URL opens HubSpot's consent page (here the sandbox's), and the
// address the browser ends on, pasted back, signs in.
func TestHeadlessSignInByPrintedURL(t *testing.T) {
	a := startApp(t, 100, 30, nil, "--no-browser")
	a.see(allScopes)
	a.press("Enter", "Install prediction")
	a.press("Enter", "If the browser is elsewhere")
	screen := a.press("y", "sent the sign-in URL")
	if !strings.Contains(screen, "sent the sign-in URL to the terminal's clipboard") || !strings.Contains(screen, "press p") {
		t.Fatalf("y must say the URL was sent (not that it arrived) and what to do otherwise:\n%s", screen)
	}
	a.press("p", "printed above on one line")
	if a.AlternateScreen() {
		t.Fatal("p should leave the alternate screen, so the printed line stays in the terminal")
	}
	joined, err := a.CaptureJoined()
	if err != nil {
		t.Fatal(err)
	}
	signIn := regexp.MustCompile(`http://127\.0\.0\.1:\d+/oauth/authorize\?\S+`).FindString(joined)
	u, err := url.Parse(signIn)
	if err != nil || signIn == "" {
		t.Fatalf("no sign-in URL on one line:\n%s", joined)
	}
	if st := u.Query().Get("state"); !regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`).MatchString(st) {
		t.Fatalf("the printed URL must carry the whole state, got %q", st)
	}
	redirect := consentInSandbox(t, signIn)
	a.press("Escape", "If the browser is elsewhere")
	a.press("v", "Paste the redirected URL")
	if err := a.Paste(redirect); err != nil {
		t.Fatal(err)
	}
	a.press("Enter", "Expires in")
	a.quitClean("q", 0)
}

// consentInSandbox opens the sign-in URL as a browser would and grants access as the Super Admin of the
// sandbox's Marketing Hub Starter portal; it returns the address the browser is sent back to.
func consentInSandbox(t *testing.T, signIn string) string {
	t.Helper()
	noFollow := &http.Client{Timeout: wait, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(signIn)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	req := resp.Header.Get("X-Sandbox-Request")
	if resp.StatusCode != http.StatusOK || req == "" {
		t.Fatalf("the printed URL did not open the consent page: %s", resp.Status)
	}
	u, _ := url.Parse(signIn)
	decision := u.Scheme + "://" + u.Host + "/oauth/authorize/decision"
	resp, err = noFollow.PostForm(decision, url.Values{"request": {req}, "hub_id": {"20000002"}, "user": {"admin"}, "action": {"grant"}})
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	loc := resp.Header.Get("Location")
	if !strings.Contains(loc, "code=") {
		t.Fatalf("granting did not redirect with a code: %s %q", resp.Status, loc)
	}
	return loc
}

// TestFailingBrowserIsReported: with $BROWSER exiting non-zero (here /bin/false) the authorize screen
// says the browser could not be opened and offers the fallbacks, never "opened".
func TestFailingBrowserIsReported(t *testing.T) {
	a := startApp(t, 100, 30, nil)
	a.see(allScopes)
	a.press("Enter", "Install prediction")
	a.press("Enter", "If the browser is elsewhere")
	screen := a.see("could not be opened")
	if strings.Contains(screen, "browser opened") {
		t.Fatalf("a failing $BROWSER was reported as opened:\n%s", screen)
	}
	a.quitClean("C-c", 0)
}

// TestQRCodeScansFromTheTerminal captures the authorize screen's QR code from tmux as the terminal draws
// it, renders it as a dark and as a light terminal theme would (SVG, then PNG with rsvg-convert) and decodes
// it with zbarimg: both must read the attempt's sign-in URL. It needs zbar-tools and librsvg2-bin.
func TestQRCodeScansFromTheTerminal(t *testing.T) {
	for _, tool := range []string{"zbarimg", "rsvg-convert"} {
		needTool(t, tool)
	}
	a := startApp(t, 120, 50, nil, "--no-browser")
	a.see(allScopes)
	a.press("Enter", "Install prediction")
	a.press("Enter", "If the browser is elsewhere")
	a.press("Q", "Scan to open the sign-in URL")
	capture, err := a.Stable(true, wait)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, light := range []bool{false, true} {
		name := filepath.Join(dir, map[bool]string{false: "dark", true: "light"}[light])
		svg := termshot.SVG(capture, termshot.Options{Cols: 120, Rows: 50, Light: light})
		if err := os.WriteFile(name+".svg", svg, 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command("rsvg-convert", "-z", "2", "-o", name+".png", name+".svg").CombinedOutput(); err != nil {
			t.Fatalf("rsvg-convert: %v\n%s", err, out)
		}
		out, err := exec.Command("zbarimg", "--quiet", "--raw", name+".png").Output()
		got := strings.TrimSpace(string(out))
		if err != nil || !strings.Contains(got, "/oauth/authorize?") || !regexp.MustCompile(`state=[A-Za-z0-9_-]{43}`).MatchString(got) {
			t.Errorf("%s theme: zbarimg read %q (%v), want the sign-in URL with its state", filepath.Base(name), got, err)
		}
	}
	a.quitClean("C-c", 0)
}
