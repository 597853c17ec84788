// Package session wires hsoauth's domain packages into one working set for a run: the config and profile,
// the token store, the OAuth client with its trace, and, in sandbox mode, the embedded HubSpot simulator.
// The CLI and the TUI both drive flows through it, so a login from a script and one from the TUI behave
// the same. It is plain Go: no Bubble Tea, no terminal.
package session

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/hsoauth/hsoauth/config"
	"github.com/hsoauth/hsoauth/oauth"
	"github.com/hsoauth/hsoauth/oauth/sandbox"
	"github.com/hsoauth/hsoauth/scopes"
)

// SandboxProfile is the profile name used for the built-in demo app.
const SandboxProfile = "sandbox"

// Options say how to open a session. Everything from the outside world arrives here explicitly.
type Options struct {
	Dirs       config.Dirs         // the config and state directories (the command line fills them from XDG)
	ConfigPath string              // "" = config.toml in Dirs.Config
	Profile    string              // "" = the config's default
	Getenv     func(string) string // HSOAUTH_* overrides and secret lookup
	Sandbox    bool                // force sandbox mode even when an app is configured
	SandboxURL string              // use an already running `hsoauth sandbox` instead of an in-process one
	Keyring    config.SecretGetter // where keyring-held client secrets are read (nil: the OS keyring)
	StoreDir   string              // state directory for tokens, locks and TUI state; "" = Dirs.State
	Warn       func(string)        // notices for the user (permissions tightened, …)
	// TestMode makes an in-process sandbox reproducible for end-to-end tests and screenshots: its clock
	// stands at TestClock until fast-forwarded, and tokens, codes, state and PKCE come from a fixed seed.
	TestMode bool
}

// TestClock is where the sandbox clock stands in test mode.
var TestClock = time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)

// Session is one run's working set.
type Session struct {
	Config  *config.Config
	Profile config.Profile
	Client  *oauth.Client
	Trace   *oauth.Trace
	Store   config.Store
	Catalog *scopes.Catalog
	// Sandbox is the in-process simulator, nil when talking to HubSpot or to an external sandbox.
	Sandbox *sandbox.Server
	// SandboxURL is the simulator's base URL in sandbox mode (in-process or external), "" otherwise.
	SandboxURL string
	// Now is the clock for expiry maths: the simulator's (fast-forwardable) clock in-process, else real time.
	Now func() time.Time

	// secrets makes state and PKCE verifiers; deterministic in test mode.
	secrets func() (string, error)
	// atClose runs when the session closes, e.g. to finish printing the trace.
	atClose []func()
	// warn tells the user about things that do not stop the run (Options.Warn).
	warn func(string)
	// stateDir holds the token file, the locks and the TUI's saved selections.
	stateDir string
	// secret is how the client secret is found when a call first needs one (see needSecret).
	secret secretSource
}

// AtClose registers f to run when the session closes (before the simulator stops).
func (s *Session) AtClose(f func()) { s.atClose = append(s.atClose, f) }

// Open loads the config and builds the session. With no app configured (or Options.Sandbox) it runs
// against the simulator; the returned session must be closed.
func Open(ctx context.Context, o Options) (*Session, error) {
	if o.Getenv == nil {
		o.Getenv = func(string) string { return "" }
	}
	path := o.ConfigPath
	if path == "" {
		p, err := o.Dirs.ConfigFile()
		if err != nil {
			return nil, err
		}
		path = p
	}
	if o.StoreDir == "" {
		o.StoreDir = o.Dirs.State
	}
	cfg, err := config.Load(path, o.Getenv)
	if err != nil {
		return nil, err
	}
	s := &Session{Config: cfg, Catalog: scopes.Default(), Trace: oauth.NewTrace(500), Now: time.Now, secrets: oauth.NewState,
		warn: o.Warn, stateDir: o.StoreDir}
	if o.Sandbox || o.SandboxURL != "" || cfg.SandboxMode() {
		err = s.openSandbox(o)
	} else {
		err = s.openReal(o)
	}
	if err != nil {
		s.Close(ctx)
		return nil, err
	}
	return s, nil
}

// IsSandbox reports whether the session talks to the simulator.
func (s *Session) IsSandbox() bool { return s.SandboxURL != "" }

// Close stops the in-process simulator, if any.
func (s *Session) Close(ctx context.Context) {
	for _, f := range s.atClose {
		f()
	}
	s.atClose = nil
	if s.Sandbox != nil {
		cctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		defer cancel()
		_ = s.Sandbox.Close(cctx)
		s.Sandbox = nil
	}
}

// openReal uses the configured profile against HubSpot (or the hosts the profile names).
func (s *Session) openReal(o Options) error {
	p, err := s.Config.Profile(o.Profile)
	if err != nil {
		return err
	}
	s.Profile = *p
	var kr config.SecretGetter = o.Keyring
	if kr == nil {
		kr = config.OSKeyring(nil)
	}
	s.secret = secretSource{resolve: func() (string, error) { return p.ResolveSecret(o.Getenv, kr) }}
	secret := s.secret.early(p)
	env := oauth.HubSpot()
	if p.AppBase != "" {
		env.AppBase = p.AppBase
	}
	if p.APIBase != "" {
		env.APIBase = p.APIBase
	}
	if p.APIVersion != "" {
		if env.Version, err = oauth.ParseAPIVersion(p.APIVersion); err != nil {
			return fmt.Errorf("profile %s: %w", p.Name, err)
		}
	}
	app := oauth.App{ClientID: p.ClientID, ClientSecret: secret, RedirectURI: p.RedirectURI, PKCE: p.PKCE}
	if s.Client, err = oauth.NewClient(env, app, oauth.WithTrace(s.Trace)); err != nil {
		return fmt.Errorf("profile %s: %w", p.Name, err)
	}
	s.Store, err = config.OpenStore(p.TokenStore, config.StoreOptions{Dir: o.StoreDir, Warn: o.Warn})
	return err
}

// Preflight confirms, before a browser opens, that the login can finish: the client secret can be found
// and the token store can save. A keyring that is unavailable comes back as *config.KeyringUnavailableError.
func (s *Session) Preflight() error {
	if err := s.needSecret(); err != nil {
		return err
	}
	return config.Preflight(s.Store)
}

// openSandbox starts (or connects to) the simulator and uses its demo app.
func (s *Session) openSandbox(o Options) error {
	sc := s.Config.Sandbox
	base := o.SandboxURL
	if base == "" {
		opts := sandbox.Options{AccessTTL: sc.AccessTTL, RotateRefresh: sc.RotateRefresh, DenyRedirect: sc.DenyRedirect, Apps: SandboxApps(sc)}
		if o.TestMode {
			opts.Clock, opts.Seed = sandbox.NewFixedClock(TestClock), 1
			s.secrets = seededSecrets()
		}
		srv, err := sandbox.New(opts)
		if err != nil {
			return err
		}
		addr := sc.Addr
		if addr == "" {
			addr = "127.0.0.1:0"
		}
		if base, err = srv.Start(addr); err != nil {
			return fmt.Errorf("starting the sandbox on %s: %w", addr, err)
		}
		s.Sandbox = srv
		s.Now = srv.Clock().Now
	} else if u, err := url.Parse(base); err != nil || u.Host == "" {
		return fmt.Errorf("--sandbox-url %q is not a URL; use the base_url printed by 'hsoauth sandbox'", base)
	}
	s.SandboxURL = base
	s.Profile = sandboxProfile(s.Config)
	env := oauth.Environment{AppBase: base, APIBase: base, Version: oauth.V3}
	app := oauth.App{ClientID: sandbox.DemoClientID, ClientSecret: sandbox.DemoClientSecret, RedirectURI: sandbox.DemoRedirectURL, PKCE: true}
	if s.Sandbox != nil {
		// Chosen once, so the client is never changed under a running screen: the first registered
		// redirect URL whose port is free now (a dev server on 3000 must not dead-end the demo).
		app.RedirectURI = freeRedirect(s.Sandbox.DemoApp().RedirectURLs, app.RedirectURI)
		s.Profile.RedirectURI = app.RedirectURI
	}
	var err error
	if s.Client, err = oauth.NewClient(env, app, oauth.WithTrace(s.Trace), oauth.WithClock(s.Now)); err != nil {
		return err
	}
	if s.Sandbox != nil {
		// Tokens of an in-process simulator die with it: keep them in memory, never on disk.
		s.Store = newMemStore()
		return nil
	}
	s.Store, err = config.OpenStore("file", config.StoreOptions{Dir: o.StoreDir, Warn: o.Warn})
	return err
}

// sandboxProfile is the built-in profile for the demo app.
func sandboxProfile(cfg *config.Config) config.Profile {
	return config.Profile{
		Name: SandboxProfile, ClientID: sandbox.DemoClientID, RedirectURI: sandbox.DemoRedirectURL,
		APIVersion: string(oauth.V3), PKCE: true, Account: "marketing-starter", TokenStore: "file",
		AutoRefresh: true, RefreshMargin: 5 * time.Minute,
		Scopes: config.Selection{Required: []string{"oauth"}},
	}
}

// ErrNoToken is returned when no token is stored for the profile and portal.
var ErrNoToken = errors.New("no token stored: log in first ('hsoauth login' or the TUI)")

// SandboxApps converts the config's extra simulator apps ([[sandbox.apps]]).
func SandboxApps(sc config.Sandbox) []sandbox.App {
	out := make([]sandbox.App, 0, len(sc.Apps))
	for _, a := range sc.Apps {
		out = append(out, sandbox.App{
			Name: a.Name, ClientID: a.ClientID, ClientSecret: a.ClientSecret, RedirectURLs: a.RedirectURLs,
			Required: a.Required, Conditional: a.ConditionallyRequired, Optional: a.Optional, PKCERequired: a.PKCERequired,
		})
	}
	return out
}
