package scopes

import (
	"cmp"
	"math/bits"
	"slices"
	"sort"
	"strings"

	"github.com/hsoauth/hsoauth/suggest"
)

// Hit is one scope an extra Matcher found for a query, with its score on the
// word scorer's scale (a whole-word match in a scope's name scores 100).
type Hit struct {
	Scope string
	Score int
}

// Matcher scores scopes for a query from knowledge beyond the catalog's
// words (an endpoint index matching `/crm/v3/objects/deals`, for one). Its
// hits are added to the word scorer's, so one ranking serves every caller.
type Matcher func(query string) []Hit

// Ranking weights beyond fieldWeight.
const (
	scoreExactName   = 1000 // the query is a scope's name or alias
	scoreNamePrefix  = 500  // a query with dots starts a scope's name
	scoreNameInside  = 300  // ...or starts one of its segments
	scorePhraseName  = 130  // a phrase names the scope outright
	scoreAccessMatch = 50   // the scope's access is one the query asks for
	scoreAccessOther = 30   // a broad read+write scope, when read or write is asked for
	scoreConcise     = 40   // every meaningful name segment was asked for
	penaltyLegacy    = 25
	penaltyDeprec    = 60
	penaltySensitive = 15
	keepFraction     = 0.35 // results scoring under this share of the best are left out
)

// Search ranks the catalog for a free-text query, best first: a scope name,
// a prefix of one, or a task in words ("read and write deals", "deals line
// items", "send transactional email"). Words are matched whole after
// plurals are folded and stop words dropped, with HubSpot's synonyms
// (workflows -> automation, CMS -> content), access words (read, write,
// create...) as a preference for read or write scopes, prefixes for the word
// being typed, and edit distance only for a word that matches nothing. The
// CLI's --search and the TUI filter both call it. "" returns All().
func (c *Catalog) Search(query string) []Scope {
	return c.SearchWith(query, c.matchers...)
}

// SearchWith is Search with extra matchers whose hits add to the scores.
func (c *Catalog) SearchWith(query string, extra ...Matcher) []Scope {
	raw := strings.ToLower(strings.TrimSpace(query))
	if raw == "" {
		return c.All()
	}
	boost := make([]int32, len(c.scopes))
	scores := make([]int32, len(c.scopes))
	switch {
	case LooksLikePath(query):
		c.scoreWords(parseQuery(pathWords(query)), scores) // the endpoint index ranks the path itself
	case !c.scoreNames(raw, boost):
		c.scoreWords(parseQuery(query), scores)
	}
	for _, m := range extra {
		for _, h := range m(query) {
			if i, ok := c.index[strings.ToLower(h.Scope)]; ok {
				scores[i] += int32(h.Score)
			}
		}
	}
	return c.ranked(scores, boost)
}

// pathWords keeps the words of an API path that name what it is about:
// "/crm/v3/objects/deals/{dealId}" is about deals, not crm, v3 or objects.
func pathWords(query string) string {
	p, _ := cutScheme(strings.TrimSpace(query))
	p, _, _ = strings.Cut(p, "?")
	var out []string
	for _, seg := range strings.Split(p, "/") {
		if seg == "" || strings.HasPrefix(seg, "{") || pathNoise[stem(strings.ToLower(seg))] || isVersionOrID(seg) {
			continue
		}
		out = append(out, seg)
	}
	return strings.Join(out, " ")
}

// pathNoise are path segments every API shares.
var pathNoise = toSet("crm", "object", "api", "public", "batch")

// isVersionOrID reports whether a path segment is an API version (v3,
// 2026-03) or a record or type id (123, 0-3).
func isVersionOrID(seg string) bool {
	if len(seg) >= 2 && (seg[0] == 'v' || seg[0] == 'V') && strings.Trim(seg[1:], "0123456789") == "" {
		return true
	}
	return strings.Trim(seg, "0123456789-") == ""
}

// scoreNames rewards a query that is, or starts, a scope name. It reports
// whether the query is spelt like a scope name (dots or underscores, no
// spaces) and found some: then the words of the name are not searched
// again, so "crm.objects.deals.read" does not list every crm.* scope.
func (c *Catalog) scoreNames(raw string, scores []int32) bool {
	if i, ok := c.index[raw]; ok && !c.scopes[i].Deprecated {
		scores[i] += scoreExactName
	}
	if strings.ContainsAny(raw, " \t") || !strings.ContainsAny(raw, "._") {
		return false
	}
	found := false
	for i, names := range c.words().names {
		best := int32(0)
		for _, n := range names {
			switch {
			case strings.HasPrefix(n, raw):
				best = max(best, scoreNamePrefix)
			case strings.Contains(n, "."+raw):
				best = max(best, scoreNameInside)
			}
		}
		scores[i] += best
		found = found || best > 0
	}
	return found
}

// ranked orders the scoring scopes, dropping the weak tail of the word
// scores; a scope the name boost picked is always kept.
func (c *Catalog) ranked(scores, boost []int32) []Scope {
	best := int32(0)
	for _, s := range scores {
		best = max(best, s)
	}
	floor := max(1, int32(float64(best)*keepFraction))
	idx := make([]int, 0, 32)
	for i, s := range scores {
		if s >= floor || boost[i] > 0 {
			idx = append(idx, i)
			scores[i] += boost[i]
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		if d := cmp.Compare(scores[b], scores[a]); d != 0 {
			return d
		}
		return cmp.Compare(c.words().nsegs[a], c.words().nsegs[b])
	})
	out := make([]Scope, len(idx))
	for k, i := range idx {
		out[k] = c.scopes[i]
	}
	return out
}

// concept is one thing a query asks about: a word or phrase, with the words
// that may stand for it and the scopes it names outright.
type concept struct {
	alts  []alt
	names []string
	open  bool // the word is still being typed: prefixes count
}

// alt is one word that stands for a concept, worth mult tenths of a match.
type alt struct {
	word string
	mult int32
}

// query is a parsed free-text query.
type query struct {
	concepts          []concept
	wantRead, wantAny bool
	wantWrite         bool
	sensitive         bool // the user asked about sensitive data: no penalty
}

// parseQuery splits a query into concepts and access wishes.
func parseQuery(q string) query {
	ws := words(q)
	open := len(q) > 0 && isAlnumByte(q[len(q)-1])
	var out query
	var rest []string
	for _, w := range ws {
		out.sensitive = out.sensitive || w == "sensitive" || w == "highly"
		switch {
		case readWords[w]:
			out.wantRead = true
		case writeWords[w]:
			out.wantWrite = true
		default:
			rest = append(rest, w)
		}
	}
	if len(rest) == 0 { // only access words: search for them as words
		rest, out.wantRead, out.wantWrite = ws, false, false
	}
	out.wantAny = out.wantRead || out.wantWrite
	meaningful := slices.DeleteFunc(slices.Clone(rest), func(w string) bool { return stopWords[w] })
	if len(meaningful) > 0 && !slices.Equal(rest, meaningful) {
		open = open && !stopWords[rest[len(rest)-1]]
		rest = meaningful
	}
	out.concepts = concepts(rest, open)
	return out
}

// concepts groups words into concepts, joining known phrases.
func concepts(ws []string, open bool) []concept {
	var out []concept
	for i := 0; i < len(ws); i++ {
		if p, ok := phraseAt(ws, i); ok {
			c := concept{names: p.names}
			for _, a := range p.alts {
				c.alts = append(c.alts, alt{a, 10})
			}
			out = append(out, c)
			i += len(p.words) - 1
			continue
		}
		c := concept{alts: []alt{{ws[i], 10}}, open: open && i == len(ws)-1}
		for _, s := range synonyms[ws[i]] {
			c.alts = append(c.alts, alt{s, 8})
		}
		out = append(out, c)
	}
	return out
}

func phraseAt(ws []string, i int) (phrase, bool) {
	for _, p := range phrases {
		if i+len(p.words) <= len(ws) && slices.Equal(ws[i:i+len(p.words)], p.words) {
			return p, true
		}
	}
	return phrase{}, false
}

func isAlnumByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// scoreWords adds each concept's best match per scope, then the access,
// concision and status adjustments.
func (c *Catalog) scoreWords(q query, scores []int32) {
	ix := c.words()
	matched := make([]uint32, len(c.scopes)) // name segments the query named
	hit := make([]bool, len(c.scopes))
	best := make([]int32, len(c.scopes))
	for _, con := range q.concepts {
		clear(best)
		if !c.matchConcept(con, best, matched) {
			continue // a word nothing matches, not even as a typo, does not narrow the search
		}
		for i, b := range best {
			scores[i] += b
			hit[i] = hit[i] || b > 0
		}
	}
	for i := range scores {
		if !hit[i] {
			continue
		}
		scores[i] += q.accessBonus(ix.access[i])
		if q.accessBonus(ix.access[i]) > 0 {
			matched[i] |= ix.accMask[i]
		}
		if sig := ix.sigMask[i]; sig != 0 {
			scores[i] += int32(scoreConcise * bits.OnesCount32(matched[i]&sig) / bits.OnesCount32(sig))
		}
		scores[i] -= statusPenalty(ix, i, q.sensitive)
	}
}

func (q query) accessBonus(a Access) int32 {
	switch {
	case !q.wantAny:
		return 0
	case a == AccessRead && q.wantRead, a == AccessWrite && q.wantWrite:
		return scoreAccessMatch
	case a == AccessOther:
		return scoreAccessOther
	}
	return 0
}

func statusPenalty(ix *searchIndex, i int, sensitive bool) int32 {
	var p int32
	if ix.legacy[i] {
		p += penaltyLegacy
	}
	if ix.deprec[i] {
		p += penaltyDeprec
	}
	if ix.sens[i] && !sensitive {
		p += penaltySensitive
	}
	return p
}

// matchConcept fills best with each scope's strongest match for the concept:
// whole words first, then prefixes of the word being typed, then, only when
// nothing matched, words one or two typos away. It reports whether anything
// matched.
func (c *Catalog) matchConcept(con concept, best []int32, matched []uint32) bool {
	ix := c.words()
	found := false
	for _, n := range con.names {
		if i, ok := c.index[n]; ok {
			best[i], found = max(best[i], scorePhraseName), true
		}
	}
	for _, a := range con.alts {
		found = ix.apply(ix.postings[a.word], a.mult, best, matched) || found
	}
	if con.open {
		w := con.alts[0].word
		lo := sort.SearchStrings(ix.vocab, w)
		for k := lo; k < len(ix.vocab) && strings.HasPrefix(ix.vocab[k], w); k++ {
			if ix.vocab[k] != w {
				found = ix.apply(ix.postings[ix.vocab[k]], 6, best, matched) || found
			}
		}
	}
	if found {
		return true
	}
	for _, v := range ix.typos(con.alts[0].word) {
		found = ix.apply(ix.postings[v], 5, best, matched) || found
	}
	return found
}

// apply scores postings at mult tenths of their field's weight.
func (ix *searchIndex) apply(ps []posting, mult int32, best []int32, matched []uint32) bool {
	for _, p := range ps {
		best[p.scope] = max(best[p.scope], fieldWeight[p.field]*mult/10)
		if p.field == fieldName && p.seg < noSegment {
			matched[p.scope] |= 1 << p.seg
		}
	}
	return len(ps) > 0
}

// typos lists indexed words close enough to w to be a typing slip: one edit
// for words of 4 to 6 letters, two from 7.
func (ix *searchIndex) typos(w string) []string {
	limit := 0
	switch {
	case len(w) >= 7:
		limit = 2
	case len(w) >= 4:
		limit = 1
	default:
		return nil
	}
	var out []string
	var scratch suggest.Scratch
	for _, v := range ix.vocab {
		if abs(len(v)-len(w)) <= limit && scratch.Distance(w, v) <= limit {
			out = append(out, v)
		}
	}
	return out
}
