package cli

import (
	"strings"

	flag "github.com/spf13/pflag"
)

// listFlag collects scope names given either comma- or space-separated or by repeating the flag, which is
// how people paste them from HubSpot's URLs (%20-separated) and from app-hsmeta.json (arrays).
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

// Type names the value in --help.
func (l *listFlag) Type() string { return "scopes" }

func (l *listFlag) Set(v string) error {
	for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' }) {
		*l = append(*l, f)
	}
	return nil
}

// globals are the flags every subcommand accepts.
type globals struct {
	configPath string
	profile    string
	sandbox    bool
	sandboxURL string
	verbose    bool
	apiVersion string
}

// register adds the global flags to fs.
func (g *globals) register(fs *flag.FlagSet) {
	fs.StringVar(&g.configPath, "config", "", "config file `path` (default $XDG_CONFIG_HOME/hsoauth/config.toml)")
	fs.StringVar(&g.profile, "profile", "", "profile `name` (default: the config's default profile; env HSOAUTH_PROFILE)")
	fs.BoolVar(&g.sandbox, "sandbox", false, "use the built-in HubSpot sandbox even when an app is configured")
	fs.StringVar(&g.sandboxURL, "sandbox-url", "", "use a running 'hsoauth sandbox' at this base `URL` (env HSOAUTH_SANDBOX_URL)")
	fs.StringVar(&g.apiVersion, "api-version", "", "OAuth API `version` for this run: v1, v3 or 2026-03 (default: the profile's; the sandbox serves all three)")
	fs.BoolVar(&g.verbose, "verbose", false, "print every HTTP exchange (method, URL, status, time, bodies; secrets masked) on stderr")
}

// newFlagSet makes a FlagSet for a subcommand with the global flags already registered.
func newFlagSet(name string, g *globals) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	g.register(fs)
	return fs
}
