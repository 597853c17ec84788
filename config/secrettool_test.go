package config

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// readmeBlock returns the lines between <!-- name:start --> and <!-- name:end --> in the README, without
// the code fence, so a test runs exactly what the README tells people to type.
func readmeBlock(t *testing.T, name string) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(data), "<!-- "+name+":start -->")
	block, _, ok2 := strings.Cut(rest, "<!-- "+name+":end -->")
	if !ok || !ok2 {
		t.Fatalf("README has no %s block", name)
	}
	var out []string
	for _, l := range strings.Split(block, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "```") && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return out
}

// TestREADMESecretToolLineMatchesWhatHsoauthReads stores a client secret with the README's exact
// `secret-tool store` line in a real Secret Service, then reads it back the way a profile with
// client_secret_keyring = "hsoauth:dev" does. The profile name is swapped for a unique one, so a real
// "dev" entry is never touched. It runs where the keyring tests run (.ci/run: dbus-run-session with an
// unlocked gnome-keyring), in a child process, because other tests replace go-keyring with its mock.
func TestREADMESecretToolLineMatchesWhatHsoauthReads(t *testing.T) {
	lines := readmeBlock(t, "keyring-secret")
	if len(lines) != 1 || !strings.HasPrefix(lines[0], "secret-tool store ") || !strings.HasSuffix(lines[0], " service hsoauth username dev") {
		t.Fatalf("the README's keyring-secret block should be one secret-tool line for service hsoauth, username dev: %q", lines)
	}
	if os.Getenv("HSOAUTH_TEST_SECRET_SERVICE") != "1" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI must run this test: set HSOAUTH_TEST_SECRET_SERVICE=1 under dbus-run-session with gnome-keyring-daemon unlocked")
		}
		t.Skip("set HSOAUTH_TEST_SECRET_SERVICE=1 (under dbus-run-session with an unlocked gnome-keyring-daemon) to test the real Secret Service")
	}
	if _, err := exec.LookPath("secret-tool"); err != nil {
		t.Fatal("secret-tool is missing: install libsecret-tools")
	}
	account := "readme-" + time.Now().Format("150405.000000")
	const secret = "readme-secret-7f3a9c"
	if child := os.Getenv("HSOAUTH_TEST_SECRET_ACCOUNT"); child != "" {
		p := Profile{Name: "dev", ClientID: "id", ClientSecretKeyring: "hsoauth:" + child}
		got, err := p.ResolveSecret(nil, OSKeyring(os.Getenv))
		if err != nil || got != secret {
			t.Fatalf("read %q, %v", got, err)
		}
		return
	}
	store := exec.Command("sh", "-c", strings.TrimSuffix(lines[0], " dev")+" "+account)
	store.Stdin = strings.NewReader(secret)
	if out, err := store.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", lines[0], err, out)
	}
	t.Cleanup(func() { _ = exec.Command("secret-tool", "clear", "service", "hsoauth", "username", account).Run() })
	cmd := exec.Command(os.Args[0], "-test.run=^TestREADMESecretToolLineMatchesWhatHsoauthReads$", "-test.v")
	cmd.Env = append(os.Environ(), "HSOAUTH_TEST_SECRET_ACCOUNT="+account)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestREADMESecretToolLineMatchesWhatHsoauthReads") {
		t.Fatalf("hsoauth did not read what secret-tool stored: %v\n%s", err, out)
	}
}
