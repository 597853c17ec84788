package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/adrg/xdg"
	"github.com/hsoauth/hsoauth/config"
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

// usageCode is ExitUsage for an error that is the user's to fix on the command line (a missing --config
// file, an unknown profile), else ExitFailure; failure still turns "log in again" outcomes into 4.
func usageCode(err error) int {
	var ue *errUsage
	if errors.As(err, &ue) || errors.Is(err, config.ErrUnknownProfile) {
		return ExitUsage
	}
	return ExitFailure
}

// checkOfflineGlobals holds the commands that need no session (scopes and its verbs) to what the global
// flags promise everywhere: a --config that names no file, or a --profile the config does not have, is a
// usage error there too, not silently ignored.
func checkOfflineGlobals(e Env, g globals) error {
	if g.configPath == "" && g.profile == "" {
		return nil
	}
	path, err := configPath(e, g)
	if err != nil || g.profile == "" {
		return err
	}
	cfg, err := config.Load(path, e.Getenv)
	if err != nil {
		return err
	}
	_, err = cfg.Profile(g.profile)
	return err
}
