package session

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/hsoauth/hsoauth/config"
	"github.com/hsoauth/hsoauth/redact"
	"github.com/hsoauth/hsoauth/scopes"
)

// Endpoint is one documented HubSpot operation with the scopes that grant it, from the embedded index.
type Endpoint = scopes.Endpoint

// Endpoints lists every documented operation, for the try-it pane's picker.
func Endpoints() []Endpoint { return scopes.Endpoints().All() }

// MatchEndpoints lists the documented operations whose template matches a call path, most specific first
// ("" matches every method).
func MatchEndpoints(method, path string) []Endpoint {
	ms := scopes.Endpoints().Match(method, path)
	out := make([]Endpoint, len(ms))
	for i, m := range ms {
		out[i] = m.Endpoint
	}
	return out
}

// ScopeCheck is the pre-flight verdict on one call: the documented operation it matches and whether the
// token's granted scopes satisfy it.
type ScopeCheck struct {
	Method string // the call's method, GET when none was given
	Path   string // the call's path without its query
	// Endpoint is the most specific documented operation the call matches; Known is false when none does.
	Endpoint Endpoint
	Known    bool
	Params   map[string]string // the values of the template's {params}
	OK       bool              // some alternative of Endpoint's scopes is granted whole
	// Unchecked is true when the token's granted scopes are not stored (an old record), so nothing can
	// be said either way.
	Unchecked bool
	// Missing lists, per alternative of Endpoint's scopes, what the token lacks, fewest first. Empty with
	// !OK means the spec names no scope for the operation, so the check cannot tell.
	Missing [][]string
	Nearest []Endpoint // for an unknown call, the closest documented operations
	Login   string     // the `hsoauth login` line that adds Missing[0] to what the token was asked for
}

// ScopeError is a call refused before sending because the token cannot have the scope it needs.
type ScopeError struct{ Check ScopeCheck }

// Error names the operation, the missing scopes and how to get them, on one line.
func (e *ScopeError) Error() string {
	c := e.Check
	return fmt.Sprintf("%s %s needs %s, which this token was not granted, so it was not sent; get it with: %s",
		c.Method, redact.Line(c.Path), c.MissingText(), c.Login)
}

// maxAlternatives bounds how many alternatives MissingText names: a generic template such as
// /crm/v3/objects/{objectType} has dozens.
const maxAlternatives = 4

// MissingText says which scopes are missing: "a" or "a and b", alternatives joined by "or", the fewest
// first and at most maxAlternatives of them.
func (c ScopeCheck) MissingText() string {
	alts := make([]string, 0, min(len(c.Missing), maxAlternatives+1))
	for i, m := range c.Missing {
		if i == maxAlternatives {
			alts = append(alts, fmt.Sprintf("one of %d other sets ('hsoauth scopes for %s %s' lists them)", len(c.Missing)-i, c.Method, c.Endpoint.Path))
			break
		}
		alts = append(alts, strings.Join(m, " and "))
	}
	return strings.Join(alts, ", or ")
}

// CheckScopes matches method and path against the endpoint index and compares the operation's scopes
// with rec's granted scopes. When several documented operations match equally well (the same template in
// more than one spec), any of them granting is enough. s may be nil (a screen with no session yet): the
// login line then names no profile.
func (s *Session) CheckScopes(method, path string, rec *config.TokenRecord) ScopeCheck {
	if method == "" {
		method = http.MethodGet
	}
	c := ScopeCheck{Method: method, Path: path}
	if i := strings.IndexByte(path, '?'); i >= 0 {
		c.Path = path[:i]
	}
	ix := scopes.Endpoints()
	matches := ix.Match(method, path)
	if len(matches) == 0 {
		c.Nearest = ix.Nearest(method, path, 3)
		return c
	}
	c.Known, c.Endpoint, c.Params = true, matches[0].Endpoint, matches[0].Params
	if len(rec.Scopes) == 0 {
		c.Unchecked = true
		return c
	}
	for _, m := range matches {
		if m.Endpoint.Path != c.Endpoint.Path {
			break
		}
		if ok, missing := m.Endpoint.Grants(rec.Scopes); ok {
			c.OK, c.Endpoint, c.Missing = true, m.Endpoint, nil
			return c
		} else if c.Missing == nil {
			c.Missing = missing
		}
	}
	if len(c.Missing) > 0 {
		c.Login = s.LoginLine(rec, c.Missing[0])
	}
	return c
}

// EndpointCheck is the scope check of one documented operation, with no call path to match and no login
// line: what a picker shows for the row under its cursor.
func EndpointCheck(ep Endpoint, rec *config.TokenRecord) ScopeCheck {
	c := ScopeCheck{Method: ep.Method, Path: ep.Path, Known: true, Endpoint: ep, Unchecked: len(rec.Scopes) == 0}
	if !c.Unchecked {
		c.OK, c.Missing = ep.Grants(rec.Scopes)
	}
	return c
}

// CheckCall is CheckScopes for a screen with no session yet: the login line names no profile.
func CheckCall(method, path string, rec *config.TokenRecord) ScopeCheck {
	var none *Session
	return none.CheckScopes(method, path, rec)
}

// refusal decides whether the check stops the call, noting in res what the user should know when it
// does not: an undocumented call, an operation with no OAuth scope, a forced send.
func (c ScopeCheck) refusal(force bool, res *APIResult) error {
	switch {
	case !c.Known:
		note := "this call is not in HubSpot's documented API, so its scopes are unknown; sending it anyway"
		if len(c.Nearest) > 0 {
			note += " (nearest documented: " + c.Nearest[0].Method + " " + c.Nearest[0].Path + ")"
		}
		res.Notes = append(res.Notes, note)
	case c.OK:
	case c.Unchecked:
		res.Notes = append(res.Notes, "this token's granted scopes are not stored, so the call was not checked against them ('hsoauth inspect' asks HubSpot); sending it")
	case len(c.Missing) == 0:
		res.Notes = append(res.Notes, c.Endpoint.Method+" "+c.Endpoint.Path+" names no scope in HubSpot's spec, so any token may do; sending it")
	case force:
		res.Notes = append(res.Notes, "the token lacks "+c.MissingText()+"; sent anyway (--force)")
	default:
		return &ScopeError{Check: c}
	}
	return nil
}

// LoginLine is the `hsoauth login` command that asks again for what rec was asked for, plus add, pinned to
// rec's portal: logging in replaces the token, so the scopes it already has must be asked for again.
func (s *Session) LoginLine(rec *config.TokenRecord, add []string) string {
	optional := rec.OptionalScopes
	var required []string
	for _, r := range rec.RequestedScopes {
		if !slices.Contains(optional, r) {
			required = append(required, r)
		}
	}
	if len(rec.RequestedScopes) == 0 {
		required = slices.Clone(rec.Scopes)
	}
	for _, a := range add {
		if !slices.Contains(required, a) {
			required = append(required, a)
		}
	}
	optional = slices.DeleteFunc(slices.Clone(optional), func(o string) bool { return slices.Contains(add, o) })
	parts := []string{"hsoauth login"}
	if s != nil && s.Config != nil && !s.IsSandbox() && s.Profile.Name != s.Config.DefaultProfile {
		parts = append(parts, "--profile "+s.Profile.Name)
	}
	if rec.HubID != 0 {
		parts = append(parts, "--hub-id "+strconv.Itoa(rec.HubID))
	}
	parts = append(parts, "--scope "+strings.Join(required, ","))
	if len(optional) > 0 {
		parts = append(parts, "--optional-scope "+strings.Join(optional, ","))
	}
	return strings.Join(parts, " ")
}
