package scopes

import (
	"cmp"
	"net/url"
	"slices"
	"strings"

	"github.com/hsoauth/hsoauth/suggest"
)

// objectTypeNames maps HubSpot's object type ids to the names its CRM paths use. HubSpot accepts either
// in a path (/crm/v3/objects/0-3 is /crm/v3/objects/deals), and its specs spell some objects by id only
// (deals as 0-3, services as 0-162, courses as 0-410, listings as 0-420), so matching treats the two
// spellings as one segment. The ids are those of HubSpot's "object type IDs" table; the four the specs
// use are checked against the specs' API names by a test.
var objectTypeNames = map[string]string{
	"0-1": "contacts", "0-2": "companies", "0-3": "deals", "0-4": "engagements", "0-5": "tickets",
	"0-7": "products", "0-8": "line_items", "0-14": "quotes", "0-18": "communications",
	"0-19": "feedback_submissions", "0-27": "tasks", "0-46": "notes", "0-47": "meetings", "0-48": "calls",
	"0-49": "emails", "0-53": "invoices", "0-54": "marketing_events", "0-69": "subscriptions",
	"0-101": "commerce_payments", "0-115": "users", "0-116": "postal_mail", "0-123": "orders",
	"0-136": "leads", "0-142": "carts", "0-162": "services", "0-410": "courses", "0-420": "listings",
	"0-421": "appointments", "0-970": "projects",
}

// objectTypeIDs is objectTypeNames inverted, plus the other spelling HubSpot uses for payments.
var objectTypeIDs = func() map[string]string {
	m := make(map[string]string, len(objectTypeNames)+1)
	for id, name := range objectTypeNames {
		m[name] = id
	}
	m["payments"] = "0-101"
	return m
}()

// ObjectTypeID returns HubSpot's object type id for an object name or id ("deals" or "0-3" gives "0-3"),
// or "" when the segment names no standard object.
func ObjectTypeID(seg string) string {
	s := strings.ToLower(seg)
	if _, ok := objectTypeNames[s]; ok {
		return s
	}
	return objectTypeIDs[s]
}

// EndpointMatch is an operation whose path template matches a call, with the values of its {params}.
type EndpointMatch struct {
	Endpoint Endpoint
	Params   map[string]string
}

// call is a request path split for matching.
type call struct {
	segs     []string
	objs     []string // per segment: its object type id, or ""
	trailing bool     // the path ended in "/"
}

// parseCallPath accepts a path or a full URL (https://api.hubapi.com/crm/v3/objects/deals?limit=1, or
// without the scheme), drops the query and fragment, and splits the path into unescaped segments.
func parseCallPath(p string) (call, bool) {
	p = strings.TrimSpace(p)
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	if rest, ok := cutScheme(p); ok {
		p = rest
	}
	if !strings.HasPrefix(p, "/") {
		host, rest, found := strings.Cut(p, "/")
		if !found || !strings.Contains(host, ".") {
			return call{}, false
		}
		p = "/" + rest
	}
	c := call{trailing: len(p) > 1 && strings.HasSuffix(p, "/")}
	for _, seg := range appendSegments(nil, p) {
		if u, err := url.PathUnescape(seg); err == nil {
			seg = u
		}
		c.segs = append(c.segs, seg)
		c.objs = append(c.objs, ObjectTypeID(seg))
	}
	return c, len(c.segs) > 0
}

// cutScheme strips "http://host" or "https://host" and returns the path that follows ("/" when none).
func cutScheme(p string) (string, bool) {
	for _, scheme := range []string{"https://", "http://"} {
		if len(p) >= len(scheme) && strings.EqualFold(p[:len(scheme)], scheme) {
			rest := p[len(scheme):]
			if i := strings.IndexByte(rest, '/'); i >= 0 {
				return rest[i:], true
			}
			return "/", true
		}
	}
	return p, false
}

func isParam(seg string) bool {
	return len(seg) > 2 && seg[0] == '{' && seg[len(seg)-1] == '}'
}

// segmentMatch compares one template segment with a call's (whose object type id is obj): a {param}
// takes anything, a literal must be equal (ignoring case) or name the same CRM object. alias reports the
// last case.
func segmentMatch(tpl, seg, obj string) (ok, alias bool) {
	if tpl == seg || isParam(tpl) || strings.EqualFold(tpl, seg) {
		return true, false
	}
	return obj != "" && templateObject(tpl) == obj, true
}

// templateObject is ObjectTypeID for the specs' segments, which are already lower case.
func templateObject(tpl string) string {
	if _, ok := objectTypeNames[tpl]; ok {
		return tpl
	}
	return objectTypeIDs[tpl]
}

// matchCand is one template that matched, with what decides its rank.
type matchCand struct {
	i       int
	aliases int  // segments matched through an object id/name alias
	exact   int  // segments spelt exactly as in the template (a {param} typed as such counts)
	slash   bool // the template's trailing slash equals the call's
}

// Match finds the operations whose template matches method and path, most specific first: at the first
// segment where two templates differ, a literal beats a {param}; then fewer object-alias matches, then
// more segments spelt exactly as the template (so a template pasted back finds itself), then a trailing
// slash like the call's, then table order. Method is case-insensitive, and "" matches every
// method. Paths may be full URLs; query strings are ignored and a trailing slash is tolerated. No match
// gives an empty result.
func (ix *EndpointIndex) Match(method, path string) []EndpointMatch {
	c, ok := parseCallPath(path)
	if !ok {
		return nil
	}
	method = strings.TrimSpace(method)
	var cands []matchCand
	var tpl []string
	ix.forCandidates(c.segs, 2, func(i int) {
		if int(ix.nsegs[i]) != len(c.segs) || method != "" && !strings.EqualFold(ix.method(i), method) {
			return
		}
		tpl = ix.segments(i, tpl)
		if n, ok := matchSegments(tpl, c); ok {
			cands = append(cands, matchCand{i: i, aliases: n, exact: exactSegments(tpl, c.segs),
				slash: strings.HasSuffix(ix.path(i), "/") == c.trailing})
		}
	})
	var ta, tb []string
	slices.SortStableFunc(cands, func(a, b matchCand) int {
		ta, tb = ix.segments(a.i, ta), ix.segments(b.i, tb)
		return compareSpecific(a, b, ta, tb)
	})
	out := make([]EndpointMatch, len(cands))
	for k, m := range cands {
		ps := params(ix.segments(m.i, nil), c.segs)
		out[k] = EndpointMatch{Endpoint: narrowByObject(ix.at(m.i), ps), Params: ps}
	}
	return out
}

// matchSegments reports whether every segment matches and how many needed an alias.
func matchSegments(tpl []string, c call) (aliases int, ok bool) {
	for k, t := range tpl {
		m, alias := segmentMatch(t, c.segs[k], c.objs[k])
		if !m {
			return 0, false
		}
		if alias {
			aliases++
		}
	}
	return aliases, true
}

// compareSpecific orders two matches of one call (ta and tb are their templates' segments).
func compareSpecific(a, b matchCand, ta, tb []string) int {
	for k := range ta {
		if pa, pb := isParam(ta[k]), isParam(tb[k]); pa != pb {
			if pb {
				return -1
			}
			return 1
		}
	}
	if d := cmp.Compare(a.aliases, b.aliases); d != 0 {
		return d
	}
	if d := cmp.Compare(b.exact, a.exact); d != 0 {
		return d
	}
	if a.slash != b.slash {
		if a.slash {
			return -1
		}
		return 1
	}
	return cmp.Compare(a.i, b.i)
}

func exactSegments(tpl, segs []string) int {
	n := 0
	for k, t := range tpl {
		if t == segs[k] {
			n++
		}
	}
	return n
}

// params pairs a template's {names} with the call's segments.
func params(tpl, segs []string) map[string]string {
	var m map[string]string
	for k, t := range tpl {
		if isParam(t) {
			if m == nil {
				m = map[string]string{}
			}
			m[t[1:len(t)-1]] = segs[k]
		}
	}
	return m
}

// Nearest returns up to n documented operations closest to a call that matched nothing, for "unknown
// endpoint, did you mean": segments are compared position by position (a {param} takes anything, other
// segments cost their edit distance, capped, to the literal or the object it names), a {param} costs a
// little so that near literals win, each missing or extra segment costs more, and a different method
// costs one.
func (ix *EndpointIndex) Nearest(method, path string, n int) []Endpoint {
	c, ok := parseCallPath(path)
	if !ok || n <= 0 {
		return nil
	}
	method = strings.TrimSpace(method)
	type cand struct{ i, d int }
	cands := make([]cand, 0, ix.Len())
	var scratch suggest.Scratch
	var tpl []string
	for i := range ix.Len() {
		tpl = ix.segments(i, tpl)
		d := pathDistance(tpl, c, &scratch)
		if method != "" && !strings.EqualFold(ix.method(i), method) {
			d++
		}
		cands = append(cands, cand{i, d})
	}
	slices.SortStableFunc(cands, func(a, b cand) int { return cmp.Compare(a.d, b.d) })
	out := make([]Endpoint, 0, n)
	for _, c := range cands[:min(n, len(cands))] {
		out = append(out, ix.at(c.i))
	}
	return out
}

// pathDistance scores how far a call's segments are from a template's.
func pathDistance(tpl []string, c call, scratch *suggest.Scratch) int {
	segs := c.segs
	const capSeg, missingSeg, paramSeg = 5, 6, 2
	d := 0
	for k := range max(len(tpl), len(segs)) {
		switch {
		case k >= len(tpl) || k >= len(segs):
			d += missingSeg
		case tpl[k] == segs[k]:
		case isParam(tpl[k]):
			d += paramSeg
		default:
			if ok, _ := segmentMatch(tpl[k], segs[k], c.objs[k]); ok {
				continue
			}
			seg := strings.ToLower(segs[k])
			dist := scratch.Distance(seg, strings.ToLower(tpl[k]))
			if name := objectTypeNames[tpl[k]]; name != "" {
				dist = min(dist, scratch.Distance(seg, name))
			}
			d += min(capSeg, dist)
		}
	}
	return d
}
