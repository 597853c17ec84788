// Package suggest is the one "did you mean" of hsoauth: scope names, account ids, config keys,
// subcommands and flags all rank near misses with the same edit distance and the same rule for when a
// candidate is close enough to offer. It is plain Go with no dependencies.
package suggest

import (
	"fmt"
	"strings"
)

// maxInput bounds the work on outside input: longer strings are compared by their first maxInput bytes.
const maxInput = 256

// Scratch holds the row buffers of Distance, so a caller ranking many candidates allocates once.
type Scratch [3][]int

// Distance is the optimal-string-alignment distance between a and b, by bytes (an insertion, a deletion,
// a substitution or a swap of neighbours costs 1), reusing s's buffers.
func (s *Scratch) Distance(a, b string) int {
	if len(a) > maxInput {
		a = a[:maxInput]
	}
	if len(b) > maxInput {
		b = b[:maxInput]
	}
	for k := range s {
		if cap(s[k]) < len(b)+1 {
			s[k] = make([]int, len(b)+1)
		}
		s[k] = s[k][:len(b)+1]
	}
	prev2, prev, cur := s[0], s[1], s[2]
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

// Limit is how far a candidate may be from input and still be offered: a third of input's length, at
// least 2.
func Limit(input string) int { return max(2, len(input)/3) }

// Nearest is the candidate closest to input (case-insensitively; one that is a prefix of the other counts
// as distance 1: "sand" for sandbox, "marketing-professional" for marketing-pro), or "" when none is
// within Limit. Ties go to the earlier candidate.
func Nearest(input string, candidates []string) string {
	in := strings.ToLower(input)
	best, bestDist := "", Limit(in)+1
	var s Scratch
	for _, c := range candidates {
		lc := strings.ToLower(c)
		d := s.Distance(in, lc)
		if prefixed(in, lc) {
			d = min(d, 1)
		}
		if d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// prefixed reports whether the shorter of a and b (at least 3 bytes) starts the longer.
func prefixed(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	return len(a) >= 3 && len(b) > len(a) && strings.HasPrefix(b, a)
}

// Phrase is ` (did you mean "x"?)` for the nearest candidate, or "" when none is close.
func Phrase(input string, candidates []string) string {
	if best := Nearest(input, candidates); best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return ""
}
