package scopes

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// InstallURL is what an install (authorize) URL asks HubSpot for. The state parameter is deliberately
// not kept: it is a secret of the flow that produced the URL.
type InstallURL struct {
	Host        string
	HubID       string // the account of an account-specific URL (/oauth/{hubId}/authorize), else ""
	ClientID    string
	RedirectURI string
	Scope       []string // the scope parameter, in order
	Optional    []string // optional_scope
	// Commas names the parameters whose scopes were joined by commas: HubSpot reads "a,b" as one scope
	// it does not know, so such a URL fails however right its scopes are.
	Commas []string
}

// maxInstallURL bounds a pasted URL; real ones are a few kilobytes at most.
const maxInstallURL = 64 << 10

// ParseInstallURL decodes an install URL a user already has: https://app.hubspot.com/oauth/authorize
// (or another HubSpot app host such as app-eu1.hubspot.com), the account-specific
// /oauth/{hubId}/authorize, or /oauth/authorize on any other host (older guides, the sandbox). Scopes
// may be separated by %20, + or commas. The scheme may be left out.
func ParseInstallURL(raw string) (InstallURL, error) {
	raw = strings.TrimSpace(raw)
	if len(raw) > maxInstallURL {
		return InstallURL{}, fmt.Errorf("the URL is longer than %d KiB; paste only the install URL", maxInstallURL>>10)
	}
	if l := strings.ToLower(raw); !strings.HasPrefix(l, "https://") && !strings.HasPrefix(l, "http://") {
		raw = "https://" + raw // app.hubspot.com/oauth/authorize?… as copied from an address bar
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return InstallURL{}, errors.New("not a URL; want one like https://app.hubspot.com/oauth/authorize?client_id=…&scope=…")
	}
	hub, ok := authorizePath(u.Path)
	if !ok {
		return InstallURL{}, fmt.Errorf("%s is not an authorize path; want /oauth/authorize or /oauth/{hubId}/authorize", quoteShort(u.Path))
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return InstallURL{}, fmt.Errorf("the query string is malformed (%v); copy the whole URL again", err)
	}
	if _, has := q["scope"]; !has && q.Get("optional_scope") == "" {
		return InstallURL{}, errors.New("the URL has no scope parameter; HubSpot needs one (with oauth at least)")
	}
	return InstallURL{Host: u.Hostname(), HubID: hub, ClientID: q.Get("client_id"), RedirectURI: q.Get("redirect_uri"),
		Scope: scopeList(q["scope"]), Optional: scopeList(q["optional_scope"]), Commas: withCommas(q)}, nil
}

// authorizePath accepts /oauth/authorize and /oauth/{digits}/authorize (with a trailing slash or not).
func authorizePath(p string) (hubID string, ok bool) {
	rest, found := strings.CutPrefix(strings.TrimSuffix(p, "/"), "/oauth/")
	if !found {
		return "", false
	}
	if rest == "authorize" {
		return "", true
	}
	id, tail, _ := strings.Cut(rest, "/")
	if tail != "authorize" || id == "" || strings.Trim(id, "0123456789") != "" {
		return "", false
	}
	return id, true
}

// withCommas names the scope parameters that separate their scopes with commas.
func withCommas(q url.Values) []string {
	var out []string
	for _, p := range []string{"scope", "optional_scope"} {
		if slices.ContainsFunc(q[p], func(v string) bool { return strings.Contains(v, ",") }) {
			out = append(out, p)
		}
	}
	return out
}

// scopeList splits the values of one parameter on spaces and commas, dropping repeats.
func scopeList(values []string) []string {
	var out []string
	for _, v := range values {
		for _, s := range strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' }) {
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}

// Selection loads the URL into a selection: optional_scope is optional; scope is required, except the
// scopes app configures as conditionally required (pass nil when there is no app to compare with).
func (u InstallURL) Selection(app *AppAuth) Selection {
	var sel Selection
	for _, s := range u.Scope {
		if app != nil && app.Selection.Of(s) == ReqConditional {
			sel.ConditionallyRequired = append(sel.ConditionallyRequired, s)
		} else {
			sel.Required = append(sel.Required, s)
		}
	}
	sel.Optional = slices.Clone(u.Optional)
	return sel
}

// Lint rule ids of the install-URL comparison.
const (
	RuleURLMissingRequired = "url-missing-required"  // a required scope is not in scope
	RuleURLNotConfigured   = "url-not-configured"    // the URL asks for a scope the app does not configure
	RuleURLWrongList       = "url-wrong-list"        // a scope is in the other parameter than its list needs
	RuleURLNotRequested    = "url-not-requested"     // a configured optional or conditional scope is left out
	RuleURLMissingParam    = "url-missing-param"     // client_id or redirect_uri is absent
	RuleURLRedirect        = "url-redirect-mismatch" // redirect_uri is not one of the app's redirect URLs
	RuleURLCommas          = "url-comma-separated"   // scopes joined by commas, not spaces
)

// LintInstallURL compares an install URL with the app's configured scopes, the commonest cause of
// HubSpot's "provided scopes are insufficient" and "mismatch between the scopes" consent errors, and
// names each scope that is missing, extra or in the wrong parameter.
func LintInstallURL(u InstallURL, app AppAuth) []Finding {
	var fs []Finding
	cfg := app.Selection
	for _, s := range cfg.Required {
		switch {
		case slices.Contains(u.Optional, s):
			fs = append(fs, urlFinding(RuleURLWrongList, SevError, s,
				"%s is configured as required but the URL sends it in optional_scope; HubSpot answers \"the provided scopes are insufficient\".",
				"Move %s from optional_scope to scope."))
		case !slices.Contains(u.Scope, s):
			fs = append(fs, urlFinding(RuleURLMissingRequired, SevError, s,
				"%s is configured as required but missing from the URL's scope; HubSpot answers \"the provided scopes are insufficient\".",
				"Add %s to the scope parameter."))
		}
	}
	params := []struct {
		names        []string
		param        string
		wrong        Requirement
		message, fix string
	}{
		{u.Scope, "scope", ReqOptional,
			"%s is configured as optional but the URL sends it in scope; HubSpot reports a mismatch between the URL and the app's scopes.",
			"Move %s to optional_scope, or make it required or conditionally required in the app."},
		{u.Optional, "optional_scope", ReqConditional,
			"%s is configured as conditionally required but the URL sends it in optional_scope; HubSpot reports a mismatch.",
			"Move %s to the scope parameter, or leave it out of this URL."},
	}
	for _, p := range params {
		for _, s := range p.names {
			switch cfg.Of(s) {
			case ReqNone:
				if s == "oauth" && p.param == "scope" {
					continue // every app has oauth, whether or not app-hsmeta.json lists it
				}
				fs = append(fs, notConfigured(s, p.param))
			case p.wrong:
				fs = append(fs, urlFinding(RuleURLWrongList, SevError, s, p.message, p.fix))
			}
		}
	}
	return append(fs, notRequested(u, cfg)...)
}

func urlFinding(rule string, sev Severity, scope, msg, fix string) Finding {
	return Finding{Rule: rule, Severity: sev, Scopes: []string{scope}, Message: fmt.Sprintf(msg, scope), Fix: fmt.Sprintf(fix, scope)}
}

func notConfigured(s, param string) Finding {
	return Finding{Rule: RuleURLNotConfigured, Severity: SevError, Scopes: []string{s},
		Message: fmt.Sprintf("%s is in the URL's %s but the app does not configure it; HubSpot reports a mismatch between the URL and the app's scopes.", s, param),
		Fix:     fmt.Sprintf("Remove %s from the URL, or add it to the app's scopes (app-hsmeta.json, then upload the project).", s)}
}

// notRequested notes configured optional and conditional scopes this URL leaves out: allowed, but the
// token will not carry them.
func notRequested(u InstallURL, cfg Selection) []Finding {
	var fs []Finding
	for _, s := range append(slices.Clone(cfg.ConditionallyRequired), cfg.Optional...) {
		if !slices.Contains(u.Scope, s) && !slices.Contains(u.Optional, s) {
			fs = append(fs, Finding{Rule: RuleURLNotRequested, Severity: SevInfo, Scopes: []string{s},
				Message: fmt.Sprintf("%s is configured as %s but this URL does not ask for it; the token will not carry it.", s, cfg.Of(s)),
				Fix:     "Nothing to fix if that is deliberate (one URL per tier, for example)."})
		}
	}
	return fs
}

// LintInstall loads an install URL into a selection and lints it: the catalog's rules (with the account
// when given) and, with the app's configured scopes, the URL-against-app comparison.
func (c *Catalog) LintInstall(u InstallURL, app *AppAuth, account *Account) (Selection, []Finding) {
	sel := u.Selection(app)
	fs := append(c.Lint(sel, account), u.lintParams(app)...)
	if app != nil {
		fs = append(fs, LintInstallURL(u, *app)...)
	}
	sortFindings(fs)
	return sel, fs
}

// lintParams checks the parameters besides the scopes that HubSpot's authorize page insists on.
func (u InstallURL) lintParams(app *AppAuth) []Finding {
	var fs []Finding
	for _, p := range u.Commas {
		fs = append(fs, Finding{Rule: RuleURLCommas, Severity: SevError,
			Message: fmt.Sprintf("The URL's %s joins its scopes with commas; HubSpot separates scopes with spaces and reads the whole list as one unknown scope.", p),
			Fix:     fmt.Sprintf("Join the scopes of %s with %%20 (a space), e.g. scope=oauth%%20crm.objects.contacts.read.", p)})
	}
	for _, p := range []struct{ name, value string }{{"client_id", u.ClientID}, {"redirect_uri", u.RedirectURI}} {
		if p.value == "" {
			fs = append(fs, Finding{Rule: RuleURLMissingParam, Severity: SevError,
				Message: fmt.Sprintf("The URL has no %s; HubSpot's authorize page refuses it.", p.name),
				Fix:     fmt.Sprintf("Add %s from the app's Auth settings.", p.name)})
		}
	}
	if app != nil && len(app.RedirectURLs) > 0 && u.RedirectURI != "" && !slices.Contains(app.RedirectURLs, u.RedirectURI) {
		fs = append(fs, Finding{Rule: RuleURLRedirect, Severity: SevError,
			Message: fmt.Sprintf("redirect_uri %s is not one of the app's redirect URLs (%s); HubSpot shows an error instead of redirecting.",
				quoteShort(u.RedirectURI), strings.Join(app.RedirectURLs, ", ")),
			Fix: "Use one of the configured redirect URLs exactly, or add this one to the app's redirectUrls."})
	}
	return fs
}
