//go:build linux || freebsd || openbsd || netbsd || dragonfly

package config

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestNoSessionBusNoAutolaunch: where the D-Bus library would fall back to running dbus-launch (no
// address in the environment, nothing in the runtime directory), the keyring is refused instead.
func TestNoSessionBusNoAutolaunch(t *testing.T) {
	run := t.TempDir()
	for _, tc := range []struct {
		name string
		env  map[string]string
		file string
		ok   bool
	}{
		{"nothing", nil, "", false},
		{"autolaunch address", map[string]string{"DBUS_SESSION_BUS_ADDRESS": "autolaunch:"}, "", false},
		{"address", map[string]string{"DBUS_SESSION_BUS_ADDRESS": "unix:path=/x/bus"}, "", true},
		{"runtime bus socket", nil, "bus", true},
		{"runtime session file", nil, "dbus-session", true},
	} {
		dir := filepath.Join(run, tc.name)
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		if tc.file != "" {
			writeFile(t, filepath.Join(dir, tc.file), "", 0o600)
		}
		err := busProblemIn(envMap(tc.env), dir)
		if (err == nil) != tc.ok || (err != nil && !errors.Is(err, errNoSessionBus)) {
			t.Errorf("%s: got %v", tc.name, err)
		}
	}
}
