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
	RuleSensitive            = "sensitive-non-enterprise"
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
		case s.Legacy || s.Deprecated:
			fs = append(fs, c.legacyFinding(e.name, s))
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

func (c *Catalog) legacyFinding(name string, s Scope) Finding {
	what := "a legacy scope; new apps can no longer request it"
	if s.Deprecated {
		what = "deprecated; HubSpot is retiring it"
	}
	modern := c.replacements(s)
	fix := "Remove it and use the current granular scopes for the APIs you call."
	if len(modern) > 0 {
		fix = "Use " + joinWords(modern, "and") + " instead."
	}
	for _, n := range s.Notes {
		if l := strings.ToLower(n); strings.Contains(l, "supersed") || strings.Contains(l, "should use") {
			fix += " " + n
		}
	}
	return Finding{Rule: RuleLegacyScope, Severity: SevWarning, Scopes: []string{name},
		Message: fmt.Sprintf("%s is %s.", name, what), Fix: fix}
}

// replacements lists the current scopes related to a legacy one: the
// granular crm.* ones when there are any (companions such as forms are not
// replacements), else every related scope that is itself current.
func (c *Catalog) replacements(s Scope) []string {
	var current, crm []string
	for _, r := range s.Related {
		if m, ok := c.Lookup(r); ok && !m.Legacy && !m.Deprecated {
			current = append(current, m.Name)
			if strings.HasPrefix(m.Name, "crm.") {
				crm = append(crm, m.Name)
			}
		}
	}
	if len(crm) > 0 {
		return crm
	}
	return current
}

func (c *Catalog) lintForms(sel Selection) []Finding {
	var hasForms, hasContacts bool
	for _, e := range sel.entries() {
		hasForms = hasForms || e.name == "forms"
		hasContacts = hasContacts || e.name == "contacts" || strings.HasPrefix(e.name, "crm.objects.contacts.")
	}
	if !hasForms || hasContacts {
		return nil
	}
	return []Finding{{Rule: RuleFormsWithoutContacts, Severity: SevWarning, Scopes: []string{"forms"},
		Message: "forms is selected without contacts access; HubSpot's Forms API also needs a contacts scope.",
		Fix:     "Add crm.objects.contacts.read (and .write if the app creates contacts) with the same requirement as forms."}}
}
