package scopes

import (
	"fmt"
	"slices"
	"strings"
)

// baseKind is the first part of an availability term.
type baseKind int

const (
	baseAny     baseKind = iota // any account
	baseAnyTier                 // some hub at exactly tier
	baseHubTier                 // hub at exactly tier
	baseHubPaid                 // hub at Starter or above
	baseAddOn                   // the add-ons alone suffice
	basePartner                 // Solutions Partner accounts
)

// term is one alternative of a Rule: a base condition plus add-ons that are
// all required.
type term struct {
	kind   baseKind
	hub    Hub
	tier   Tier
	addOns []AddOn // sorted, deduplicated
}

// Rule says which accounts can grant a scope: an OR of terms, parsed from the
// catalog's `available` list. Keeping it structured (not a string) lets the
// app both judge an account and explain the answer.
type Rule struct {
	terms []term
}

var tierWords = map[string]Tier{"starter": TierStarter, "professional": TierProfessional, "enterprise": TierEnterprise}

// ParseRule reads the catalog's availability grammar: each string is one
// term, a base ("any", "any:<tier>", "<hub>:<tier>", "<hub>:paid", "addon",
// "solutions-partner") followed by optional "+<add-on>" conjuncts.
func ParseRule(terms []string) (Rule, error) {
	if len(terms) == 0 {
		return Rule{}, fmt.Errorf("no availability terms")
	}
	r := Rule{terms: make([]term, 0, len(terms))}
	for i, s := range terms {
		t, err := parseTerm(s)
		if err != nil {
			return Rule{}, fmt.Errorf("term %d %s: %w", i, quoteShort(s), err)
		}
		r.terms = append(r.terms, t)
	}
	return r, nil
}

func parseTerm(s string) (term, error) {
	parts := strings.Split(s, "+")
	t, err := parseBase(parts[0])
	if err != nil {
		return term{}, err
	}
	for _, p := range parts[1:] {
		x := AddOn(p)
		if !slices.Contains(AddOns(), x) {
			return term{}, fmt.Errorf("unknown add-on %s", quoteShort(p))
		}
		if !slices.Contains(t.addOns, x) {
			t.addOns = append(t.addOns, x)
		}
	}
	slices.Sort(t.addOns)
	if t.kind == baseAddOn && len(t.addOns) == 0 {
		return term{}, fmt.Errorf(`"addon" needs at least one "+<add-on>"`)
	}
	return t, nil
}

func parseBase(b string) (term, error) {
	switch b {
	case "any":
		return term{kind: baseAny}, nil
	case "addon":
		return term{kind: baseAddOn}, nil
	case "solutions-partner":
		return term{kind: basePartner}, nil
	}
	left, right, ok := strings.Cut(b, ":")
	if !ok {
		return term{}, fmt.Errorf("unknown base %s", quoteShort(b))
	}
	if left == "any" {
		tier, ok := tierWords[right]
		if !ok {
			return term{}, fmt.Errorf("unknown tier %s (want starter, professional or enterprise)", quoteShort(right))
		}
		return term{kind: baseAnyTier, tier: tier}, nil
	}
	hub := Hub(left)
	if _, ok := hubTitles[hub]; !ok {
		return term{}, fmt.Errorf("unknown hub %s", quoteShort(left))
	}
	if right == "paid" {
		return term{kind: baseHubPaid, hub: hub}, nil
	}
	tier, ok := tierWords[right]
	if !ok {
		return term{}, fmt.Errorf("unknown tier %s (want starter, professional, enterprise or paid)", quoteShort(right))
	}
	return term{kind: baseHubTier, hub: hub, tier: tier}, nil
}

// match reports whether the account satisfies the term and, if so, a phrase
// naming what satisfied it ("Marketing Hub Starter").
func (t term) match(a Account) (string, bool) {
	for _, x := range t.addOns {
		if !a.Has(x) {
			return "", false
		}
	}
	if t.kind == baseAddOn || t.kind == baseAny && len(t.addOns) > 0 {
		return addOnPhrase(t.addOns), true
	}
	subject := t.baseSubject(a)
	if subject == "" {
		return "", false
	}
	if len(t.addOns) > 0 {
		subject += " with " + addOnPhrase(t.addOns)
	}
	return subject, true
}

// baseSubject names what in the account meets the term's base condition,
// or returns "" when nothing does.
func (t term) baseSubject(a Account) string {
	switch t.kind {
	case baseAny:
		return "every account"
	case baseAnyTier:
		for _, h := range Hubs() {
			if a.Tier(h) == t.tier {
				return h.Title() + " " + t.tier.String()
			}
		}
	case baseHubTier:
		if a.Tier(t.hub) == t.tier {
			return t.hub.Title() + " " + t.tier.String()
		}
	case baseHubPaid:
		if a.Tier(t.hub) >= TierStarter {
			return t.hub.Title() + " " + a.Tier(t.hub).String()
		}
	case basePartner:
		if a.SolutionsPartner {
			return "a Solutions Partner account"
		}
	}
	return ""
}

// allows evaluates the rule against an account, returning the phrase of the
// first term that matched.
func (r Rule) allows(a Account) (string, bool) {
	if a.Kind == KindDeveloper {
		return "", false
	}
	for _, t := range r.terms {
		if s, ok := t.match(a); ok {
			return s, true
		}
	}
	return "", false
}

// Allows reports whether an account of this shape can grant the scope.
// Developer portals never can.
func (r Rule) Allows(a Account) bool {
	_, ok := r.allows(a)
	return ok
}

// Terms returns the rule in the catalog's own grammar, for round trips and
// debugging.
func (r Rule) Terms() []string {
	out := make([]string, len(r.terms))
	for i, t := range r.terms {
		out[i] = t.source()
	}
	return out
}

func (t term) source() string {
	var s string
	switch t.kind {
	case baseAny:
		s = "any"
	case baseAnyTier:
		s = "any:" + strings.ToLower(t.tier.String())
	case baseHubTier:
		s = string(t.hub) + ":" + strings.ToLower(t.tier.String())
	case baseHubPaid:
		s = string(t.hub) + ":paid"
	case baseAddOn:
		s = "addon"
	case basePartner:
		s = "solutions-partner"
	}
	for _, x := range t.addOns {
		s += "+" + string(x)
	}
	return s
}
