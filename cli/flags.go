package cli

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hsoauth/hsoauth/session"
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
	har        string // --har: write the session's trace as HAR 1.2 to this file when the command ends
	harReveal  bool   // --har-reveal: put the secrets in that file unmasked
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

// registerHAR adds --har and --har-reveal, for the commands that talk HTTP; openSession does the rest.
func (g *globals) registerHAR(fs *flag.FlagSet) {
	fs.StringVar(&g.har, "har", "", "write every step of this run (HTTP and browser, secrets masked) as HAR 1.2 to `file`, for Chrome DevTools or any HAR viewer")
	fs.BoolVar(&g.harReveal, "har-reveal", false, "with --har: write codes, state, tokens and the client secret unmasked (never share that file)")
}

// newFlagSet makes a FlagSet for a subcommand with the global flags already registered.
func newFlagSet(name string, g *globals) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	g.register(fs)
	// help is ours, with -h as its only short form, so a single-dash long flag such as -header is a
	// usage error ("flags take two dashes") rather than a request for help that exits 0.
	fs.BoolP("help", "h", false, "show this help")
	return fs
}

// Bounds of the duration flags: beyond them a value is a typo, not a wish.
const (
	maxAccessTTL = 24 * time.Hour // as the config's [sandbox] access_ttl
	maxCodeTTL   = time.Hour      // HubSpot's codes live minutes
)

// checkDuration refuses a duration flag outside lo..hi, naming the flag and the range, so that a negative
// or zero value is never quietly replaced by a default.
func checkDuration(flag string, d, lo, hi time.Duration) error {
	if d < lo || d > hi {
		return &errUsage{fmt.Sprintf("--%s %s is out of range: give a duration from %s to %s (for example --%s 90s)", flag, d, lo, hi, flag)}
	}
	return nil
}

// checkHubID refuses a negative portal id (0 means "not given").
// hubFlag is --hub-id for the authorize URL: a portal id, or "none" for the generic URL (HubSpot's account
// picker) even when the profile pins a portal; unset is the profile's hub_id.
type hubFlag int

func (h *hubFlag) String() string {
	if *h == session.NoHub {
		return "none"
	}
	return strconv.Itoa(int(*h))
}

// Type names the value in --help.
func (h *hubFlag) Type() string { return "id|none" }

func (h *hubFlag) Set(v string) error {
	if strings.EqualFold(v, "none") {
		*h = session.NoHub
		return nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		return fmt.Errorf("want a portal id (a positive number) or none")
	}
	*h = hubFlag(n)
	return nil
}

func checkHubID(flag string, id int) error {
	if id < 0 && id != session.NoHub {
		return &errUsage{fmt.Sprintf("--%s %d is not a portal id; portal ids are positive numbers", flag, id)}
	}
	return nil
}
