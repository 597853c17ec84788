package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	flag "github.com/spf13/pflag"

	"github.com/hsoauth/hsoauth/config"
	"github.com/hsoauth/hsoauth/oauth/sandbox"
	"github.com/hsoauth/hsoauth/session"
)

// applySandboxConfig takes the config's [sandbox] settings for every flag the user did not give, and
// registers the apps of [[sandbox.apps]] and of every profile.
func applySandboxConfig(e Env, opts *sandbox.Options, addr *string, cfg *config.Config, fs *flag.FlagSet) {
	sc := cfg.Sandbox
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if !set["access-ttl"] && sc.AccessTTL > 0 {
		opts.AccessTTL = sc.AccessTTL
	}
	if !set["rotate-refresh"] {
		opts.RotateRefresh = sc.RotateRefresh
	}
	if !set["deny-redirect"] {
		opts.DenyRedirect = sc.DenyRedirect
	}
	if !set["addr"] && sc.Addr != "" && sc.Addr != "127.0.0.1:0" {
		*addr = sc.Addr
	}
	opts.Apps = session.SandboxApps(sc)
	for i := range opts.Apps {
		opts.Apps[i].Source = "[[sandbox.apps]] in the config"
	}
	opts.Apps = append(opts.Apps, profileApps(e, cfg.Profiles, opts.Apps)...)
}

// profileApps turns every profile into a sandbox app with the profile's client id, redirect URL and scope
// selection and a sandbox-only secret (sandbox.SecretFor), so `hsoauth login --sandbox-url URL
// --profile P` works for P's own app. A profile the sandbox cannot take (a client id already registered,
// a redirect URL HubSpot would refuse) is left out with a warning.
func profileApps(e Env, profiles []config.Profile, taken []sandbox.App) []sandbox.App {
	seen := map[string]string{sandbox.DemoClientID: "the demo app"}
	for _, a := range taken {
		seen[a.ClientID] = "[[sandbox.apps]]"
	}
	var out []sandbox.App
	for _, p := range profiles {
		if p.ClientID == "" {
			continue
		}
		if who, dup := seen[p.ClientID]; dup {
			fmt.Fprintf(e.Stderr, "hsoauth: profile %s not registered in the sandbox: its client id is already %s's\n", p.Name, who)
			continue
		}
		app := sandbox.App{Name: p.Name, ClientID: p.ClientID, ClientSecret: sandbox.SecretFor(p.ClientID),
			RedirectURLs: []string{p.RedirectURI}, Required: p.Scopes.Required,
			Conditional: p.Scopes.ConditionallyRequired, Optional: p.Scopes.Optional,
			Source: "config profile " + p.Name}
		if _, err := sandbox.New(sandbox.Options{Apps: []sandbox.App{app}}); err != nil {
			fmt.Fprintf(e.Stderr, "hsoauth: profile %s not registered in the sandbox: %v\n", p.Name, err)
			continue
		}
		seen[p.ClientID] = "profile " + p.Name
		out = append(out, app)
	}
	return out
}

// sandboxConfig reads the config, or nil when there is no config file.
func sandboxConfig(e Env, g globals) (*config.Config, error) {
	path, err := configPath(e, g)
	if err != nil {
		return nil, err
	}
	cfg, err := config.Load(path, e.Getenv)
	if err != nil || !cfg.Exists {
		return nil, err
	}
	return cfg, nil
}

// DefaultSandboxAddr is where `hsoauth sandbox` listens unless --addr says otherwise; the README's curl
// walkthrough uses it.
const DefaultSandboxAddr = "127.0.0.1:8421"

// sandboxFlags are the flags of `hsoauth sandbox` beside the globals.
type sandboxFlags struct {
	addr                               *string
	asJSON                             *bool
	ttl, codeTTL                       *time.Duration
	rotate, denyRedirect, cascade, ext *bool
	errRedirect                        *bool
	lenient, enforce                   *bool
	maxEntries                         *int
}

func newSandboxFlags(fs *flag.FlagSet) *sandboxFlags {
	return &sandboxFlags{
		addr:         fs.String("addr", DefaultSandboxAddr, "loopback `address` to listen on (127.0.0.1:0 picks a free port)"),
		ttl:          fs.Duration("access-ttl", sandbox.DefaultAccessTTL, "access-token `lifetime`, 1s to 24h (60s makes expiry demos quick)"),
		codeTTL:      fs.Duration("code-ttl", sandbox.DefaultCodeTTL, "authorization-code `lifetime`, 1s to 1h"),
		rotate:       fs.Bool("rotate-refresh", false, "hand out a new refresh token on every refresh (HubSpot keeps the same one)"),
		denyRedirect: fs.Bool("deny-redirect", false, "on Deny, redirect with error=access_denied (HubSpot shows a page instead)"),
		errRedirect:  fs.Bool("error-redirect", false, "send consent-page failures back to the app with error and the page's reason (HubSpot shows a page instead)"),
		cascade:      fs.Bool("revoke-cascades", false, "revoking a refresh token also kills its access tokens"),
		ext:          fs.Bool("extended-token-fields", false, "add user_id and token_use to token responses"),
		lenient:      fs.Bool("lenient-client-auth", false, "also accept client credentials by HTTP Basic (HubSpot takes them in the form body only)"),
		enforce:      fs.Bool("enforce-rate-limits", false, "answer 429 past 110 API calls per app and portal in 10 seconds, or 4 CRM searches a second, as HubSpot does"),
		maxEntries:   fs.Int("max-entries", sandbox.DefaultMaxEntries, "cap on each table (consent pages, codes, refresh and access tokens); the oldest entry goes first"),
		asJSON:       fs.Bool("json", false, "print one JSON object (base_url, token_url, apps with credentials and scopes, portals) on the first line"),
	}
}

func (f *sandboxFlags) options() sandbox.Options {
	return sandbox.Options{AccessTTL: *f.ttl, CodeTTL: *f.codeTTL, RotateRefresh: *f.rotate, DenyRedirect: *f.denyRedirect,
		RevokeCascades: *f.cascade, ExtendedTokenFields: *f.ext, LenientClientAuth: *f.lenient, ErrorRedirect: *f.errRedirect,
		EnforceRateLimits: *f.enforce, MaxEntries: *f.maxEntries}
}

func runSandbox(e Env, args []string) int {
	var g globals
	fs := newFlagSet("sandbox", &g)
	f := newSandboxFlags(fs)
	if code, ok := parseFlags(e, fs, args); !ok {
		return code
	}
	for _, err := range []error{checkDuration("access-ttl", *f.ttl, time.Second, maxAccessTTL),
		checkDuration("code-ttl", *f.codeTTL, time.Second, maxCodeTTL)} {
		if err != nil {
			return usageError(e, err.Error())
		}
	}
	if n := *f.maxEntries; n < 100 || n > 10_000_000 {
		return usageError(e, fmt.Sprintf("--max-entries must be from 100 to 10000000, got %d (the default is %d)", n, sandbox.DefaultMaxEntries))
	}
	// The config gives the defaults and the apps to register; flags given here win. --api-version picks
	// the version the banner and --json advertise (every version answers).
	opts := f.options()
	opts.Version = g.apiVersion
	cfg, err := sandboxConfig(e, g)
	if err != nil {
		return failure(e, usageCode(err), err)
	}
	if cfg != nil {
		applySandboxConfig(e, &opts, f.addr, cfg, fs)
	}
	srv, err := sandbox.New(opts)
	if err != nil {
		return usageError(e, err.Error())
	}
	if _, err := srv.Start(*f.addr); err != nil {
		if strings.Contains(err.Error(), "loopback") {
			return usageError(e, err.Error()) // a wrong --addr is a usage error
		}
		return failure(e, ExitFailure, err) // a busy port is not
	}
	return serveSandbox(e, srv, *f.asJSON)
}

// serveSandbox prints the banner (or the JSON line) and serves until interrupted.
func serveSandbox(e Env, srv *sandbox.Server, asJSON bool) int {
	if asJSON {
		b, _ := json.Marshal(srv.Info())
		fmt.Fprintln(e.Stdout, string(b))
	} else {
		fmt.Fprint(e.Stdout, srv.Banner())
		fmt.Fprintln(e.Stdout, "\nCtrl-C stops the sandbox.")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	cctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := srv.Close(cctx); err != nil {
		return failure(e, ExitFailure, err)
	}
	if !asJSON {
		fmt.Fprintln(e.Stderr, "sandbox stopped")
	}
	return ExitOK
}
