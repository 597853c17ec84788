package scopes

import (
	"strings"
)

// narrowByObject keeps, of an operation on a generic /objects/{objectType}/… template, the scope
// alternatives that are about the object the call names. The generic template lists every object's
// scopes as alternatives (77 of them, oauth among them), so unnarrowed it would let a token with any one
// of them call any object, custom objects included. A custom object (2-…, or a p_… name) needs
// crm.objects.custom.*; a standard one its own scopes. When nothing is about the object, e is kept.
func narrowByObject(e Endpoint, params map[string]string) Endpoint {
	v, ok := params["objectType"]
	if !ok || v == "" || !strings.Contains(e.Path, "/objects/{objectType}") {
		return e
	}
	name := objectTypeNames[ObjectTypeID(v)]
	if name == "" && (strings.HasPrefix(v, "2-") || strings.HasPrefix(strings.ToLower(v), "p_")) {
		name = "custom"
	}
	if name == "" {
		return e
	}
	if s := aboutObject(e.Scopes, name); len(s) > 0 {
		e.Scopes, e.Legacy = s, aboutObject(e.Legacy, name)
	}
	return e
}

// aboutObject keeps the alternatives whose every scope names the object (crm.objects.deals.read for
// deals, crm.objects.custom.write for a custom object); the result is a new slice.
func aboutObject(alts [][]string, name string) [][]string {
	var out [][]string
	for _, alt := range alts {
		all := len(alt) > 0
		for _, s := range alt {
			all = all && (s == name || strings.Contains(s, "."+name+".") || strings.HasSuffix(s, "."+name))
		}
		if all {
			out = append(out, alt)
		}
	}
	return out
}
