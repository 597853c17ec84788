package sandbox

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// Info is what a client needs to use the sandbox, in the JSON shape that
// `hsoauth sandbox --json` prints on its first line.
type Info struct {
	BaseURL      string   `json:"base_url"`
	ClientID     string   `json:"client_id"`
	ClientSecret string   `json:"client_secret"`
	RedirectURLs []string `json:"redirect_urls"`
	// Version is the OAuth API version the sandbox advertises (Options.Version);
	// TokenURL, IntrospectURL and RevokeURL are that version's endpoints
	// (v1 has no introspection and revokes with DELETE on the refresh token).
	Version       string       `json:"version"`
	TokenURL      string       `json:"token_url"`
	IntrospectURL string       `json:"introspect_url,omitempty"`
	RevokeURL     string       `json:"revoke_url"`
	Portals       []PortalInfo `json:"portals"`
	// Apps lists every app the sandbox serves, the demo app first, with their credentials (all
	// sandbox-only) and their scope settings.
	Apps []AppInfo `json:"apps"`
	// DeveloperAPIKey is the developer account's API key (sandbox-only), which the app developer
	// APIs take as ?hapikey= (webhooks, timeline templates, CRM cards…).
	DeveloperAPIKey string `json:"developer_api_key"`
}

// AppInfo is an app as Info reports it.
type AppInfo struct {
	Name         string   `json:"name"`
	Source       string   `json:"source,omitempty"`
	ClientID     string   `json:"client_id"`
	ClientSecret string   `json:"client_secret"`
	RedirectURLs []string `json:"redirect_urls"`
	Required     []string `json:"required_scopes"`
	Conditional  []string `json:"conditionally_required_scopes"`
	Optional     []string `json:"optional_scopes"`
	PKCERequired bool     `json:"pkce_required"`
	AppID        int      `json:"app_id"`
}

func appInfo(a App) AppInfo {
	return AppInfo{Name: a.Name, Source: a.Source, ClientID: a.ClientID, ClientSecret: a.ClientSecret,
		RedirectURLs: orEmpty(slices.Clone(a.RedirectURLs)), Required: orEmpty(slices.Clone(a.Required)),
		Conditional: orEmpty(slices.Clone(a.Conditional)), Optional: orEmpty(slices.Clone(a.Optional)),
		PKCERequired: a.PKCERequired, AppID: a.AppID}
}

// PortalInfo describes one test portal for Info.
type PortalInfo struct {
	HubID       int    `json:"hub_id"`
	Domain      string `json:"domain"`
	Account     string `json:"account"`
	AccountName string `json:"account_name"`
	Users       []User `json:"users"`
}

// Info returns the base URL, the apps with their credentials, the
// advertised version's endpoints and the portals.
func (s *Server) Info() Info {
	app := s.DemoApp()
	base := s.BaseURL()
	v := apiVersion(s.opts.Version)
	info := Info{
		BaseURL: base, ClientID: app.ClientID, ClientSecret: app.ClientSecret,
		RedirectURLs: slices.Clone(app.RedirectURLs), Version: string(v),
		TokenURL: base + "/oauth/" + string(v) + "/token", RevokeURL: base + "/oauth/" + string(v) + "/token/revoke",
		DeveloperAPIKey: s.opts.DeveloperAPIKey,
	}
	if v == versionV1 {
		info.RevokeURL = base + "/oauth/v1/refresh-tokens/{token}"
	} else {
		info.IntrospectURL = base + "/oauth/" + string(v) + "/token/introspect"
	}
	for _, a := range s.Apps() {
		info.Apps = append(info.Apps, appInfo(a))
	}
	for _, p := range s.portals {
		info.Portals = append(info.Portals, PortalInfo{
			HubID: p.HubID, Domain: p.Domain, Account: p.Account.ID, AccountName: p.Account.Name,
			Users: append([]User(nil), p.Users...),
		})
	}
	return info
}

// Banner is the human text `hsoauth sandbox` prints at start: where it
// listens, every app with its credentials and scopes, and the portals to
// install into.
func (s *Server) Banner() string {
	info := s.Info()
	var b strings.Builder
	fmt.Fprintf(&b, "HubSpot OAuth sandbox listening on %s\n\n", orDash(info.BaseURL))
	for i, a := range info.Apps {
		from := "credentials are public, sandbox only"
		if i > 0 {
			from = orDefault(a.Source, "registered") + "; a sandbox-only secret"
		}
		fmt.Fprintf(&b, "App %q (%s)\n  client_id      %s\n  client_secret  %s\n  redirect URLs  %s\n",
			a.Name, from, a.ClientID, a.ClientSecret, strings.Join(a.RedirectURLs, "\n                 "))
		for _, l := range []struct {
			label string
			list  []string
		}{{"required", a.Required}, {"conditional", a.Conditional}, {"optional", a.Optional}} {
			if len(l.list) > 0 {
				fmt.Fprintf(&b, "  %-13s  %s\n", l.label, strings.Join(l.list, " "))
			}
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "Test portals (users: admin@DOMAIN is a Super Admin, viewer@DOMAIN cannot install):\n")
	for _, p := range info.Portals {
		fmt.Fprintf(&b, "  %d  %-36s %s\n", p.HubID, p.Account, p.Domain)
	}
	fmt.Fprintf(&b, "\nAuthorize: %s/oauth/authorize   Tokens (%s): %s (v1, v3, 2026-03 and 2026-09 all answer)\n",
		orDash(info.BaseURL), info.Version, orDash(info.TokenURL))
	fmt.Fprintf(&b, "Access tokens live %s; admin API under %s/_sandbox/\n", s.opts.AccessTTL, orDash(info.BaseURL))
	return b.String()
}

func orDash(s string) string {
	if s == "" {
		return "(not started)"
	}
	return s
}

// Consent plays the consent page from Go, for the TUI's "approve in
// terminal" and the CLI's --sandbox-consent: it runs the same checks as
// the HTML page on authorizeURL (any host; only path and query matter),
// picks portal hubID (0 = the one in a /oauth/{hubId}/authorize URL) and
// the user (email, "admin", "viewer", or "" for the Super Admin), and
// grants or denies. It returns the URL HubSpot would redirect to. Failures
// the page would show come back as *ConsentError; a denial without
// Options.DenyRedirect is a *ConsentError of kind ConsentDenied.
func (s *Server) Consent(authorizeURL string, hubID int, userEmail string, grant bool) (string, error) {
	elapsed := s.stopwatch()
	path := "(unparsable URL)"
	loc, summary, cerr := func() (string, string, *ConsentError) {
		u, err := url.Parse(authorizeURL)
		if err != nil {
			return "", "consent in Go refused: bad URL", consentErr(ConsentBadRequest, "The authorize URL could not be parsed.", "%v", err)
		}
		path = u.Path
		pathHubID, cerr := s.pathHub(authorizePathHub(u.Path))
		if cerr != nil {
			return "", "consent in Go refused: " + string(cerr.Kind), cerr
		}
		q := parseAuthorizeQuery(u.Query())
		app, cerr := s.validate(q)
		if cerr != nil {
			return "", "consent in Go refused: " + string(cerr.Kind), cerr
		}
		req := &authRequest{app: app, redirectURI: q.redirectURI, scope: q.scope, optional: q.optional,
			state: q.state, challenge: q.challenge, hubID: pathHubID, path: u.Path, created: s.clock.Now()}
		return s.decide(req, hubID, userEmail, grant)
	}()
	status := 302
	if cerr != nil {
		status = 400
		if cerr.Kind == ConsentDenied {
			status = 200
		}
	}
	s.events.add(Event{Time: s.clock.Now(), Method: "CONSENT", Path: maskPath(path), Endpoint: EndpointConsent,
		Status: status, Duration: elapsed(), Summary: "(in Go) " + summary})
	if cerr != nil {
		return "", cerr
	}
	return loc, nil
}

// authorizePathHub returns the {hubId} segment of /oauth/{hubId}/authorize,
// "" for /oauth/authorize, and a non-number for any other path so that
// pathHub reports it.
func authorizePathHub(p string) string {
	if p == "/oauth/authorize" || p == "" {
		return ""
	}
	mid, ok := strings.CutPrefix(p, "/oauth/")
	if ok {
		if id, ok2 := strings.CutSuffix(mid, "/authorize"); ok2 {
			if _, err := strconv.Atoi(id); err == nil {
				return id
			}
		}
	}
	return "not-an-authorize-path"
}
