package config

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/adrg/xdg"
)

// isolate points every XDG directory at a fresh temp dir, so tests never
// touch the real home, and restores xdg's view afterwards.
func isolate(t *testing.T) (configHome, stateHome string) {
	t.Helper()
	t.Cleanup(xdg.Reload) // runs after the Setenv restorations below
	root := t.TempDir()
	configHome, stateHome = filepath.Join(root, "config"), filepath.Join(root, "state")
	t.Setenv("XDG_CONFIG_HOME", configHome)
	t.Setenv("XDG_STATE_HOME", stateHome)
	t.Setenv("XDG_DATA_HOME", filepath.Join(root, "data"))
	t.Setenv("XDG_CACHE_HOME", filepath.Join(root, "cache"))
	xdg.Reload()
	return configHome, stateHome
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
