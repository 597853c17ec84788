package scopes

import (
	"errors"
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
	if !slices.Equal(a.AddOns, []AddOn{AddOnTransactionalEmail, AddOnWebsite}) || !a.Has(AddOnWebsite) || a.Has(AddOnSensitiveData) {
		t.Errorf("AddOns = %v", a.AddOns)
	}
	one, _ := ParseAccount("marketing-pro+transactional-email")
	if one.Name != "Marketing Hub Professional + Transactional Email add-on" {
		t.Errorf("Name = %q", one.Name)
	}
}

func TestParseAccountErrors(t *testing.T) {
	tests := []struct {
		in, part, suggestion string
		addOn                bool
		contains             []string
	}{
		{"marketing-professional", "marketing-professional", "marketing-pro", false,
			[]string{`unknown account "marketing-professional"`, "free, marketing-starter", `did you mean "marketing-pro"?`}},
		{"sales-enterprize", "sales-enterprize", "sales-enterprise", false, []string{`"sales-enterprise"`}},
		{"marketing-pro+webste", "webste", "website", true,
			[]string{`unknown add-on "webste" in account "marketing-pro+webste"`, "website, transactional-email, business-units, sensitive-data"}},
		{"", "", "", false, []string{`unknown account ""`}},
		{"free++website", "", "", true, []string{`unknown add-on ""`}},
		{"\x1b[31mevil", "\x1b[31mevil", "", false, []string{`"\x1b[31mevil"`}},
	}
	for _, tt := range tests {
		_, err := ParseAccount(tt.in)
		var ue *UnknownAccountError
		if !errors.As(err, &ue) {
			t.Fatalf("ParseAccount(%q) error = %v, want *UnknownAccountError", tt.in, err)
		}
		if ue.Part != tt.part || ue.AddOn != tt.addOn || (tt.suggestion != "" && ue.Suggestion != tt.suggestion) {
			t.Errorf("ParseAccount(%q) = %+v", tt.in, ue)
		}
		if len(ue.Valid) == 0 {
			t.Errorf("ParseAccount(%q): no valid values listed", tt.in)
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

func TestSummaryAndTitles(t *testing.T) {
	a := Account{Hubs: map[Hub]Tier{HubMarketing: TierStarter, HubSales: TierProfessional, HubData: TierEnterprise},
		AddOns: []AddOn{AddOnWebsite}, SolutionsPartner: true}
	want := "Marketing Hub Starter, Sales Hub Professional and Data Hub Enterprise with the Website add-on (Solutions Partner)"
	if got := a.Summary(); got != want {
		t.Errorf("Summary = %q, want %q", got, want)
	}
	if HubContent.Title() != "Content Hub" || HubData.Title() != "Data Hub" || HubCommerce.Title() != "Commerce Hub" {
		t.Error("hub titles")
	}
	if TierFree.String() != "Free" || TierEnterprise.String() != "Enterprise" || Tier(9).String() != "Unknown" {
		t.Error("tier strings")
	}
	if len(Hubs()) != 6 || len(AddOns()) != 4 {
		t.Error("Hubs/AddOns counts")
	}
}

func FuzzParseAccount(f *testing.F) {
	for _, s := range []string{"free", "marketing-pro+website", "ALL-ENTERPRISE+sensitive-data+sensitive-data", "x+y", "+"} {
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
		if err != nil || b.ID != a.ID || b.Name != a.Name {
			t.Fatalf("canonical id %q does not round-trip: %+v %v", a.ID, b, err)
		}
	})
}
