package scopes

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
)

// groupOrder is the display order of scope groups, as in the reference data.
var groupOrder = []string{
	"Platform", "CRM", "CRM (sensitive)", "Marketing", "CMS", "Sales", "Service", "Commerce",
	"Automation", "Files", "Data", "Settings", "Developer", "Legacy", "Internal/Beta",
}

// Catalog is a validated, indexed set of scopes. It is read-only after
// loading (the search index is built once, under a sync.Once, on first use),
// so one value can be shared by every goroutine.
type Catalog struct {
	scopes     []Scope
	index      map[string]int // lower-case name or alias -> position in scopes
	groups     []string
	search     searchIndex // built on the first search, so start-up does not pay for it
	searchOnce sync.Once
	matchers   []Matcher // extra scorers Search adds to the word scorer
}

// PrepareSearch builds the search index now, so that a program that will
// search (the TUI) can pay for it in the background instead of on the
// first keystroke. Searching without it is fine: the first search builds it.
func (c *Catalog) PrepareSearch() { c.words() }

// words returns the search index, building it on first use.
func (c *Catalog) words() *searchIndex {
	c.searchOnce.Do(func() { c.search = newSearchIndex(c.scopes) })
	return &c.search
}

// defaultMatchers are the extra scorers of the Default catalog; files of this
// package add theirs from an init function, before Default is first called.
var defaultMatchers []Matcher

//go:generate go run ./internal/gencatalog

var (
	defaultOnce    sync.Once
	defaultCatalog *Catalog
)

// Default returns the catalog built into the binary (catalog_gen.go, which
// `go generate` writes from catalog.toml), validated once. It panics only if
// the generated data is broken, which a test guards against.
func Default() *Catalog {
	defaultOnce.Do(func() {
		c, err := catalogFromEntries(generatedEntries)
		if err != nil {
			panic("scopes: generated catalog is broken (run go generate ./scopes): " + err.Error())
		}
		c.matchers = slices.Clone(defaultMatchers)
		defaultCatalog = c
	})
	return defaultCatalog
}

// catalogFromEntries validates typed entries and builds the catalog.
func catalogFromEntries(entries []catalogEntry) (*Catalog, error) {
	list := make([]Scope, 0, len(entries))
	for i, e := range entries {
		s, err := e.scope()
		if err != nil {
			return nil, fmt.Errorf("catalog: scope #%d %s", i+1, err)
		}
		list = append(list, s)
	}
	return newCatalog(list)
}

// ParseCatalog reads catalog TOML (the schema of scopes/catalog.toml) and
// validates every entry; errors name the scope and the field so a data fix
// is quick.
func ParseCatalog(data []byte) (*Catalog, error) {
	var doc map[string]any
	if _, err := toml.Decode(string(data), &doc); err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	return catalogFromDoc(doc)
}

// catalogFromDoc validates a decoded catalog document and builds the catalog.
func catalogFromDoc(doc map[string]any) (*Catalog, error) {
	for k := range doc {
		if k != "scope" {
			return nil, fmt.Errorf("catalog: unknown top-level key %s (want only [[scope]] tables)", quoteShort(k))
		}
	}
	tables, ok := doc["scope"].([]map[string]any)
	if !ok || len(tables) == 0 {
		return nil, fmt.Errorf("catalog: no [[scope]] tables")
	}
	list := make([]Scope, 0, len(tables))
	for i, t := range tables {
		s, err := scopeFromTable(t)
		if err != nil {
			return nil, fmt.Errorf("catalog: scope #%d %s", i+1, err)
		}
		list = append(list, s)
	}
	return newCatalog(list)
}

// newCatalog sorts, indexes and cross-checks the scopes.
func newCatalog(list []Scope) (*Catalog, error) {
	slices.SortStableFunc(list, func(a, b Scope) int {
		if d := groupRank(a.Group) - groupRank(b.Group); d != 0 {
			return d
		}
		return strings.Compare(a.Name, b.Name)
	})
	c := &Catalog{scopes: list, index: make(map[string]int, len(list)*2)}
	for i, s := range list {
		for _, n := range append([]string{s.Name}, s.Aliases...) {
			key := strings.ToLower(n)
			if j, dup := c.index[key]; dup {
				return nil, fmt.Errorf("catalog: scope %q: name %q is already used by scope %q", s.Name, n, list[j].Name)
			}
			c.index[key] = i
		}
		if len(c.groups) == 0 || c.groups[len(c.groups)-1] != s.Group {
			c.groups = append(c.groups, s.Group)
		}
	}
	for _, s := range list {
		for _, r := range s.Related {
			if _, ok := c.index[strings.ToLower(r)]; !ok {
				return nil, fmt.Errorf("catalog: scope %q: field \"related\": %q is not a scope in the catalog", s.Name, r)
			}
		}
	}
	return c, nil
}

func groupRank(g string) int {
	return slices.Index(groupOrder, g)
}

// All returns every scope, ordered by group then name. The slice is a copy;
// the Scope values share their slices with the catalog and must not be
// modified.
func (c *Catalog) All() []Scope {
	return slices.Clone(c.scopes)
}

// Len is the number of scopes (aliases not counted).
func (c *Catalog) Len() int {
	return len(c.scopes)
}

// Lookup finds a scope by exact name or alias, ignoring case, so old
// spellings found in the wild still resolve.
func (c *Catalog) Lookup(name string) (Scope, bool) {
	i, ok := c.index[strings.ToLower(strings.TrimSpace(name))]
	if !ok {
		return Scope{}, false
	}
	return c.scopes[i], true
}

// Groups lists the groups present, in display order, for section headers.
func (c *Catalog) Groups() []string {
	return slices.Clone(c.groups)
}
