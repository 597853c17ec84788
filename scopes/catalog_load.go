package scopes

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// fieldError names the scope and field a catalog problem sits in.
func fieldError(name, field, format string, args ...any) error {
	return fmt.Errorf("%q: field %q: %s", name, field, fmt.Sprintf(format, args...))
}

var knownFields = []string{
	"name", "group", "description", "apis", "access", "available", "sensitivity",
	"legacy", "deprecated", "seed", "aliases", "related", "notes",
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
	s := Scope{
		Name: r.str("name", true), Group: r.str("group", true), Description: r.str("description", true),
		APIs: r.strs("apis"), Access: Access(r.str("access", true)), Sensitivity: Sensitivity(r.str("sensitivity", false)),
		Legacy: r.boolean("legacy"), Deprecated: r.boolean("deprecated"), Seed: r.boolean("seed"),
		Aliases: r.strs("aliases"), Notes: r.strs("notes"), Related: r.strs("related"),
	}
	available := r.strs("available")
	if r.err != nil {
		return Scope{}, r.err
	}
	return s, s.validate(available)
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
