package main

import (
	"encoding/json"
	"slices"
	"strings"
)

// sampleTime is the date-time every generated body carries (the sandbox's sample data epoch).
const sampleTime = "2026-01-15T09:30:00.000Z"

type schema struct {
	Ref        string                     `json:"$ref"`
	Type       any                        `json:"type"` // a string, or a list in OpenAPI 3.1
	Format     string                     `json:"format"`
	Enum       []any                      `json:"enum"`
	Properties map[string]json.RawMessage `json:"properties"`
	Required   []string                   `json:"required"`
	Items      json.RawMessage            `json:"items"`
	AllOf      []json.RawMessage          `json:"allOf"`
	OneOf      []json.RawMessage          `json:"oneOf"`
	AnyOf      []json.RawMessage          `json:"anyOf"`
}

// builder makes a small JSON value a schema accepts: every required property and, for the answer's own
// object, the optional ones too (see object); arrays empty, the first enum value, zero numbers, false, "sample" strings and sampleTime for dates.
type builder struct {
	schemas map[string]json.RawMessage
	active  map[string]bool // $refs being expanded, to cut cycles
	nest    int             // how many objects deep the value being built is
}

const maxDepth = 12

func (b *builder) value(raw json.RawMessage, depth int) any {
	var s schema
	if depth > maxDepth || json.Unmarshal(raw, &s) != nil {
		return map[string]any{}
	}
	if s.Ref != "" {
		return b.ref(s.Ref, depth)
	}
	if len(s.AllOf) > 0 {
		return b.allOf(s.AllOf, depth)
	}
	if alt := append(s.OneOf, s.AnyOf...); len(alt) > 0 {
		return b.value(alt[0], depth+1)
	}
	if len(s.Enum) > 0 {
		return enumValue(s.Enum)
	}
	switch typeName(s) {
	case "array":
		return []any{}
	case "string":
		return stringValue(s.Format)
	case "integer", "number":
		return 0
	case "boolean":
		return false
	}
	return b.object(s, depth)
}

// object fills an object's required properties. The response's own object
// gets all its properties: HubSpot's newer specs drop required fields that
// older clients' models (HubSpot's SDKs among them) still insist on, and a
// real answer carries them. The objects below it keep to their required ones.
func (b *builder) object(s schema, depth int) map[string]any {
	names := s.Required
	if b.nest == 0 {
		names = nil
		for name := range s.Properties {
			if name != "paging" || slices.Contains(s.Required, name) { // HubSpot leaves paging out on a last page
				names = append(names, name)
			}
		}
		for _, name := range s.Required {
			if _, ok := s.Properties[name]; !ok {
				names = append(names, name)
			}
		}
	}
	b.nest++
	defer func() { b.nest-- }()
	obj := map[string]any{}
	for _, name := range names {
		if p, ok := s.Properties[name]; ok && name == "object" && b.nest == 1 {
			// A revision ({id, object, updatedAt, user}) wraps the operation's object: fill that one whole too.
			b.nest = 0
			obj[name] = b.value(p, depth+1)
			b.nest = 1
		} else if ok {
			obj[name] = b.value(p, depth+1)
		} else {
			obj[name] = "sample"
		}
	}
	return obj
}

func (b *builder) ref(ref string, depth int) any {
	name := strings.TrimPrefix(ref, "#/components/schemas/")
	target, ok := b.schemas[name]
	if !ok || b.active[name] {
		return map[string]any{}
	}
	if b.active == nil {
		b.active = map[string]bool{}
	}
	b.active[name] = true
	defer delete(b.active, name)
	return b.value(target, depth+1)
}

// allOf merges the objects of every part; a part that is not an object wins as is.
func (b *builder) allOf(parts []json.RawMessage, depth int) any {
	merged := map[string]any{}
	for _, p := range parts {
		v := b.value(p, depth+1)
		m, ok := v.(map[string]any)
		if !ok {
			return v
		}
		for k, x := range m {
			merged[k] = x
		}
	}
	return merged
}

func typeName(s schema) string {
	switch t := s.Type.(type) {
	case string:
		return t
	case []any:
		for _, x := range t {
			if n, ok := x.(string); ok && n != "null" {
				return n
			}
		}
	}
	if len(s.Properties) > 0 {
		return "object"
	}
	return ""
}

func stringValue(format string) string {
	switch format {
	case "date-time":
		return sampleTime
	case "date":
		return sampleTime[:10]
	}
	return "sample"
}

// enumValue is the first allowed value, except for the values a HubSpot answer most often carries: a
// batch answer says COMPLETE rather than CANCELED, a CMS page is a DRAFT in language en (not aa).
func enumValue(enum []any) any {
	for _, v := range enum {
		if v == "COMPLETE" || v == "en" || v == "DRAFT" {
			return v
		}
	}
	return enum[0]
}
