package scopes

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Access says whether a scope reads, writes or does something broader, so
// the UI can group and colour it and users can pick least privilege.
type Access string

// Access kinds; "other" covers broad, read+write or execute scopes.
const (
	AccessRead  Access = "read"
	AccessWrite Access = "write"
	AccessOther Access = "other"
)

// Sensitivity marks HubSpot's sensitive-data scopes, which need an
// Enterprise hub with sensitive data switched on, a Super Admin to install,
// and for public apps allow-listing by HubSpot.
type Sensitivity string

// Sensitivity levels, as HubSpot's Sensitive Data guide names them.
const (
	SensitivityNone      Sensitivity = "none"
	SensitivitySensitive Sensitivity = "sensitive"
	SensitivityHighly    Sensitivity = "highly-sensitive"
)

// Scope is one HubSpot OAuth scope with everything a developer needs to
// decide whether to ask for it.
type Scope struct {
	Name, Group, Description string
	APIs                     []string
	Access                   Access
	Availability             Rule // parsed from the data file's `available` terms
	Sensitivity              Sensitivity
	Legacy, Deprecated, Seed bool     // Seed: one of the 14 scopes of HubSpot's original table
	Aliases                  []string // other spellings that mean this scope
	Notes                    []string
	Related                  []string
	Provenance               Provenance
	LegacyNote               string   // what a source says about the legacy status, and who says it
	DeprecatedSince          string   // YYYY-MM-DD HubSpot removed the scope, when a source gives it
	Replacements             []string // current scopes a source names in its place
}

// Confidence says how sure the catalog is of a scope's availability.
type Confidence string

// Confidence levels, surest first.
const (
	ConfidenceDocumented  Confidence = "documented"  // a HubSpot table or guide says so
	ConfidenceSpec        Confidence = "spec"        // read from the tier requirements of HubSpot's API specs
	ConfidenceUnconfirmed Confidence = "unconfirmed" // third-party copies or hsoauth's own reading
)

// Confidences lists the levels, surest first.
func Confidences() []Confidence {
	return []Confidence{ConfidenceDocumented, ConfidenceSpec, ConfidenceUnconfirmed}
}

// Provenance says where a scope's facts come from, so every answer about
// availability can name its source and how sure it is.
type Provenance struct {
	Source             string     // where the scope itself is documented
	AvailabilitySource string     // where the `available` rule comes from
	Confidence         Confidence // how sure that rule is
	Older              []string   // older statements a newer source overrides, each with its date
}

// Removed reports whether HubSpot has removed the scope on a known date:
// installs that ask for it fail, whatever the account.
func (s Scope) Removed() bool {
	return s.Deprecated && s.DeprecatedSince != ""
}

// IsSensitive reports whether the scope is sensitive or highly sensitive.
func (s Scope) IsSensitive() bool {
	return s.Sensitivity != "" && s.Sensitivity != SensitivityNone
}

// Verdict is the answer to "can this account grant this scope?", with the
// reason in plain words either way so users learn the rule, not just the
// result.
type Verdict struct {
	OK     bool
	Reason string
}

// developerReason is HubSpot's rule for developer portals, in our words.
const developerReason = "Developer portals cannot install apps; create a test portal"

// AvailableOn judges the scope against an account. It is pure: same inputs,
// same verdict.
func (s Scope) AvailableOn(a Account) Verdict {
	if a.Kind == KindDeveloper {
		return Verdict{Reason: developerReason}
	}
	if s.Removed() {
		return Verdict{Reason: "HubSpot removed this scope on " + s.DeprecatedSince + "; no account can grant it"}
	}
	if what, ok := s.Availability.allows(a); ok {
		if what == "every account" {
			return Verdict{OK: true, Reason: "available on every HubSpot account"}
		}
		return Verdict{OK: true, Reason: what + " is included"}
	}
	return Verdict{Reason: "needs " + s.Availability.phrase() + "; this account has " + a.Summary()}
}

// String describes the rule in plain words: "Marketing Hub Starter,
// Professional or Enterprise with the Website add-on".
func (r Rule) String() string {
	return capitalize(r.phrase())
}

// phrase is String without the leading capital, for use mid-sentence.
func (r Rule) phrase() string {
	if len(r.terms) == 0 {
		return "an account type HubSpot does not offer"
	}
	type group struct {
		t     term
		tiers []Tier
	}
	var groups []group
	for _, t := range r.terms {
		i := slices.IndexFunc(groups, func(g group) bool {
			return g.t.kind == t.kind && g.t.hub == t.hub && slices.Equal(g.t.addOns, t.addOns) &&
				(t.kind == baseHubTier || t.kind == baseAnyTier)
		})
		if i >= 0 {
			if !slices.Contains(groups[i].tiers, t.tier) {
				groups[i].tiers = append(groups[i].tiers, t.tier)
			}
			continue
		}
		groups = append(groups, group{t: t, tiers: []Tier{t.tier}})
	}
	parts := make([]string, len(groups))
	for i, g := range groups {
		slices.Sort(g.tiers)
		parts[i] = g.t.describe(g.tiers)
	}
	return strings.Join(parts, ", or ")
}

// describe renders one group of terms that differ only by tier.
func (t term) describe(tiers []Tier) string {
	words := make([]string, len(tiers))
	for i, x := range tiers {
		words[i] = x.String()
	}
	var s string
	switch t.kind {
	case baseAny:
		s = "any account"
	case baseAnyTier:
		s = "any " + joinWords(words, "or") + " hub"
	case baseHubTier:
		s = t.hub.Title() + " " + joinWords(words, "or")
	case baseHubPaid:
		s = t.hub.Title() + " Starter or above"
	case baseAddOn:
		return addOnPhrase(t.addOns)
	case basePartner:
		s = "a Solutions Partner account"
	}
	if len(t.addOns) > 0 {
		s += " with " + addOnPhrase(t.addOns)
	}
	return s
}

func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
