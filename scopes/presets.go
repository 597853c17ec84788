package scopes

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hsoauth/hsoauth/suggest"
)

// presetDef is the compact source of one preset account.
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

func oneHub(h Hub, t Tier) presetDef {
	short := map[Tier]string{TierStarter: "starter", TierProfessional: "pro", TierEnterprise: "enterprise"}[t]
	return presetDef{
		id:   string(h) + "-" + short,
		name: h.Title() + " " + t.String(),
		hubs: map[Hub]Tier{h: t},
	}
}

// presetDefs is the stable, ordered list behind Presets. Ids are part of the
// CLI and config contract: never rename one.
var presetDefs = func() []presetDef {
	defs := []presetDef{{id: "free", name: "Free tools only (no paid hub)"}}
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

func (p presetDef) account() Account {
	hubs := make(map[Hub]Tier, len(p.hubs))
	for h, t := range p.hubs {
		hubs[h] = t
	}
	kind := p.kind
	if kind == "" {
		kind = KindStandard
	}
	return Account{ID: p.id, Name: p.name, Hubs: hubs, Kind: kind, SolutionsPartner: p.partner}
}

// Presets returns the ready-made account types users pick from, in a stable
// order. Each call returns fresh values, so callers may modify them.
func Presets() []Account {
	out := make([]Account, len(presetDefs))
	for i, p := range presetDefs {
		out[i] = p.account()
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

// UnknownAccountError reports an account id that names no preset or an
// unknown add-on. It lists what is valid and the nearest match so a typo on
// the command line is a one-step fix.
type UnknownAccountError struct {
	Input      string   // the whole id as given
	Part       string   // the piece that was not recognised
	AddOn      bool     // true when Part is an add-on rather than a preset
	Valid      []string // valid presets, or valid add-ons when AddOn
	Suggestion string   // the nearest valid value
}

// Error names the bad piece, every valid value and the nearest one.
func (e *UnknownAccountError) Error() string {
	what := "account"
	if e.AddOn {
		what = "add-on"
	}
	msg := fmt.Sprintf("unknown %s %s", what, quoteShort(e.Part))
	if e.AddOn {
		msg += " in account " + quoteShort(e.Input)
	}
	msg += fmt.Sprintf("; valid %ss are: %s", what, strings.Join(e.Valid, ", "))
	if e.Suggestion != "" {
		msg += fmt.Sprintf("; did you mean %q?", e.Suggestion)
	}
	return msg
}

// quoteShort quotes outside input for error text: escapes control characters
// (so no terminal escape sequence is echoed) and caps the length.
func quoteShort(s string) string {
	const max = 64
	if r := []rune(s); len(r) > max {
		s = string(r[:max]) + "…"
	}
	return fmt.Sprintf("%q", s)
}

// ParseAccount turns an id such as "marketing-pro+transactional-email+website"
// into an Account: a preset id, then any add-ons, case-insensitive. Add-ons
// are deduplicated and sorted, so equal accounts get equal canonical ids.
func ParseAccount(id string) (Account, error) {
	parts := strings.Split(strings.ToLower(strings.TrimSpace(id)), "+")
	i := slices.IndexFunc(presetDefs, func(p presetDef) bool { return p.id == parts[0] })
	if i < 0 {
		valid := PresetIDs()
		return Account{}, &UnknownAccountError{Input: id, Part: parts[0], Valid: valid, Suggestion: suggest.Nearest(parts[0], valid)}
	}
	acct := presetDefs[i].account()
	for _, p := range parts[1:] {
		x := AddOn(p)
		if !slices.Contains(AddOns(), x) {
			valid := make([]string, 0, len(AddOns()))
			for _, v := range AddOns() {
				valid = append(valid, string(v))
			}
			return Account{}, &UnknownAccountError{Input: id, Part: p, AddOn: true, Valid: valid, Suggestion: suggest.Nearest(p, valid)}
		}
		if !acct.Has(x) {
			acct.AddOns = append(acct.AddOns, x)
		}
	}
	return acct.withAddOns(), nil
}

// withAddOns sorts the add-ons and derives the canonical id and name from
// the preset and the add-ons.
func (a Account) withAddOns() Account {
	slices.Sort(a.AddOns)
	base, _, _ := strings.Cut(a.ID, "+")
	i := slices.IndexFunc(presetDefs, func(p presetDef) bool { return p.id == base })
	if i >= 0 {
		a.Name = presetDefs[i].name
	}
	a.ID = base
	for _, x := range a.AddOns {
		a.ID += "+" + string(x)
	}
	if len(a.AddOns) > 0 {
		titles := make([]string, len(a.AddOns))
		for j, x := range a.AddOns {
			titles[j] = x.Title()
		}
		suffix := " add-on"
		if len(titles) > 1 {
			suffix = " add-ons"
		}
		a.Name += " + " + joinWords(titles, "and") + suffix
	}
	return a
}
