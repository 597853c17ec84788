package scopes

import (
	"cmp"
	"slices"
	"strings"
)

// LooksLikePath reports whether a search query is an API path or URL (it starts with "/" or http(s)://)
// rather than words, so the search answers "which scopes grant this call".
func LooksLikePath(query string) bool {
	q := strings.TrimSpace(query)
	_, url := cutScheme(q)
	return strings.HasPrefix(q, "/") && len(q) > 1 || url
}

// SearchEndpoints is Search that also understands API paths: for a query that looks like a path, the
// scopes that grant calls to it come first (see PathScopes), then the word search's results. Without an
// index, or for a query of words, it is Search. The CLI and the TUI both call it, so they rank alike.
func (c *Catalog) SearchEndpoints(ix *EndpointIndex, query string) []Scope {
	words := c.Search(query)
	if ix == nil || !LooksLikePath(query) {
		return words
	}
	hits := c.PathScopes(ix, query)
	out := slices.Grow(hits, len(words))
	for _, s := range words {
		if !slices.ContainsFunc(hits, func(h Scope) bool { return h.Name == s.Name }) {
			out = append(out, s)
		}
	}
	return out
}

// PathScopes lists the catalog's scopes that grant calls to a path, best first. When the path matches
// documented templates (any method), the alternatives of each method's most specific template come
// first, in the spec's order, legacy ones last. Otherwise, while the path is still being typed, it ranks
// the scopes of the templates that start with it by how many of those operations they appear in; so
// does a path whose last segment only a {param} matches, when some literal starts with it.
func (c *Catalog) PathScopes(ix *EndpointIndex, path string) []Scope {
	ms := ix.Match("", path)
	var names []string
	if len(ms) == 0 || lastIsParam(ms[0].Endpoint.Path) {
		names = ix.prefixScopeNames(path) // "/crm/v3/objects/dea" is deals being typed, not an {objectType}
	}
	if len(names) == 0 {
		names = matchedScopeNames(ms)
	}
	out := make([]Scope, 0, len(names))
	for _, n := range names {
		if s, ok := c.Lookup(n); ok && !slices.ContainsFunc(out, func(o Scope) bool { return o.Name == s.Name }) {
			out = append(out, s)
		}
	}
	return out
}

// matchedScopeNames takes each method's first (most specific) match and lists its alternatives' scopes.
// Methods go in HTTPMethods order, so reading scopes come before writing ones.
func matchedScopeNames(ms []EndpointMatch) []string {
	var names, legacy []string
	for _, method := range HTTPMethods {
		i := slices.IndexFunc(ms, func(m EndpointMatch) bool { return m.Endpoint.Method == method })
		if i < 0 {
			continue
		}
		m := ms[i]
		for _, alt := range m.Endpoint.Scopes {
			names = append(names, alt...)
		}
		for _, alt := range m.Endpoint.Legacy {
			legacy = append(legacy, alt...)
		}
	}
	return append(names, legacy...)
}

func lastIsParam(path string) bool {
	return isParam(path[strings.LastIndexByte(strings.TrimSuffix(path, "/"), '/')+1:])
}

// prefixScopeNames ranks the scopes of the templates that start with a partial path.
func (ix *EndpointIndex) prefixScopeNames(path string) []string {
	c, ok := parseCallPath(path)
	if !ok {
		return nil
	}
	counts := map[string]int{}
	var order []string
	var tpl []string
	ix.forCandidates(c.segs, 3, func(i int) {
		if int(ix.nsegs[i]) < len(c.segs) {
			return
		}
		if tpl = ix.segments(i, tpl); !segmentsPrefix(tpl, c) {
			return
		}
		regular, legacy := ix.alternatives(i)
		for _, alts := range [][][]string{regular, legacy} {
			for _, alt := range alts {
				for _, s := range alt {
					if counts[s] == 0 {
						order = append(order, s)
					}
					counts[s]++
				}
			}
		}
	})
	slices.SortStableFunc(order, func(a, b string) int { return cmp.Compare(counts[b], counts[a]) })
	return order
}

// segmentsPrefix reports whether a partial call's segments start the template: whole segments match
// as in Match; the last one, still being typed, must begin a literal (or the object name it stands for).
func segmentsPrefix(tpl []string, c call) bool {
	segs := c.segs
	if len(segs) > len(tpl) || len(segs) == 0 {
		return false
	}
	last := len(segs) - 1
	for k, s := range segs[:last] {
		if ok, _ := segmentMatch(tpl[k], s, c.objs[k]); !ok {
			return false
		}
	}
	t, s := strings.ToLower(tpl[last]), strings.ToLower(segs[last])
	return !isParam(t) && (strings.HasPrefix(t, s) || strings.HasPrefix(objectTypeNames[t], s))
}
