package catalog

import (
	"github.com/charmbracelet/lipgloss"
	"github.com/hsoauth/hsoauth/scopes"
	"github.com/muesli/termenv"
)

// maxCachedRows bounds the row cache: a few screens' worth of rows in every state they can be drawn in.
const maxCachedRows = 4096

// rowKey is everything one list line depends on.
type rowKey struct {
	scope  int    // index into all; -1 for a group heading
	group  string // the heading's group
	width  int
	cursor bool
	mark   scopes.Requirement
	avail  bool
}

// detailsKey is everything the details pane depends on: the scope, the pane's size and frame, the
// selection and target account (through rev), whether the endpoint index has arrived, and the styles in use.
type detailsKey struct {
	scope         int
	width, height int
	framed        bool
	rev           int
	index         bool
	presenter     bool
}

// viewCache keeps rendered pieces of the screen between frames, so a keystroke renders only what changed:
// list rows that scroll into view or change state, and the details pane when another scope is highlighted.
// It is shared by every copy of the Model (Bubble Tea copies models on each Update); its entries are keyed
// by what they depend on, so a stale copy can never be served.
type viewCache struct {
	profile  termenv.Profile // the colour profile and background the entries were rendered for
	dark     bool
	rows     map[rowKey]string
	panes    map[detailsKey]string
	summary  int // rev of the cached summary line
	sumWidth int
	sumLine  string
	nextRev  int
}

// maxCachedPanes bounds the details cache: the scopes a search or the cursor moved across lately.
const maxCachedPanes = 64

func newViewCache() *viewCache {
	return &viewCache{rows: map[rowKey]string{}, panes: map[detailsKey]string{}, summary: -1}
}

// check drops everything when the colour profile or the background changed since the entries were made.
func (c *viewCache) check() {
	p, dark := lipgloss.ColorProfile(), lipgloss.HasDarkBackground()
	if p == c.profile && dark == c.dark {
		return
	}
	c.profile, c.dark = p, dark
	clear(c.rows)
	clear(c.panes)
	c.summary = -1
}

// row returns the cached line for k, rendering it with render on a miss.
func (c *viewCache) row(k rowKey, render func() string) string {
	return cached(c.rows, k, maxCachedRows, render)
}

// detailsPane returns the cached details pane for k, rendering it with render on a miss.
func (c *viewCache) detailsPane(k detailsKey, render func() string) string {
	return cached(c.panes, k, maxCachedPanes, render)
}

// cached looks k up in m, rendering and storing it on a miss; a full map starts over rather than grow.
func cached[K comparable](m map[K]string, k K, limit int, render func() string) string {
	if s, ok := m[k]; ok {
		return s
	}
	if len(m) >= limit {
		clear(m)
	}
	s := render()
	m[k] = s
	return s
}

// summaryLine returns the cached summary line for the selection revision and width.
func (c *viewCache) summaryLine(rev, width int, render func() string) string {
	if c.summary == rev && c.sumWidth == width {
		return c.sumLine
	}
	c.summary, c.sumWidth, c.sumLine = rev, width, render()
	return c.sumLine
}

// revision numbers a new selection or account; numbers are never reused, even by a stale model copy.
func (c *viewCache) revision() int {
	c.nextRev++
	return c.nextRev
}
