package scopes

import (
	"fmt"
	"slices"
	"strings"
)

// lintAccount runs the rules that depend on the target account.
func (c *Catalog) lintAccount(sel Selection, a Account) []Finding {
	if a.Kind == KindDeveloper {
		return []Finding{{Rule: RuleDeveloperPortal, Severity: SevError,
			Message: developerReason + "; no scope can be granted on " + a.Name + ".",
			Fix:     "Install on a test portal (create one from your developer account) or a real customer account."}}
	}
	var fs []Finding
	var dropped []string
	seen := map[string]bool{}
	for _, e := range sel.entries() {
		s, ok := c.Lookup(e.name)
		if !ok || seen[e.name] {
			continue
		}
		seen[e.name] = true
		v := s.AvailableOn(a)
		if !v.OK {
			if e.req == ReqOptional {
				dropped = append(dropped, e.name)
			} else {
				fs = append(fs, unavailableFinding(e, s, a, v))
			}
		}
		if s.IsSensitive() && !(a.IsEnterprise() && a.Has(AddOnSensitiveData)) {
			fs = append(fs, sensitiveFinding(e, a))
		}
	}
	if len(dropped) > 0 {
		them := "them"
		if len(dropped) == 1 {
			them = "it"
		}
		fs = append(fs, Finding{Rule: RuleDroppedOptional, Severity: SevWarning, Scopes: dropped,
			Message: fmt.Sprintf("%s on %s: HubSpot drops %s silently and the token will not carry %s.",
				pluralScopes(dropped, "optional"), a.Name, them, them),
			Fix: "Check the scopes in the token response and degrade gracefully, or target an account that has these products."})
	}
	return fs
}

func pluralScopes(names []string, adj string) string {
	if len(names) == 1 {
		return "The " + adj + " scope " + names[0] + " is not available"
	}
	return "The " + adj + " scopes " + joinWords(names, "and") + " are not available"
}

func unavailableFinding(e selEntry, s Scope, a Account, v Verdict) Finding {
	return Finding{Rule: RuleUnavailableRequired, Severity: SevError, Scopes: []string{e.name},
		Message: fmt.Sprintf("%s is %s but %s cannot grant it: %s. The install will fail on this account.",
			e.name, e.req, a.Name, v.Reason),
		Fix: fmt.Sprintf("Make %s optional if the app can work without it, or target %s.",
			e.name, s.Availability.phrase())}
}

func sensitiveFinding(e selEntry, a Account) Finding {
	sev := SevError
	if e.req == ReqOptional {
		sev = SevWarning
	}
	return Finding{Rule: RuleSensitive, Severity: sev, Scopes: []string{e.name},
		Message: fmt.Sprintf("%s is a sensitive-data scope: it needs an Enterprise account with the Sensitive Data add-on; this account has %s.",
			e.name, a.Summary()),
		Fix: "Target an Enterprise account with Sensitive Data switched on; a Super Admin must install the app."}
}

// Grant is the predicted outcome of installing an app on one account: what
// the token would carry, what HubSpot would silently drop, and whether the
// install fails outright.
type Grant struct {
	Account  Account
	Granted  []string // scopes the token would carry (includes oauth); empty when Fails
	Dropped  []string // optional scopes silently dropped
	Fails    bool     // install fails on this account
	Failures []string // why, in HubSpot-like words, one per failing scope
}

// Predict applies HubSpot's consent rules to an install URL's `scope` and
// `optional_scope` values on an account. Entries may hold several
// space-separated names, as the URL parameters do. Unknown scopes are never
// granted: in `scope` they fail the install, in `optional_scope` they drop.
func (c *Catalog) Predict(scope, optionalScope []string, a Account) Grant {
	g := Grant{Account: a}
	if a.Kind == KindDeveloper {
		g.Fails = true
		g.Failures = []string{developerReason + "."}
		return g
	}
	granted := []string{"oauth"}
	for _, name := range splitNames(scope) {
		s, ok := c.Lookup(name)
		switch {
		case !ok:
			g.Failures = append(g.Failures, fmt.Sprintf("%s is not a HubSpot scope.", quoteShort(name)))
		case !s.AvailableOn(a).OK:
			g.Failures = append(g.Failures, fmt.Sprintf("%s is needed for %s; this account has %s.",
				s.Availability.String(), name, a.Summary()))
		default:
			granted = append(granted, s.Name)
		}
	}
	for _, name := range splitNames(optionalScope) {
		if s, ok := c.Lookup(name); ok && s.AvailableOn(a).OK {
			granted = append(granted, s.Name)
		} else if !slices.Contains(granted, name) {
			g.Dropped = append(g.Dropped, name)
		}
	}
	g.Dropped = sortUnique(g.Dropped)
	if len(g.Failures) > 0 {
		g.Fails = true
		return g
	}
	g.Granted = sortUnique(granted)
	return g
}

// splitNames flattens URL-parameter values into single scope names.
func splitNames(values []string) []string {
	var out []string
	for _, v := range values {
		out = append(out, strings.Fields(v)...)
	}
	return out
}

func sortUnique(xs []string) []string {
	slices.Sort(xs)
	return slices.Compact(xs)
}
