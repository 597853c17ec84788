package scopes

import (
	"slices"
	"strings"
)

// Fields a word can come from, strongest first; fieldWeight is what a match
// in each is worth (a whole-word match in the name scores 100).
const (
	fieldName = iota
	fieldAPI
	fieldGroup
	fieldDesc
)

var fieldWeight = [...]int32{fieldName: 100, fieldAPI: 60, fieldGroup: 50, fieldDesc: 30}

// noSegment marks a name word that has no segment of the primary name (an alias word).
const noSegment = 31

// posting is one occurrence of a word: which scope, which field and, for
// the name, which dot-separated segment.
type posting struct {
	scope uint16
	field uint8
	seg   uint8
}

// searchIndex is the catalog's word index, built once at load so a query
// costs a few map look-ups per word, not a scan of every description.
type searchIndex struct {
	names    [][]string // per scope: lower-case name, then aliases
	vocab    []string   // every indexed word, sorted, for prefix and typo look-ups
	postings map[string][]posting
	sigMask  []uint32 // per scope: name segments that say what the scope is (not crm or objects)
	accMask  []uint32 // per scope: name segments that are access words (read, write)
	nsegs    []uint8
	legacy   []bool
	deprec   []bool
	sens     []bool
	access   []Access
}

// noiseSegments are name segments too common to say what a scope is.
var noiseSegments = map[string]bool{"crm": true, "object": true}

// accessSegments are name segments that only say read or write.
var accessSegments = map[string]bool{"read": true, "write": true, "read_write": true}

func newSearchIndex(list []Scope) searchIndex {
	ix := searchIndex{postings: map[string][]posting{}}
	for i, s := range list {
		ix.addScope(uint16(i), s)
	}
	ix.vocab = make([]string, 0, len(ix.postings))
	for w := range ix.postings {
		ix.vocab = append(ix.vocab, w)
	}
	slices.Sort(ix.vocab)
	return ix
}

// addScope indexes one scope's names, APIs, group and description.
func (ix *searchIndex) addScope(i uint16, s Scope) {
	names := []string{strings.ToLower(s.Name)}
	for _, a := range s.Aliases {
		names = append(names, strings.ToLower(a))
	}
	ix.names = append(ix.names, names)
	var sig, acc uint32
	k := 0 // segment number: parts between dots, and between hyphens within them
	for _, dotted := range strings.Split(names[0], ".") {
		ix.add(stem(dotted), i, fieldName, uint8(min(k, noSegment-1))) // whole "transactional-email", "line_items"
		for _, seg := range strings.Split(dotted, "-") {
			n := uint8(min(k, noSegment-1))
			w := stem(seg)
			ix.add(w, i, fieldName, n)
			for _, sub := range strings.Split(seg, "_") {
				ix.add(stem(sub), i, fieldName, n)
			}
			switch {
			case accessSegments[w]:
				acc |= 1 << n
				sig |= 1 << n
			case !noiseSegments[w]:
				sig |= 1 << n
			}
			k++
		}
	}
	for _, alias := range names[1:] {
		for _, w := range strings.FieldsFunc(alias, func(r rune) bool { return r == '.' || isNameSeparator(r) }) {
			ix.add(stem(w), i, fieldName, noSegment)
		}
	}
	ix.sigMask, ix.accMask = append(ix.sigMask, sig), append(ix.accMask, acc)
	ix.nsegs = append(ix.nsegs, uint8(min(k, 255)))
	ix.legacy, ix.deprec = append(ix.legacy, s.Legacy), append(ix.deprec, s.Deprecated)
	ix.sens, ix.access = append(ix.sens, s.IsSensitive()), append(ix.access, s.Access)
	for _, api := range s.APIs {
		ix.addText(api, i, fieldAPI)
	}
	ix.addText(s.Group, i, fieldGroup)
	ix.addText(s.Description, i, fieldDesc)
}

// addText indexes the words of free text.
func (ix *searchIndex) addText(text string, i uint16, field uint8) {
	for _, w := range words(text) {
		if !stopWords[w] {
			ix.add(w, i, field, noSegment)
		}
	}
}

// add records one occurrence, keeping only the strongest per scope and word
// (and every name segment the word names).
func (ix *searchIndex) add(w string, i uint16, field, seg uint8) {
	if w == "" {
		return
	}
	list := ix.postings[w]
	for j := len(list) - 1; j >= 0 && list[j].scope == i; j-- {
		if list[j].field == field && (field != fieldName || list[j].seg == seg) {
			return
		}
	}
	ix.postings[w] = append(list, posting{scope: i, field: field, seg: seg})
}

func isNameSeparator(r rune) bool { return r == '_' || r == '-' }

// words splits text into lower-case, stemmed words of letters and digits.
func words(text string) []string {
	parts := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r >= 0x80)
	})
	for i, p := range parts {
		parts[i] = stem(p)
	}
	return parts
}

// stem folds English plurals onto the singular so "deals" finds "deal":
// companies -> company, boxes stay, tickets -> ticket. Words that end in
// "ss" or "us" and short words are left alone.
func stem(w string) string {
	switch {
	case len(w) <= 3:
		return w
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "shes"):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
		return w
	case strings.HasSuffix(w, "s"):
		return w[:len(w)-1]
	}
	return w
}

// stopWords carry no meaning in a task description ("I need to read and
// write deals for my app").
var stopWords = toSet("a", "an", "the", "and", "or", "of", "to", "for", "with", "in", "on", "my", "our", "me", "i",
	"we", "you", "your", "want", "need", "app", "api", "hubspot", "scope", "their", "them", "they", "all",
	"any", "from", "into", "by", "can", "be", "it", "do", "how", "use", "using", "please", "some", "that",
	"this", "these", "those", "which", "what", "also", "as", "at", "via", "its", "let", "allow", "data", "apis", "doe", "thing")

// readWords and writeWords are access words: they ask for read or write
// scopes rather than naming what to read or write.
var (
	readWords  = toSet("read", "view", "get", "fetch", "see", "retrieve", "look", "show", "reading")
	writeWords = toSet("write", "create", "update", "edit", "delete", "modify", "change", "add", "remove",
		"send", "manage", "archive", "writing", "upload", "set")
)

// synonyms maps a query word to the words HubSpot uses for the same thing.
var synonyms = map[string][]string{
	"workflow": {"automation"}, "automation": {"workflow"}, "automate": {"automation", "workflow"},
	"cms": {"content"}, "website": {"content", "page"}, "blog": {"content", "post"}, "page": {"content"},
	"email": {"marketing-email", "transactional-email", "engagement"}, "mail": {"email"},
	"ecommerce": {"e-commerce", "commerce"}, "shop": {"commerce", "e-commerce"},
	"analytic": {"business-intelligence", "report"}, "report": {"business-intelligence"},
	"chat": {"conversation"}, "inbox": {"conversation"}, "message": {"conversation"},
	"survey": {"feedback"}, "helpdesk": {"ticket"}, "support": {"ticket"},
	"database": {"hubdb"}, "table": {"hubdb"}, "row": {"hubdb"},
	"upload": {"file"}, "document": {"file"}, "image": {"file"},
	"segment": {"list"}, "property": {"schema"}, "people": {"contact"}, "person": {"contact"},
	"organization": {"company"}, "organisation": {"company"}, "account": {"account-info"},
}

// phrase is a run of query words that means one thing together.
type phrase struct {
	words []string // stemmed
	alts  []string // words to look for instead of the run
	names []string // scopes the run names outright
}

var phrases = []phrase{
	{words: []string{"line", "item"}, alts: []string{"line_item"}},
	{words: []string{"custom", "object"}, alts: []string{"custom"},
		names: []string{"crm.schemas.custom.read", "crm.schemas.custom.write"}},
	{words: []string{"transactional", "email"}, alts: []string{"transactional-email"}},
	{words: []string{"marketing", "email"}, alts: []string{"marketing-email"}},
	{words: []string{"help", "desk"}, alts: []string{"ticket"}},
	{words: []string{"landing", "page"}, alts: []string{"landing_page"}},
	{words: []string{"site", "page"}, alts: []string{"site_page"}},
	{words: []string{"sensitive", "data"}, alts: []string{"sensitive"}},
}

func toSet(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}
