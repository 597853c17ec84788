package scopes

import (
	_ "embed"
	"slices"
	"strings"
	"sync"

	"github.com/hsoauth/hsoauth/scopes/internal/endpointdata"
)

//go:generate go run ./internal/genendpoints data/hubspot-endpoints.tsv endpoints.bin

// Endpoint is one documented operation of HubSpot's public APIs with the scopes that grant it, as
// HubSpot's OpenAPI specs state them. The slices are shared with the index and must not be modified.
type Endpoint struct {
	API, Version, Method, Path string     // Path is the template, e.g. /crm/v3/objects/{objectType}/{objectId}
	Scopes                     [][]string // alternatives; each alternative is a set that must be granted whole
	Legacy                     [][]string // the spec's oauth2_legacy alternatives
	// Tiers is the spec file's tier requirements as the TSV has them: "any" (every entry free), "" (no
	// block) or a list such as "cms:STARTER,marketing:PROFESSIONAL"; TierNeeds parses it.
	Tiers         string
	UserLevel     bool   // the spec marks the operation for user-level auth
	UserLevelAuth string // that column as is: "yes", "internal" or ""
}

// EndpointIndex is the embedded table of HubSpot operations, read-only once loaded so one value serves
// every goroutine. It keeps the decoded table's small ids and builds Endpoint values only for what a
// caller asks for, so holding it costs a few hundred kilobytes.
type EndpointIndex struct {
	t     endpointdata.Table
	nsegs []uint8 // per operation: how many segments its path has

	scopeOnce sync.Once
	byScope   map[string][]uint16

	headOnce sync.Once
	byHead   map[string][]uint16 // "crm/v3" -> the operations whose path starts with those two segments
}

//go:embed endpoints.bin
var embeddedEndpoints string

var (
	endpointsOnce sync.Once
	endpointIndex *EndpointIndex
)

// Endpoints returns the embedded endpoint index, decoded on first use (nothing is decoded at start-up, so
// commands that never ask pay nothing). It panics only if the embedded table is broken, which a test
// guards against.
func Endpoints() *EndpointIndex {
	endpointsOnce.Do(func() {
		ix, err := decodeEndpoints(embeddedEndpoints)
		if err != nil {
			panic("scopes: embedded endpoints.bin is broken: " + err.Error())
		}
		endpointIndex = ix
	})
	return endpointIndex
}

// decodeEndpoints builds an index from an encoded table.
func decodeEndpoints(data string) (*EndpointIndex, error) {
	t, err := endpointdata.Decode(data)
	if err != nil {
		return nil, err
	}
	ix := &EndpointIndex{t: t, nsegs: make([]uint8, len(t.Refs))}
	for i, r := range t.Refs {
		ix.nsegs[i] = uint8(min(countSegments(t.Strings[r.Path]), 255))
	}
	return ix, nil
}

// at builds operation i.
func (ix *EndpointIndex) at(i int) Endpoint {
	r, str := ix.t.Refs[i], ix.t.Strings
	return Endpoint{API: str[r.API], Version: str[r.Version], Method: str[r.Method], Path: str[r.Path],
		Scopes: ix.t.Sets[r.Scopes], Legacy: ix.t.Sets[r.Legacy], Tiers: str[r.Tiers],
		UserLevel: str[r.UserLevel] == "yes", UserLevelAuth: str[r.UserLevel]}
}

func (ix *EndpointIndex) path(i int) string   { return ix.t.Strings[ix.t.Refs[i].Path] }
func (ix *EndpointIndex) method(i int) string { return ix.t.Strings[ix.t.Refs[i].Method] }

// alternatives returns operation i's regular and legacy alternatives.
func (ix *EndpointIndex) alternatives(i int) (regular, legacy [][]string) {
	r := ix.t.Refs[i]
	return ix.t.Sets[r.Scopes], ix.t.Sets[r.Legacy]
}

// segments splits operation i's path into buf (reused, so a scan allocates nothing).
func (ix *EndpointIndex) segments(i int, buf []string) []string {
	return appendSegments(buf[:0], ix.path(i))
}

// headKey is the lower-cased first two segments of a path; no template has a {param} there.
func headKey(segs []string) string {
	return strings.ToLower(segs[0]) + "/" + strings.ToLower(segs[1])
}

// forCandidates calls fn with each operation worth comparing with a call: those sharing its first two
// segments when it has at least minSegs segments, else every operation.
func (ix *EndpointIndex) forCandidates(segs []string, minSegs int, fn func(i int)) {
	if len(segs) < max(minSegs, 2) {
		for i := range ix.t.Refs {
			fn(i)
		}
		return
	}
	ix.headOnce.Do(func() {
		ix.byHead = map[string][]uint16{}
		var buf []string
		for i := range ix.t.Refs {
			if buf = ix.segments(i, buf); len(buf) >= 2 {
				k := headKey(buf)
				ix.byHead[k] = append(ix.byHead[k], uint16(i))
			}
		}
	})
	for _, i := range ix.byHead[headKey(segs)] {
		fn(int(i))
	}
}

// countSegments counts a path's non-empty segments.
func countSegments(path string) int {
	n := 0
	for i := 0; i < len(path); i++ {
		if path[i] != '/' && (i == 0 || path[i-1] == '/') {
			n++
		}
	}
	return n
}

// appendSegments adds the non-empty segments of a path to dst.
func appendSegments(dst []string, path string) []string {
	for path != "" {
		var seg string
		seg, path, _ = strings.Cut(path, "/")
		if seg != "" {
			dst = append(dst, seg)
		}
	}
	return dst
}

// All returns every operation in the table's order (grouped by path). The Endpoint values share their
// slices with the index.
func (ix *EndpointIndex) All() []Endpoint {
	out := make([]Endpoint, len(ix.t.Refs))
	for i := range out {
		out[i] = ix.at(i)
	}
	return out
}

// Len is the number of operations.
func (ix *EndpointIndex) Len() int {
	return len(ix.t.Refs)
}

// ForScope lists the operations that scope appears in, in any alternative (regular or legacy, alone or
// with others), in table order: what asking for the scope unlocks, at least in part.
func (ix *EndpointIndex) ForScope(scope string) []Endpoint {
	ix.scopeOnce.Do(ix.buildByScope)
	ids := ix.byScope[strings.ToLower(strings.TrimSpace(scope))]
	out := make([]Endpoint, len(ids))
	for i, id := range ids {
		out[i] = ix.at(int(id))
	}
	return out
}

// EachForScope calls fn with each operation of ForScope(scope), in order, without building the list;
// fn returns false to stop.
func (ix *EndpointIndex) EachForScope(scope string, fn func(Endpoint) bool) {
	ix.scopeOnce.Do(ix.buildByScope)
	for _, id := range ix.byScope[strings.ToLower(strings.TrimSpace(scope))] {
		if !fn(ix.at(int(id))) {
			return
		}
	}
}

// CountForScope is len(ForScope(scope)) without building the list, for the catalog's counts.
func (ix *EndpointIndex) CountForScope(scope string) int {
	ix.scopeOnce.Do(ix.buildByScope)
	return len(ix.byScope[strings.ToLower(strings.TrimSpace(scope))])
}

func (ix *EndpointIndex) buildByScope() {
	ix.byScope = map[string][]uint16{}
	for i := range ix.t.Refs {
		regular, legacy := ix.alternatives(i)
		for _, alts := range [][][]string{regular, legacy} {
			for _, alt := range alts {
				for _, s := range alt {
					key := strings.ToLower(s)
					if l := ix.byScope[key]; len(l) == 0 || int(l[len(l)-1]) != i {
						ix.byScope[key] = append(l, uint16(i))
					}
				}
			}
		}
	}
}

// HasScopes reports whether the spec names any OAuth scope for the operation; operations without one use
// another kind of auth (a developer API key, for example) that no install URL can give.
func (e Endpoint) HasScopes() bool {
	return len(e.Scopes) > 0 || len(e.Legacy) > 0
}

// Grants reports whether the granted scopes satisfy the operation: some alternative (legacy ones
// included) is granted whole. When not, missing lists, for each alternative, the scopes it still
// lacks, fewest first (regular alternatives before legacy ones on ties). An operation that documents no
// scope is never granted by scopes: ok is false and missing empty.
func (e Endpoint) Grants(granted []string) (ok bool, missing [][]string) {
	have := make(map[string]bool, len(granted))
	for _, g := range granted {
		have[strings.ToLower(strings.TrimSpace(g))] = true
	}
	var gaps [][]string
	for _, alts := range [][][]string{e.Scopes, e.Legacy} {
		for _, alt := range alts {
			var lacks []string
			for _, s := range alt {
				if !have[strings.ToLower(s)] {
					lacks = append(lacks, s)
				}
			}
			if len(lacks) == 0 {
				return true, nil
			}
			gaps = append(gaps, lacks)
		}
	}
	slices.SortStableFunc(gaps, func(a, b []string) int { return len(a) - len(b) })
	return false, gaps
}

// TierNeed is one entry of an API's tier requirements: a product at a tier.
type TierNeed struct {
	Product string // HubSpot's product title: "Marketing Hub", "Content Hub", "Smart CRM", ...
	Hub     Hub    // the account model's hub, or "" for products it does not model (Smart CRM)
	Tier    Tier
}

// tierProducts maps the specs' product keys to hubs and titles.
var tierProducts = map[string]struct {
	hub   Hub
	title string
}{
	"marketing": {HubMarketing, "Marketing Hub"}, "sales": {HubSales, "Sales Hub"},
	"service": {HubService, "Service Hub"}, "cms": {HubContent, "Content Hub"},
	"dataHub": {HubData, "Data Hub"}, "commerce": {HubCommerce, "Commerce Hub"},
	"crmHub": {"", "Smart CRM"},
}

// TierNeeds parses Tiers ("cms:STARTER,marketing:PROFESSIONAL"). It returns nil for "any" and "" (no
// paid tier is named); unknown products keep their key as the title.
func (e Endpoint) TierNeeds() []TierNeed {
	if e.Tiers == "" || e.Tiers == "any" {
		return nil
	}
	var out []TierNeed
	for _, part := range strings.Split(e.Tiers, ",") {
		key, tier, _ := strings.Cut(strings.TrimSpace(part), ":")
		p, ok := tierProducts[key]
		if !ok {
			p.title = key
		}
		out = append(out, TierNeed{Product: p.title, Hub: p.hub, Tier: tierWords[strings.ToLower(tier)]})
	}
	return out
}

// TierPhrase describes Tiers in words for people: "Content Hub Starter or Marketing Hub Professional".
// The specs' tier blocks are read as "any listed product at or above its tier".
func (e Endpoint) TierPhrase() string {
	needs := e.TierNeeds()
	if len(needs) == 0 {
		return ""
	}
	parts := make([]string, len(needs))
	for i, n := range needs {
		parts[i] = n.Product + " " + n.Tier.String()
	}
	return joinWords(parts, "or")
}
