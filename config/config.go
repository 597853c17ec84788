package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"sort"
	"strings"
	"time"
)

// Config is everything hsoauth reads from its settings file, with defaults
// filled in and HSOAUTH_* environment overrides applied.
type Config struct {
	// Path is the file that was read (or would have been), for messages
	// and `hsoauth config path`.
	Path string
	// DefaultProfile names the profile used when none is asked for.
	DefaultProfile string
	// Profiles are in file order.
	Profiles []Profile
	Sandbox  Sandbox
	UI       UI
	// Exists is false when there is no file: the app then runs in sandbox
	// mode against its built-in simulator.
	Exists bool
	// Warnings are things worth telling the user that do not stop loading,
	// such as a world-readable file holding a client secret.
	Warnings []string
}

// Profile is one HubSpot app in one environment: how to reach it and how the
// user last chose to use it.
type Profile struct {
	Name string
	// ClientID is the app's public id; ClientSecret may be empty when the
	// secret comes from ClientSecretEnv or ClientSecretKeyring instead, so
	// it never has to sit in the file.
	ClientID            string
	ClientSecret        string
	ClientSecretEnv     string
	ClientSecretKeyring string
	RedirectURI         string
	APIVersion          string
	AppBase             string
	APIBase             string
	// AuthorizeURL, TokenURL, IntrospectURL and RevokeURL, when set, replace
	// the endpoints HubSpot's layout would give (for a standard OAuth 2.0
	// server); empty keeps HubSpot's.
	AuthorizeURL  string
	TokenURL      string
	IntrospectURL string
	RevokeURL     string
	// ClientAuth is how the client secret reaches those endpoints: "" or
	// "client_secret_post" (in the form body, HubSpot's way) or
	// "client_secret_basic" (an HTTP Basic header).
	ClientAuth string
	// HubID pins the portal (account) when non-zero.
	HubID       int
	PKCE        bool
	Scopes      Selection
	Account     string
	AutoRefresh bool
	// RefreshMargin is how long before expiry a token is refreshed.
	RefreshMargin time.Duration
	// TokenStore is "keyring" or "file".
	TokenStore string
}

// Selection is the saved scope choice, in HubSpot's three buckets.
type Selection struct {
	Required              []string
	ConditionallyRequired []string
	Optional              []string
}

// Sandbox tunes the built-in HubSpot simulator.
type Sandbox struct {
	Addr          string
	AccessTTL     time.Duration
	RotateRefresh bool
	DenyRedirect  bool
	// Apps are registered in the simulator besides its demo app ([[sandbox.apps]]).
	Apps []SandboxApp
}

// SandboxApp is an extra app for the simulator: its credentials (not secrets: the sandbox is local),
// redirect URLs and the three scope lists of its Auth settings.
type SandboxApp struct {
	Name, ClientID, ClientSecret              string
	RedirectURLs                              []string
	Required, ConditionallyRequired, Optional []string
	PKCERequired                              bool
}

// UI holds display preferences.
type UI struct {
	// Theme is "auto", "dark" or "light".
	Theme         string
	Presenter     bool
	ReducedMotion bool
}

// Defaults used when the file leaves a field out. They match HubSpot's own
// quickstart so a new profile works with the fewest lines.
const (
	DefaultRedirectURI   = "http://localhost:3000/oauth-callback"
	DefaultAPIVersion    = "2026-03"
	DefaultAppBase       = "https://app.hubspot.com"
	DefaultAPIBase       = "https://api.hubapi.com"
	DefaultRefreshMargin = 5 * time.Minute
	DefaultSandboxAddr   = "127.0.0.1:0"
	DefaultAccessTTL     = 30 * time.Minute
)

func defaultConfig(path string) *Config {
	return &Config{
		Path:    path,
		Sandbox: Sandbox{Addr: DefaultSandboxAddr, AccessTTL: DefaultAccessTTL},
		UI:      UI{Theme: "auto"},
	}
}

func defaultProfile(name string) Profile {
	return Profile{
		Name: name, RedirectURI: DefaultRedirectURI, APIVersion: DefaultAPIVersion,
		AppBase: DefaultAppBase, APIBase: DefaultAPIBase, PKCE: true,
		AutoRefresh: true, RefreshMargin: DefaultRefreshMargin, TokenStore: "keyring",
	}
}

// Load reads the config at path. A missing file is not an error: it gives the
// defaults with Exists false (sandbox mode). A file with problems gives nil
// and ValidationErrors listing every one; it is never rewritten. getenv
// (os.Getenv in main) supplies HSOAUTH_PROFILE, HSOAUTH_CLIENT_ID and
// HSOAUTH_CLIENT_SECRET, which override the file.
func Load(path string, getenv func(string) string) (*Config, error) {
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	data, err := readConfigFile(path)
	var cfg *Config
	switch {
	case errors.Is(err, fs.ErrNotExist):
		cfg = defaultConfig(path)
	case err != nil:
		return nil, err
	default:
		var errs ValidationErrors
		cfg, errs = parse(path, data)
		if len(errs) > 0 {
			return nil, errs
		}
		cfg.Exists = true
		cfg.Warnings = append(cfg.Warnings, fileWarnings(path, cfg)...)
	}
	if errs := cfg.applyEnv(getenv); len(errs) > 0 {
		return nil, errs
	}
	return cfg, nil
}

// applyEnv lets scripts and CI point at an app without editing the file.
func (c *Config) applyEnv(getenv func(string) string) ValidationErrors {
	if name := getenv("HSOAUTH_PROFILE"); name != "" {
		c.DefaultProfile = name
	}
	id, secret := getenv("HSOAUTH_CLIENT_ID"), getenv("HSOAUTH_CLIENT_SECRET")
	if id == "" && secret == "" {
		return nil
	}
	p := c.selected()
	if p == nil && len(c.Profiles) > 0 {
		return nil // Profile("") reports the unknown or ambiguous name
	}
	if p == nil {
		name := c.DefaultProfile
		if name == "" {
			name = "default"
		}
		c.Profiles = append(c.Profiles, defaultProfile(name))
		p = &c.Profiles[len(c.Profiles)-1]
	}
	if id != "" {
		p.ClientID = id
	}
	if secret != "" {
		if problem := secretProblem(secret, p.ClientID); problem != "" {
			return ValidationErrors{{File: "environment", Key: "HSOAUTH_CLIENT_SECRET",
				Problem: problem, Expected: "the app's real client secret"}}
		}
		p.ClientSecret, p.ClientSecretEnv, p.ClientSecretKeyring = secret, "", ""
	}
	return nil
}

// readConfigFile reads the config file within the input limits; a missing file wraps fs.ErrNotExist.
func readConfigFile(path string) ([]byte, error) { return ReadInputFile(path, "config file") }

// selected is the profile "" resolves to, or nil.
func (c *Config) selected() *Profile {
	name := c.DefaultProfile
	if name == "" && len(c.Profiles) == 1 {
		name = c.Profiles[0].Name
	}
	for i := range c.Profiles {
		if c.Profiles[i].Name == name {
			return &c.Profiles[i]
		}
	}
	return nil
}

// SandboxMode reports whether no real app is configured, so the app should
// start its simulator instead of talking to HubSpot.
func (c *Config) SandboxMode() bool { return len(c.Profiles) == 0 }

// Profile finds a profile by name; "" means the default one (or the only
// one). Errors name the known profiles so the user can correct a typo.
func (c *Config) Profile(name string) (*Profile, error) {
	var p *Profile
	if name == "" {
		p = c.selected()
		name = c.DefaultProfile
	} else {
		for i := range c.Profiles {
			if c.Profiles[i].Name == name {
				p = &c.Profiles[i]
			}
		}
	}
	if p == nil {
		return nil, c.unknownProfile(name)
	}
	if p.ClientID == "" {
		return nil, fmt.Errorf("profile %s has no client_id: add client_id to %s or set HSOAUTH_CLIENT_ID", quote(p.Name), c.Path)
	}
	return p, nil
}

// ErrUnknownProfile is matched (errors.Is) by the error for a profile name the config does not have: a
// usage mistake, which the command line reports with exit code 2.
var ErrUnknownProfile = errors.New("unknown profile")

type unknownProfileError struct{ msg string }

func (e *unknownProfileError) Error() string        { return e.msg }
func (e *unknownProfileError) Is(target error) bool { return target == ErrUnknownProfile }

func (c *Config) unknownProfile(name string) error {
	return &unknownProfileError{c.unknownProfileText(name)}
}

func (c *Config) unknownProfileText(name string) string {
	if len(c.Profiles) == 0 {
		return fmt.Sprintf("no profiles configured in %s: run `hsoauth config init` and add one, or use the sandbox", c.Path)
	}
	names := make([]string, len(c.Profiles))
	for i, p := range c.Profiles {
		names[i] = p.Name
	}
	sort.Strings(names)
	if name == "" {
		return "several profiles and no default_profile: choose one of " + strings.Join(names, ", ")
	}
	return fmt.Sprintf("unknown profile %s: known profiles are %s", quote(name), strings.Join(names, ", "))
}

// fileWarnings flags a readable-by-others file that holds a secret. We warn
// rather than chmod because the file is the user's and we never change it.
func fileWarnings(path string, c *Config) []string {
	var out []string
	for _, p := range c.Profiles {
		if p.APIVersion == "v1" {
			out = append(out, fmt.Sprintf("profile %s uses api_version v1, which HubSpot retires on 16 Feb 2027 and which puts tokens in URLs; prefer \"2026-03\"", p.Name))
		}
	}
	fi, err := os.Stat(path)
	if err != nil || runtime.GOOS == "windows" || fi.Mode().Perm()&0o077 == 0 || !hasFileSecret(c) {
		return out
	}
	return append(out, fmt.Sprintf("%s holds a client secret and is readable by other users (%04o): run chmod 600 %s, or move the secret to client_secret_env", path, fi.Mode().Perm(), path))
}

func hasFileSecret(c *Config) bool {
	for _, p := range c.Profiles {
		if p.ClientSecret != "" {
			return true
		}
	}
	return false
}
