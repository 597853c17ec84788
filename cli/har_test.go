package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/adrg/xdg"
)

// TestLoginWritesHAR: --har on login leaves a HAR 1.2 file with every step of the sign-in, masked.
func TestLoginWritesHAR(t *testing.T) {
	dir := t.TempDir()
	har := filepath.Join(dir, "login.har")
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	t.Setenv("XDG_STATE_HOME", filepath.Join(dir, "state"))
	xdg.Reload()
	_, stderr, code := run(t, nil, "login", "--sandbox",
		"--sandbox-consent", "free", "--scope", "oauth", "--har", har)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "steps to "+har+" (HAR 1.2, secrets masked)") {
		t.Errorf("stderr does not say where the HAR went: %s", stderr)
	}
	st, err := os.Stat(har)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("HAR file: %v %v", st, err)
	}
	data, _ := os.ReadFile(har)
	var f struct {
		Log struct {
			Version string `json:"version"`
			Entries []struct {
				Step    string `json:"_step"`
				Request struct {
					URL string `json:"url"`
				} `json:"request"`
			} `json:"entries"`
		} `json:"log"`
	}
	if err := json.Unmarshal(data, &f); err != nil || f.Log.Version != "1.2" {
		t.Fatalf("not a HAR 1.2 file (%v):\n%s", err, data)
	}
	var steps []string
	for _, e := range f.Log.Entries {
		steps = append(steps, e.Step)
		if strings.Contains(e.Request.URL, "code=") && !strings.Contains(e.Request.URL, "%E2%80%A2") {
			t.Errorf("unmasked code in %s", e.Request.URL)
		}
	}
	if got := strings.Join(steps, " "); !strings.Contains(got, "authorize consent callback exchange introspect") {
		t.Errorf("steps: %s", got)
	}
}

func TestHARFlagErrors(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	t.Setenv("XDG_STATE_HOME", filepath.Join(dir, "state"))
	xdg.Reload()
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"login", "--sandbox", "--har", filepath.Join(dir, "missing", "x.har")}, "does not exist; create it"},
		{[]string{"login", "--sandbox", "--har", dir}, "is a folder"},
		{[]string{"login", "--sandbox", "--har-reveal"}, "--har-reveal needs --har FILE"},
		{[]string{"refresh", "--sandbox", "--har-reveal"}, "--har-reveal needs --har FILE"},
	}
	for _, c := range cases {
		_, stderr, code := run(t, nil, c.args...)
		if code == ExitOK || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q, want %q", c.args, code, stderr, c.want)
		}
	}
	if _, stderr, _ := run(t, nil, "logout", "--sandbox", "--har", "x"); !strings.Contains(stderr, "unknown flag --har") {
		t.Errorf("logout accepts --har: %s", stderr)
	}
}

// TestHARIsPrivateWhateverWasThere: --har (with --har-reveal above all) writes a 0600 file even over a
// world-readable one, and never through a symbolic link.
func TestHARIsPrivateWhateverWasThere(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	t.Setenv("XDG_STATE_HOME", filepath.Join(dir, "state"))
	xdg.Reload()
	har := filepath.Join(dir, "open.har")
	if err := os.WriteFile(har, []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := run(t, nil, "login", "--sandbox", "--sandbox-consent", "free", "--scope", "oauth", "--har", har, "--har-reveal"); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if st, err := os.Stat(har); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("a HAR with secrets must be 0600: %v %v", st.Mode(), err)
	}
	link := filepath.Join(dir, "link.har")
	if err := os.Symlink(har, link); err != nil {
		t.Fatal(err)
	}
	_, stderr, _ := run(t, nil, "login", "--sandbox", "--sandbox-consent", "free", "--scope", "oauth", "--har", link)
	if !strings.Contains(stderr, "symbolic link") {
		t.Fatalf("a link must be refused: %s", stderr)
	}
}
