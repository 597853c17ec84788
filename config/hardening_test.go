package config

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
)

// TestConfigSizeAndNestingCapped: a deeply nested or huge file is refused before the TOML parser sees it
// (4,000 nested inline tables took seconds and hundreds of MB), with a message that says which limit.
func TestConfigSizeAndNestingCapped(t *testing.T) {
	dir := t.TempDir()
	deep := filepath.Join(dir, "deep.toml")
	writeFile(t, deep, "a = "+strings.Repeat("{b = ", 4000)+"1"+strings.Repeat("}", 4000)+"\n", 0o600)
	deepArr := filepath.Join(dir, "deep-array.toml")
	writeFile(t, deepArr, "x = 1\na = "+strings.Repeat("[", MaxNesting+1)+strings.Repeat("]", MaxNesting+1)+"\n", 0o600)
	big := filepath.Join(dir, "big.toml")
	writeFile(t, big, "# "+strings.Repeat("x", MaxInputSize)+"\n", 0o600)
	for _, tc := range []struct{ path, want string }{
		{deep, "nested more than 32 levels"},
		{deepArr, "deep-array.toml:2: nested"},
		{big, "larger than 1024 KiB"},
		{dir, "not a regular file (it is a directory)"},
	} {
		if _, err := Load(tc.path, nil); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Load(%s): want %q, got %v", filepath.Base(tc.path), tc.want, err)
		}
		if _, err := Check(tc.path, Rules{}); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Check(%s): want %q, got %v", filepath.Base(tc.path), tc.want, err)
		}
	}
	if runtime.GOOS != "windows" {
		if _, err := Load("/dev/zero", nil); err == nil || !strings.Contains(err.Error(), "not a regular file (it is a device)") {
			t.Errorf("/dev/zero: %v", err)
		}
	}
}

// TestNestingCheckSkipsStringsAndComments: brackets inside strings and comments do not count, and normal
// files (the starter, the full example) pass.
func TestNestingCheckSkipsStringsAndComments(t *testing.T) {
	nested := strings.Repeat("[", 40)
	for _, ok := range []string{
		starter, fullFile,
		`a = "` + nested + `"`, "a = '" + nested + "'", "# " + nested + "\nb = 1",
		"a = \"\"\"\n" + nested + "\n\"\"\"", "a = '''" + nested + "'''", `a = "\"` + nested + `"`,
		`{"a": "` + nested + `", "b": [[1]]}`,
	} {
		if line, pass := CheckNesting([]byte(ok), MaxNesting); !pass {
			t.Errorf("refused at line %d: %.60q", line, ok)
		}
	}
	if _, pass := CheckNesting([]byte(`{"a":`+strings.Repeat(`{"b":`, 40)+"1"+strings.Repeat("}", 41)), MaxNesting); pass {
		t.Error("deep JSON accepted")
	}
}

// FuzzCheckNesting: never panics, and whatever it accepts the TOML parser can take without a stack
// overflow; a line number always points into the input.
func FuzzCheckNesting(f *testing.F) {
	f.Add([]byte(starter))
	f.Add([]byte(`a = [[["x"]], {b = "]"}] # ]]`))
	f.Add([]byte("a = \"\"\"\n[[[\n\"\"\"\nb = '''{'''"))
	f.Fuzz(func(t *testing.T, data []byte) {
		line, ok := CheckNesting(data, MaxNesting)
		if !ok && (line < 1 || line > strings.Count(string(data), "\n")+1) {
			t.Fatalf("line %d outside the input", line)
		}
		if ok {
			var m map[string]any
			_, _ = toml.Decode(string(data), &m)
		}
	})
}

// TestFileStoreRefusesSymlinks: a link at the token file, the lock file or the state directory is
// refused with a clear error, and nothing is chmod-ed or written through it.
func TestFileStoreRefusesSymlinks(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	rec := canaryRecord()
	victim := func(t *testing.T) string {
		p := filepath.Join(t.TempDir(), "victim")
		writeFile(t, p, "keep me", 0o644)
		return p
	}
	untouched := func(t *testing.T, p string) {
		t.Helper()
		if b, _ := os.ReadFile(p); string(b) != "keep me" || perm(t, p) != 0o644 {
			t.Fatalf("the link's target was changed: %q %o", b, perm(t, p))
		}
	}
	t.Run("token file", func(t *testing.T) {
		d, v := isolate(t), victim(t)
		mustMkdir(t, d.State)
		mustLink(t, v, filepath.Join(d.State, "tokens.json"))
		s, _ := openFile(t, d)
		if _, err := s.Get("dev", 42); !errors.Is(err, ErrSymlink) || !strings.Contains(err.Error(), "tokens.json") {
			t.Fatalf("Get: %v", err)
		}
		untouched(t, v)
	})
	t.Run("lock file", func(t *testing.T) {
		d, v := isolate(t), victim(t)
		mustMkdir(t, d.State)
		mustLink(t, v, filepath.Join(d.State, "tokens.json.lock"))
		s, _ := openFile(t, d)
		if err := s.Put(&rec); !errors.Is(err, ErrSymlink) || !strings.Contains(err.Error(), "lock file") {
			t.Fatalf("Put: %v", err)
		}
		untouched(t, v)
	})
	t.Run("state dir", func(t *testing.T) {
		d := isolate(t)
		target := t.TempDir()
		if err := os.Chmod(target, 0o755); err != nil {
			t.Fatal(err)
		}
		mustMkdir(t, filepath.Dir(d.State))
		mustLink(t, target, d.State)
		s, _ := openFile(t, d)
		for name, err := range map[string]error{
			"Put": s.Put(&rec), "WithLock": WithLock(context.Background(), d.State, "dev", 1, func() error { return nil }),
			"SaveState": SaveState(d.State, "dev", ProfileState{Account: "free"}),
		} {
			if !errors.Is(err, ErrSymlink) {
				t.Errorf("%s: %v", name, err)
			}
		}
		if _, err := s.Get("dev", 42); !errors.Is(err, ErrSymlink) {
			t.Errorf("Get: %v", err)
		}
		if entries, _ := os.ReadDir(target); len(entries) != 0 || perm(t, target) != 0o755 {
			t.Fatalf("wrote or chmod-ed through the link: %v %o", entries, perm(t, target))
		}
	})
}

func mustMkdir(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
}

func mustLink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

// TestLocksAndStateLiveInStoreDir: the lock files and the TUI's saved state go in the directory the
// caller passed, nowhere else.
func TestLocksAndStateLiveInStoreDir(t *testing.T) {
	d := isolate(t)
	if err := WithLock(context.Background(), d.State, "dev", 7, func() error { return nil }); err != nil {
		t.Fatal(err)
	}
	if err := SaveState(d.State, "dev", ProfileState{Account: "free"}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{filepath.Join(d.State, "locks", "dev-7.lock"), filepath.Join(d.State, "profiles", "dev.json")} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
	if err := WithLock(context.Background(), "", "dev", 7, func() error { return nil }); err == nil {
		t.Fatal("a lock without a state directory must be refused")
	}
}

// TestPreflightRefusesWhenStoreCannotSave: while another process holds the token file's lock, Preflight
// fails within the lock wait (so a refresh never calls HubSpot with nowhere to put the answer), and it
// passes once the lock is free, leaving no probe file behind.
func TestPreflightRefusesWhenStoreCannotSave(t *testing.T) {
	d := isolate(t)
	s, err := OpenStore("file", StoreOptions{Dir: d.State, LockWait: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	rec := canaryRecord()
	if err := s.Put(&rec); err != nil {
		t.Fatal(err)
	}
	held, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- withFileLock(context.Background(), filepath.Join(d.State, "tokens.json.lock"), func() error {
			close(held)
			<-release
			return nil
		})
	}()
	<-held
	err = Preflight(s)
	close(release)
	if err == nil || !strings.Contains(err.Error(), "another hsoauth process holds") {
		t.Fatalf("want the held lock reported, got %v", err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := Preflight(s); err != nil {
		t.Fatalf("free store: %v", err)
	}
	if m, _ := filepath.Glob(filepath.Join(d.State, ".tokens.json-*")); len(m) != 0 {
		t.Fatalf("probe files left: %v", m)
	}
}

// TestStoredTokensMustBePrintable: a token file whose token carries an escape sequence is treated as
// corrupt, so `token --reveal` can never print it.
func TestStoredTokensMustBePrintable(t *testing.T) {
	for _, bad := range []string{"at\x1b]52;c;aGk=\x07", "at\u00e9", "a t"} {
		data := fmt.Sprintf(`{"version":1,"tokens":[{"profile":"dev","hub_id":1,"access_token":%q,"refresh_token":"rt"}]}`, bad)
		if _, err := decodeTokenFile([]byte(data)); err == nil {
			t.Errorf("accepted access token %q", bad)
		}
	}
}

// TestUnknownProfileIsTyped: an unknown profile name matches ErrUnknownProfile, so the CLI exits 2.
func TestUnknownProfileIsTyped(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	writeFile(t, path, fullFile, 0o600)
	cfg, err := Load(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cfg.Profile("nope"); !errors.Is(err, ErrUnknownProfile) {
		t.Fatalf("got %v", err)
	}
}

// TestConfigCheckRunsTheFlowsRules: Check reports each injected rule's refusal at the key's line, and a
// client_id with spaces is refused by config itself.
func TestConfigCheckRunsTheFlowsRules(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	writeFile(t, path, `[profiles.dev]
client_id = "abc"
redirect_uri = "http://localhost:0/cb"

[[sandbox.apps]]
client_id = "x"
client_secret = "y"
redirect_urls = ["ftp://localhost/cb"]
`, 0o600)
	refuse := func(what string) func(string) error {
		return func(v string) error { return fmt.Errorf("%s %s refused", what, v) }
	}
	errs, err := Check(path, Rules{RedirectURI: refuse("redirect"), ClientID: refuse("id"),
		SandboxApp: func(a SandboxApp) error { return errors.New("app " + a.RedirectURLs[0] + " refused") }})
	if err != nil || len(errs) != 3 {
		t.Fatalf("want 3 problems, got %v %v", errs, err)
	}
	got := errs.Error()
	for _, want := range []string{":2:1: profiles.dev.client_id: id abc refused", ":3:1: profiles.dev.redirect_uri: redirect http://localhost:0/cb refused",
		"sandbox.apps: sandbox app #1: app ftp://localhost/cb refused"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	writeFile(t, path, "[profiles.dev]\nclient_id = \"abc def\"\n", 0o600)
	if errs, _ := Check(path, Rules{}); len(errs) != 1 || !strings.Contains(errs.Error(), "contains spaces") {
		t.Fatalf("client_id with spaces: %v", errs)
	}
	if _, err := Check(filepath.Join(t.TempDir(), "none.toml"), Rules{}); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("missing file: %v", err)
	}
}
