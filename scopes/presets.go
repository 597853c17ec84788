package scopes

import "strings"

// presetDef is the compact source of one preset account. A preset is a
// shortcut for a combination of account-id terms; ParseAccount expands it,
// so presets combine with each other and with every other term.
type presetDef struct {
	id, name string
	hubs     map[Hub]Tier
	kind     AccountKind
	partner  bool
}

func allHubsAt(t Tier) map[Hub]Tier {
	m := make(map[Hub]Tier, len(Hubs()))
	for _, h := range Hubs() {
		m[h] = t
	}
	return m
}

// tierShort is the tier's word in account ids: "pro" for Professional.
var tierShort = map[Tier]string{TierFree: "free", TierStarter: "starter", TierProfessional: "pro", TierEnterprise: "enterprise"}

// hubTierID is the account-id term for one hub at one tier ("marketing-pro").
func hubTierID(h Hub, t Tier) string {
	return string(h) + "-" + tierShort[t]
}

func oneHub(h Hub, t Tier) presetDef {
	return presetDef{id: hubTierID(h, t), name: h.Title() + " " + t.String(), hubs: map[Hub]Tier{h: t}}
}

// presetDefs is the stable, ordered list behind Presets. Ids are part of the
// CLI and config contract: never rename one.
var presetDefs = func() []presetDef {
	defs := []presetDef{{id: "free", name: "Free tools only (no paid hub)", hubs: allHubsAt(TierFree)}}
	for _, h := range []Hub{HubMarketing, HubSales, HubService, HubContent} {
		for _, t := range []Tier{TierStarter, TierProfessional, TierEnterprise} {
			defs = append(defs, oneHub(h, t))
		}
	}
	defs = append(defs,
		oneHub(HubData, TierStarter),
		oneHub(HubData, TierProfessional),
		oneHub(HubData, TierEnterprise),
		oneHub(HubCommerce, TierProfessional),
		oneHub(HubCommerce, TierEnterprise),
		presetDef{id: "all-enterprise", name: "Every hub Enterprise", hubs: allHubsAt(TierEnterprise)},
		presetDef{id: "test-portal", name: "Developer test portal (every hub Enterprise)",
			hubs: allHubsAt(TierEnterprise), kind: KindTest},
		presetDef{id: "solutions-partner", name: "Solutions Partner account (no paid hub)", partner: true},
		presetDef{id: "developer", name: "Developer portal (cannot install apps)", kind: KindDeveloper},
	)
	return defs
}()

// presetByID finds a preset by its exact id.
func presetByID(id string) (presetDef, bool) {
	for _, p := range presetDefs {
		if p.id == id {
			return p, true
		}
	}
	return presetDef{}, false
}

// Presets returns the ready-made account types users pick from, in a stable
// order. Each call returns fresh values, so callers may modify them.
func Presets() []Account {
	out := make([]Account, len(presetDefs))
	for i, p := range presetDefs {
		a, err := ParseAccount(p.id)
		if err != nil {
			panic("scopes: preset " + p.id + " does not parse: " + err.Error())
		}
		out[i] = a
	}
	return out
}

// PresetIDs lists the preset ids in Presets order, for help text and
// completion.
func PresetIDs() []string {
	ids := make([]string, len(presetDefs))
	for i, p := range presetDefs {
		ids[i] = p.id
	}
	return ids
}

// AccountIDFlagHelp is the short form for a flag's help line.
const AccountIDFlagHelp = "hub tiers, add-ons and kinds joined by '+', e.g. marketing-pro+sales-starter+transactional-email"

// AccountIDHelp is one line on how account ids are built, for error texts.
func AccountIDHelp() string {
	return "terms joined by '+': HUB-TIER (marketing, sales, service, content, data, commerce, crm; " +
		"free, starter, pro, enterprise), add-ons (" + strings.Join(addOnIDs(), ", ") +
		"), kinds (standard-sandbox, development-sandbox, test-account) or a preset (" +
		strings.Join([]string{"free", "all-enterprise", "test-portal", "solutions-partner", "developer"}, ", ") +
		"), e.g. marketing-starter or marketing-pro+sales-starter+transactional-email"
}

func addOnIDs() []string {
	out := make([]string, 0, len(AddOns()))
	for _, x := range AddOns() {
		out = append(out, string(x))
	}
	return out
}
