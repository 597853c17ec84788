package scopes

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Severity ranks lint findings: errors break the install, warnings surprise
// users later, info is advice.
type Severity int

// Severities, least severe first.
const (
	SevInfo Severity = iota
	SevWarning
	SevError
)

// String names the severity for tables and JSON.
func (s Severity) String() string {
	switch s {
	case SevWarning:
		return "warning"
	case SevError:
		return "error"
	}
	return "info"
}

// Lint rule ids. They are stable so that scripts and tests can match them.
const (
	RuleOAuthMissing         = "oauth-missing"
	RuleUnavailableRequired  = "unavailable-required"
	RuleDroppedOptional      = "dropped-optional"
	RuleUnknownScope         = "unknown-scope"
	RuleSensitive            = "sensitive-scope"
	RuleDeprecatedScope      = "deprecated-scope"
	RuleOldSpelling          = "old-spelling"
	RuleLegacyScope          = "legacy-scope"
	RuleFormsWithoutContacts = "forms-without-contacts"
	RuleDuplicate            = "duplicate"
	RuleDeveloperPortal      = "developer-portal"
	RuleEmpty                = "empty"
)

// Finding is one lint result: what is wrong, with which scopes, and what to
// do about it in plain words.
type Finding struct {
	Rule     string
	Severity Severity
	Scopes   []string
	Message  string
	Fix      string
}

// Lint checks a selection before it ever reaches HubSpot's consent page,
// where mistakes dead-end with vague errors. A nil account runs only the
// account-independent rules. Findings come sorted by severity (worst first),
// then rule, then scope.
func (c *Catalog) Lint(sel Selection, account *Account) []Finding {
	var fs []Finding
	if sel.Len() == 0 {
		fs = append(fs, Finding{Rule: RuleEmpty, Severity: SevInfo,
			Message: "No scopes are selected.",
			Fix:     "Pick the scopes your API calls need; HubSpot adds oauth to every app."})
	} else {
		fs = append(fs, lintOAuth(sel)...)
		fs = append(fs, lintDuplicates(sel)...)
		fs = append(fs, c.lintKnown(sel)...)
		fs = append(fs, c.lintForms(sel)...)
	}
	if account != nil {
		fs = append(fs, c.lintAccount(sel, *account)...)
	}
	sortFindings(fs)
	return fs
}

// sortFindings orders findings worst first, then by rule, then by scope.
func sortFindings(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		if a.Severity != b.Severity {
			return cmp.Compare(b.Severity, a.Severity)
		}
		if a.Rule != b.Rule {
			return strings.Compare(a.Rule, b.Rule)
		}
		return slices.Compare(a.Scopes, b.Scopes)
	})
}

func lintOAuth(sel Selection) []Finding {
	r := sel.Of("oauth")
	if r == ReqRequired {
		return nil
	}
	f := Finding{Rule: RuleOAuthMissing, Severity: SevWarning, Scopes: []string{"oauth"},
		Message: "oauth is not in the required scopes. HubSpot adds it to every app, but install URLs without it have failed.",
		Fix:     "Add oauth to the required scopes."}
	if r != ReqNone {
		f.Message = fmt.Sprintf("oauth is listed as %s; it belongs in the required scopes (the `scope` parameter).", r)
		f.Fix = "Move oauth to the required scopes."
	}
	return []Finding{f}
}

func lintDuplicates(sel Selection) []Finding {
	lists := map[string][]Requirement{}
	var order []string
	for _, e := range sel.entries() {
		if _, seen := lists[e.name]; !seen {
			order = append(order, e.name)
		}
		if !slices.Contains(lists[e.name], e.req) {
			lists[e.name] = append(lists[e.name], e.req)
		}
	}
	var fs []Finding
	for _, n := range order {
		reqs := lists[n]
		if len(reqs) < 2 {
			continue
		}
		words := make([]string, len(reqs))
		for i, r := range reqs {
			words[i] = r.String()
		}
		fs = append(fs, Finding{Rule: RuleDuplicate, Severity: SevError, Scopes: []string{n},
			Message: fmt.Sprintf("%s is listed as %s; HubSpot rejects a scope configured or sent in more than one way.",
				n, joinWords(words, "and")),
			Fix: fmt.Sprintf("Keep %s in one list only.", n)})
	}
	return fs
}

// lintKnown flags unknown and legacy scopes, once per name.
func (c *Catalog) lintKnown(sel Selection) []Finding {
	var fs []Finding
	seen := map[string]bool{}
	for _, e := range sel.entries() {
		if seen[e.name] {
			continue
		}
		seen[e.name] = true
		s, ok := c.Lookup(e.name)
		switch {
		case !ok:
			fs = append(fs, c.unknownFinding(e.name))
		case s.Deprecated:
			fs = append(fs, c.deprecatedFinding(e.name, s))
		case s.Legacy:
			fs = append(fs, c.legacyFinding(e.name, s))
		}
		if ok && !strings.EqualFold(s.Name, e.name) {
			fs = append(fs, Finding{Rule: RuleOldSpelling, Severity: SevInfo, Scopes: []string{e.name},
				Message: fmt.Sprintf("%s is an older spelling of %s; hsoauth reads it as %s.", e.name, s.Name, s.Name),
				Fix:     fmt.Sprintf("Write %s, the spelling HubSpot's current documentation uses.", s.Name)})
		}
	}
	return fs
}

func (c *Catalog) unknownFinding(name string) Finding {
	f := Finding{Rule: RuleUnknownScope, Severity: SevError, Scopes: []string{name},
		Message: fmt.Sprintf("%s is not a HubSpot scope; HubSpot rejects install URLs that carry it.", quoteShort(name)),
		Fix:     "Remove it, or check the spelling in the scope catalog."}
	if sugg := c.Suggest(name, 3); len(sugg) > 0 {
		f.Fix = "Did you mean " + joinWords(sugg, "or") + "?"
	}
	return f
}

// legacyFinding warns about a legacy scope, saying only what a source says
// about it (the catalog's legacy_note) and naming replacements only where a
// source gives them.
func (c *Catalog) legacyFinding(name string, s Scope) Finding {
	what := "a legacy scope"
	if s.LegacyNote != "" {
		what += " (" + strings.TrimSuffix(s.LegacyNote, ".") + ")"
	}
	fix := "Check that the endpoints you call still accept it, and prefer the granular scopes they list."
	if modern := c.replacements(s); len(modern) > 0 {
		fix = "The same endpoints also accept " + joinWords(modern, "and") + "; prefer those."
	}
	return Finding{Rule: RuleLegacyScope, Severity: SevWarning, Scopes: []string{name},
		Message: fmt.Sprintf("%s is %s.", name, what), Fix: fix}
}

// deprecatedFinding reports a deprecated scope: an error once HubSpot has
// removed it (installs fail), a warning while it is only being retired.
func (c *Catalog) deprecatedFinding(name string, s Scope) Finding {
	msg := fmt.Sprintf("%s is deprecated", name)
	if s.DeprecatedSince != "" {
		msg += " since " + s.DeprecatedSince
	}
	if s.LegacyNote != "" {
		msg += ": " + s.LegacyNote
	} else {
		msg += "."
	}
	fix := "Remove it and request the granular scopes of the APIs you call."
	if modern := c.replacements(s); len(modern) > 0 {
		fix = "Replace it with the scopes your calls need among " + joinWords(modern, "and") + "."
	}
	sev := SevWarning
	if s.Removed() {
		sev = SevError
	}
	return Finding{Rule: RuleDeprecatedScope, Severity: sev, Scopes: []string{name}, Message: msg, Fix: fix}
}

// replacements lists the catalog's current scopes among those a source names
// in place of s.
func (c *Catalog) replacements(s Scope) []string {
	var out []string
	for _, r := range s.Replacements {
		if m, ok := c.Lookup(r); ok && !m.Legacy && !m.Deprecated {
			out = append(out, m.Name)
		}
	}
	return out
}

// contactsCompanions are the scopes that give the Forms API the contacts
// access it needs: the plain read or write scope, not a sensitive one.
var contactsCompanions = []string{"crm.objects.contacts.read", "crm.objects.contacts.write"}

// lintForms warns when forms lacks a contacts scope at least as firmly
// requested as forms itself: a required forms with contacts only optional
// breaks on accounts that drop the optional scope.
func (c *Catalog) lintForms(sel Selection) []Finding {
	formsReq, best := ReqNone, ReqNone
	for _, e := range sel.entries() {
		if e.name == "forms" {
			formsReq = strongerReq(formsReq, e.req)
		}
		if slices.Contains(contactsCompanions, e.name) {
			best = strongerReq(best, e.req)
		}
	}
	if formsReq == ReqNone || best != ReqNone && reqStrength(best) >= reqStrength(formsReq) {
		return nil
	}
	msg := "forms is selected without contacts access; HubSpot's Forms API also needs a contacts scope."
	if best != ReqNone {
		msg = fmt.Sprintf("forms is %s but its contacts scope is only %s; on an account that drops it the Forms API calls fail.", formsReq, best)
	}
	return []Finding{{Rule: RuleFormsWithoutContacts, Severity: SevWarning, Scopes: []string{"forms"},
		Message: msg,
		Fix:     "Add crm.objects.contacts.read (and .write if the app creates contacts) with the same requirement as forms."}}
}

// reqStrength orders requirements: required > conditionally required > optional.
func reqStrength(r Requirement) int {
	switch r {
	case ReqRequired:
		return 3
	case ReqConditional:
		return 2
	case ReqOptional:
		return 1
	}
	return 0
}

func strongerReq(a, b Requirement) Requirement {
	if reqStrength(b) > reqStrength(a) {
		return b
	}
	return a
}

// CountFindings counts the errors and the warnings among fs, for a verdict line.
func CountFindings(fs []Finding) (errs, warns int) {
	for _, f := range fs {
		switch f.Severity {
		case SevError:
			errs++
		case SevWarning:
			warns++
		}
	}
	return errs, warns
}
