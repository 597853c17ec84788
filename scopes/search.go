package scopes

import (
	"slices"
	"strings"

	"github.com/hsoauth/hsoauth/suggest"
)

// Search ranks, best first. Ties keep catalog order.
const (
	rankNone      = iota
	rankFuzzy     // query letters appear in order in the name
	rankSubstring // query appears anywhere
	rankWord      // a description, group or API word starts with the query
	rankSegment   // a name segment (split on . _ -) starts with the query
	rankPrefix    // the name starts with the query
	rankExact     // the name or an alias equals the query
)

// searchEntry holds the lower-cased fields of one scope, computed at load so
// that each keystroke of a filter costs no allocation per scope.
type searchEntry struct {
	names []string // name first, then aliases
	text  string   // description, group and APIs, separated by NUL
}

func newSearchEntry(s Scope) searchEntry {
	names := make([]string, 0, 1+len(s.Aliases))
	names = append(names, strings.ToLower(s.Name))
	for _, a := range s.Aliases {
		names = append(names, strings.ToLower(a))
	}
	parts := append([]string{s.Description, s.Group}, s.APIs...)
	return searchEntry{names: names, text: strings.ToLower(strings.Join(parts, "\x00"))}
}

// Search filters the catalog by a free-text query, case-insensitive, over
// name, aliases, description, group and APIs. Results are ranked exact >
// name prefix > name segment prefix > word > substring > fuzzy. Several
// words must all match; the weakest match decides the rank. "" returns All().
func (c *Catalog) Search(query string) []Scope {
	tokens := strings.Fields(strings.ToLower(query))
	if len(tokens) == 0 {
		return c.All()
	}
	// Rank every entry, then emit by rank bucket: linear and stable.
	ranks := make([]uint8, len(c.search))
	var counts [rankExact + 1]int
	for i := range c.search {
		e := &c.search[i]
		rank := rankExact
		for _, t := range tokens {
			rank = min(rank, e.rank(t))
		}
		ranks[i] = uint8(rank)
		counts[rank]++
	}
	out := make([]Scope, 0, len(c.search)-counts[rankNone])
	for r := rankExact; r > rankNone; r-- {
		for i := 0; i < len(ranks) && counts[r] > 0; i++ {
			if int(ranks[i]) == r {
				out = append(out, c.scopes[i])
				counts[r]--
			}
		}
	}
	return out
}

// rank scores one lower-case query token against the entry.
func (e *searchEntry) rank(q string) int {
	best := rankNone
	for _, n := range e.names {
		switch {
		case n == q:
			return rankExact
		case strings.HasPrefix(n, q):
			best = max(best, rankPrefix)
		case segmentPrefix(n, q):
			best = max(best, rankSegment)
		case strings.Contains(n, q):
			best = max(best, rankSubstring)
		}
	}
	if best >= rankWord {
		return best
	}
	if r := textRank(e.text, q); r > best {
		return r
	}
	if best == rankNone && subsequence(e.names[0], q) {
		return rankFuzzy
	}
	return best
}

func isSeparator(c byte) bool { return c == '.' || c == '_' || c == '-' }

// segmentPrefix reports whether q starts right after a separator in name.
func segmentPrefix(name, q string) bool {
	for i := 1; i+len(q) <= len(name); i++ {
		if isSeparator(name[i-1]) && name[i:i+len(q)] == q {
			return true
		}
	}
	return false
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 0x80
}

// textRank reports rankWord if q starts a word of text, rankSubstring if it
// only occurs inside words, rankNone otherwise; one pass over text.
func textRank(text, q string) int {
	found := rankNone
	for from := 0; from < len(text); {
		j := strings.Index(text[from:], q)
		if j < 0 {
			return found
		}
		p := from + j
		if p == 0 || !isAlnum(text[p-1]) {
			return rankWord
		}
		found = rankSubstring
		from = p + 1
	}
	return found
}

// subsequence reports whether the bytes of q appear in s in order.
func subsequence(s, q string) bool {
	j := 0
	for i := 0; i < len(s) && j < len(q); i++ {
		if s[i] == q[j] {
			j++
		}
	}
	return j == len(q)
}

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
	for i := range c.search {
		best := -1
		for _, known := range c.search[i].names {
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
