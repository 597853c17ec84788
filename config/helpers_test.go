package config

import (
	"os"
	"path/filepath"
	"testing"
)

// isolate gives a test its own config and state directories (not yet created), so tests never touch
// the real home and can run side by side.
func isolate(t *testing.T) Dirs {
	t.Helper()
	root := t.TempDir()
	return Dirs{Config: filepath.Join(root, "config", "hsoauth"), State: filepath.Join(root, "state", "hsoauth")}
}

func writeFile(t *testing.T, path, content string, mode os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
}

func envMap(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func perm(t *testing.T, path string) os.FileMode {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}
