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
		if !ok || seen[e.name] || s.Removed() { // unknown and removed scopes are reported once, by lintKnown
			continue
		}
		seen[e.name] = true
		v := s.AvailableOn(a)
		switch {
		case !v.OK && e.req == ReqOptional:
			dropped = append(dropped, e.name)
		case !v.OK:
			fs = append(fs, unavailableFinding(e, s, a, v))
		case s.IsSensitive():
			// One cause, one finding: an account that cannot grant the scope got the
			// error above; one that can still needs a Super Admin and allow-listing.
			fs = append(fs, sensitiveFinding(e))
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

// sensitiveFinding tells what a sensitive scope needs beyond the account's
// Enterprise hub, which the availability rule already checked.
func sensitiveFinding(e selEntry) Finding {
	return Finding{Rule: RuleSensitive, Severity: SevWarning, Scopes: []string{e.name},
		Message: fmt.Sprintf("%s is a sensitive-data scope: the account must have sensitive data switched on and a Super Admin must install the app.",
			e.name),
		Fix: "For a public (marketplace) app, ask HubSpot to allow-list it for sensitive data before users install it; a private app needs no allow-listing."}
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
	Failing  []string // the scopes behind Failures, in the same order
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
			g.Failing = append(g.Failing, name)
		case s.Removed():
			g.Failures = append(g.Failures, fmt.Sprintf("HubSpot removed %s on %s; no account can grant it.", s.Name, s.DeprecatedSince))
			g.Failing = append(g.Failing, name)
		case !s.AvailableOn(a).OK:
			g.Failures = append(g.Failures, fmt.Sprintf("%s is needed for %s; this account has %s.",
				s.Availability.String(), name, a.Summary()))
			g.Failing = append(g.Failing, name)
		default:
			granted = append(granted, s.Name)
		}
	}
	for _, name := range splitNames(optionalScope) {
		if s, ok := c.Lookup(name); ok && !s.Removed() && s.AvailableOn(a).OK {
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

// GrantChange is what moving an install from one account to another does to
// the outcome: scopes gained or lost, or an install that starts or stops
// failing. Account pickers show it beside every choice.
type GrantChange struct {
	Gained, Lost []string // granted scopes that appear or disappear
	Breaks       bool     // installs before, fails after
	Fixes        bool     // fails before, installs after
	StillFails   bool
	Failing      []string // the scopes that fail after the change
	Unblocked    []string // with StillFails: scopes that failed before and no longer do
	Blocked      []string // with StillFails: scopes that fail now and did not before
}

// CompareGrants reports what changes from before to after.
func CompareGrants(before, after Grant) GrantChange {
	ch := GrantChange{Failing: after.Failing}
	switch {
	case before.Fails && after.Fails:
		ch.StillFails = true
		ch.Unblocked = setMinus(before.Failing, after.Failing)
		ch.Blocked = setMinus(after.Failing, before.Failing)
	case after.Fails:
		ch.Breaks = true
	case before.Fails:
		ch.Fixes = true
		ch.Gained = after.Granted
	default:
		ch.Gained = setMinus(after.Granted, before.Granted)
		ch.Lost = setMinus(before.Granted, after.Granted)
	}
	return ch
}

// String says the change in a few words: "fails: automation", "+hubdb -forms",
// "installs", "no change".
func (ch GrantChange) String() string {
	why := ": no app installs on this account"
	if len(ch.Failing) > 0 {
		why = ": " + strings.Join(ch.Failing, ", ")
	}
	switch {
	case ch.Breaks:
		return "fails" + why
	case ch.StillFails:
		return ch.stillFailing()
	}
	var parts []string
	if ch.Fixes {
		parts = append(parts, "installs")
	} else {
		for _, n := range ch.Gained {
			parts = append(parts, "+"+n)
		}
	}
	for _, n := range ch.Lost {
		parts = append(parts, "-"+n)
	}
	if len(parts) == 0 {
		return "no change"
	}
	return strings.Join(parts, " ")
}

// stillFailing words a change between two failing installs: what it
// unblocks or blocks, or "no change".
func (ch GrantChange) stillFailing() string {
	if len(ch.Failing) == 0 { // a developer account: nothing installs there
		return "fails whatever the scopes"
	}
	var parts []string
	if len(ch.Unblocked) > 0 {
		parts = append(parts, "fixes "+strings.Join(ch.Unblocked, ", "))
	}
	if len(ch.Blocked) > 0 {
		parts = append(parts, "also fails "+strings.Join(ch.Blocked, ", "))
	}
	if len(parts) == 0 {
		return "no change"
	}
	return strings.Join(parts, "; ") + "; still fails"
}

// setMinus lists the items of a that are not in b, in a's order.
func setMinus(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}
