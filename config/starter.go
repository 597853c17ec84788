package config

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/BurntSushi/toml"
)

const starter = `# hsoauth configuration — https://github.com/hsoauth/hsoauth
# Written by "hsoauth config init". hsoauth reads this file and never rewrites it.
# Check it with "hsoauth config check". With no [profiles.*] table, hsoauth runs
# against its built-in HubSpot simulator (sandbox mode).

# The profile used when --profile and HSOAUTH_PROFILE are not given.
# default_profile = "dev"

# One profile per app or environment. Uncomment and fill in from the app's
# Auth tab in HubSpot.
# [profiles.dev]
# client_id = "your-app-client-id"
# Keep the secret out of this file: name an environment variable...
# client_secret_env = "HUBSPOT_CLIENT_SECRET"
# ...or a keyring entry ("account" in service hsoauth, or "service:account").
# client_secret_keyring = "hsoauth:dev"
# redirect_uri = "http://localhost:3000/oauth-callback"  # http only with host localhost
# api_version = "2026-03"       # v1 | v3 | 2026-03
# hub_id = 12345678             # optional: pin one portal
# pkce = true
# account = "marketing-pro"     # target account for lint and predictions (hsoauth scopes --help lists ids)
# auto_refresh = true
# refresh_margin = "5m"         # refresh this long before the 30-minute expiry
# token_store = "keyring"       # keyring (default) | file (0600 file under the XDG state dir)
# Another OAuth 2.0 server instead of HubSpot: each URL replaces HubSpot's
# endpoint of that kind (https, or http on loopback; no query). Leave out what
# the server does not offer. hub_id cannot be combined with authorize_url;
# the redirect URL may then also be a loopback IP, http://127.0.0.1:PORT/path.
# authorize_url = "https://auth.example.com/authorize"
# token_url = "https://auth.example.com/token"
# introspect_url = "https://auth.example.com/introspect"   # RFC 7662
# revoke_url = "https://auth.example.com/revoke"           # RFC 7009
# client_auth = "client_secret_post"   # or client_secret_basic (an HTTP Basic header; HubSpot refuses it)

# [profiles.dev.scopes]
# required = ["crm.objects.contacts.read"]
# conditionally_required = []
# optional = []

# The built-in simulator (sandbox mode). Its tokens are not real.
[sandbox]
addr = "127.0.0.1:0"            # loopback only; port 0 picks a free port
access_ttl = "30m"
rotate_refresh = false          # true: a new refresh token on every refresh (HubSpot keeps the same one)
deny_redirect = false

# More apps for the simulator besides its demo app, e.g. to rehearse with your
# own app's scope settings (sandbox-only credentials; HubSpot never sees them).
# [[sandbox.apps]]
# name = "my app"
# client_id = "my-sandbox-app"
# client_secret = "not-a-real-secret"
# redirect_urls = ["http://localhost:3000/oauth-callback"]
# required = ["oauth", "crm.objects.contacts.read"]
# conditionally_required = []
# optional = ["automation"]

[ui]
theme = "auto"                  # auto | dark | light
presenter = false               # roomier layout, secrets always masked, a narration line per step
reduced_motion = false
`

// StarterFile is the commented, valid config `hsoauth config init` writes:
// every setting shown with its default, profiles commented out so a fresh
// install still starts in sandbox mode.
func StarterFile() []byte { return []byte(starter) }

// Init writes StarterFile to path, creating a private parent directory. It
// never overwrites an existing file unless force is set, and writes
// atomically either way, so a crash never leaves half a config.
func Init(path string, force bool) error {
	if _, err := ensurePrivateDir(filepath.Dir(path)); err != nil {
		return err
	}
	err := writeAtomic(path, StarterFile(), !force)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists; use --force to replace it: %w", path, err)
	}
	return err
}

// Rules are the checks that live with the code enforcing them (the OAuth client, the simulator). Check
// runs them over the file's values, so `hsoauth config check` refuses exactly what the flows later
// refuse, each problem with its line and column. A nil rule is skipped.
type Rules struct {
	// RedirectURI checks a profile's redirect_uri (it replaces this package's simpler check).
	RedirectURI func(uri string) error
	// OwnServerRedirectURI is RedirectURI for a profile that names its own OAuth server; nil uses
	// RedirectURI.
	OwnServerRedirectURI func(uri string) error
	// ClientID checks a profile's client_id.
	ClientID func(id string) error
	// SandboxApp checks one [[sandbox.apps]] entry the way the simulator will when it starts.
	SandboxApp func(a SandboxApp) error
	// Account checks a profile's target account id the way lint and the install prediction read it.
	Account func(id string) error
	// Endpoint checks one endpoint override (authorize_url, token_url, introspect_url, revoke_url) the
	// way the OAuth client will; key is the profile key.
	Endpoint func(key, raw string) error
}

// Check validates the file at path for `hsoauth config check`. Problems in
// the file come back as ValidationErrors; the error is for a file that
// cannot be read at all (including one that does not exist).
func Check(path string, rules Rules) (ValidationErrors, error) {
	data, err := readConfigFile(path)
	if err != nil {
		return nil, err
	}
	cfg, errs := parse(path, data)
	if len(errs) > 0 {
		return errs, nil
	}
	return applyRules(path, data, cfg, rules), nil
}

// applyEndpointRule runs the client's endpoint check over a profile's overrides.
func applyEndpointRule(c *checker, p Profile, rule func(key, raw string) error) {
	if rule == nil {
		return
	}
	for key, raw := range p.Endpoints() {
		if raw == "" {
			continue
		}
		if err := rule(key, raw); err != nil {
			c.add(toml.Key{"profiles", p.Name, key}, err.Error(), "", EndpointExamples[key])
		}
	}
}

// applyRules runs rules over a parsed file, placing each refusal at its key.
func applyRules(path string, data []byte, cfg *Config, rules Rules) ValidationErrors {
	c := &checker{file: path, pos: keyPositions(string(data))}
	for _, p := range cfg.Profiles {
		key := func(k string) toml.Key { return toml.Key{"profiles", p.Name, k} }
		redirectRule := rules.RedirectURI
		if p.OwnServer() && rules.OwnServerRedirectURI != nil {
			redirectRule = rules.OwnServerRedirectURI
		}
		if redirectRule != nil {
			if err := redirectRule(p.RedirectURI); err != nil {
				c.add(key("redirect_uri"), err.Error(), "", `redirect_uri = "`+DefaultRedirectURI+`"`)
			}
		}
		if rules.Account != nil && p.Account != "" {
			if err := rules.Account(p.Account); err != nil {
				c.add(key("account"), err.Error(), "", `account = "marketing-pro+sales-starter"`)
			}
		}
		if rules.ClientID != nil && p.ClientID != "" {
			if err := rules.ClientID(p.ClientID); err != nil {
				c.add(key("client_id"), err.Error(), "", `client_id = "5f2c…"`)
			}
		}
		applyEndpointRule(c, p, rules.Endpoint)
	}
	for i, a := range cfg.Sandbox.Apps {
		if rules.SandboxApp == nil {
			break
		}
		if err := rules.SandboxApp(a); err != nil {
			c.add(toml.Key{"sandbox", "apps"}, fmt.Sprintf("sandbox app #%d: %v", i+1, err), "", "")
		}
	}
	return c.errs.sorted()
}
