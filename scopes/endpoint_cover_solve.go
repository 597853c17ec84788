package scopes

import (
	"cmp"
	"slices"
)

// costUnit is the cost of one scope; penalties only break ties, since a whole set's penalties never add
// up to one more scope.
const costUnit = 1 << 20

// covered reports whether some alternative of r is wholly in.
func (r requirement) covered(in []bool) bool {
	for _, alt := range r.alts {
		whole := true
		for _, s := range alt {
			whole = whole && in[s]
		}
		if whole {
			return true
		}
	}
	return false
}

// extensions lists, for an uncovered requirement, the scopes each alternative still lacks, dropping
// any that holds another whole (adding more can never be needed to cover this requirement).
func (r requirement) extensions(in []bool) [][]int {
	var exts [][]int
	for _, alt := range r.alts {
		var ext []int
		for _, s := range alt {
			if !in[s] {
				ext = append(ext, s)
			}
		}
		exts = append(exts, ext)
	}
	out := exts[:0:0]
	for i, e := range exts {
		dominated := false
		for j, o := range exts {
			if i != j && isSubset(o, e) && (len(o) < len(e) || j < i) {
				dominated = true
				break
			}
		}
		if !dominated {
			out = append(out, e)
		}
	}
	return out
}

// isSubset reports whether every element of a (sorted ids) is in b (sorted ids).
func isSubset(a, b []int) bool {
	for _, x := range a {
		if _, ok := slices.BinarySearch(b, x); !ok {
			return false
		}
	}
	return true
}

func (p *coverProblem) extCost(ext []int) int {
	c := 0
	for _, s := range ext {
		c += p.unit[s] + p.penalty[s]
	}
	return c
}

// paid counts the scopes of ext that cost a unit (all but oauth), for the search's lower bound.
func (p *coverProblem) paid(ext []int) int {
	n := 0
	for _, x := range ext {
		if p.unit[x] > 0 {
			n++
		}
	}
	return n
}

type coverSolver struct {
	p        *coverProblem
	in       []bool
	chosen   []int
	best     []int
	bestCost int
	nodes    int
	budget   bool // the node budget ran out
}

// solve returns the cheapest cover, sorted by name, and whether the search proved it minimal.
func (p *coverProblem) solve() ([]int, bool) {
	if len(p.reqs) == 0 {
		return nil, true
	}
	s := &coverSolver{p: p, in: make([]bool, len(p.names))}
	s.best = p.greedy()
	s.bestCost = p.extCost(s.best)
	s.search(0)
	slices.SortFunc(s.best, func(a, b int) int { return cmp.Compare(p.names[a], p.names[b]) })
	return s.best, !s.budget
}

// search branches on the uncovered requirement with the fewest ways to cover it.
func (s *coverSolver) search(cost int) {
	if s.nodes++; s.nodes > coverNodeBudget {
		s.budget = true
		return
	}
	var pick [][]int
	lb := 0
	for _, r := range s.p.reqs {
		if r.covered(s.in) {
			continue
		}
		exts := r.extensions(s.in)
		least := s.p.paid(exts[0])
		for _, e := range exts[1:] {
			least = min(least, s.p.paid(e))
		}
		lb = max(lb, least)
		if pick == nil || len(exts) < len(pick) {
			pick = exts
		}
	}
	if pick == nil {
		if cost < s.bestCost {
			s.best, s.bestCost = slices.Clone(s.chosen), cost
		}
		return
	}
	if cost+lb*costUnit >= s.bestCost {
		return
	}
	slices.SortStableFunc(pick, func(a, b []int) int { return cmp.Compare(s.p.extCost(a), s.p.extCost(b)) })
	for _, ext := range pick {
		add := s.p.extCost(ext)
		if cost+add >= s.bestCost {
			continue
		}
		for _, x := range ext {
			s.in[x] = true
		}
		s.chosen = append(s.chosen, ext...)
		s.search(cost + add)
		s.chosen = s.chosen[:len(s.chosen)-len(ext)]
		for _, x := range ext {
			s.in[x] = false
		}
		if s.budget {
			return
		}
	}
}

// greedy covers by repeatedly taking the extension that covers the most requirements per unit of cost;
// it is the search's first upper bound.
func (p *coverProblem) greedy() []int {
	in := make([]bool, len(p.names))
	var chosen []int
	for {
		var best []int
		bestGain, bestCost := 0, 1
		for _, r := range p.reqs {
			if r.covered(in) {
				continue
			}
			for _, ext := range r.extensions(in) {
				gain, c := p.gain(in, ext), p.extCost(ext)
				if best == nil || gain*bestCost > bestGain*c {
					best, bestGain, bestCost = ext, gain, c
				}
			}
		}
		if best == nil {
			return chosen
		}
		for _, x := range best {
			in[x] = true
		}
		chosen = append(chosen, best...)
	}
}

// gain counts the uncovered requirements that adding ext would cover.
func (p *coverProblem) gain(in []bool, ext []int) int {
	n := 0
	before := make([]bool, len(p.reqs))
	for i, r := range p.reqs {
		before[i] = r.covered(in)
	}
	for _, x := range ext {
		in[x] = true
	}
	for i, r := range p.reqs {
		if !before[i] && r.covered(in) {
			n++
		}
	}
	for _, x := range ext {
		in[x] = false
	}
	return n
}
