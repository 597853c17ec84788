package catalog

import (
	"fmt"
	"slices"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/hsoauth/hsoauth/scopes"
	"github.com/hsoauth/hsoauth/ui/common"
)

// endpointsLoadedMsg delivers the endpoint index, decoded off the first frame's path.
type endpointsLoadedMsg struct{ ix *scopes.EndpointIndex }

// loadEndpoints decodes the embedded endpoint index in a command, so start-up never waits for it; until
// it arrives the details pane simply has no endpoint section and path queries search words.
func loadEndpoints() tea.Msg {
	return endpointsLoadedMsg{scopes.Endpoints()}
}

// onEndpointsLoaded keeps the index and re-runs a path query typed before it came.
func (m Model) onEndpointsLoaded(msg endpointsLoadedMsg) (Model, tea.Cmd) {
	m.endpoints, m.epMemo = msg.ix, &endpointMemo{}
	if scopes.LooksLikePath(m.query) {
		m.refilter()
	}
	return m, nil
}

// search is the filter's ranking: the catalog's, with API paths understood once the index is here.
func (m *Model) search(query string) []scopes.Scope {
	return m.c.Catalog.SearchEndpoints(m.endpoints, query)
}

// endpointGroup is one path of the details pane's endpoint list: its methods and versions as bit sets
// (over scopes.HTTPMethods and the scope's version list), so grouping allocates nothing per path.
type endpointGroup struct {
	before, after string // the path around its version segment (after is "" when it has none)
	versioned     bool
	methods       uint16
	versions      uint32
	alternatives  int // the fewest alternatives among its operations: 1 means this scope or nothing
}

// path is the group's template with the version segment as {version}.
func (g endpointGroup) path() string {
	if !g.versioned {
		return g.before
	}
	return g.before + "{version}" + g.after
}

// names lists the members of a bit set over names.
func names[T uint16 | uint32](set T, all []string) []string {
	var out []string
	for i, n := range all {
		if set&(1<<i) != 0 {
			out = append(out, n)
		}
	}
	return out
}

// endpointCounts folds a scope's operations by path (the version segment made generic) and counts them
// and the shared ones. Paths the scope is (nearly) the only way into come first; generic ones that dozens
// of scopes open come last. versions is what the groups' version bits stand for.
func endpointCounts(ix *scopes.EndpointIndex, scope string) (groups []endpointGroup, versions []string, total, shared int) {
	type key struct{ before, after string }
	n := ix.CountForScope(scope)
	index := make(map[key]int, n)
	groups = make([]endpointGroup, 0, n)
	ix.EachForScope(scope, func(e scopes.Endpoint) bool {
		total++
		n := len(e.Scopes) + len(e.Legacy)
		if n >= sharedAlternatives {
			shared++
		}
		before, after, versioned := splitVersion(e.Path, e.Version)
		i, ok := index[key{before, after}]
		if !ok {
			i = len(groups)
			index[key{before, after}] = i
			groups = append(groups, endpointGroup{before: before, after: after, versioned: versioned, alternatives: n})
		}
		g := &groups[i]
		g.alternatives = min(g.alternatives, n)
		if m := slices.Index(scopes.HTTPMethods, e.Method); m >= 0 {
			g.methods |= 1 << m
		}
		v := slices.Index(versions, e.Version)
		if v < 0 && len(versions) < 32 {
			v, versions = len(versions), append(versions, e.Version)
		}
		if v >= 0 {
			g.versions |= 1 << v
		}
		return true
	})
	slices.SortStableFunc(groups, func(a, b endpointGroup) int { return a.alternatives - b.alternatives })
	return groups, versions, total, shared
}

// splitVersion cuts a path around the segment that is its API version: "/crm/v3/objects" and "v3" give
// "/crm/" and "/objects".
func splitVersion(path, version string) (before, after string, ok bool) {
	for from := 0; version != ""; {
		i := strings.Index(path[from:], "/"+version)
		if i < 0 {
			break
		}
		end := from + i + 1 + len(version)
		if end == len(path) || path[end] == '/' {
			return path[:from+i+1], path[end:], true
		}
		from = end
	}
	return path, "", false
}

// scopeEndpoints is what the details pane shows of one scope's operations, computed once per scope.
type scopeEndpoints struct {
	summary  string
	groups   []endpointGroup
	versions []string // what the groups' version bits stand for
}

// endpointMemo remembers the last few scopes' scopeEndpoints, newest first, so frames and keystrokes that
// go back and forth between a few highlighted scopes compute each once, while memory stays flat however
// many scopes are browsed. It is shared by every copy of the model, and only the UI goroutine touches it.
type endpointMemo struct {
	names   []string
	entries []scopeEndpoints
}

// memoSize is how many scopes endpointMemo keeps.
const memoSize = 4

func (mm *endpointMemo) get(name string) (scopeEndpoints, bool) {
	i := slices.Index(mm.names, name)
	if i < 0 {
		return scopeEndpoints{}, false
	}
	return mm.entries[i], true
}

func (mm *endpointMemo) put(name string, e scopeEndpoints) {
	mm.names = slices.Insert(mm.names, 0, name)
	mm.entries = slices.Insert(mm.entries, 0, e)
	if len(mm.names) > memoSize {
		mm.names, mm.entries = mm.names[:memoSize], mm.entries[:memoSize]
	}
}

// endpointSummary is the pane's count line ("Endpoints: 8 operations + 754 shared by 10+ scopes") and
// the scope's operations grouped by path; empty until the index is loaded.
func (m Model) endpointSummary(s scopes.Scope) scopeEndpoints {
	if m.endpoints == nil {
		return scopeEndpoints{}
	}
	if e, ok := m.epMemo.get(s.Name); ok {
		return e
	}
	var e scopeEndpoints
	groups, versions, total, shared := endpointCounts(m.endpoints, s.Name)
	switch {
	case total == 0:
		e.summary = m.c.Styles.Muted.Render("Endpoints: none in HubSpot's API specs")
	case shared > 0:
		e.summary = m.c.Styles.Muted.Render("Endpoints: ") +
			fmt.Sprintf("%d operations + %d shared by %d+ scopes", total-shared, shared, sharedAlternatives)
	default:
		e.summary = m.c.Styles.Muted.Render("Endpoints: ") + fmt.Sprintf("%d operations on %d paths", total, len(groups))
	}
	e.groups, e.versions = groups, versions
	m.epMemo.put(s.Name, e)
	return e
}

// sharedAlternatives is where an operation stops being about one scope: HubSpot's specs give the generic
// CRM operations (any {objectType}, and some object paths in newer versions) eighty alternatives.
const sharedAlternatives = 10

// endpointLines lists the groups in at most room lines, "METHODS path  versions", with a last line
// saying how many did not fit.
func (m Model) endpointLines(e scopeEndpoints, w, room int) []string {
	if room <= 0 || len(e.groups) == 0 {
		return nil
	}
	st := m.c.Styles
	show := e.groups
	if len(show) > room {
		show = show[:max(room-1, 0)]
	}
	lines := make([]string, 0, room)
	for _, g := range show {
		line := strings.Join(names(g.methods, scopes.HTTPMethods), ",") + " " + g.path() + "  " +
			st.Muted.Render(strings.Join(names(g.versions, e.versions), ", "))
		lines = append(lines, ansi.Truncate(line, w, "…"))
	}
	if len(show) < len(e.groups) {
		more := fmt.Sprintf("… and %d more paths", len(e.groups)-len(show))
		lines = append(lines, st.Muted.Render(ansi.Truncate(more, w, "…")))
	}
	return lines
}

// pastedInstallURL loads an install URL pasted into the filter into the selection: scope required,
// optional_scope optional. It reports false when the text is not an install URL.
func (m Model) pastedInstallURL(text string) (Model, tea.Cmd, bool) {
	if !strings.Contains(text, "/authorize") {
		return m, nil, false
	}
	u, err := scopes.ParseInstallURL(text)
	if err != nil {
		return m, common.Status(common.LevelError, "pasted URL: "+err.Error()), true
	}
	m.sel = u.Selection(nil)
	m.filter.SetValue("")
	m.query = ""
	m.filter.Blur()
	m.mode = modeBrowse
	m.refilter()
	m.relint()
	note := common.Status(common.LevelInfo, fmt.Sprintf("Loaded %d scopes and %d optional scopes from the install URL (%s).",
		len(u.Scope), len(u.Optional), u.Host))
	return m, tea.Batch(m.changed(), note), true
}

// pasteWhileBrowsing treats a paste as if the filter had been opened first: an install URL loads its
// scopes, other text becomes the query.
func (m Model) pasteWhileBrowsing(msg tea.KeyMsg) (Model, tea.Cmd) {
	if next, cmd, ok := m.pastedInstallURL(string(msg.Runes)); ok {
		return next, cmd
	}
	m.mode = modeFilter
	focus := m.filter.Focus()
	next, cmd := m.handleFiltering(msg)
	return next, tea.Batch(focus, cmd)
}
