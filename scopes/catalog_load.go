package scopes

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
)

// fieldError names the scope and field a catalog problem sits in.
func fieldError(name, field, format string, args ...any) error {
	return fmt.Errorf("%q: field %q: %s", name, field, fmt.Sprintf(format, args...))
}

var knownFields = []string{
	"name", "group", "description", "apis", "access", "available", "available_source", "confidence", "older",
	"sensitivity", "legacy", "legacy_note", "deprecated", "deprecated_since", "seed", "source",
	"aliases", "replacements", "related", "notes",
}

// catalogEntry is one [[scope]] table with its fields typed but not yet
// validated. catalog_gen.go holds the embedded catalog in this form, written
// by `go generate` from catalog.toml, so start-up does no TOML parsing; both
// that path and ParseCatalog validate entries with entry.scope.
type catalogEntry struct {
	Name, Group, Description       string
	APIs                           []string
	Access                         string
	Available                      []string
	AvailableSource, Confidence    string
	Older                          []string
	Sensitivity                    string
	Legacy                         bool
	LegacyNote                     string
	Deprecated                     bool
	DeprecatedSince                string
	Seed                           bool
	Source                         string
	Aliases, Replacements, Related []string
	Notes                          []string
}

// tableReader pulls typed fields out of one decoded [[scope]] table.
type tableReader struct {
	t    map[string]any
	name string
	err  error
}

func (r *tableReader) fail(field, format string, args ...any) {
	if r.err == nil {
		r.err = fieldError(r.name, field, format, args...)
	}
}

func (r *tableReader) str(field string, required bool) string {
	v, ok := r.t[field]
	if !ok {
		if required {
			r.fail(field, "missing")
		}
		return ""
	}
	s, ok := v.(string)
	if !ok {
		r.fail(field, "want a string, got %T", v)
		return ""
	}
	if !cleanText(s) {
		r.fail(field, "contains a control character or line break")
	}
	return s
}

func (r *tableReader) strs(field string) []string {
	v, ok := r.t[field]
	if !ok {
		return nil
	}
	list, ok := v.([]any)
	if !ok {
		r.fail(field, "want an array of strings, got %T", v)
		return nil
	}
	if len(list) == 0 {
		return nil
	}
	out := make([]string, 0, len(list))
	for i, x := range list {
		s, ok := x.(string)
		if !ok || !cleanText(s) || s == "" {
			r.fail(field, "item %d: want a non-empty one-line string", i)
			return nil
		}
		out = append(out, s)
	}
	return out
}

func (r *tableReader) boolean(field string) bool {
	v, ok := r.t[field]
	if !ok {
		return false
	}
	b, ok := v.(bool)
	if !ok {
		r.fail(field, "want true or false, got %T", v)
	}
	return b
}

// scopeFromTable validates one [[scope]] table and builds the Scope.
func scopeFromTable(t map[string]any) (Scope, error) {
	e, err := entryFromTable(t)
	if err != nil {
		return Scope{}, err
	}
	return e.scope()
}

// entryFromTable reads the fields of one decoded [[scope]] table, checking
// their types.
func entryFromTable(t map[string]any) (catalogEntry, error) {
	r := &tableReader{t: t, name: "(no name)"}
	if n, ok := t["name"].(string); ok && n != "" {
		r.name = n
	}
	keys := make([]string, 0, len(t))
	for k := range t {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if !slices.Contains(knownFields, k) {
			r.fail(k, "unknown field (known: %s)", strings.Join(knownFields, ", "))
		}
	}
	e := catalogEntry{
		Name: r.str("name", true), Group: r.str("group", true), Description: r.str("description", true),
		APIs: r.strs("apis"), Access: r.str("access", true), Available: r.strs("available"),
		AvailableSource: r.str("available_source", false), Confidence: r.str("confidence", false),
		Older: r.strs("older"), Sensitivity: r.str("sensitivity", false),
		Legacy: r.boolean("legacy"), LegacyNote: r.str("legacy_note", false),
		Deprecated: r.boolean("deprecated"), DeprecatedSince: r.str("deprecated_since", false),
		Seed: r.boolean("seed"), Source: r.str("source", false),
		Aliases: r.strs("aliases"), Replacements: r.strs("replacements"), Related: r.strs("related"), Notes: r.strs("notes"),
	}
	return e, r.err
}

// scope validates the entry and builds the Scope.
func (e catalogEntry) scope() (Scope, error) {
	s := Scope{
		Name: e.Name, Group: e.Group, Description: e.Description, APIs: e.APIs, Access: Access(e.Access),
		Sensitivity: Sensitivity(e.Sensitivity), Legacy: e.Legacy, Deprecated: e.Deprecated, Seed: e.Seed,
		Aliases: e.Aliases, Notes: e.Notes, Related: e.Related,
		Provenance: Provenance{Source: e.Source, AvailabilitySource: e.AvailableSource,
			Confidence: Confidence(e.Confidence), Older: e.Older},
		LegacyNote: e.LegacyNote, DeprecatedSince: e.DeprecatedSince, Replacements: e.Replacements,
	}
	return s, s.validate(e.Available)
}

// validate checks field values and parses the availability rule.
func (s *Scope) validate(available []string) error {
	if !validScopeName(s.Name) {
		return fieldError(s.Name, "name", "want lower-case letters, digits, '.', '_' or '-'")
	}
	for _, a := range s.Aliases {
		if !validScopeName(a) {
			return fieldError(s.Name, "aliases", "%q is not a valid scope name", a)
		}
	}
	if groupRank(s.Group) < 0 {
		return fieldError(s.Name, "group", "%q is not one of %s", s.Group, strings.Join(groupOrder, ", "))
	}
	if strings.TrimSpace(s.Description) == "" {
		return fieldError(s.Name, "description", "empty")
	}
	if !slices.Contains([]Access{AccessRead, AccessWrite, AccessOther}, s.Access) {
		return fieldError(s.Name, "access", "%q is not read, write or other", s.Access)
	}
	if s.Sensitivity == "" {
		s.Sensitivity = SensitivityNone
	}
	if !slices.Contains([]Sensitivity{SensitivityNone, SensitivitySensitive, SensitivityHighly}, s.Sensitivity) {
		return fieldError(s.Name, "sensitivity", "%q is not none, sensitive or highly-sensitive", s.Sensitivity)
	}
	if err := s.validateProvenance(); err != nil {
		return err
	}
	if slices.Contains(s.Related, s.Name) {
		return fieldError(s.Name, "related", "a scope cannot be related to itself")
	}
	rule, err := ParseRule(available)
	if err != nil {
		return fieldError(s.Name, "available", "%v", err)
	}
	s.Availability = rule
	return nil
}

// validScopeName accepts HubSpot's scope spelling: lower-case ASCII letters,
// digits and the separators . _ -.
func validScopeName(n string) bool {
	if n == "" {
		return false
	}
	for _, c := range n {
		ok := c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-'
		if !ok {
			return false
		}
	}
	return true
}

// cleanText reports whether s is safe to print on a terminal line: no
// control characters (escape sequences) and no line breaks.
func cleanText(s string) bool {
	for _, c := range s {
		if unicode.IsControl(c) || c == '\u2028' || c == '\u2029' {
			return false
		}
	}
	return true
}

// validateProvenance checks the source fields: a known confidence word and a
// real date.
func (s *Scope) validateProvenance() error {
	if s.Provenance.Confidence == "" {
		s.Provenance.Confidence = ConfidenceUnconfirmed
	}
	if !slices.Contains(Confidences(), s.Provenance.Confidence) {
		return fieldError(s.Name, "confidence", "%q is not documented, spec or unconfirmed", s.Provenance.Confidence)
	}
	if s.DeprecatedSince != "" {
		if _, err := time.Parse(time.DateOnly, s.DeprecatedSince); err != nil {
			return fieldError(s.Name, "deprecated_since", "%q is not a YYYY-MM-DD date", s.DeprecatedSince)
		}
	}
	return nil
}
