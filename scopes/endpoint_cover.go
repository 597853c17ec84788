package scopes

import (
	"slices"
	"strings"
)

// CoverScope is one scope of a suggested set with the calls (indices into the call list) it grants.
type CoverScope struct {
	Name              string
	Calls             []int
	Legacy, Sensitive bool
}

// Uncovered is a call no scope can grant: no documented operation matches it, or the operation uses
// another kind of auth.
type Uncovered struct {
	Call    int // index into the call list
	Reason  string
	Nearest []Endpoint // for unknown endpoints: the documented ones closest to it
}

// CoverResult is the smallest scope set that grants every coverable call of a list.
type CoverResult struct {
	Scopes    []CoverScope
	Uncovered []Uncovered
	Matched   []Endpoint // per call: the operation it was matched to (zero when none)
	Exact     bool       // the search finished, so no smaller set exists
}

// Names lists the suggested scopes in order.
func (r CoverResult) Names() []string {
	out := make([]string, len(r.Scopes))
	for i, s := range r.Scopes {
		out[i] = s.Name
	}
	return out
}

// coverNodeBudget bounds the exact search; real call lists need a few thousand nodes at most.
const coverNodeBudget = 2_000_000

// Cover finds the smallest set of scopes that grants every call: each call is matched to its most
// specific documented operation, and a set grants a call when it holds one of the operation's
// alternatives whole. Among sets of the same size it prefers scopes that are not legacy, not sensitive,
// known to the catalog, (with an account) available on it, granular rather than broad, and available
// without a paid hub. oauth, which HubSpot gives every app, costs nothing: a set is as small as its other
// scopes. The search is exact (branch and bound,
// with a greedy cover as the first bound); Exact is false only if the node budget ran out first.
func (ix *EndpointIndex) Cover(calls []Call, cat *Catalog, acct *Account) CoverResult {
	res := CoverResult{Matched: make([]Endpoint, len(calls)), Exact: true}
	p := newCoverProblem()
	for i, c := range calls {
		ms := ix.Match(c.Method, c.Path)
		switch {
		case len(ms) == 0:
			res.Uncovered = append(res.Uncovered, Uncovered{Call: i, Reason: "no documented HubSpot operation matches it",
				Nearest: ix.Nearest(c.Method, c.Path, 3)})
		case !ms[0].Endpoint.HasScopes():
			res.Matched[i] = ms[0].Endpoint
			res.Uncovered = append(res.Uncovered, Uncovered{Call: i,
				Reason: "its operation names no OAuth scope (it takes another kind of auth)"})
		default:
			res.Matched[i] = ms[0].Endpoint
			p.addCall(i, ms[0].Endpoint)
		}
	}
	p.weigh(cat, acct)
	chosen, exact := p.solve()
	res.Exact = exact
	for _, s := range chosen {
		cs := CoverScope{Name: p.names[s], Legacy: p.legacy[s], Sensitive: p.sensitive[s]}
		for _, r := range p.reqs {
			if r.grantedBy(s, chosen) {
				cs.Calls = append(cs.Calls, r.calls...)
			}
		}
		slices.Sort(cs.Calls)
		res.Scopes = append(res.Scopes, cs)
	}
	return res
}

// requirement is one distinct set of alternatives (calls with the same operation share one).
type requirement struct {
	alts  [][]int // scope ids
	calls []int
}

// grantedBy reports whether scope s belongs to an alternative of r that chosen holds whole.
func (r requirement) grantedBy(s int, chosen []int) bool {
	for _, alt := range r.alts {
		if slices.Contains(alt, s) && allIn(alt, chosen) {
			return true
		}
	}
	return false
}

func allIn(alt, set []int) bool {
	for _, x := range alt {
		if !slices.Contains(set, x) {
			return false
		}
	}
	return true
}

// coverProblem is the set-cover instance: scopes as ids, requirements as alternatives of id sets.
type coverProblem struct {
	names             []string
	id                map[string]int
	onlyLegacy        []bool
	legacy, sensitive []bool
	unit, penalty     []int // unit: costUnit, or 0 for oauth
	reqs              []requirement
	reqByEndpoint     map[string]int
}

func newCoverProblem() *coverProblem {
	return &coverProblem{id: map[string]int{}, reqByEndpoint: map[string]int{}}
}

func (p *coverProblem) scope(name string, legacyAlt bool) int {
	key := strings.ToLower(name)
	i, ok := p.id[key]
	if !ok {
		i = len(p.names)
		p.id[key] = i
		p.names = append(p.names, name)
		p.onlyLegacy = append(p.onlyLegacy, true)
	}
	p.onlyLegacy[i] = p.onlyLegacy[i] && legacyAlt
	return i
}

func (p *coverProblem) addCall(call int, e Endpoint) {
	key := e.Method + " " + e.Path
	if r, ok := p.reqByEndpoint[key]; ok {
		p.reqs[r].calls = append(p.reqs[r].calls, call)
		return
	}
	var r requirement
	for k, alts := range [][][]string{e.Scopes, e.Legacy} {
		for _, alt := range alts {
			ids := make([]int, 0, len(alt))
			for _, s := range alt {
				if id := p.scope(s, k == 1); !slices.Contains(ids, id) {
					ids = append(ids, id)
				}
			}
			slices.Sort(ids)
			r.alts = append(r.alts, ids)
		}
	}
	r.calls = []int{call}
	p.reqByEndpoint[key] = len(p.reqs)
	p.reqs = append(p.reqs, r)
}

// weigh sets each scope's tie-break penalty: unavailable on the account, unknown, legacy, sensitive,
// broad, needing a paid hub.
func (p *coverProblem) weigh(cat *Catalog, acct *Account) {
	n := len(p.names)
	p.unit, p.penalty, p.legacy, p.sensitive = make([]int, n), make([]int, n), make([]bool, n), make([]bool, n)
	free, _ := ParseAccount("free")
	for i, name := range p.names {
		if strings.EqualFold(name, "oauth") {
			continue // every app has it: it costs nothing
		}
		p.unit[i] = costUnit
		p.legacy[i] = p.onlyLegacy[i]
		s, known := cat.Lookup(name)
		if !known {
			p.penalty[i] += 8
		} else {
			p.legacy[i] = p.legacy[i] || s.Legacy || s.Deprecated
			p.sensitive[i] = s.IsSensitive()
			if s.Access == AccessOther {
				p.penalty[i]++ // a broad scope where a granular one would do is more than the calls need
			}
			if acct != nil && !s.AvailableOn(*acct).OK {
				p.penalty[i] += 16
			}
			if !s.AvailableOn(free).OK {
				p.penalty[i]++ // needs a paid hub: fewer accounts can install the app
			}
		}
		if p.legacy[i] {
			p.penalty[i] += 4
		}
		if p.sensitive[i] {
			p.penalty[i] += 2
		}
		if s.Sensitivity == SensitivityHighly {
			p.penalty[i]++
		}
	}
}
