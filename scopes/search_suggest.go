package scopes

import (
	"slices"
	"strings"
)

// Suggest returns up to n known scope names nearest to name (edit distance,
// with a bonus for prefix and suffix matches), for "did you mean" fixes.
// Names too far away to be a plausible typo are left out.
func (c *Catalog) Suggest(name string, n int) []string {
	q := strings.ToLower(strings.TrimSpace(name))
	if n <= 0 || q == "" {
		return nil
	}
	limit := max(2, len(q)/3)
	type cand struct{ i, d int }
	var cands []cand
	var scratch [3][]int
	for i, names := range c.search.names {
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
func suggestDistance(q, known string, limit int, scratch *[3][]int) int {
	if len(q) >= 3 && (strings.HasPrefix(known, q) ||
		len(known) > len(q) && strings.HasSuffix(known, q) && known[len(known)-len(q)-1] == '.') {
		return min(1, editDistanceBuf(q, known, scratch))
	}
	if abs(len(q)-len(known)) > limit {
		return limit + 1
	}
	return editDistanceBuf(q, known, scratch)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// EditDistance is the optimal-string-alignment distance between a and b, by bytes (an insertion,
// deletion, substitution or swap of neighbours costs 1). It is exported so every "did you mean" in the app (scope
// names, account ids, subcommands, flags) ranks near misses the same way.
func EditDistance(a, b string) int {
	var scratch [3][]int
	return editDistanceBuf(a, b, &scratch)
}

// editDistanceBuf is editDistance reusing the caller's row buffers.
func editDistanceBuf(a, b string, scratch *[3][]int) int {
	if len(a) > 256 {
		a = a[:256] // outside input: bound the work
	}
	for k := range scratch {
		if cap(scratch[k]) < len(b)+1 {
			scratch[k] = make([]int, len(b)+1)
		}
		scratch[k] = scratch[k][:len(b)+1]
	}
	prev2, prev, cur := scratch[0], scratch[1], scratch[2]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
