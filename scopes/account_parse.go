package scopes

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/hsoauth/hsoauth/suggest"
)

// idTerm is what one '+'-separated term of an account id means.
type idTerm struct {
	hub     Hub // with tier, when the term sets one hub
	tier    Tier
	preset  *presetDef // a shortcut that sets several things
	addOn   AddOn
	kind    AccountKind
	ignored bool   // accepted for old ids, changes nothing
	note    string // told to the user whenever the term is used
}

// hubSpellings maps every accepted hub word to the hub and, for former names, a note.
var hubSpellings = []struct {
	word, note string
	hub        Hub
}{
	{"marketing", "", HubMarketing}, {"sales", "", HubSales}, {"service", "", HubService},
	{"content", "", HubContent}, {"cms", "CMS Hub is now Content Hub", HubContent},
	{"data", "", HubData}, {"operations", "Operations Hub is now Data Hub", HubData},
	{"ops", "Operations Hub is now Data Hub", HubData},
	{"commerce", "", HubCommerce}, {"crm", "", HubCRM}, {"smart-crm", "", HubCRM},
}

// tierSpellings maps every accepted tier word to its tier.
var tierSpellings = []struct {
	word, note string
	tier       Tier
}{
	{"free", "", TierFree}, {"starter", "", TierStarter}, {"basic", "Basic is the former name of Starter", TierStarter},
	{"pro", "", TierProfessional}, {"professional", "", TierProfessional}, {"enterprise", "", TierEnterprise},
}

// sensitiveDataNote explains why the old "+sensitive-data" term does nothing.
const sensitiveDataNote = "HubSpot sells no Sensitive Data add-on: sensitive scopes need an Enterprise hub " +
	"(and, for public apps, allow-listing by HubSpot), so \"sensitive-data\" is ignored"

// idLexicon is every term ParseAccount understands, built on first use so
// that commands which never read an account id do not pay for it.
var idLexicon = sync.OnceValue(func() map[string]idTerm {
	lex := map[string]idTerm{}
	for _, h := range hubSpellings {
		for _, t := range tierSpellings {
			note := joinNotes(h.note, t.note)
			if note != "" {
				note = fmt.Sprintf("%s: %s-%s means %s", note, h.word, t.word, hubTierID(h.hub, t.tier))
			}
			lex[h.word+"-"+t.word] = idTerm{hub: h.hub, tier: t.tier, note: note}
		}
	}
	for _, id := range []string{"free", "all-enterprise", "test-portal", "solutions-partner", "developer"} {
		p, _ := presetByID(id)
		lex[id] = idTerm{preset: &p}
	}
	for _, x := range AddOns() {
		lex[string(x)] = idTerm{addOn: x}
	}
	lex["brands"] = idTerm{addOn: AddOnBusinessUnits}
	lex["sensitive-data"] = idTerm{ignored: true, note: sensitiveDataNote}
	for word, k := range map[string]AccountKind{
		"standard": KindStandard, "standard-sandbox": KindStandardSandbox, "sandbox": KindStandardSandbox,
		"development-sandbox": KindDevelopmentSandbox, "dev-sandbox": KindDevelopmentSandbox,
		"test-account": KindTest, "test": KindTest, "developer-test-account": KindTest,
		"developer-account": KindDeveloper,
	} {
		lex[word] = idTerm{kind: k}
	}
	return lex
})

func joinNotes(a, b string) string {
	if a != "" && b != "" {
		return a + "; " + b
	}
	return a + b
}

// AccountIDError reports an account id that cannot be read: a term that
// means nothing (with the nearest valid term) or two terms that contradict
// each other. The message says what to type instead.
type AccountIDError struct {
	Input      string // the whole id as given
	Part       string // the term at fault
	Conflict   string // the earlier term it contradicts, for conflicts
	Suggestion string // the nearest valid term, for unknown terms
	Reason     string // the specific problem in words
}

// Error names the bad term, why it is wrong, and the fix.
func (e *AccountIDError) Error() string {
	msg := fmt.Sprintf("account %s: %s", quoteShort(e.Input), e.Reason)
	if e.Suggestion != "" {
		msg += fmt.Sprintf("; did you mean %q?", e.Suggestion)
	}
	if e.Conflict == "" {
		msg += "; account ids are " + AccountIDHelp()
	}
	return msg
}

// accountBuilder collects terms and notices contradictions.
type accountBuilder struct {
	input    string
	tiers    map[Hub]Tier
	tierFrom map[Hub]string
	addOns   []AddOn
	kind     AccountKind
	kindFrom string
	partner  bool
	notes    []string
}

// ParseAccount turns an account id into an Account. An id is one or more
// terms joined by '+', case-insensitive: hub tiers ("marketing-pro",
// "crm-starter"; former hub names such as cms-pro and operations-pro are
// accepted with a note), add-ons ("transactional-email"), account kinds
// ("development-sandbox", "test-account") and presets ("all-enterprise",
// "test-portal"). Equal accounts get equal canonical ids. Unknown terms and
// two tiers for one hub are *AccountIDError.
func ParseAccount(id string) (Account, error) {
	in := strings.TrimSpace(id)
	b := accountBuilder{input: id, tiers: map[Hub]Tier{}, tierFrom: map[Hub]string{}}
	if in == "" {
		return Account{}, &AccountIDError{Input: id, Reason: "the id is empty"}
	}
	for _, part := range strings.Split(strings.ToLower(in), "+") {
		if err := b.add(strings.TrimSpace(part)); err != nil {
			return Account{}, err
		}
	}
	return b.account(), nil
}

// add applies one term.
func (b *accountBuilder) add(part string) error {
	if part == "" {
		return &AccountIDError{Input: b.input, Reason: "empty term between '+' signs"}
	}
	t, ok := idLexicon()[part]
	if !ok {
		return b.unknown(part)
	}
	if t.note != "" && !slices.Contains(b.notes, t.note) {
		b.notes = append(b.notes, t.note)
	}
	switch {
	case t.ignored:
	case t.preset != nil:
		return b.addPreset(part, *t.preset)
	case t.addOn != "":
		if !slices.Contains(b.addOns, t.addOn) {
			b.addOns = append(b.addOns, t.addOn)
		}
	case t.kind != "":
		return b.setKind(part, t.kind)
	default:
		return b.setTier(part, t.hub, t.tier)
	}
	return nil
}

func (b *accountBuilder) addPreset(part string, p presetDef) error {
	for _, h := range Hubs() {
		if t, ok := p.hubs[h]; ok {
			if err := b.setTier(part, h, t); err != nil {
				return err
			}
		}
	}
	b.partner = b.partner || p.partner
	if p.kind != "" {
		return b.setKind(part, p.kind)
	}
	return nil
}

func (b *accountBuilder) setTier(part string, h Hub, t Tier) error {
	if old, ok := b.tiers[h]; ok && old != t {
		return &AccountIDError{Input: b.input, Part: part, Conflict: b.tierFrom[h],
			Reason: fmt.Sprintf("%s sets %s to %s but %s sets it to %s; an account has one tier per hub, keep one of them",
				b.tierFrom[h], h.Title(), old, part, t)}
	}
	b.tiers[h], b.tierFrom[h] = t, part
	return nil
}

func (b *accountBuilder) setKind(part string, k AccountKind) error {
	if b.kind != "" && b.kind != k {
		return &AccountIDError{Input: b.input, Part: part, Conflict: b.kindFrom,
			Reason: fmt.Sprintf("%s makes it a %s but %s makes it a %s; keep one of them",
				b.kindFrom, b.kind.Title(), part, k.Title())}
	}
	b.kind, b.kindFrom = k, part
	return nil
}

// unknown explains a term that means nothing, with the nearest valid one.
func (b *accountBuilder) unknown(part string) error {
	e := &AccountIDError{Input: b.input, Part: part, Reason: fmt.Sprintf("unknown term %s", quoteShort(part))}
	for _, h := range hubSpellings {
		if part == h.word {
			e.Reason = fmt.Sprintf("%s needs a tier: %s-free, %s-starter, %s-pro or %s-enterprise",
				quoteShort(part), part, part, part, part)
			return e
		}
	}
	e.Suggestion = suggest.Nearest(part, slices.Sorted(maps.Keys(idLexicon())))
	return e
}

// account builds the Account with its canonical id and name.
func (b *accountBuilder) account() Account {
	a := Account{Hubs: map[Hub]Tier{}, Kind: b.kind, SolutionsPartner: b.partner, Notes: b.notes}
	if a.Kind == "" {
		a.Kind = KindStandard
	}
	for h, t := range b.tiers {
		if t > TierFree {
			a.Hubs[h] = t
		}
	}
	a.AddOns = slices.Clone(b.addOns)
	slices.Sort(a.AddOns)
	a.ID, a.Name = a.canonical()
	return a
}

// canonical derives the id and the human name from the account's contents,
// so that every spelling of one account gets the same id.
func (a Account) canonical() (id, name string) {
	base := a.baseTerms()
	baseID := strings.Join(base, "+")
	if p, ok := presetByID(baseID); ok {
		name = p.name
	} else {
		name = a.composedName()
	}
	terms := base
	for _, x := range a.AddOns {
		terms = append(terms, string(x))
	}
	if len(a.AddOns) > 0 {
		name += " + " + strings.TrimPrefix(addOnPhrase(a.AddOns), "the ")
	}
	return strings.Join(terms, "+"), name
}

// baseTerms are the canonical terms for hubs, kind and partnership, in a
// fixed order; a combination that is exactly a preset uses the preset's id.
func (a Account) baseTerms() []string {
	allEnt := len(a.Hubs) == len(Hubs()) && a.allAt(TierEnterprise)
	kindDone := a.Kind == KindStandard
	var terms []string
	switch {
	case allEnt && a.Kind == KindTest:
		terms, kindDone = append(terms, "test-portal"), true
	case allEnt:
		terms = append(terms, "all-enterprise")
	default:
		for _, h := range Hubs() {
			if t := a.Tier(h); t > TierFree {
				terms = append(terms, hubTierID(h, t))
			}
		}
	}
	if len(terms) == 0 && !a.SolutionsPartner && a.Kind != KindDeveloper {
		terms = append(terms, "free")
	}
	if !kindDone {
		terms = append(terms, kindTerm(a.Kind))
	}
	if a.SolutionsPartner {
		terms = append(terms, "solutions-partner")
	}
	return terms
}

func (a Account) allAt(t Tier) bool {
	for _, h := range Hubs() {
		if a.Tier(h) != t {
			return false
		}
	}
	return true
}

// kindTerm is the canonical id term of an account kind.
func kindTerm(k AccountKind) string {
	switch k {
	case KindTest:
		return "test-account"
	case KindDeveloper:
		return "developer"
	}
	return string(k)
}

// composedName names an account that is no preset: "Marketing Hub
// Professional + Sales Hub Starter (development sandbox)".
func (a Account) composedName() string {
	var parts []string
	if len(a.Hubs) == len(Hubs()) && a.allAt(TierEnterprise) {
		parts = append(parts, "Every hub Enterprise")
	} else {
		for _, h := range Hubs() {
			if t := a.Tier(h); t > TierFree {
				parts = append(parts, h.Title()+" "+t.String())
			}
		}
	}
	if len(parts) == 0 {
		parts = append(parts, "Free tools only")
	}
	name := strings.Join(parts, " + ")
	var tags []string
	if a.Kind != KindStandard {
		tags = append(tags, a.Kind.Title())
	}
	if a.SolutionsPartner {
		tags = append(tags, "Solutions Partner")
	}
	if len(tags) > 0 {
		name += " (" + strings.Join(tags, ", ") + ")"
	}
	return name
}

// WithTier returns a copy of the account with hub h at tier t, re-deriving
// the id and name. Pickers use it to try a change before applying it.
func (a Account) WithTier(h Hub, t Tier) Account {
	b := a.clone()
	delete(b.Hubs, h)
	if t > TierFree {
		b.Hubs[h] = t
	}
	b.ID, b.Name = b.canonical()
	return b
}

// WithAddOn returns a copy of the account with add-on x switched on or off.
func (a Account) WithAddOn(x AddOn, on bool) Account {
	b := a.clone()
	b.AddOns = slices.DeleteFunc(b.AddOns, func(y AddOn) bool { return y == x })
	if on {
		b.AddOns = append(b.AddOns, x)
		slices.Sort(b.AddOns)
	}
	b.ID, b.Name = b.canonical()
	return b
}

// WithKind returns a copy of the account of kind k.
func (a Account) WithKind(k AccountKind) Account {
	b := a.clone()
	b.Kind = k
	b.ID, b.Name = b.canonical()
	return b
}

func (a Account) clone() Account {
	b := a
	b.Hubs = maps.Clone(a.Hubs)
	if b.Hubs == nil {
		b.Hubs = map[Hub]Tier{}
	}
	b.AddOns = slices.Clone(a.AddOns)
	b.Notes = nil
	return b
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
