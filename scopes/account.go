// Package scopes knows HubSpot's OAuth scopes: the embedded catalog, which
// account types can grant each scope, the three-way selection an app
// configures (required, conditionally required, optional), a lint that
// catches install-URL mistakes before HubSpot's consent page does, a
// prediction of what an install would grant, and app-hsmeta.json import and
// export. It is plain Go with no UI or network code so that the CLI, the TUI
// and the sandbox all share one source of truth.
package scopes

import (
	"slices"
	"strings"
)

// Hub is a HubSpot product line. Scope availability is decided per hub and
// tier, so the account model is keyed by Hub.
type Hub string

// The hubs HubSpot sells, under their current names.
const (
	HubMarketing Hub = "marketing"
	HubSales     Hub = "sales"
	HubService   Hub = "service"
	HubContent   Hub = "content" // formerly CMS Hub
	HubData      Hub = "data"    // formerly Operations Hub
	HubCommerce  Hub = "commerce"
	HubCRM       Hub = "crm" // Smart CRM, the platform under every hub, with its own seat tiers
)

var hubTitles = map[Hub]string{
	HubMarketing: "Marketing Hub",
	HubSales:     "Sales Hub",
	HubService:   "Service Hub",
	HubContent:   "Content Hub",
	HubData:      "Data Hub",
	HubCommerce:  "Commerce Hub",
	HubCRM:       "Smart CRM",
}

// Hubs lists every hub in the order HubSpot's pricing pages show them, Smart
// CRM last, so pickers and summaries read the same everywhere. HubSpot's API
// specs list Smart CRM ("crmHub") beside the hubs in their tier requirements,
// so it counts as a hub for "any Enterprise hub".
func Hubs() []Hub {
	return []Hub{HubMarketing, HubSales, HubService, HubContent, HubData, HubCommerce, HubCRM}
}

// Title is the product name users see in HubSpot ("Marketing Hub"), used in
// every human-facing sentence about availability.
func (h Hub) Title() string {
	if t, ok := hubTitles[h]; ok {
		return t
	}
	return string(h)
}

// Tier is a subscription level of one hub. The zero value is the free tools,
// so a hub missing from Account.Hubs is simply free.
type Tier int

// Subscription levels, cheapest first so that comparisons mean "at least".
const (
	TierFree Tier = iota
	TierStarter
	TierProfessional
	TierEnterprise
)

var tierNames = [...]string{"Free", "Starter", "Professional", "Enterprise"}

// String gives HubSpot's own word for the tier, ready for sentences.
func (t Tier) String() string {
	if t >= 0 && int(t) < len(tierNames) {
		return tierNames[t]
	}
	return "Unknown"
}

// AddOn is a paid extra that some scopes need on top of a hub tier (hubdb
// needed the Website add-on in HubSpot's original table, transactional-email
// needs the Transactional Email add-on). Sensitive data is not an add-on:
// HubSpot gates it by an Enterprise hub.
type AddOn string

// The add-ons that change scope availability.
const (
	AddOnWebsite            AddOn = "website"
	AddOnTransactionalEmail AddOn = "transactional-email"
	AddOnBusinessUnits      AddOn = "business-units"
)

var addOnTitles = map[AddOn]string{
	AddOnWebsite:            "Website",
	AddOnTransactionalEmail: "Transactional Email",
	AddOnBusinessUnits:      "Business Units (Brands)",
}

// AddOns lists every add-on so that parsers can validate and pickers can
// offer them.
func AddOns() []AddOn {
	return []AddOn{AddOnWebsite, AddOnTransactionalEmail, AddOnBusinessUnits}
}

// Title is the add-on's name as HubSpot writes it, for sentences.
func (x AddOn) Title() string {
	if t, ok := addOnTitles[x]; ok {
		return t
	}
	return string(x)
}

// AccountKind separates real customer accounts from the sandboxes and test
// accounts developers meet, and from developer accounts, where no app can be
// installed at all.
type AccountKind string

// Account kinds. Installs work on every kind but KindDeveloper; a sandbox or
// test account grants what its hubs and tiers grant.
const (
	KindStandard           AccountKind = "standard"
	KindStandardSandbox    AccountKind = "standard-sandbox"    // copy of a production account (Enterprise feature)
	KindDevelopmentSandbox AccountKind = "development-sandbox" // lightweight sandbox for building apps
	KindTest               AccountKind = "test"                // developer test account, configurable tiers
	KindDeveloper          AccountKind = "developer"           // app developer account: cannot install apps
)

var kindTitles = map[AccountKind]string{
	KindStandard:           "standard account",
	KindStandardSandbox:    "standard sandbox",
	KindDevelopmentSandbox: "development sandbox",
	KindTest:               "developer test account",
	KindDeveloper:          "developer account",
}

// Kinds lists every account kind, the standard one first, for pickers.
func Kinds() []AccountKind {
	return []AccountKind{KindStandard, KindStandardSandbox, KindDevelopmentSandbox, KindTest, KindDeveloper}
}

// Title names the kind in words ("standard sandbox").
func (k AccountKind) Title() string {
	if t, ok := kindTitles[k]; ok {
		return t
	}
	return string(k)
}

// Account describes the HubSpot account an install targets: which hubs at
// which tier, which add-ons, and what kind of portal. It is what scope
// availability is judged against.
type Account struct {
	ID               string       // canonical id, e.g. "marketing-pro+transactional-email"
	Name             string       // human, e.g. "Marketing Hub Professional + Transactional Email add-on"
	Hubs             map[Hub]Tier // missing hub = TierFree
	AddOns           []AddOn      // sorted
	Kind             AccountKind
	SolutionsPartner bool
	Notes            []string // what the id parser wants the user to know (former hub names, ignored terms)
}

// Tier reports the account's level for hub h; hubs it does not pay for are
// TierFree.
func (a Account) Tier(h Hub) Tier {
	return a.Hubs[h]
}

// Has reports whether the account bought add-on x.
func (a Account) Has(x AddOn) bool {
	return slices.Contains(a.AddOns, x)
}

// IsEnterprise reports whether any hub is at Enterprise, which is what
// HubSpot's "any Enterprise" scopes and sensitive data ask for.
func (a Account) IsEnterprise() bool {
	for _, t := range a.Hubs {
		if t == TierEnterprise {
			return true
		}
	}
	return false
}

// Summary describes what the account has in one phrase ("Marketing Hub
// Starter with the Website add-on"), for verdicts and failure lines.
func (a Account) Summary() string {
	var paid []string
	allEnterprise := true
	for _, h := range Hubs() {
		t := a.Tier(h)
		if t != TierEnterprise {
			allEnterprise = false
		}
		if t > TierFree {
			paid = append(paid, h.Title()+" "+t.String())
		}
	}
	var s string
	switch {
	case allEnterprise:
		s = "every hub at Enterprise"
	case len(paid) == 0:
		s = "no paid hub"
	default:
		s = joinWords(paid, "and")
	}
	if len(a.AddOns) > 0 {
		s += " with " + addOnPhrase(a.AddOns)
	}
	if a.SolutionsPartner {
		s += " (Solutions Partner)"
	}
	return s
}

// addOnPhrase renders add-ons as "the Website add-on" or "the Website and
// Transactional Email add-ons".
func addOnPhrase(xs []AddOn) string {
	titles := make([]string, len(xs))
	for i, x := range xs {
		titles[i] = x.Title()
	}
	if len(xs) == 1 {
		return "the " + titles[0] + " add-on"
	}
	return "the " + joinWords(titles, "and") + " add-ons"
}

// joinWords joins items as English prose: "a", "a and b", "a, b and c".
func joinWords(items []string, conj string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + conj + " " + items[len(items)-1]
}
