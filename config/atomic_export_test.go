package config

import (
	"os"
	"path/filepath"
	"testing"
)

// TestWriteFileAtomicKeepsPermissions checks that an export replaces the content but keeps the
// project file's mode, and creates new files with the mode asked for.
func TestWriteFileAtomicKeepsPermissions(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "app-hsmeta.json")
	if err := WriteFileAtomic(p, []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(p); fi.Mode().Perm() != 0o644 {
		t.Fatalf("new file mode %v, want 0644", fi.Mode().Perm())
	}
	if err := os.Chmod(p, 0o664); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(p, []byte(`{"a":1}`), 0o644); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(p)
	data, _ := os.ReadFile(p)
	if fi.Mode().Perm() != 0o664 || string(data) != `{"a":1}` {
		t.Fatalf("after rewrite: mode %v, data %q", fi.Mode().Perm(), data)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, ".*tmp")); len(m) != 0 {
		t.Fatalf("temp files left: %v", m)
	}
}
