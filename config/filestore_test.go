package config

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
)

func openFile(t *testing.T, d Dirs) (*fileStore, *[]string) {
	t.Helper()
	var warnings []string
	s, err := OpenStore("file", StoreOptions{Dir: d.State, Warn: func(w string) { warnings = append(warnings, w) }})
	if err != nil {
		t.Fatal(err)
	}
	if s.Kind() != "file" {
		t.Fatalf("Kind = %s", s.Kind())
	}
	return s.(*fileStore), &warnings
}

func TestFileStoreRoundTrip(t *testing.T) {
	d := isolate(t)
	s, _ := openFile(t, d)
	a := canaryRecord()
	b := canaryRecord()
	b.HubID, b.ObtainedAt, b.RefreshToken = 77, a.ObtainedAt.Add(time.Hour), "rt-b"
	for _, r := range []*TokenRecord{&a, &b} {
		if err := s.Put(r); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Get("dev", 42)
	if err != nil || !reflect.DeepEqual(*got, a) {
		t.Fatalf("Get = %#v, %v", got, err)
	}
	if latest, _ := s.Get("dev", 0); latest.HubID != 77 {
		t.Fatalf("hub 0 should give the latest login, got %d", latest.HubID)
	}
	if list, _ := s.List("dev"); len(list) != 2 || list[0].HubID != 42 {
		t.Fatalf("List = %v", list)
	}
	if err := s.Delete("dev", 42); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get("dev", 42); !errors.Is(err, ErrNotFound) {
		t.Fatalf("after Delete: %v", err)
	}
	if err := s.Delete("dev", 42); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second Delete: %v", err)
	}
	if _, err := s.Get("../etc", 1); err == nil {
		t.Fatal("a path-like profile name must be refused")
	}
}

func TestS2_FileStoreOnlyWhenChosen(t *testing.T) {
	d := isolate(t)
	if _, err := OpenStore("disk", StoreOptions{Dir: d.State}); err == nil {
		t.Fatal("unknown store kinds must be refused")
	}
	// Choosing the keyring when it fails must not create a token file.
	s, err := OpenStore("keyring", StoreOptions{Dir: d.State, Keyring: failingKeyring{}})
	if err != nil {
		t.Fatal(err)
	}
	rec := canaryRecord()
	if err = s.Put(&rec); err == nil || !strings.Contains(err.Error(), `token_store = "file"`) {
		t.Fatalf("want a hint naming the file store, got %v", err)
	}
	if _, err := os.Stat(filepath.Join(d.State, "tokens.json")); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("keyring failure fell back to a file")
	}
}

func TestS3_PermissionsOnCreateAndRewrite(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("POSIX permission bits do not apply; Windows relies on the profile ACL")
	}
	d := isolate(t)
	dir := d.State
	s, _ := openFile(t, d)
	rec := canaryRecord()
	if err := s.Put(&rec); err != nil {
		t.Fatal(err)
	}
	if perm(t, dir) != 0o700 || perm(t, s.path) != 0o600 {
		t.Fatalf("on create: dir %o file %o", perm(t, dir), perm(t, s.path))
	}
	// Loosen both, as a careless backup restore might, then rewrite.
	_ = os.Chmod(dir, 0o755)
	_ = os.Chmod(s.path, 0o644)
	s2, warnings := openFile(t, d)
	if _, err := s2.Get("dev", 42); err != nil {
		t.Fatal(err)
	}
	if err := s2.Put(&rec); err != nil {
		t.Fatal(err)
	}
	if perm(t, dir) != 0o700 || perm(t, s.path) != 0o600 {
		t.Fatalf("on rewrite: dir %o file %o", perm(t, dir), perm(t, s.path))
	}
	if w := strings.Join(*warnings, "\n"); !strings.Contains(w, "0700") || !strings.Contains(w, "0600") {
		t.Fatalf("tightening must be reported, got %q", *warnings)
	}
}

func TestS4_AtomicWriteSurvivesCrashBeforeRename(t *testing.T) {
	d := isolate(t)
	s, _ := openFile(t, d)
	old := canaryRecord()
	if err := s.Put(&old); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(s.path)
	beforeRename = func(tmp, final string) error { return errors.New("injected crash") }
	t.Cleanup(func() { beforeRename = nil })
	next := canaryRecord()
	next.RefreshToken = "rt-new"
	if err := s.Put(&next); err == nil {
		t.Fatal("the injected crash should surface")
	}
	after, _ := os.ReadFile(s.path)
	if !bytes.Equal(before, after) {
		t.Fatal("the previous file changed")
	}
	if m, _ := filepath.Glob(filepath.Join(d.State, ".tokens.json-*")); len(m) != 0 {
		t.Fatalf("temp files left behind: %v", m)
	}
}

// TestS4_ProcessDiesBeforeRename kills a real process between write and
// rename: the old file stays whole, and the next writer cleans up.
func TestS4_ProcessDiesBeforeRename(t *testing.T) {
	if dir := os.Getenv("HSOAUTH_TEST_CRASH_DIR"); dir != "" {
		beforeRename = func(string, string) error { os.Exit(3); return nil }
		s, err := OpenStore("file", StoreOptions{Dir: dir})
		if err != nil {
			os.Exit(4)
		}
		rec := canaryRecord()
		rec.RefreshToken = "rt-crash"
		_ = s.Put(&rec)
		os.Exit(5)
	}
	d := isolate(t)
	s, _ := openFile(t, d)
	old := canaryRecord()
	if err := s.Put(&old); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(s.path)
	cmd := exec.Command(os.Args[0], "-test.run=^TestS4_ProcessDiesBeforeRename$")
	cmd.Env = append(os.Environ(), "HSOAUTH_TEST_CRASH_DIR="+d.State)
	var ee *exec.ExitError
	if err := cmd.Run(); !errors.As(err, &ee) || ee.ExitCode() != 3 {
		t.Fatalf("child should die in the hook, got %v", err)
	}
	if after, _ := os.ReadFile(s.path); !bytes.Equal(before, after) {
		t.Fatal("a crash before rename changed the file")
	}
	if m, _ := filepath.Glob(filepath.Join(d.State, ".tokens.json-*.tmp")); len(m) != 1 {
		t.Fatalf("want the dead writer's temp file, got %v", m)
	}
	if err := s.Put(&old); err != nil {
		t.Fatal(err)
	}
	if m, _ := filepath.Glob(filepath.Join(d.State, ".tokens.json-*.tmp")); len(m) != 0 {
		t.Fatalf("stale temp files not cleaned: %v", m)
	}
}

func TestCorruptFileMovedAsideNeverDeleted(t *testing.T) {
	d := isolate(t)
	s, warnings := openFile(t, d)
	garbage := "{not json"
	writeFile(t, s.path, garbage, 0o600)
	_, err := s.Get("dev", 0)
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "log in again") {
		t.Fatalf("want ErrCorrupt with a log-in hint, got %v", err)
	}
	moved, _ := filepath.Glob(s.path + ".corrupt-*")
	if len(moved) != 1 {
		t.Fatalf("want one moved-aside file, got %v", moved)
	}
	if b, _ := os.ReadFile(moved[0]); string(b) != garbage {
		t.Fatal("the moved file must keep the original bytes")
	}
	if _, err := s.Get("dev", 0); !errors.Is(err, ErrNotFound) {
		t.Fatalf("after moving aside, the store is empty: %v", err)
	}
	// A corrupt file found during a write is moved aside too; the login saves.
	writeFile(t, s.path, `{"version":9}`, 0o600)
	rec := canaryRecord()
	if err := s.Put(&rec); err != nil {
		t.Fatal(err)
	}
	if moved, _ = filepath.Glob(s.path + ".corrupt-*"); len(moved) != 2 || len(*warnings) == 0 {
		t.Fatalf("second corrupt file not kept or not reported: %v %v", moved, *warnings)
	}
}

func TestStateRoundTrip(t *testing.T) {
	d := isolate(t)
	if st, err := LoadState(d.State, "dev"); err != nil || !reflect.DeepEqual(st, ProfileState{}) {
		t.Fatalf("no saved state: %v %v", st, err)
	}
	want := ProfileState{Selection: Selection{Required: []string{"oauth"}, Optional: []string{"content"}}, Account: "starter", HubID: 9}
	if err := SaveState(d.State, "dev", want); err != nil {
		t.Fatal(err)
	}
	got, err := LoadState(d.State, "dev")
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v %v", got, err)
	}
	path := filepath.Join(d.State, "profiles", "dev.json")
	if runtime.GOOS != "windows" && perm(t, path) != 0o600 {
		t.Fatalf("state file mode %o", perm(t, path))
	}
	writeFile(t, path, "[", 0o600)
	if _, err := LoadState(d.State, "dev"); err == nil {
		t.Fatal("corrupt state should be reported")
	}
	if m, _ := filepath.Glob(path + ".corrupt-*"); len(m) != 1 {
		t.Fatal("corrupt state should be kept aside")
	}
	if err := SaveState(d.State, "../x", want); err == nil {
		t.Fatal("bad profile names must be refused")
	}
}
