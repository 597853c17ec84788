package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
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

// Check validates the file at path for `hsoauth config check`. Problems in
// the file come back as ValidationErrors; the error is for a file that
// cannot be read at all (including one that does not exist).
func Check(path string) (ValidationErrors, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	_, errs := parse(path, data)
	return errs, nil
}
