// Package session wires hsoauth's domain packages into one working set for a run: the config and profile,
// the token store, the OAuth client with its trace, and, in sandbox mode, the embedded HubSpot simulator.
// The CLI and the TUI both drive flows through it, so a login from a script and one from the TUI behave
// the same. It is plain Go: no Bubble Tea, no terminal.
package session

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
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
	APIVersion string              // OAuth API version for this run (v1, v3, 2026-03); "" = the profile's
	Keyring    config.SecretGetter // where keyring-held client secrets are read (nil: the OS keyring)
	// TokenKeyring is the keyring a token_store = "keyring" profile keeps its tokens in (nil: the OS
	// keyring); tests pass one that fails or hangs.
	TokenKeyring config.Keyring
	StoreDir     string       // state directory for tokens, locks and TUI state; "" = Dirs.State
	Warn         func(string) // notices for the user (permissions tightened, …)
	// TestMode makes an in-process sandbox reproducible for end-to-end tests and screenshots: its clock
	// stands at TestModeClock() until fast-forwarded, and tokens, codes, state and PKCE come from a fixed seed.
	TestMode bool
}

// TestModeClock is where the sandbox clock stands in test mode (Options.TestMode): 2026-11-22 09:30 UTC.
func TestModeClock() time.Time { return time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC) }

// Session is one run's working set.
type Session struct {
	Config  *config.Config
	Profile config.Profile
	Client  *oauth.Client
	Trace   *oauth.Trace
	Store   config.Store
	Catalog *scopes.Catalog
	// Sim is the HubSpot simulator in sandbox mode (built in, or an external `hsoauth sandbox`), nil when
	// talking to HubSpot.
	Sim Simulator
	// SandboxURL is the simulator's base URL in sandbox mode, "" otherwise.
	SandboxURL string
	// Now is the clock for expiry maths: the simulator's (fast-forwardable) clock in sandbox mode, else
	// real time.
	Now func() time.Time

	// demoApp is set when the session signs in with the simulator's demo app, whose scope settings follow
	// the selection (as if the developer saved them on the app's Auth tab).
	demoApp bool
	// simApp is the app the session registered with (or found in) the simulator, nil when talking to
	// HubSpot.
	simApp *SimApp
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

	mu       sync.Mutex
	advanced time.Duration // how far this session moved the simulator's clock

	// clientMu guards Client once the session is open: the control panel can switch the API version
	// (a new client) while a refresh or a sign-in reads it in another goroutine.
	clientMu sync.RWMutex
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
	// --profile beats HSOAUTH_PROFILE, and HSOAUTH_CLIENT_ID / HSOAUTH_CLIENT_SECRET then apply to it.
	getenv := o.Getenv
	if o.Profile != "" {
		getenv = func(k string) string {
			if k == "HSOAUTH_PROFILE" {
				return o.Profile
			}
			return o.Getenv(k)
		}
	}
	cfg, err := config.Load(path, getenv)
	if err != nil {
		return nil, err
	}
	s := &Session{Config: cfg, Catalog: scopes.Default(), Trace: oauth.NewTrace(500), Now: time.Now, secrets: oauth.NewState,
		warn: o.Warn, stateDir: o.StoreDir}
	if o.Sandbox || o.SandboxURL != "" || cfg.SandboxMode() {
		err = s.openSandbox(ctx, o)
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
func (s *Session) IsSandbox() bool { return s.Sim != nil }

// Close stops the in-process simulator, if any.
func (s *Session) Close(ctx context.Context) {
	for _, f := range s.atClose {
		f()
	}
	s.atClose = nil
	if s.Sim != nil {
		_ = s.Sim.Close(ctx)
		s.Sim = nil
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
		kr = config.OSKeyring(o.Getenv)
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
	env.Endpoints = oauth.Endpoints{Authorize: p.AuthorizeURL, Token: p.TokenURL, Introspect: p.IntrospectURL, Revoke: p.RevokeURL}
	env.ClientAuth = oauth.ClientAuth(p.ClientAuth)
	if v := cmp.Or(o.APIVersion, p.APIVersion); v != "" {
		if env.Version, err = oauth.ParseAPIVersion(v); err != nil {
			return fmt.Errorf("profile %s: %w", p.Name, err)
		}
	}
	app := oauth.App{ClientID: p.ClientID, ClientSecret: secret, RedirectURI: p.RedirectURI, PKCE: p.PKCE}
	if s.Client, err = oauth.NewClient(env, app, oauth.WithTrace(s.Trace)); err != nil {
		return fmt.Errorf("profile %s: %w", p.Name, err)
	}
	s.Store, err = config.OpenStore(p.TokenStore, config.StoreOptions{Dir: o.StoreDir, Warn: o.Warn, Keyring: o.TokenKeyring, Getenv: o.Getenv})
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

// openSandbox starts (or connects to) the simulator and signs in with the selected profile's app,
// registered with the simulator, or with the demo app when no profile is configured.
func (s *Session) openSandbox(ctx context.Context, o Options) error {
	sim, err := s.startSimulator(ctx, o)
	if err != nil {
		return err
	}
	s.Sim, s.SandboxURL, s.Now = sim, sim.BaseURL(), sim.Now
	// Sandbox tokens, locks and TUI state live apart from the real ones (per sandbox address), so a
	// sandbox refresh token is never sent to HubSpot, nor a real one to a sandbox, nor a sandbox portal
	// pinned in a real run.
	if s.stateDir != "" {
		s.stateDir = filepath.Join(s.stateDir, "sandbox", sandboxKey(sim))
		o.StoreDir = s.stateDir
	}
	app, err := s.sandboxApp(ctx, o)
	if err != nil {
		return err
	}
	version := oauth.V3
	if v := cmp.Or(o.APIVersion, s.Profile.APIVersion); v != "" {
		if version, err = oauth.ParseAPIVersion(v); err != nil {
			return fmt.Errorf("profile %s: %w", s.Profile.Name, err)
		}
	}
	env := oauth.Environment{AppBase: s.SandboxURL, APIBase: s.SandboxURL, Version: version}
	if s.Client, err = oauth.NewClient(env, app, oauth.WithTrace(s.Trace), oauth.WithClock(s.Now)); err != nil {
		return err
	}
	if sim.Builtin() {
		// Tokens of an in-process simulator die with it: keep them in memory, never on disk.
		s.Store = newMemStore()
		return nil
	}
	s.Store, err = config.OpenStore("file", config.StoreOptions{Dir: o.StoreDir, Warn: o.Warn})
	return err
}

// sandboxKey names a simulator's own state folder: "builtin", or the external one's host and port.
func sandboxKey(sim Simulator) string {
	if sim.Builtin() {
		return "builtin"
	}
	u, err := url.Parse(sim.BaseURL())
	if err != nil || u.Host == "" {
		return "external"
	}
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' {
			return r
		}
		return '_'
	}, u.Host)
}

// startSimulator starts the built-in simulator, or connects to the one at Options.SandboxURL.
func (s *Session) startSimulator(ctx context.Context, o Options) (Simulator, error) {
	if o.SandboxURL != "" {
		if u, err := url.Parse(o.SandboxURL); err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
			return nil, fmt.Errorf("--sandbox-url %q is not a URL; use the base_url printed by 'hsoauth sandbox'", o.SandboxURL)
		}
		return NewRemote(ctx, o.SandboxURL, nil)
	}
	sc := s.Config.Sandbox
	opts := sandbox.Options{AccessTTL: sc.AccessTTL, RotateRefresh: sc.RotateRefresh, DenyRedirect: sc.DenyRedirect, Apps: SandboxApps(sc)}
	if o.TestMode {
		opts.Clock, opts.Seed = sandbox.NewFixedClock(TestModeClock()), 1
		s.secrets = seededSecrets()
	}
	srv, err := sandbox.New(opts)
	if err != nil {
		return nil, err
	}
	addr := sc.Addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	if _, err := srv.Start(addr); err != nil {
		return nil, fmt.Errorf("starting the sandbox on %s: %w", addr, err)
	}
	return NewBuiltin(srv), nil
}

// sandboxApp picks the app to sign in with. A selected profile keeps its meaning in the sandbox: its
// client id, redirect URL, scopes, API version, account and portal pin, registered with the simulator
// under a sandbox-only secret (the real one never reaches it). With no profile, the demo app.
func (s *Session) sandboxApp(ctx context.Context, o Options) (oauth.App, error) {
	p, err := s.Config.Profile(o.Profile)
	if err != nil && (o.Profile != "" || !s.Config.SandboxMode()) {
		return oauth.App{}, err
	}
	if p == nil || p.ClientID == sandbox.DemoClientID {
		return s.useDemoApp(ctx) // no profile, or one that names the demo app itself
	}
	s.Profile = *p
	s.dropForeignPin(ctx)
	for _, a := range SandboxApps(s.Config.Sandbox) {
		if a.ClientID == p.ClientID {
			// [[sandbox.apps]] configures this app for the simulator: its settings and secret stand.
			s.simApp = &a
			return oauth.App{ClientID: a.ClientID, ClientSecret: a.ClientSecret, RedirectURI: p.RedirectURI, PKCE: p.PKCE}, nil
		}
	}
	reg := SimApp{
		Name: "profile " + p.Name, ClientID: p.ClientID, ClientSecret: sandbox.SecretFor(p.ClientID),
		RedirectURLs: []string{p.RedirectURI},
		Required:     p.Scopes.Required, Conditional: p.Scopes.ConditionallyRequired, Optional: p.Scopes.Optional,
	}
	if len(reg.Required)+len(reg.Conditional)+len(reg.Optional) == 0 {
		// No scopes configured: like the demo app, the settings follow the selection at each sign-in.
		s.demoApp = true
		reg.Required = []string{"oauth"}
	}
	if err := s.Sim.RegisterApp(ctx, reg); err != nil {
		return oauth.App{}, fmt.Errorf("profile %s cannot be used with the sandbox at %s: %w", p.Name, s.SandboxURL, err)
	}
	s.simApp = &reg
	return oauth.App{ClientID: p.ClientID, ClientSecret: reg.ClientSecret, RedirectURI: p.RedirectURI, PKCE: p.PKCE}, nil
}

// dropForeignPin forgets, for this sandbox session, a hub_id that is none of the simulator's portals (a
// real portal's id): pinned, every sandbox sign-in would fail on "no such portal".
func (s *Session) dropForeignPin(ctx context.Context) {
	if s.Profile.HubID == 0 {
		return
	}
	portals, err := s.Sim.Portals(ctx)
	if err != nil {
		return
	}
	for _, p := range portals {
		if p.HubID == s.Profile.HubID {
			return
		}
	}
	if s.warn != nil {
		s.warn(fmt.Sprintf("profile %s pins hub %d, which is not a sandbox portal; in the sandbox the account picker is shown instead (hsoauth sandbox prints its portals)", s.Profile.Name, s.Profile.HubID))
	}
	s.Profile.HubID = 0
}

// useDemoApp signs in with the simulator's demo app. The built-in one is this session's alone: its scope
// settings follow the selection, on the first registered redirect URL whose port is free now (a dev
// server on 3000 must not dead-end the demo; chosen once, so the client never changes under a running
// screen). An external sandbox may be shared by a room of trainees, so there the session registers its
// own copy of the demo app, under a client id stable for this user, and never rewrites the one every
// curl example uses.
func (s *Session) useDemoApp(ctx context.Context) (oauth.App, error) {
	demo := sandbox.DefaultDemoApp()
	s.Profile, s.demoApp = sandboxProfile(), true
	if s.Sim.Builtin() {
		s.simApp = &demo
		redirect := freeRedirect(demo.RedirectURLs, sandbox.DemoRedirectURL)
		s.Profile.RedirectURI = redirect
		return oauth.App{ClientID: demo.ClientID, ClientSecret: demo.ClientSecret, RedirectURI: redirect, PKCE: true}, nil
	}
	sum := sha256.Sum256([]byte("hsoauth-demo-copy:" + s.stateDir))
	own := demo
	own.ClientID = "hsoauth-demo-" + hex.EncodeToString(sum[:6])
	own.ClientSecret = sandbox.SecretFor(own.ClientID)
	own.Name = demo.Name + " (" + own.ClientID + ")"
	own.AppID = 0
	if err := s.Sim.RegisterApp(ctx, own); err != nil {
		return oauth.App{}, fmt.Errorf("the sandbox at %s refused this session's copy of the demo app: %w", s.SandboxURL, err)
	}
	s.simApp = &own
	s.Profile.ClientID, s.Profile.RedirectURI = own.ClientID, sandbox.DemoRedirectURL
	return oauth.App{ClientID: own.ClientID, ClientSecret: own.ClientSecret, RedirectURI: sandbox.DemoRedirectURL, PKCE: true}, nil
}

// sandboxProfile is the built-in profile for the demo app.
func sandboxProfile() config.Profile {
	return config.Profile{
		Name: SandboxProfile, ClientID: sandbox.DemoClientID, RedirectURI: sandbox.DemoRedirectURL,
		APIVersion: string(oauth.V3), PKCE: true, Account: "marketing-starter", TokenStore: "file",
		AutoRefresh: true, RefreshMargin: 5 * time.Minute,
		Scopes: config.Selection{Required: []string{"oauth"}},
	}
}

// ErrNoToken is returned when no token is stored for the profile and portal.
var ErrNoToken = errors.New("no token is stored for this profile and portal")

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
