package sandbox

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/hsoauth/hsoauth/scopes"
)

// The demo app's credentials are fixed and published on purpose: the sandbox
// is a teaching tool, so every README, slide and curl line can use the same
// values. They are not secrets and are useless against the real HubSpot.
const (
	// DemoClientID is the client_id of the built-in "hsoauth demo app".
	DemoClientID = "5a4db0c5-de30-4a11-8c1e-000000000001"
	// DemoClientSecret is the demo app's client_secret (public, sandbox only).
	DemoClientSecret = "5a4db0c5-5ec2-4e75-9a2b-000000000002"
	// DemoRedirectURL is the demo app's first redirect URL, the one
	// HubSpot's own quickstarts and CLI use.
	DemoRedirectURL = "http://localhost:3000/oauth-callback"
	// DemoAppID is the demo app's numeric app id as token metadata reports it.
	DemoAppID = 4000001
)

// Defaults used when an Options field is left zero. AccessTTL follows HubSpot
// (expires_in 1800); CodeTTL is a guess, since HubSpot publishes no number.
const (
	DefaultAccessTTL = 1800 * time.Second
	DefaultCodeTTL   = 5 * time.Minute
	// requestTTL bounds how long a consent page stays usable.
	requestTTL = time.Hour
)

// Options configure a Server. The zero value is the faithful HubSpot default;
// each boolean switches one documented or guessed behaviour so trainers can
// show the alternative.
type Options struct {
	// AccessTTL is the access-token lifetime (default 1800s, as HubSpot).
	AccessTTL time.Duration
	// CodeTTL is the authorization-code lifetime (default 5m, a guess).
	CodeTTL time.Duration
	// RotateRefresh issues a new refresh token on every refresh grant and
	// revokes the old one. HubSpot returns the same one, so default false.
	RotateRefresh bool
	// DenyRedirect makes Deny redirect with error=access_denied. HubSpot
	// sends nothing to the app on denial, so default false.
	DenyRedirect bool
	// ErrorRedirect sends consent-page failures (scopes, account, user)
	// back to the app's redirect URL with error and an error_description
	// holding what the page says and why, so a command-line client learns
	// the reason. HubSpot shows its page and sends nothing, so default false.
	ErrorRedirect bool
	// RevokeCascades makes revoking a refresh token also kill the access
	// tokens minted from it. HubSpot's v1 docs say it does not.
	RevokeCascades bool
	// ExtendedTokenFields adds user_id and token_use to token responses, as
	// HubSpot's OpenAPI schema (but not its examples) shows.
	ExtendedTokenFields bool
	// Version is the OAuth API version the sandbox advertises in Info and
	// its banner: "v1", "v3", "2026-03" (the default) or "2026-09". Every
	// version's endpoints answer whatever this says.
	Version string
	// LenientClientAuth also accepts client credentials by HTTP Basic
	// (client_secret_basic, form-decoded per RFC 6749 §2.3.1), as
	// golang.org/x/oauth2's auto-detection sends them. HubSpot documents
	// body credentials only, so by default Basic is refused; sending both
	// methods at once is refused either way (RFC 6749 §2.3).
	LenientClientAuth bool
	// EnforceRateLimits answers 429 TEN_SECONDLY_ROLLING once an app has
	// made 110 API calls in one portal within 10 seconds of the sandbox
	// clock, and 429 SECONDLY past 4 CRM searches a second, as HubSpot does. Off by default: the X-HubSpot-RateLimit-*
	// headers count either way, and the 429 is also an injectable fault.
	EnforceRateLimits bool
	// MaxEntries bounds each table (pending consent pages, codes, refresh
	// tokens, access tokens); 0 means DefaultMaxEntries. At the cap the
	// oldest entry is forgotten.
	MaxEntries int
	// Apps are extra apps served next to the demo app.
	Apps []App
	// Clock is the sandbox clock; nil means a new real-time Clock.
	Clock *Clock
	// Faults are the faults active from the start.
	Faults Faults

	// Seed, when non-zero, makes tokens and codes come from a deterministic source, so a test-mode run
	// shows the same (masked) tokens every time. Such tokens are guessable: test mode only.
	Seed uint64
}

// App is an OAuth app as HubSpot's developer settings (or app-hsmeta.json)
// configure it: credentials, redirect URLs and the three scope lists that
// decide whether an install URL is accepted.
type App struct {
	Name         string   `json:"name"`
	ClientID     string   `json:"client_id"`
	ClientSecret string   `json:"-"`
	RedirectURLs []string `json:"redirect_urls"`
	Required     []string `json:"required_scopes"`
	Conditional  []string `json:"conditionally_required_scopes"`
	Optional     []string `json:"optional_scopes"`
	// PKCERequired refuses authorize URLs without an S256 code_challenge.
	PKCERequired bool `json:"pkce_required"`
	AppID        int  `json:"app_id"`
	// Source says where the app came from, for the banner ("config profile dev", "admin API").
	Source string `json:"source,omitempty"`
}

// checkVersion accepts an OAuth API version name for Options.Version.
func checkVersion(v string) (apiVersion, error) {
	for _, known := range tokenVersions {
		if string(known) == v {
			return known, nil
		}
	}
	return "", fmt.Errorf("sandbox: unknown API version %q; use v1, v3, 2026-03 or 2026-09", v)
}

// Portal is a HubSpot account (hub) the consent page lets a user install into.
type Portal struct {
	HubID   int
	Domain  string
	Account scopes.Account
	Users   []User
}

// User is someone who can sign in to a portal; the two flags decide whether
// HubSpot lets them install an app.
type User struct {
	ID                int    `json:"id"`
	Email             string `json:"email"`
	SuperAdmin        bool   `json:"super_admin"`
	MarketplaceAccess bool   `json:"marketplace_access"`
}

// CanInstall reports HubSpot's rule: Super Admins and users with App
// Marketplace Access may install apps.
func (u User) CanInstall() bool { return u.SuperAdmin || u.MarketplaceAccess }

// demoApp is the built-in app: two required scopes, two conditionally
// required ones (automation needs a Professional hub, so it fails on free
// portals) and a spread of optional scopes across areas so that each preset
// portal drops a different subset.
func demoApp() App {
	return App{
		Name:         "hsoauth demo app",
		ClientID:     DemoClientID,
		ClientSecret: DemoClientSecret,
		RedirectURLs: []string{
			DemoRedirectURL,
			"http://localhost:8080/callback",
			"http://localhost:53682/callback",
		},
		Required:    []string{"oauth", "crm.objects.contacts.read"},
		Conditional: []string{"crm.objects.contacts.write", "automation"},
		Optional: []string{
			"crm.objects.companies.read", "crm.objects.companies.write",
			"crm.objects.deals.read", "crm.objects.deals.write",
			"crm.objects.owners.read", "crm.lists.read",
			"crm.objects.custom.read", "crm.objects.leads.read",
			"crm.objects.goals.read", "crm.objects.feedback_submissions.read",
			"crm.objects.contacts.sensitive.read.v2", "tickets",
			"conversations.read", "content", "hubdb", "forms", "files",
			"e-commerce", "transactional-email", "marketing.campaigns.read",
			"settings.users.read", "timeline",
		},
		AppID: DemoAppID,
	}
}

// validate checks an app the way HubSpot's app settings would: credentials
// present, redirect URLs acceptable, no scope configured twice.
func (a App) validate() error {
	if a.ClientID == "" || a.ClientSecret == "" {
		return fmt.Errorf("sandbox: app %q needs a client id and a client secret", a.Name)
	}
	if len(a.RedirectURLs) == 0 {
		return fmt.Errorf("sandbox: app %q needs at least one redirect URL", a.Name)
	}
	for _, u := range a.RedirectURLs {
		if why := redirectProblem(u); why != "" {
			return fmt.Errorf("sandbox: app %q redirect URL %q: %s", a.Name, u, why)
		}
	}
	seen := map[string]bool{}
	for _, list := range [][]string{a.Required, a.Conditional, a.Optional} {
		for _, s := range list {
			if seen[s] {
				return fmt.Errorf("sandbox: app %q configures scope %q twice", a.Name, s)
			}
			seen[s] = true
		}
	}
	return nil
}

// redirectProblem returns why HubSpot would refuse u as a redirect URL, or "".
// HubSpot: https in production, http only for localhost, no IP addresses.
func redirectProblem(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "not an absolute URL"
	}
	host := u.Hostname()
	if isIPLiteral(host) {
		return "IP addresses are not supported; use a domain such as localhost"
	}
	switch u.Scheme {
	case "https":
		return ""
	case "http":
		if strings.EqualFold(host, "localhost") {
			return ""
		}
		return "must use https unless the host is localhost"
	}
	return "must use https (or http for localhost)"
}
