package sandbox

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/hsoauth/hsoauth/redact"
)

// ConsentErrorKind names a failure HubSpot shows on its own consent page,
// where the app never hears about it (no redirect).
type ConsentErrorKind string

// The consent-page failures, in HubSpot's terms.
const (
	ConsentUnknownClient      ConsentErrorKind = "unknown_client"
	ConsentRedirectMismatch   ConsentErrorKind = "redirect_mismatch"
	ConsentInsufficientScopes ConsentErrorKind = "insufficient_scopes"
	ConsentScopeMismatch      ConsentErrorKind = "scope_mismatch"
	ConsentAccountLacksScope  ConsentErrorKind = "account_lacks_scope"
	ConsentUserNotAllowed     ConsentErrorKind = "user_not_allowed"
	ConsentDeveloperPortal    ConsentErrorKind = "developer_portal"
	ConsentBadRequest         ConsentErrorKind = "bad_request"
	// ConsentDenied is not a HubSpot error: the user clicked Deny and, as
	// on HubSpot, nothing is sent to the app.
	ConsentDenied ConsentErrorKind = "denied"
)

// ConsentError is a consent-page failure. Message is what HubSpot's page
// says; Detail is the sandbox's teaching note on the cause. Both are safe
// to print: outside input in them is stripped of control characters.
type ConsentError struct {
	Kind    ConsentErrorKind
	Message string
	Detail  string
}

func (e *ConsentError) Error() string {
	if e.Detail == "" {
		return e.Message
	}
	return e.Message + " (" + e.Detail + ")"
}

// HubSpot's wording, from its knowledge base where it is published.
const (
	msgInsufficient = "Couldn't complete the connection: Authorization failed because the provided scopes are insufficient. Please contact the app developer."
	msgMismatch     = "Couldn't complete the connection: Authorization failed because there is a mismatch between the scopes in the install URL and the app's configured scopes. Please contact the app developer."
	msgUnknownApp   = "Couldn't complete the connection: this app's client ID is missing or unknown. Please contact the app developer."
	msgAccountLacks = "Couldn't complete the connection: this account doesn't have access to the scopes this app requires."
	msgUserRole     = "Uh oh! You do not have the correct role to grant these permissions. Please contact your administrator."
	msgDeveloper    = "Apps can't be installed in developer accounts. Use a test account to install and test your app."
)

func consentErr(kind ConsentErrorKind, msg, detail string, args ...any) *ConsentError {
	return &ConsentError{Kind: kind, Message: msg, Detail: redact.Cut(fmt.Sprintf(detail, args...), 400)}
}

// authorizeQuery is the syntax of an authorize URL's query, before any
// check against an app.
type authorizeQuery struct {
	clientID, redirectURI, state string
	challenge, challengeMethod   string
	scope, optional              []string
}

// parseAuthorizeQuery reads the parameters HubSpot documents, plus PKCE.
// Scopes are space separated (HubSpot's encoding, %20 or +); duplicates
// collapse; response_type and access_type are ignored as HubSpot does.
func parseAuthorizeQuery(q url.Values) authorizeQuery {
	return authorizeQuery{
		clientID: q.Get("client_id"), redirectURI: q.Get("redirect_uri"), state: q.Get("state"),
		challenge: q.Get("code_challenge"), challengeMethod: q.Get("code_challenge_method"),
		scope: splitScopes(q.Get("scope")), optional: splitScopes(q.Get("optional_scope")),
	}
}

// splitScopes splits on whitespace and drops duplicates, keeping order.
func splitScopes(s string) []string {
	var out []string
	for _, f := range strings.Fields(s) {
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

// validate applies HubSpot's install-URL rules for app-level problems, in
// the order a user would meet them: unknown app, redirect URL, PKCE, then
// the scope lists (insufficient before mismatch).
func (s *Server) validate(q authorizeQuery) (*App, *ConsentError) {
	app, ok := s.app(q.clientID)
	if !ok {
		return nil, consentErr(ConsentUnknownClient, msgUnknownApp, "client_id %q is not an app of this sandbox", q.clientID)
	}
	if !slices.Contains(app.RedirectURLs, q.redirectURI) {
		msg := redact.Cut(fmt.Sprintf("Authorization failed as the redirect URL '%s' doesn't match the app's registered redirect URL", q.redirectURI), 400)
		detail := "registered: " + strings.Join(app.RedirectURLs, ", ")
		if why := redirectProblem(q.redirectURI); why != "" {
			detail = why + "; " + detail
		}
		return nil, consentErr(ConsentRedirectMismatch, msg, "%s", detail)
	}
	if err := checkPKCE(app, q); err != nil {
		return nil, err
	}
	if err := s.checkScopes(app, q.scope, q.optional); err != nil {
		return nil, err
	}
	return app, nil
}

// checkPKCE accepts an S256 challenge and refuses the rest.
func checkPKCE(app *App, q authorizeQuery) *ConsentError {
	if q.challenge == "" {
		if app.PKCERequired {
			return consentErr(ConsentBadRequest, "Couldn't complete the connection: this app requires PKCE.", "add code_challenge and code_challenge_method=S256")
		}
		return nil
	}
	if q.challengeMethod != "S256" {
		return consentErr(ConsentBadRequest, "Couldn't complete the connection: unsupported code_challenge_method.", "only S256 is supported, got %q", q.challengeMethod)
	}
	if n := len(q.challenge); n < 43 || n > 128 {
		return consentErr(ConsentBadRequest, "Couldn't complete the connection: invalid code_challenge.", "an S256 challenge is 43 base64url characters")
	}
	return nil
}

// checkScopes implements the three-list rules of hubspot-oauth.md §7:
// every required scope in `scope`; every scope configured; required and
// conditionally required only in `scope`; optional only in optional_scope.
func (s *Server) checkScopes(app *App, scope, optional []string) *ConsentError {
	in := func(list []string, name string) bool {
		return slices.ContainsFunc(list, func(x string) bool { return s.sameScope(x, name) })
	}
	for _, req := range app.Required {
		if !in(scope, req) {
			return consentErr(ConsentInsufficientScopes, msgInsufficient, "required scope %s is missing from the scope parameter", req)
		}
	}
	for _, name := range scope {
		if !in(app.Required, name) && !in(app.Conditional, name) {
			why := "is not configured on the app"
			if in(app.Optional, name) {
				why = "is configured as optional but was sent in scope"
			}
			return consentErr(ConsentScopeMismatch, msgMismatch, "%s %s", name, why)
		}
	}
	for _, name := range optional {
		if !in(app.Optional, name) {
			why := "is not configured on the app"
			if in(app.Required, name) || in(app.Conditional, name) {
				why = "is required or conditionally required but was sent in optional_scope"
			}
			return consentErr(ConsentScopeMismatch, msgMismatch, "%s %s", name, why)
		}
	}
	return nil
}

// sameScope compares scope names through the catalog, so that a .v2
// spelling and its plain alias count as the same scope.
func (s *Server) sameScope(a, b string) bool {
	if a == b {
		return true
	}
	sa, oka := s.catalog.Lookup(a)
	sb, okb := s.catalog.Lookup(b)
	return oka && okb && sa.Name == sb.Name
}
