package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/adrg/xdg"
	"github.com/hsoauth/hsoauth/config"
	"github.com/hsoauth/hsoauth/session"
)

// DefaultDirs are hsoauth's directories under the XDG base directories (or the platform's equivalents).
// main.go hands them to Run in Env.Dirs; this is the only place that reads them, so the domain packages
// get their directories as options and tests run side by side with their own.
func DefaultDirs() config.Dirs {
	var d config.Dirs
	if xdg.ConfigHome != "" {
		d.Config = filepath.Join(xdg.ConfigHome, "hsoauth")
	}
	if xdg.StateHome != "" {
		d.State = filepath.Join(xdg.StateHome, "hsoauth")
	}
	return d
}

// errUsage marks an error that is the user's to fix on the command line (exit code 2).
type errUsage struct{ msg string }

func (e *errUsage) Error() string { return e.msg }

// configPath is the config file the global flags name: --config PATH, which must exist (a typo must not
// silently become a throw-away sandbox), or the default one, which may be missing (sandbox mode).
func configPath(e Env, g globals) (string, error) {
	if g.configPath == "" {
		return e.Dirs.ConfigFile()
	}
	if _, err := os.Stat(g.configPath); errors.Is(err, fs.ErrNotExist) {
		return "", &errUsage{fmt.Sprintf("--config %s: no such file; check the path, or run 'hsoauth config init --config %s' to create it",
			g.configPath, g.configPath)}
	}
	return g.configPath, nil
}

// exitCode maps an error to the documented exit codes: 2 for usage mistakes (a missing --config file, an
// unknown profile), 4 when there is no usable token, 1 for everything else.
func exitCode(err error) int {
	var ue *errUsage
	switch {
	case errors.As(err, &ue), errors.Is(err, config.ErrUnknownProfile):
		return ExitUsage
	case errors.Is(err, session.ErrNoToken), errors.Is(err, session.ErrRefreshDead):
		return ExitNoToken
	}
	return ExitFailure
}
