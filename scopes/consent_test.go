package scopes

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func account(t *testing.T, id string) *Account {
	t.Helper()
	a, err := ParseAccount(id)
	if err != nil {
		t.Fatal(err)
	}
	return &a
}

func findRule(fs []Finding, rule string) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

func TestLintRules(t *testing.T) {
	c := miniCatalog(t)
	good := Selection{Required: []string{"oauth", "crm.objects.contacts.read"}}
	tests := []struct {
		rule     string
		sev      Severity
		bad      Selection
		badAcct  string
		pass     Selection
		passAcct string
		scopes   []string
		fix      string
	}{
		{RuleOAuthMissing, SevWarning, Selection{Required: []string{"crm.objects.contacts.read"}}, "", good, "", []string{"oauth"}, "Add oauth"},
		{RuleUnavailableRequired, SevError, Selection{Required: []string{"oauth", "automation"}}, "marketing-starter",
			Selection{Required: []string{"oauth", "automation"}}, "marketing-pro", []string{"automation"}, "Make automation optional"},
		{RuleUnavailableRequired, SevError, Selection{Required: []string{"oauth"}, ConditionallyRequired: []string{"tickets"}}, "sales-pro",
			Selection{Required: []string{"oauth"}, Optional: []string{"tickets"}}, "sales-pro", []string{"tickets"}, "Service Hub Starter or above"},
		{RuleDroppedOptional, SevWarning, Selection{Required: []string{"oauth"}, Optional: []string{"automation", "hubdb", "forms"}}, "marketing-starter",
			Selection{Required: []string{"oauth"}, Optional: []string{"forms"}}, "marketing-starter", []string{"automation", "hubdb"}, "degrade gracefully"},
		{RuleUnknownScope, SevError, Selection{Required: []string{"oauth", "crm.objects.contact.read"}}, "", good, "", []string{"crm.objects.contact.read"}, "Did you mean crm.objects.contacts.read"},
		{RuleSensitive, SevWarning, Selection{Required: []string{"oauth", "crm.objects.contacts.sensitive.read"}}, "all-enterprise",
			good, "all-enterprise", []string{"crm.objects.contacts.sensitive.read"}, "allow-list"},
		{RuleUnavailableRequired, SevError, Selection{Required: []string{"oauth", "crm.objects.contacts.sensitive.read"}}, "sales-pro",
			Selection{Required: []string{"oauth", "crm.objects.contacts.sensitive.read"}}, "sales-enterprise", []string{"crm.objects.contacts.sensitive.read"}, "any Enterprise hub"},
		{RuleDeprecatedScope, SevError, Selection{Required: []string{"oauth", "contacts"}}, "", good, "", []string{"contacts"},
			"among crm.objects.contacts.read and crm.objects.contacts.write"},
		{RuleLegacyScope, SevWarning, Selection{Required: []string{"oauth", "social"}}, "", good, "", []string{"social"},
			"still accept it"},
		{RuleOldSpelling, SevInfo, Selection{Required: []string{"oauth", "crm.objects.feedback_submission.read"}}, "",
			Selection{Required: []string{"oauth", "crm.objects.feedback_submissions.read"}}, "", []string{"crm.objects.feedback_submission.read"},
			"Write crm.objects.feedback_submissions.read"},
		{RuleFormsWithoutContacts, SevWarning, Selection{Required: []string{"oauth"}, Optional: []string{"forms"}}, "",
			Selection{Required: []string{"oauth", "crm.objects.contacts.write"}, Optional: []string{"forms"}}, "", []string{"forms"}, "crm.objects.contacts.read"},
		{RuleFormsWithoutContacts, SevWarning, Selection{Required: []string{"oauth", "forms", "crm.objects.contacts.sensitive.read"}}, "",
			Selection{Required: []string{"oauth", "forms", "crm.objects.contacts.read"}}, "", []string{"forms"}, "same requirement"},
		{RuleFormsWithoutContacts, SevWarning, Selection{Required: []string{"oauth", "forms"}, Optional: []string{"crm.objects.contacts.read"}}, "",
			Selection{Required: []string{"oauth", "forms", "crm.objects.contacts.read"}}, "", []string{"forms"}, "same requirement"},
		{RuleDuplicate, SevError, Selection{Required: []string{"oauth", "forms"}, Optional: []string{"forms"}}, "", good, "", []string{"forms"}, "one list"},
		{RuleDeveloperPortal, SevError, good, "developer", good, "test-portal", nil, "test portal"},
		{RuleEmpty, SevInfo, Selection{}, "", good, "", nil, "oauth"},
	}
	for i, tt := range tests {
		t.Run(fmt.Sprintf("%d-%s", i, tt.rule), func(t *testing.T) {
			var bad, pass *Account
			if tt.badAcct != "" {
				bad = account(t, tt.badAcct)
			}
			if tt.passAcct != "" {
				pass = account(t, tt.passAcct)
			}
			got := findRule(c.Lint(tt.bad, bad), tt.rule)
			if len(got) != 1 {
				t.Fatalf("failing case: %d findings of %s, want 1: %+v", len(got), tt.rule, c.Lint(tt.bad, bad))
			}
			f := got[0]
			if f.Severity != tt.sev || !slices.Equal(f.Scopes, tt.scopes) || f.Message == "" || !strings.Contains(f.Fix, tt.fix) {
				t.Errorf("finding = %+v; want severity %s, scopes %v, fix containing %q", f, tt.sev, tt.scopes, tt.fix)
			}
			if again := findRule(c.Lint(tt.pass, pass), tt.rule); len(again) != 0 {
				t.Errorf("passing case still reports %s: %+v", tt.rule, again)
			}
		})
	}
}

func TestLintCleanSelection(t *testing.T) {
	c := miniCatalog(t)
	sel := Selection{Required: []string{"oauth", "crm.objects.contacts.read", "forms"}, Optional: []string{"automation"}}
	if fs := c.Lint(sel, account(t, "marketing-pro")); len(fs) != 0 {
		t.Errorf("clean selection has findings: %+v", fs)
	}
}

func TestLintSortedBySeverityThenRule(t *testing.T) {
	c := miniCatalog(t)
	sel := Selection{
		Required: []string{"forms", "automation", "nope", "contacts"},
		Optional: []string{"hubdb", "forms"},
	}
	fs := c.Lint(sel, account(t, "free"))
	if len(fs) < 5 {
		t.Fatalf("want many findings, got %+v", fs)
	}
	for i := 1; i < len(fs); i++ {
		a, b := fs[i-1], fs[i]
		if a.Severity < b.Severity || a.Severity == b.Severity && a.Rule > b.Rule {
			t.Errorf("findings out of order at %d: %s/%s then %s/%s", i, a.Severity, a.Rule, b.Severity, b.Rule)
		}
	}
}

func TestLintAliasIsKnown(t *testing.T) {
	c := miniCatalog(t)
	sel := Selection{Required: []string{"oauth", "crm.objects.feedback_submission.read"}}
	if fs := findRule(c.Lint(sel, account(t, "service-pro")), RuleUnknownScope); len(fs) != 0 {
		t.Errorf("alias reported unknown: %+v", fs)
	}
}

func TestLintUnknownNeverEchoesEscapes(t *testing.T) {
	c := miniCatalog(t)
	fs := c.Lint(Selection{Required: []string{"oauth", "\x1b]0;pwned\x07"}}, nil)
	for _, f := range fs {
		if strings.ContainsAny(f.Message+f.Fix, "\x1b\x07") {
			t.Errorf("finding echoes control characters: %q", f.Message)
		}
	}
}

func TestPredict(t *testing.T) {
	c := miniCatalog(t)
	tests := []struct {
		name              string
		scope, optional   []string
		account           string
		granted, dropped  []string
		fails             bool
		failureSubstrings []string
	}{
		{"all granted", []string{"oauth forms"}, []string{"crm.objects.contacts.read"}, "marketing-starter",
			[]string{"crm.objects.contacts.read", "forms", "oauth"}, nil, false, nil},
		{"oauth added", []string{"forms"}, nil, "marketing-pro", []string{"forms", "oauth"}, nil, false, nil},
		{"optional dropped", []string{"oauth"}, []string{"automation", "hubdb", "forms", "automation"}, "marketing-starter",
			[]string{"forms", "oauth"}, []string{"automation", "hubdb"}, false, nil},
		{"required unavailable", []string{"oauth", "automation"}, []string{"forms"}, "marketing-starter", nil, nil, true,
			[]string{"Marketing Hub Professional or Enterprise is needed for automation; this account has Marketing Hub Starter."}},
		{"one line per failing scope", []string{"automation", "tickets", "forms"}, nil, "free", nil, nil, true,
			[]string{"needed for automation", "Service Hub Starter or above is needed for tickets", "needed for forms"}},
		{"unknown required fails", []string{"oauth", "bogus"}, nil, "all-enterprise", nil, nil, true, []string{`"bogus" is not a HubSpot scope`}},
		{"unknown optional drops", []string{"oauth"}, []string{"bogus"}, "all-enterprise", []string{"oauth"}, []string{"bogus"}, false, nil},
		{"alias granted under canonical name", nil, []string{"crm.objects.feedback_submission.read"}, "service-pro",
			[]string{"crm.objects.feedback_submissions.read", "oauth"}, nil, false, nil},
		{"developer portal", []string{"oauth"}, nil, "developer", nil, nil, true, []string{"Developer portals cannot install apps"}},
		{"removed scope fails", []string{"oauth", "contacts"}, nil, "all-enterprise", nil, nil, true, []string{"HubSpot removed contacts on 2022-07-31"}},
		{"removed optional scope drops", []string{"oauth"}, []string{"contacts"}, "all-enterprise", []string{"oauth"}, []string{"contacts"}, false, nil},
		{"sensitive needs an Enterprise hub", []string{"oauth"}, []string{"crm.objects.contacts.sensitive.read"}, "sales-pro",
			[]string{"oauth"}, []string{"crm.objects.contacts.sensitive.read"}, false, nil},
		{"sensitive granted on Enterprise", []string{"oauth"}, []string{"crm.objects.contacts.sensitive.read"}, "sales-enterprise",
			[]string{"crm.objects.contacts.sensitive.read", "oauth"}, nil, false, nil},
		{"multi-hub account combines its hubs", []string{"oauth", "automation", "tickets"}, nil, "marketing-pro+service-starter",
			[]string{"automation", "oauth", "tickets"}, nil, false, nil},
		{"multi-hub account still misses a hub", []string{"oauth", "automation", "tickets"}, nil, "marketing-pro+sales-starter", nil, nil, true,
			[]string{"Service Hub Starter or above is needed for tickets"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := *account(t, tt.account)
			g := c.Predict(tt.scope, tt.optional, a)
			if g.Account.ID != a.ID || g.Fails != tt.fails {
				t.Fatalf("Predict = %+v, want fails=%v", g, tt.fails)
			}
			if !slices.Equal(g.Granted, tt.granted) || !slices.Equal(g.Dropped, tt.dropped) {
				t.Errorf("granted %v dropped %v, want %v / %v", g.Granted, g.Dropped, tt.granted, tt.dropped)
			}
			if len(tt.failureSubstrings) > 0 && len(g.Failures) != len(tt.failureSubstrings) {
				t.Errorf("failures = %q, want %d lines", g.Failures, len(tt.failureSubstrings))
			}
			for i, want := range tt.failureSubstrings {
				if i < len(g.Failures) && !strings.Contains(g.Failures[i], want) {
					t.Errorf("failure %d = %q, want it to contain %q", i, g.Failures[i], want)
				}
			}
		})
	}
}

// TestPredictAgreesWithLint checks the two views of the consent rules agree:
// an install fails exactly when lint reports an unavailable required scope.
func TestPredictAgreesWithLint(t *testing.T) {
	c := Default()
	for _, sel := range []Selection{
		{Required: []string{"oauth", "forms"}, ConditionallyRequired: []string{"automation"}, Optional: []string{"tickets", "hubdb"}},
		{Required: []string{"oauth", "contacts"}},
	} {
		predictAgreesWithLint(t, c, sel)
	}
}

func predictAgreesWithLint(t *testing.T, c *Catalog, sel Selection) {
	t.Helper()
	for _, a := range Presets() {
		g := c.Predict(sel.ScopeParam(), sel.OptionalParam(), a)
		lint := c.Lint(sel, &a)
		blocked := len(findRule(lint, RuleUnavailableRequired)) > 0 || len(findRule(lint, RuleDeveloperPortal)) > 0 ||
			len(findRule(lint, RuleDeprecatedScope)) > 0 && a.Kind != KindDeveloper
		if g.Fails != blocked {
			t.Errorf("%s: Predict fails=%v but lint blocked=%v", a.ID, g.Fails, blocked)
		}
		if !g.Fails && !slices.Contains(g.Granted, "oauth") {
			t.Errorf("%s: oauth not granted", a.ID)
		}
		if !g.Fails {
			if d := findRule(lint, RuleDroppedOptional); len(g.Dropped) > 0 && (len(d) != 1 || !slices.Equal(sortUnique(slices.Clone(d[0].Scopes)), g.Dropped)) {
				t.Errorf("%s: dropped %v vs lint %+v", a.ID, g.Dropped, d)
			}
		}
	}
}

func TestSelection(t *testing.T) {
	var s Selection
	s = s.With("oauth", ReqRequired).With("automation", ReqConditional).With("forms", ReqOptional).With("hubdb", ReqRequired)
	if got := s.ScopeParam(); !slices.Equal(got, []string{"oauth", "hubdb", "automation"}) {
		t.Errorf("ScopeParam = %v", got)
	}
	if got := s.OptionalParam(); !slices.Equal(got, []string{"forms"}) {
		t.Errorf("OptionalParam = %v", got)
	}
	if s.Len() != 4 || s.Of("automation") != ReqConditional || s.Of("nope") != ReqNone {
		t.Errorf("Len/Of wrong: %v", s)
	}
	moved := s.With("forms", ReqRequired)
	if moved.Of("forms") != ReqRequired || s.Of("forms") != ReqOptional || moved.Len() != 4 {
		t.Errorf("With must move and leave the original alone: %v / %v", moved, s)
	}
	removed := moved.With("forms", ReqNone)
	if removed.Of("forms") != ReqNone || removed.Len() != 3 {
		t.Errorf("With(ReqNone) = %v", removed)
	}
	// With on a shared backing array must not corrupt the original.
	base := Selection{Required: make([]string, 1, 8)}
	base.Required[0] = "oauth"
	a := base.With("x", ReqRequired)
	b := base.With("y", ReqRequired)
	if a.Required[1] != "x" || b.Required[1] != "y" {
		t.Error("With aliases the caller's backing array")
	}
	if !s.Equal(s.With("zzz", ReqNone)) {
		t.Error("removing an absent name should change nothing")
	}
}

func TestRequirementAndSeverityStrings(t *testing.T) {
	want := map[Requirement]string{ReqNone: "none", ReqRequired: "required", ReqConditional: "conditionally required", ReqOptional: "optional"}
	for r, w := range want {
		if r.String() != w {
			t.Errorf("%d.String() = %q", r, r.String())
		}
	}
	if SevInfo.String() != "info" || SevWarning.String() != "warning" || SevError.String() != "error" {
		t.Error("severity strings")
	}
}

func TestDeprecatedContactsIsAnErrorWithReplacements(t *testing.T) {
	c := Default()
	if f := c.deprecatedFinding("x", Scope{Name: "x", Deprecated: true}); f.Severity != SevWarning {
		t.Errorf("a deprecated scope HubSpot has not removed = %+v, want a warning", f)
	}
	fs := findRule(c.Lint(Selection{Required: []string{"oauth", "contacts"}}, nil), RuleDeprecatedScope)
	if len(fs) != 1 || fs[0].Severity != SevError {
		t.Fatalf("deprecated findings = %+v", fs)
	}
	for _, want := range []string{"crm.objects.contacts.read", "crm.objects.deals.write", "crm.objects.companies.read"} {
		if !strings.Contains(fs[0].Fix, want) {
			t.Errorf("Fix = %q, want it to name %s", fs[0].Fix, want)
		}
	}
	if !strings.Contains(fs[0].Message, "2022-07-31") || strings.Contains(fs[0].Fix, " forms") {
		t.Errorf("finding = %+v, want the removal date and no forms companion", fs[0])
	}
}

// TestLegacyWarningsSayOnlyWhatASourceSays: no legacy warning claims "new
// apps can no longer request it", and replacements come only from the
// catalog's replacements field, never from "related" guesses (social is not
// replaced by content).
func TestLegacyWarningsSayOnlyWhatASourceSays(t *testing.T) {
	c := Default()
	for _, n := range []string{"social", "business-intelligence", "e-commerce", "accounting", "actions", "integration-sync"} {
		s, _ := c.Lookup(n)
		fs := findRule(c.Lint(Selection{Required: []string{"oauth", n}}, nil), RuleLegacyScope)
		if len(fs) != 1 {
			t.Fatalf("%s: legacy findings = %+v", n, fs)
		}
		text := fs[0].Message + " " + fs[0].Fix
		if strings.Contains(text, "no longer request") || s.LegacyNote == "" || !strings.Contains(fs[0].Message, strings.TrimSuffix(s.LegacyNote, ".")) {
			t.Errorf("%s: %q does not state its source's note %q", n, text, s.LegacyNote)
		}
		if len(s.Replacements) == 0 && strings.Contains(fs[0].Fix, "also accept") {
			t.Errorf("%s: Fix %q names replacements no source gives", n, fs[0].Fix)
		}
	}
	fs := findRule(c.Lint(Selection{Required: []string{"oauth", "social"}}, nil), RuleLegacyScope)
	if strings.Contains(fs[0].Fix, "content") {
		t.Errorf("social's fix suggests content: %q", fs[0].Fix)
	}
}

// TestSensitiveScopesNeedAnEnterpriseHub guards the data: every sensitive
// scope needs an Enterprise hub (HubSpot sells no Sensitive Data add-on),
// and on an Enterprise account one cause gives one finding, not two.
func TestSensitiveScopesNeedAnEnterpriseHub(t *testing.T) {
	c := Default()
	ent := *account(t, "all-enterprise")
	crmEnt := *account(t, "crm-enterprise")
	pro := *account(t, "sales-pro+marketing-pro")
	n := 0
	for _, s := range c.All() {
		if !s.IsSensitive() {
			continue
		}
		n++
		if !s.AvailableOn(ent).OK || !s.AvailableOn(crmEnt).OK || s.AvailableOn(pro).OK {
			t.Errorf("%s: availability %q is not any Enterprise hub", s.Name, s.Availability)
		}
		for _, note := range s.Notes {
			if strings.Contains(note, "Sensitive Data add-on") && !strings.Contains(note, "no Sensitive Data add-on") {
				t.Errorf("%s: note still names a Sensitive Data add-on: %q", s.Name, note)
			}
		}
		fs := c.Lint(Selection{Required: []string{"oauth", s.Name}}, &ent)
		if errs := countSeverity(fs, SevError); errs != 0 || len(findRule(fs, RuleSensitive)) != 1 {
			t.Errorf("%s on all-enterprise: %d errors, findings %+v; want one sensitive warning", s.Name, errs, fs)
		}
		fs = c.Lint(Selection{Required: []string{"oauth", s.Name}}, &pro)
		if errs := countSeverity(fs, SevError); errs != 1 {
			t.Errorf("%s on sales-pro+marketing-pro: %d errors, want exactly one: %+v", s.Name, errs, fs)
		}
	}
	if n == 0 {
		t.Error("no sensitive scopes in the catalog")
	}
}

// TestV2SpellingNotes: the .v2 names are the ones the specs' oauth2 entries
// use, and the notes must say so the right way round.
func TestV2SpellingNotes(t *testing.T) {
	for _, s := range Default().All() {
		if !s.IsSensitive() {
			continue
		}
		joined := strings.Join(s.Notes, " ")
		v2 := strings.HasSuffix(s.Name, ".v2")
		if strings.Contains(joined, "the one the OAuth specs use") {
			t.Errorf("%s: keeps the inverted note: %q", s.Name, joined)
		}
		if v2 && !strings.Contains(joined, "The spelling the OAuth (oauth2) entries") ||
			!v2 && !strings.Contains(joined, s.Name+".v2") && !strings.Contains(joined, "with no .v2 variant") {
			t.Errorf("%s: notes get the .v2 spelling wrong: %q", s.Name, joined)
		}
	}
}

func countSeverity(fs []Finding, sev Severity) int {
	n := 0
	for _, f := range fs {
		if f.Severity == sev {
			n++
		}
	}
	return n
}

func TestCompareGrants(t *testing.T) {
	c := miniCatalog(t)
	sel := Selection{Required: []string{"oauth", "automation", "tickets"}, Optional: []string{"forms"}}
	g := func(id string) Grant { return c.Predict(sel.ScopeParam(), sel.OptionalParam(), *account(t, id)) }
	tests := []struct{ from, to, want string }{
		{"marketing-pro+service-starter", "marketing-starter+service-starter", "fails: automation"},
		{"marketing-starter", "marketing-pro", "fixes automation; still fails"},
		{"marketing-starter", "sales-pro", "no change"},
		{"marketing-pro", "marketing-pro+service-pro", "installs"},
		{"marketing-pro+service-pro", "marketing-enterprise+service-pro", "no change"},
		{"marketing-pro", "developer", "fails whatever the scopes"},
		{"marketing-pro+service-pro", "developer", "fails: no app installs on this account"},
	}
	for _, tt := range tests {
		if got := CompareGrants(g(tt.from), g(tt.to)).String(); got != tt.want {
			t.Errorf("%s -> %s = %q, want %q", tt.from, tt.to, got, tt.want)
		}
	}
	opt := Selection{Required: []string{"oauth"}, Optional: []string{"automation", "forms"}}
	a := c.Predict(opt.ScopeParam(), opt.OptionalParam(), *account(t, "marketing-starter"))
	b := c.Predict(opt.ScopeParam(), opt.OptionalParam(), *account(t, "marketing-pro"))
	if got := CompareGrants(a, b).String(); got != "+automation" {
		t.Errorf("gaining an optional scope = %q", got)
	}
	if got := CompareGrants(b, a).String(); got != "-automation" {
		t.Errorf("losing an optional scope = %q", got)
	}
}
