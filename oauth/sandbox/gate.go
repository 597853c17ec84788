package sandbox

import (
	"fmt"
	"math"
	"net/http"
	"slices"
	"strings"

	"github.com/hsoauth/hsoauth/redact"
	"github.com/hsoauth/hsoauth/scopes"
)

// apiCall is an API request the gate let through: the operation it
// matched, the token's install and scopes, and the path's {params}.
type apiCall struct {
	ep     scopes.Endpoint
	params map[string]string
	tok    accessToken
}

// extraEndpoints are operations the sandbox serves that HubSpot's current
// OpenAPI specs (and so the endpoint index) no longer list: the legacy v1
// contact endpoints HubSpot's own samples still call (scopes as HubSpot's
// legacy docs give them) and the v3 association paths.
var extraEndpoints = func() []scopes.Endpoint {
	read := [][]string{{"crm.objects.contacts.read"}}
	write := [][]string{{"crm.objects.contacts.write"}}
	legacy := [][]string{{"contacts"}}
	ep := func(method, path string, sc [][]string) scopes.Endpoint {
		return scopes.Endpoint{API: "CRM/Contacts (legacy v1)", Version: "v1", Method: method, Path: path, Scopes: sc, Legacy: legacy}
	}
	// The v3 association paths HubSpot still serves beside v4; the object
	// types' own scopes gate them (see serveCRM).
	assoc := func(method, path string) scopes.Endpoint {
		return scopes.Endpoint{API: v3AssociationsAPI, Version: "v3", Method: method, Path: path}
	}
	return []scopes.Endpoint{
		assoc("GET", "/crm/v3/objects/{objectType}/{objectId}/associations/{toObjectType}"),
		assoc("PUT", "/crm/v3/objects/{objectType}/{objectId}/associations/{toObjectType}/{toObjectId}/{associationType}"),
		assoc("DELETE", "/crm/v3/objects/{objectType}/{objectId}/associations/{toObjectType}/{toObjectId}/{associationType}"),
		ep("GET", "/contacts/v1/lists/all/contacts/all", read),
		ep("GET", "/contacts/v1/lists/recently_updated/contacts/recent", read),
		ep("GET", "/contacts/v1/contact/vid/{vid}/profile", read),
		ep("GET", "/contacts/v1/contact/email/{email}/profile", read),
		ep("GET", "/contacts/v1/search/query", read),
		ep("POST", "/contacts/v1/contact", write),
		ep("POST", "/contacts/v1/contact/vid/{vid}/profile", write),
		ep("DELETE", "/contacts/v1/contact/vid/{vid}", write),
	}
}()

// v3AssociationsAPI names the extra v3 association operations.
const v3AssociationsAPI = "CRM/Associations (v3 object paths)"

// lookupAPI finds the operation a request names: the index first, then
// the sandbox's extra endpoints (GET's for a HEAD). It also returns the
// methods the path accepts, for a 405.
func lookupAPI(method, path string) (scopes.EndpointMatch, bool, []string) {
	if method == http.MethodHead {
		method = http.MethodGet // HEAD is GET without the body, which net/http drops
	}
	if m := scopes.Endpoints().Match(method, path); len(m) > 0 {
		return m[0], true, nil
	}
	var allowed []string
	for _, ep := range extraEndpoints {
		if p, ok := matchTemplate(ep.Path, path); ok {
			if ep.Method == method {
				return scopes.EndpointMatch{Endpoint: ep, Params: p}, true, nil
			}
			allowed = append(allowed, ep.Method)
		}
	}
	for _, m := range scopes.Endpoints().Match("", path) {
		if !slices.Contains(allowed, m.Endpoint.Method) {
			allowed = append(allowed, m.Endpoint.Method)
		}
	}
	return scopes.EndpointMatch{}, false, allowed
}

// matchTemplate matches a path against a template with {params}.
func matchTemplate(tpl, path string) (map[string]string, bool) {
	ts := strings.Split(strings.Trim(tpl, "/"), "/")
	ps := strings.Split(strings.Trim(path, "/"), "/")
	if len(ts) != len(ps) {
		return nil, false
	}
	params := map[string]string{}
	for i, t := range ts {
		if strings.HasPrefix(t, "{") && strings.HasSuffix(t, "}") && ps[i] != "" {
			params[t[1:len(t)-1]] = ps[i]
		} else if t != ps[i] {
			return nil, false
		}
	}
	return params, true
}

// handleAPI serves every API path that has no route of its own: it finds
// the operation in the endpoint index, answers 404/405 in HubSpot's JSON
// shape when there is none, checks the token and the operation's scopes
// as HubSpot's gateway does, and then answers with sample data.
func (s *Server) handleAPI(w http.ResponseWriter, r *http.Request) string {
	// As on every HubSpot API answer; from the server's source, so a seeded (test-mode) run repeats it.
	w.Header().Set("X-HubSpot-Correlation-Id", newUUIDFrom(s.random))
	m, ok, allowed := lookupAPI(r.Method, r.URL.Path)
	if !ok {
		return notRouted(w, r, allowed)
	}
	tok, why := s.authorizeToken(w, r)
	if tok == nil {
		return why
	}
	if !s.rateHeaders(w, r, tok) {
		return "API call refused: 429, rate limit (" + w.Header().Get("Retry-After") + "s to wait)"
	}
	if why := s.gateScopes(w, m.Endpoint, tok.scopes); why != "" {
		return why
	}
	return s.serveAPI(w, r, apiCall{ep: m.Endpoint, params: m.Params, tok: *tok})
}

// notRouted answers a path no operation has (404) or a method the path
// does not take (405, with Allow), in HubSpot's error shape.
func notRouted(w http.ResponseWriter, r *http.Request, allowed []string) string {
	path := redact.Cut(r.URL.Path, 200)
	if len(allowed) > 0 {
		slices.Sort(allowed)
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		apiError(w, http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED",
			fmt.Sprintf("%s is not supported on %s; allowed: %s", r.Method, path, strings.Join(allowed, ", ")), nil)
		return fmt.Sprintf("%s %s refused: 405, allowed %s", r.Method, path, strings.Join(allowed, ", "))
	}
	apiError(w, http.StatusNotFound, "OBJECT_NOT_FOUND",
		fmt.Sprintf("No operation is documented for %s %s.", r.Method, path), nil)
	return fmt.Sprintf("%s %s: 404, no such operation", r.Method, path)
}

// authorizeToken checks the bearer token the way HubSpot's gateway does:
// 401 INVALID_AUTHENTICATION for a missing, unknown or revoked token,
// EXPIRED_AUTHENTICATION for an expired one. On failure it has written the
// response and returns nil. The copy returned is safe to read unlocked.
func (s *Server) authorizeToken(w http.ResponseWriter, r *http.Request) (*accessToken, string) {
	h := r.Header.Get("Authorization")
	ok := len(h) > 7 && strings.EqualFold(h[:7], "Bearer ")
	token := ""
	if ok {
		token = strings.TrimSpace(h[7:])
	}
	if token == "" {
		apiError(w, http.StatusUnauthorized, "INVALID_AUTHENTICATION",
			"Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview", nil)
		return nil, "API call refused: 401, no bearer token"
	}
	now := s.clock.Now()
	s.st.mu.Lock()
	at, found := s.st.accessLocked(token)
	var snapshot accessToken
	if found {
		snapshot = *at
	}
	s.st.mu.Unlock()
	if !found {
		apiError(w, http.StatusUnauthorized, "INVALID_AUTHENTICATION",
			"The OAuth token used to make this call is invalid or has been revoked.", nil)
		return nil, "API call refused: 401, token unknown or revoked"
	}
	if !now.Before(snapshot.expires) {
		mins := int(math.Ceil(now.Sub(snapshot.expires).Minutes()))
		apiError(w, http.StatusUnauthorized, "EXPIRED_AUTHENTICATION",
			fmt.Sprintf("The OAuth token used to make this call expired %d minute(s) ago.", mins), nil)
		return nil, fmt.Sprintf("API call refused: 401, token expired %d minute(s) ago", mins)
	}
	return &snapshot, ""
}

// gateScopes answers 403 MISSING_SCOPES when no alternative of the
// operation's scopes is granted whole, listing what would grant it. An
// operation documenting no scope needs only a valid token.
func (s *Server) gateScopes(w http.ResponseWriter, ep scopes.Endpoint, granted []string) string {
	if !ep.HasScopes() {
		return ""
	}
	ok, _ := ep.Grants(s.withAliases(granted))
	if ok {
		return ""
	}
	missingScopes(w, append(slices.Clone(ep.Scopes), ep.Legacy...))
	return fmt.Sprintf("API call refused: 403, %s %s needs %s", ep.Method, ep.Path, alternativesText(ep))
}

// missingScopes writes HubSpot's 403: one error listing the single scopes
// any of which grants the call, and one per set that must be granted whole.
func missingScopes(w http.ResponseWriter, alts [][]string) {
	var anyOf []string
	var errs []map[string]any
	for _, alt := range alts {
		if len(alt) == 1 {
			if !slices.Contains(anyOf, alt[0]) {
				anyOf = append(anyOf, alt[0])
			}
			continue
		}
		errs = append(errs, map[string]any{"message": "All of the following scopes are required.",
			"context": map[string][]string{"requiredGranularScopes": alt}})
	}
	if len(anyOf) > 0 {
		errs = append([]map[string]any{{"message": "One or more of the following scopes are required.",
			"context": map[string][]string{"requiredGranularScopes": anyOf}}}, errs...)
	}
	apiError(w, http.StatusForbidden, "MISSING_SCOPES",
		"This app hasn't been granted all required scopes to make this call.", map[string]any{"errors": errs})
}

// alternativesText spells an operation's scope alternatives for the log.
func alternativesText(ep scopes.Endpoint) string {
	var parts []string
	for _, alt := range append(slices.Clone(ep.Scopes), ep.Legacy...) {
		parts = append(parts, strings.Join(alt, "+"))
	}
	if len(parts) > 4 {
		parts = append(parts[:4], fmt.Sprintf("%d more", len(parts)-4))
	}
	return strings.Join(parts, " or ")
}

// withAliases adds every other spelling of each granted scope, so a token
// granted crm.objects.contacts.sensitive.read passes an operation that
// names the .v2 spelling, as on HubSpot.
func (s *Server) withAliases(granted []string) []string {
	out := slices.Clone(granted)
	for _, g := range granted {
		if sc, ok := s.catalog.Lookup(g); ok {
			out = append(out, sc.Name)
			out = append(out, sc.Aliases...)
		}
		if base, ok := strings.CutSuffix(g, ".v2"); ok {
			out = append(out, base)
		} else {
			out = append(out, g+".v2")
		}
	}
	return out
}
