//go:build linux || freebsd || openbsd || netbsd || dragonfly

package config

import (
	"errors"
	"os"
	"os/user"
	"path/filepath"
	"strings"
)

// errNoSessionBus is why the keyring cannot be asked where the Secret Service needs D-Bus and there is none.
var errNoSessionBus = errors.New("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is unset, no /run/user/UID/bus), " +
	"and hsoauth does not start one: it would outlive the command")

// sessionBusProblem finds a session bus the way the D-Bus library does (the environment variable, then the
// per-user runtime directory) and refuses where the library's next step would be to run dbus-launch.
func sessionBusProblem(getenv func(string) string) error {
	dir := ""
	if u, err := user.Current(); err == nil {
		dir = filepath.Join("/run/user", u.Uid)
	}
	return busProblemIn(getenv, dir)
}

// busProblemIn is sessionBusProblem with the per-user runtime directory given ("" when unknown).
func busProblemIn(getenv func(string) string, runtimeDir string) error {
	if addr := getenv("DBUS_SESSION_BUS_ADDRESS"); addr != "" && !strings.HasPrefix(addr, "autolaunch:") {
		return nil
	}
	if runtimeDir == "" {
		return errNoSessionBus
	}
	for _, name := range []string{"bus", "dbus-session"} {
		if _, err := os.Stat(filepath.Join(runtimeDir, name)); err == nil {
			return nil
		}
	}
	return errNoSessionBus
}
