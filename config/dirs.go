package config

import (
	"errors"
	"path/filepath"
)

// Dirs are hsoauth's two directories. The caller decides them (the command line fills them from the XDG
// base directories once, at start-up), so nothing in this package reads process-wide settings and tests
// can run side by side, each with its own temp dirs.
type Dirs struct {
	// Config holds config.toml: $XDG_CONFIG_HOME/hsoauth.
	Config string
	// State holds tokens, locks and the TUI's per-profile state: $XDG_STATE_HOME/hsoauth.
	State string
}

// ConfigFile is where the config file lives when --config is not given. It creates nothing, so
// `hsoauth config path` has no side effects.
func (d Dirs) ConfigFile() (string, error) {
	if d.Config == "" {
		return "", errors.New("no config directory: set XDG_CONFIG_HOME or HOME, or pass --config PATH")
	}
	return filepath.Join(d.Config, "config.toml"), nil
}

// errNoStateDir is what every state-directory user says when the caller gave none.
var errNoStateDir = errors.New("no state directory for tokens and locks: set XDG_STATE_HOME or HOME")
