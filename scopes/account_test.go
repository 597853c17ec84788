package scopes

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
)

func TestPresetIDsStable(t *testing.T) {
	want := []string{"free", "marketing-starter", "marketing-pro", "marketing-enterprise",
		"sales-starter", "sales-pro", "sales-enterprise", "service-starter", "service-pro", "service-enterprise",
		"content-starter", "content-pro", "content-enterprise", "data-pro", "all-enterprise", "developer"}
	ids := PresetIDs()
	for _, id := range want {
		if !slices.Contains(ids, id) {
			t.Errorf("preset %q missing", id)
		}
	}
	for i, a := range Presets() {
		if a.ID != ids[i] || a.Name == "" {
			t.Errorf("preset %d: id %q name %q", i, a.ID, a.Name)
		}
		b, err := ParseAccount(a.ID)
		if err != nil || b.ID != a.ID || b.Name != a.Name {
			t.Errorf("ParseAccount(%q) = %+v, %v", a.ID, b, err)
		}
	}
}

func TestPresetShapes(t *testing.T) {
	get := func(id string) Account {
		a, err := ParseAccount(id)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	ms := get("marketing-starter")
	if ms.Tier(HubMarketing) != TierStarter || ms.Tier(HubSales) != TierFree || ms.IsEnterprise() || ms.Kind != KindStandard {
		t.Errorf("marketing-starter = %+v", ms)
	}
	free := get("free")
	for _, h := range Hubs() {
		if free.Tier(h) != TierFree {
			t.Errorf("free has %s at %s", h, free.Tier(h))
		}
	}
	ae := get("all-enterprise")
	for _, h := range Hubs() {
		if ae.Tier(h) != TierEnterprise {
			t.Errorf("all-enterprise has %s at %s", h, ae.Tier(h))
		}
	}
	if len(ae.AddOns) != 0 || !ae.IsEnterprise() {
		t.Errorf("all-enterprise = %+v", ae)
	}
	if get("data-pro").Tier(HubData) != TierProfessional {
		t.Error("data-pro is not Data Hub Professional")
	}
	if get("developer").Kind != KindDeveloper || get("test-portal").Kind != KindTest {
		t.Error("developer/test-portal kinds wrong")
	}
	// Presets returns fresh values: mutating one must not leak into the next call.
	p := Presets()
	p[1].Hubs[HubSales] = TierEnterprise
	if Presets()[1].Tier(HubSales) != TierFree {
		t.Error("Presets() shares maps between calls")
	}
}

func TestParseAccountAddOns(t *testing.T) {
	a, err := ParseAccount(" Marketing-Pro+WEBSITE+transactional-email+website ")
	if err != nil {
		t.Fatal(err)
	}
	if a.ID != "marketing-pro+transactional-email+website" {
		t.Errorf("ID = %q", a.ID)
	}
	if a.Name != "Marketing Hub Professional + Transactional Email and Website add-ons" {
		t.Errorf("Name = %q", a.Name)
	}
	if !slices.Equal(a.AddOns, []AddOn{AddOnTransactionalEmail, AddOnWebsite}) || !a.Has(AddOnWebsite) || a.Has(AddOnBusinessUnits) {
		t.Errorf("AddOns = %v", a.AddOns)
	}
	one, _ := ParseAccount("marketing-pro+transactional-email")
	if one.Name != "Marketing Hub Professional + Transactional Email add-on" {
		t.Errorf("Name = %q", one.Name)
	}
}

// TestParseAccountCombines covers multi-hub ids, Smart CRM, former hub
// names, kinds and presets combined, and the canonical form of each.
func TestParseAccountCombines(t *testing.T) {
	tests := []struct {
		in, id, name string
		tiers        map[Hub]Tier
		kind         AccountKind
		note         string
	}{
		{"marketing-pro+sales-starter+transactional-email", "marketing-pro+sales-starter+transactional-email",
			"Marketing Hub Professional + Sales Hub Starter + Transactional Email add-on",
			map[Hub]Tier{HubMarketing: TierProfessional, HubSales: TierStarter}, KindStandard, ""},
		{"sales-starter+marketing-professional", "marketing-pro+sales-starter", "Marketing Hub Professional + Sales Hub Starter",
			map[Hub]Tier{HubMarketing: TierProfessional, HubSales: TierStarter}, KindStandard, ""},
		{"crm-pro", "crm-pro", "Smart CRM Professional", map[Hub]Tier{HubCRM: TierProfessional}, KindStandard, ""},
		{"cms-enterprise", "content-enterprise", "Content Hub Enterprise", map[Hub]Tier{HubContent: TierEnterprise}, KindStandard,
			"CMS Hub is now Content Hub"},
		{"operations-pro+ops-pro", "data-pro", "Data Hub Professional", map[Hub]Tier{HubData: TierProfessional}, KindStandard,
			"Operations Hub is now Data Hub"},
		{"marketing-free+service-free", "free", "Free tools only (no paid hub)", map[Hub]Tier{}, KindStandard, ""},
		{"service-enterprise+standard-sandbox", "service-enterprise+standard-sandbox", "Service Hub Enterprise (standard sandbox)",
			map[Hub]Tier{HubService: TierEnterprise}, KindStandardSandbox, ""},
		{"dev-sandbox+marketing-pro", "marketing-pro+development-sandbox", "Marketing Hub Professional (development sandbox)",
			map[Hub]Tier{HubMarketing: TierProfessional}, KindDevelopmentSandbox, ""},
		{"all-enterprise+test-account", "test-portal", "Developer test portal (every hub Enterprise)", allHubsAt(TierEnterprise), KindTest, ""},
		{"developer-test-account+sales-pro", "sales-pro+test-account", "Sales Hub Professional (developer test account)",
			map[Hub]Tier{HubSales: TierProfessional}, KindTest, ""},
		{"all-enterprise+website+sensitive-data", "all-enterprise+website", "Every hub Enterprise + Website add-on", allHubsAt(TierEnterprise),
			KindStandard, "no Sensitive Data add-on"},
		{"marketing-pro+solutions-partner", "marketing-pro+solutions-partner", "Marketing Hub Professional (Solutions Partner)",
			map[Hub]Tier{HubMarketing: TierProfessional}, KindStandard, ""},
		{"brands+marketing-enterprise", "marketing-enterprise+business-units", "Marketing Hub Enterprise + Business Units (Brands) add-on",
			map[Hub]Tier{HubMarketing: TierEnterprise}, KindStandard, ""},
	}
	for _, tt := range tests {
		a, err := ParseAccount(tt.in)
		if err != nil {
			t.Errorf("ParseAccount(%q): %v", tt.in, err)
			continue
		}
		if a.ID != tt.id || a.Name != tt.name || a.Kind != tt.kind {
			t.Errorf("ParseAccount(%q) = id %q name %q kind %s; want %q %q %s", tt.in, a.ID, a.Name, a.Kind, tt.id, tt.name, tt.kind)
		}
		for _, h := range Hubs() {
			if a.Tier(h) != tt.tiers[h] {
				t.Errorf("ParseAccount(%q): %s at %s, want %s", tt.in, h, a.Tier(h), tt.tiers[h])
			}
		}
		if got := strings.Join(a.Notes, " "); tt.note == "" && got != "" || !strings.Contains(got, tt.note) {
			t.Errorf("ParseAccount(%q) notes %q, want %q", tt.in, got, tt.note)
		}
	}
}

func TestParseAccountErrors(t *testing.T) {
	tests := []struct {
		in, part, suggestion, conflict string
		contains                       []string
	}{
		{"sales-enterprize", "sales-enterprize", "sales-enterprise", "", []string{`unknown term "sales-enterprize"`, `did you mean "sales-enterprise"?`}},
		{"marketing-pro+webste", "webste", "website", "", []string{`account "marketing-pro+webste": unknown term "webste"`, "transactional-email"}},
		{"marketing-pro+sales-pro+marketing-starter", "marketing-starter", "", "marketing-pro",
			[]string{"marketing-pro sets Marketing Hub to Professional but marketing-starter sets it to Starter", "one tier per hub"}},
		{"all-enterprise+sales-pro", "sales-pro", "", "all-enterprise", []string{"all-enterprise sets Sales Hub to Enterprise"}},
		{"free+crm-pro", "crm-pro", "", "free", []string{"free sets Smart CRM to Free"}},
		{"test-portal+standard-sandbox", "standard-sandbox", "", "test-portal", []string{"developer test account", "standard sandbox"}},
		{"marketing", "marketing", "", "", []string{`"marketing" needs a tier: marketing-free, marketing-starter`}},
		{"", "", "", "", []string{"the id is empty"}},
		{"free++website", "", "", "", []string{"empty term"}},
		{"\x1b[31mevil", "\x1b[31mevil", "", "", []string{`"\x1b[31mevil"`}},
	}
	for _, tt := range tests {
		_, err := ParseAccount(tt.in)
		var ae *AccountIDError
		if !errors.As(err, &ae) {
			t.Fatalf("ParseAccount(%q) error = %v, want *AccountIDError", tt.in, err)
		}
		if ae.Part != tt.part || ae.Conflict != tt.conflict || (tt.suggestion != "" && ae.Suggestion != tt.suggestion) {
			t.Errorf("ParseAccount(%q) = %+v", tt.in, ae)
		}
		msg := err.Error()
		if strings.ContainsRune(msg, '\x1b') {
			t.Errorf("error echoes an escape sequence: %q", msg)
		}
		for _, c := range tt.contains {
			if !strings.Contains(msg, c) {
				t.Errorf("ParseAccount(%q) error %q lacks %q", tt.in, msg, c)
			}
		}
	}
}

func TestAccountWith(t *testing.T) {
	a, _ := ParseAccount("marketing-pro")
	b := a.WithTier(HubSales, TierStarter).WithAddOn(AddOnTransactionalEmail, true).WithKind(KindDevelopmentSandbox)
	if b.ID != "marketing-pro+sales-starter+development-sandbox+transactional-email" || a.ID != "marketing-pro" || a.Tier(HubSales) != TierFree {
		t.Errorf("With* = %q (original %q)", b.ID, a.ID)
	}
	c := b.WithTier(HubMarketing, TierFree).WithAddOn(AddOnTransactionalEmail, false).WithKind(KindStandard)
	if c.ID != "sales-starter" {
		t.Errorf("undo = %q", c.ID)
	}
	again, err := ParseAccount(b.ID)
	if err != nil || again.ID != b.ID || again.Name != b.Name {
		t.Errorf("With* id %q does not round-trip: %+v %v", b.ID, again, err)
	}
}

func TestSummaryAndTitles(t *testing.T) {
	a := Account{Hubs: map[Hub]Tier{HubMarketing: TierStarter, HubSales: TierProfessional, HubData: TierEnterprise},
		AddOns: []AddOn{AddOnWebsite}, SolutionsPartner: true}
	want := "Marketing Hub Starter, Sales Hub Professional and Data Hub Enterprise with the Website add-on (Solutions Partner)"
	if got := a.Summary(); got != want {
		t.Errorf("Summary = %q, want %q", got, want)
	}
	if HubContent.Title() != "Content Hub" || HubData.Title() != "Data Hub" || HubCommerce.Title() != "Commerce Hub" || HubCRM.Title() != "Smart CRM" {
		t.Error("hub titles")
	}
	if TierFree.String() != "Free" || TierEnterprise.String() != "Enterprise" || Tier(9).String() != "Unknown" {
		t.Error("tier strings")
	}
	if len(Hubs()) != 7 || len(AddOns()) != 3 || len(Kinds()) != 5 {
		t.Error("Hubs/AddOns/Kinds counts")
	}
}

func FuzzParseAccount(f *testing.F) {
	for _, s := range []string{"free", "marketing-pro+website", "ALL-ENTERPRISE+sensitive-data+sensitive-data", "x+y", "+",
		"cms-pro+ops-basic+crm-enterprise", "test-portal+brands", "sales-pro+sales-pro", "developer+website+dev-sandbox"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseAccount(s)
		if err != nil {
			if strings.ContainsRune(err.Error(), '\x1b') {
				t.Fatalf("error echoes ESC: %q", err)
			}
			return
		}
		b, err := ParseAccount(a.ID)
		if err != nil || b.ID != a.ID || b.Name != a.Name || !maps.Equal(a.Hubs, b.Hubs) || a.Kind != b.Kind {
			t.Fatalf("canonical id %q does not round-trip: %+v %v", a.ID, b, err)
		}
	})
}
