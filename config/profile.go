package config

import (
	"regexp"
	"strings"
	"time"
	"unicode"
)

var (
	envName   = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	scopeName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)
)

// HubSpot access tokens live 30 minutes; a margin of that much or more
// would refresh on every use.
const (
	maxRefreshMargin = 30 * time.Minute
	maxSandboxTTL    = 24 * time.Hour
)

// parseProfile reads one [profiles.NAME] table over the defaults.
func parseProfile(t *table, name string) Profile {
	p := defaultProfile(name)
	parseCredentials(t, &p)
	parseEndpoints(t, &p)
	if t.str("redirect_uri", `redirect_uri = "`+DefaultRedirectURI+`"`, &p.RedirectURI) {
		checkRedirectURI(t, p.RedirectURI, p.OwnServer())
	}
	if t.str("api_version", `api_version = "2026-03"`, &p.APIVersion) {
		checkOneOf(t, "api_version", p.APIVersion, `api_version = "2026-03"`, "v1", "v3", "2026-03")
	}
	if t.str("app_base", `app_base = "`+DefaultAppBase+`"`, &p.AppBase) {
		checkBaseURL(t, "app_base", p.AppBase, DefaultAppBase)
	}
	if t.str("api_base", `api_base = "`+DefaultAPIBase+`"`, &p.APIBase) {
		checkBaseURL(t, "api_base", p.APIBase, DefaultAPIBase)
	}
	if t.str("client_auth", `client_auth = "client_secret_basic"`, &p.ClientAuth) {
		checkOneOf(t, "client_auth", p.ClientAuth, `client_auth = "client_secret_basic"`, "client_secret_post", "client_secret_basic")
	}
	if t.integer("hub_id", "hub_id = 12345678", &p.HubID) && p.HubID <= 0 {
		t.c.add(t.key("hub_id"), "must be positive", "the portal's account id", "hub_id = 12345678")
	} else if p.HubID > 0 && p.AuthorizeURL != "" {
		t.c.add(t.key("hub_id"), "pins a HubSpot portal through /oauth/{hubId}/authorize, which authorize_url replaces",
			"no hub_id on a profile with authorize_url", `authorize_url = "https://auth.example.com/authorize"`)
	}
	t.boolean("pkce", "pkce = true", &p.PKCE)
	if scopes, ok := t.sub("scopes", "[profiles."+name+".scopes]"); ok {
		p.Scopes = parseSelection(scopes)
	}
	if t.str("account", `account = "professional"`, &p.Account) {
		checkPrintable(t, "account", p.Account, `account = "professional"`)
	}
	t.boolean("auto_refresh", "auto_refresh = true", &p.AutoRefresh)
	if t.duration("refresh_margin", `refresh_margin = "5m"`, &p.RefreshMargin) {
		checkRange(t, "refresh_margin", p.RefreshMargin, 0, maxRefreshMargin-1, `refresh_margin = "5m"`)
	}
	if t.str("token_store", `token_store = "keyring"`, &p.TokenStore) {
		checkOneOf(t, "token_store", p.TokenStore, `token_store = "keyring"`, "keyring", "file")
	}
	t.done()
	return p
}

// EndpointExamples is an example line for each endpoint override key.
var EndpointExamples = map[string]string{
	"authorize_url":  `authorize_url = "https://auth.example.com/authorize"`,
	"token_url":      `token_url = "https://auth.example.com/token"`,
	"introspect_url": `introspect_url = "https://auth.example.com/introspect"`,
	"revoke_url":     `revoke_url = "https://auth.example.com/revoke"`,
}

// OwnServer reports whether the profile names its own OAuth server (authorize_url or token_url)
// rather than HubSpot's.
func (p Profile) OwnServer() bool { return p.AuthorizeURL != "" || p.TokenURL != "" }

// Endpoints maps each endpoint override key to the profile's value ("" when unset).
func (p Profile) Endpoints() map[string]string {
	return map[string]string{"authorize_url": p.AuthorizeURL, "token_url": p.TokenURL,
		"introspect_url": p.IntrospectURL, "revoke_url": p.RevokeURL}
}

// parseEndpoints reads the optional endpoint overrides for a standard OAuth
// 2.0 server: each a full URL, https or loopback http, no query or fragment.
func parseEndpoints(t *table, p *Profile) {
	for _, f := range []struct {
		key string
		dst *string
	}{{"authorize_url", &p.AuthorizeURL}, {"token_url", &p.TokenURL}, {"introspect_url", &p.IntrospectURL}, {"revoke_url", &p.RevokeURL}} {
		if t.str(f.key, EndpointExamples[f.key], f.dst) {
			checkEndpointURL(t, f.key, *f.dst)
		}
	}
}

// parseCredentials reads the client id and the one place the secret is.
func parseCredentials(t *table, p *Profile) {
	if t.str("client_id", `client_id = "your-app-client-id"`, &p.ClientID) {
		if p.ClientID == "" {
			t.c.add(t.key("client_id"), "is empty", "the app's client id from HubSpot's Auth tab", `client_id = "5f2c…"`)
		} else if strings.ContainsFunc(p.ClientID, unicode.IsSpace) {
			t.c.add(t.key("client_id"), "contains spaces", "the client id exactly as HubSpot's Auth tab shows it (no spaces)", `client_id = "5f2c…"`)
		}
		checkPrintable(t, "client_id", p.ClientID, `client_id = "5f2c…"`)
	}
	sources := 0
	if t.str("client_secret", `client_secret_env = "HUBSPOT_CLIENT_SECRET"`, &p.ClientSecret) {
		sources++
		if problem := secretProblem(p.ClientSecret, p.ClientID); problem != "" {
			t.c.add(t.key("client_secret"), problem, "the real client secret, or client_secret_env naming a variable that holds it",
				`client_secret_env = "HUBSPOT_CLIENT_SECRET"`)
		}
	}
	if t.str("client_secret_env", `client_secret_env = "HUBSPOT_CLIENT_SECRET"`, &p.ClientSecretEnv) {
		sources++
		if !envName.MatchString(p.ClientSecretEnv) {
			t.c.add(t.key("client_secret_env"), "got "+quote(p.ClientSecretEnv), "an environment variable name",
				`client_secret_env = "HUBSPOT_CLIENT_SECRET"`)
		}
	}
	if t.str("client_secret_keyring", `client_secret_keyring = "hsoauth:dev"`, &p.ClientSecretKeyring) {
		sources++
		if p.ClientSecretKeyring == "" {
			t.c.add(t.key("client_secret_keyring"), "is empty", `"account" or "service:account" of a keyring entry`,
				`client_secret_keyring = "hsoauth:dev"`)
		}
	}
	if sources > 1 {
		t.c.add(t.path, "the client secret is given in more than one way", "only one of client_secret, client_secret_env, client_secret_keyring",
			`client_secret_env = "HUBSPOT_CLIENT_SECRET"`)
	}
}

// parseSelection reads the three scope buckets; a scope sits in one only.
func parseSelection(t *table) Selection {
	var s Selection
	example := `required = ["crm.objects.contacts.read"]`
	t.list("required", example, &s.Required)
	t.list("conditionally_required", example, &s.ConditionallyRequired)
	t.list("optional", example, &s.Optional)
	t.done()
	seen := map[string]string{}
	for _, b := range []struct {
		key  string
		list []string
	}{{"required", s.Required}, {"conditionally_required", s.ConditionallyRequired}, {"optional", s.Optional}} {
		for _, scope := range b.list {
			if !scopeName.MatchString(scope) {
				t.c.add(t.key(b.key), "got "+quote(scope), "a HubSpot scope name", example)
			} else if prev, dup := seen[scope]; dup {
				t.c.add(t.key(b.key), quote(scope)+" is already listed in "+prev, "each scope in one list only", example)
			}
			seen[scope] = b.key
		}
	}
	return s
}
