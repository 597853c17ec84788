package scopes

import (
	"slices"
	"strings"

	"github.com/hsoauth/hsoauth/suggest"
)

// Suggest returns up to n known scope names nearest to name (edit distance,
// with a bonus for prefix and suffix matches), for "did you mean" fixes.
// Names too far away to be a plausible typo are left out.
func (c *Catalog) Suggest(name string, n int) []string {
	q := strings.ToLower(strings.TrimSpace(name))
	if n <= 0 || q == "" {
		return nil
	}
	limit := suggest.Limit(q)
	type cand struct{ i, d int }
	var cands []cand
	var scratch suggest.Scratch
	for i, names := range c.words().names {
		best := -1
		for _, known := range names {
			d := suggestDistance(q, known, limit, &scratch)
			if best < 0 || d < best {
				best = d
			}
		}
		if best <= limit {
			cands = append(cands, cand{i, best})
		}
	}
	slices.SortStableFunc(cands, func(a, b cand) int { return a.d - b.d })
	out := make([]string, 0, min(n, len(cands)))
	for _, c2 := range cands[:min(n, len(cands))] {
		out = append(out, c.scopes[c2.i].Name)
	}
	return out
}

// suggestDistance is the edit distance, with prefix and dotted-suffix
// matches counted as 1. Pairs whose lengths alone put them beyond limit are
// not computed.
func suggestDistance(q, known string, limit int, scratch *suggest.Scratch) int {
	if len(q) >= 3 && (strings.HasPrefix(known, q) ||
		len(known) > len(q) && strings.HasSuffix(known, q) && known[len(known)-len(q)-1] == '.') {
		return min(1, scratch.Distance(q, known))
	}
	if abs(len(q)-len(known)) > limit {
		return limit + 1
	}
	return scratch.Distance(q, known)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
