package scopes

import (
	"strings"
	"testing"
)

// seedTable mirrors HubSpot's original scope table (seed-scopes.tsv): the
// account types column, as a predicate over an account. Where a newer
// HubSpot source says otherwise, newer holds that source's predicate and the
// catalog must follow it and keep the seed's wording in `older`.
var seedTable = []struct {
	scope, seedWording string
	ok                 func(a Account) bool
	newer              func(a Account) bool
}{
	{"automation", "Professional or Enterprise Marketing", func(a Account) bool { return a.Tier(HubMarketing) >= TierProfessional }, nil},
	{"business-intelligence", "Any Marketing or CRM account", func(Account) bool { return true }, nil},
	{"contacts", "Any Marketing or CRM account", func(Account) bool { return true }, func(Account) bool { return false }}, // removed 2022-07-31
	{"content", "Basic, Professional, or Enterprise Marketing", func(a Account) bool { return a.Tier(HubMarketing) >= TierStarter },
		func(a Account) bool {
			return a.Tier(HubMarketing) >= TierProfessional || a.Tier(HubContent) >= TierProfessional
		}},
	{"e-commerce", "Any account with Sales Professional", func(a Account) bool { return a.Tier(HubSales) >= TierProfessional },
		func(Account) bool { return true }},
	{"files", "Any Marketing or CRM account", func(Account) bool { return true }, nil},
	{"forms", "Basic, Professional, or Enterprise Marketing", func(a Account) bool { return a.Tier(HubMarketing) >= TierStarter },
		func(Account) bool { return true }},
	{"hubdb", "Basic, Professional, or Enterprise Marketing with Website add-on", func(a Account) bool {
		return a.Tier(HubMarketing) >= TierStarter && a.Has(AddOnWebsite)
	}, func(a Account) bool {
		return a.Tier(HubMarketing) >= TierProfessional || a.Tier(HubContent) >= TierProfessional
	}},
	{"integration-sync", "Any Marketing or CRM account", func(Account) bool { return true }, nil},
	{"reports", "Basic, Professional, or Enterprise Marketing", func(a Account) bool { return a.Tier(HubMarketing) >= TierStarter }, nil},
	{"social", "Basic, Professional, or Enterprise Marketing", func(a Account) bool { return a.Tier(HubMarketing) >= TierStarter },
		func(a Account) bool { return a.Tier(HubMarketing) >= TierProfessional }},
	{"tickets", "Any account with the Service Hub", func(a Account) bool { return a.Tier(HubService) >= TierStarter },
		func(Account) bool { return true }},
	{"timeline", "Any Marketing or CRM account", func(Account) bool { return true }, nil},
	{"transactional-email", "Basic, Professional, or Enterprise Marketing with Transactional Email add-on", func(a Account) bool {
		return a.Tier(HubMarketing) >= TierStarter && a.Has(AddOnTransactionalEmail)
	}, func(a Account) bool {
		return a.Tier(HubMarketing) >= TierProfessional && a.Has(AddOnTransactionalEmail)
	}},
}

func seedAccounts(t *testing.T) []Account {
	accts := Presets()
	for _, id := range []string{"marketing-starter+website", "marketing-pro+transactional-email",
		"marketing-enterprise+website+transactional-email", "all-enterprise+website+transactional-email",
		"sales-pro+transactional-email", "developer+website", "content-pro", "content-starter+marketing-starter",
		"marketing-pro+sales-starter+service-starter", "crm-enterprise", "data-pro+standard-sandbox"} {
		a, err := ParseAccount(id)
		if err != nil {
			t.Fatal(err)
		}
		accts = append(accts, a)
	}
	return accts
}

func TestSeedScopesAvailabilityOnEveryPreset(t *testing.T) {
	c := Default()
	if len(seedTable) != 14 {
		t.Fatalf("seed table has %d rows, want 14", len(seedTable))
	}
	for _, row := range seedTable {
		s, ok := c.Lookup(row.scope)
		if !ok {
			t.Errorf("seed scope %s missing", row.scope)
			continue
		}
		pred, from := row.ok, "seed table "+row.seedWording
		if row.newer != nil {
			pred, from = row.newer, s.Provenance.AvailabilitySource
			if len(s.Provenance.Older) == 0 || !strings.Contains(s.Provenance.Older[0], row.seedWording) {
				t.Errorf("%s: a newer source overrides the seed table, but older = %q lacks %q", row.scope, s.Provenance.Older, row.seedWording)
			}
		} else if s.Provenance.AvailabilitySource != "HubSpot's original scope table" {
			t.Errorf("%s: availability source %q, want the seed table", row.scope, s.Provenance.AvailabilitySource)
		}
		for _, a := range seedAccounts(t) {
			want := a.Kind != KindDeveloper && pred(a)
			v := s.AvailableOn(a)
			if v.OK != want {
				t.Errorf("%s on %s: OK = %v (%s), want %v per %s",
					row.scope, a.ID, v.OK, v.Reason, want, from)
			}
			if v.Reason == "" {
				t.Errorf("%s on %s: empty reason", row.scope, a.ID)
			}
		}
	}
}

func TestMarketingStarterExpectations(t *testing.T) {
	c := Default()
	a, err := ParseAccount("marketing-starter")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"forms", "reports", "files", "tickets", "e-commerce"} {
		s, _ := c.Lookup(n)
		if v := s.AvailableOn(a); !v.OK {
			t.Errorf("%s should be available on marketing-starter: %s", n, v.Reason)
		}
	}
	for _, n := range []string{"automation", "content", "social", "transactional-email", "hubdb", "contacts"} { // content, social, hubdb: Professional since the 2023-24 table
		s, _ := c.Lookup(n)
		if v := s.AvailableOn(a); v.OK {
			t.Errorf("%s should NOT be available on marketing-starter: %s", n, v.Reason)
		}
	}
}

func TestVerdictReasons(t *testing.T) {
	c := miniCatalog(t)
	acct := func(id string) Account {
		a, err := ParseAccount(id)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	tests := []struct {
		scope, account string
		ok             bool
		reason         string
	}{
		{"forms", "marketing-starter", true, "Marketing Hub Starter is included"},
		{"automation", "marketing-starter", false, "needs Marketing Hub Professional or Enterprise; this account has Marketing Hub Starter"},
		{"automation", "free", false, "needs Marketing Hub Professional or Enterprise; this account has no paid hub"},
		{"oauth", "free", true, "available on every HubSpot account"},
		{"oauth", "developer", false, "Developer portals cannot install apps; create a test portal"},
		{"hubdb", "marketing-pro+website", true, "Marketing Hub Professional with the Website add-on is included"},
		{"hubdb", "marketing-pro", false, "needs Marketing Hub Starter, Professional or Enterprise with the Website add-on; this account has Marketing Hub Professional"},
		{"tickets", "service-pro", true, "Service Hub Professional is included"},
		{"tickets", "sales-pro", false, "needs Service Hub Starter or above; this account has Sales Hub Professional"},
		{"transactional-email", "sales-pro+transactional-email", true, "the Transactional Email add-on is included"},
		{"crm.objects.custom.read", "all-enterprise", true, "Marketing Hub Enterprise is included"},
		{"crm.objects.custom.read", "sales-pro", false, "needs any Enterprise hub; this account has Sales Hub Professional"},
		{"crm.objects.contacts.sensitive.read", "all-enterprise", true, "Marketing Hub Enterprise is included"},
		{"crm.objects.contacts.sensitive.read", "sales-pro", false, "needs any Enterprise hub; this account has Sales Hub Professional"},
		{"crm.objects.contacts.sensitive.read", "crm-enterprise", true, "Smart CRM Enterprise is included"},
		{"automation", "marketing-pro+sales-starter", true, "Marketing Hub Professional is included"},
		{"tickets", "marketing-pro+sales-starter", false, "needs Service Hub Starter or above; this account has Marketing Hub Professional and Sales Hub Starter"},
		{"partner-clients.read", "solutions-partner", true, "a Solutions Partner account is included"},
		{"partner-clients.read", "free", false, "needs a Solutions Partner account; this account has no paid hub"},
	}
	for _, tt := range tests {
		s, ok := c.Lookup(tt.scope)
		if !ok {
			t.Fatalf("no scope %s", tt.scope)
		}
		v := s.AvailableOn(acct(tt.account))
		if v.OK != tt.ok || v.Reason != tt.reason {
			t.Errorf("%s on %s = %+v, want OK=%v %q", tt.scope, tt.account, v, tt.ok, tt.reason)
		}
	}
}

func TestRuleString(t *testing.T) {
	tests := []struct {
		terms []string
		want  string
	}{
		{[]string{"any"}, "Any account"},
		{[]string{"marketing:starter+website", "marketing:professional+website", "marketing:enterprise+website"},
			"Marketing Hub Starter, Professional or Enterprise with the Website add-on"},
		{[]string{"content:professional", "content:enterprise", "marketing:professional", "marketing:enterprise"},
			"Content Hub Professional or Enterprise, or Marketing Hub Professional or Enterprise"},
		{[]string{"any:professional", "any:enterprise"}, "Any Professional or Enterprise hub"},
		{[]string{"marketing:professional", "addon+transactional-email"},
			"Marketing Hub Professional, or the Transactional Email add-on"},
		{[]string{"any:enterprise+website+business-units"},
			"Any Enterprise hub with the Business Units (Brands) and Website add-ons"},
		{[]string{"crm:professional", "crm:enterprise"}, "Smart CRM Professional or Enterprise"},
		{[]string{"service:paid"}, "Service Hub Starter or above"},
		{[]string{"solutions-partner"}, "A Solutions Partner account"},
	}
	for _, tt := range tests {
		r, err := ParseRule(tt.terms)
		if err != nil {
			t.Fatalf("ParseRule(%v): %v", tt.terms, err)
		}
		if got := r.String(); got != tt.want {
			t.Errorf("String(%v) = %q, want %q", tt.terms, got, tt.want)
		}
		if got := strings.Join(r.Terms(), ","); got != strings.Join(tt.terms, ",") &&
			!strings.Contains(tt.want, "and Website") {
			t.Errorf("Terms() = %v, want %v", got, tt.terms)
		}
	}
}

func TestRuleTierExactness(t *testing.T) {
	r, err := ParseRule([]string{"any:professional"})
	if err != nil {
		t.Fatal(err)
	}
	ent, _ := ParseAccount("sales-enterprise")
	pro, _ := ParseAccount("sales-pro")
	if r.Allows(ent) || !r.Allows(pro) {
		t.Error("any:professional must match exactly Professional, not Enterprise")
	}
}

func FuzzParseRule(f *testing.F) {
	for _, s := range []string{"any", "any:enterprise+business-units", "crm:starter", "marketing:paid", "addon+website", "solutions-partner", "x:y+z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRule(strings.Split(s, ","))
		if err != nil {
			return
		}
		again, err := ParseRule(r.Terms())
		if err != nil || again.String() != r.String() {
			t.Fatalf("Terms() round trip of %q: %v %q vs %q", s, err, again.String(), r.String())
		}
	})
}
