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
	m.endpoints, m.epMemo = msg.ix, endpointMemo{}
	if scopes.LooksLikePath(m.query) {
		m.refilter()
	}
	return m, nil
}

// search is the filter's ranking: the catalog's, with API paths understood once the index is here.
func (m *Model) search(query string) []scopes.Scope {
	return m.c.Catalog.SearchEndpoints(m.endpoints, query)
}

// endpointGroup is one path of the details pane's endpoint list: its methods and versions.
type endpointGroup struct {
	path              string // with the version segment as {version}
	methods, versions []string
	alternatives      int // the fewest alternatives among its operations: 1 means this scope or nothing
}

// groupEndpoints folds a scope's operations by path (the version segment made generic). Paths the scope
// is (nearly) the only way into come first; generic ones that dozens of scopes open come last.
func groupEndpoints(eps []scopes.Endpoint) []endpointGroup {
	var groups []endpointGroup
	index := map[string]int{}
	for _, e := range eps {
		p := genericVersion(e.Path, e.Version)
		n := len(e.Scopes) + len(e.Legacy)
		i, ok := index[p]
		if !ok {
			i = len(groups)
			index[p] = i
			groups = append(groups, endpointGroup{path: p, alternatives: n})
		}
		g := &groups[i]
		g.alternatives = min(g.alternatives, n)
		if !slices.Contains(g.methods, e.Method) {
			g.methods = append(g.methods, e.Method)
		}
		if !slices.Contains(g.versions, e.Version) {
			g.versions = append(g.versions, e.Version)
		}
	}
	slices.SortStableFunc(groups, func(a, b endpointGroup) int { return a.alternatives - b.alternatives })
	return groups
}

// genericVersion replaces the path segment that is the API version with {version}.
func genericVersion(path, version string) string {
	for from := 0; version != ""; {
		i := strings.Index(path[from:], "/"+version)
		if i < 0 {
			break
		}
		end := from + i + 1 + len(version)
		if end == len(path) || path[end] == '/' {
			return path[:from+i+1] + "{version}" + path[end:]
		}
		from = end
	}
	return path
}

// scopeEndpoints is what the details pane shows of one scope's operations, computed once per scope.
type scopeEndpoints struct {
	summary string
	groups  []endpointGroup
}

// endpointMemo caches scopeEndpoints by scope name; it is shared by every copy of the model, and only
// the UI goroutine touches it.
type endpointMemo map[string]scopeEndpoints

// endpointSummary is the pane's count line ("Endpoints: 8 operations + 754 shared by 10+ scopes") and
// the scope's operations grouped by path.
func (m Model) endpointSummary(s scopes.Scope) (string, []endpointGroup) {
	if m.endpoints == nil {
		return "", nil
	}
	if e, ok := m.epMemo[s.Name]; ok {
		return e.summary, e.groups
	}
	var e scopeEndpoints
	eps := m.endpoints.ForScope(s.Name)
	if len(eps) == 0 {
		e.summary = m.c.Styles.Muted.Render("Endpoints: none in HubSpot's API specs")
	} else {
		e.groups = groupEndpoints(eps)
		text := fmt.Sprintf("%d operations on %d paths", len(eps), len(e.groups))
		if shared := countShared(eps); shared > 0 {
			text = fmt.Sprintf("%d operations + %d shared by %d+ scopes", len(eps)-shared, shared, sharedAlternatives)
		}
		e.summary = m.c.Styles.Muted.Render("Endpoints: ") + text
	}
	m.epMemo[s.Name] = e
	return e.summary, e.groups
}

// sharedAlternatives is where an operation stops being about one scope: HubSpot's specs give the generic
// CRM operations (any {objectType}, and some object paths in newer versions) eighty alternatives.
const sharedAlternatives = 10

// countShared counts the operations that many scopes open.
func countShared(eps []scopes.Endpoint) int {
	n := 0
	for _, e := range eps {
		if len(e.Scopes)+len(e.Legacy) >= sharedAlternatives {
			n++
		}
	}
	return n
}

// endpointLines lists the groups in at most room lines, "METHODS path  versions", with a last line
// saying how many did not fit.
func (m Model) endpointLines(groups []endpointGroup, w, room int) []string {
	if room <= 0 || len(groups) == 0 {
		return nil
	}
	st := m.c.Styles
	show := groups
	if len(groups) > room {
		show = groups[:max(room-1, 0)]
	}
	lines := make([]string, 0, room)
	for _, g := range show {
		line := strings.Join(g.methods, ",") + " " + g.path + "  " + st.Muted.Render(strings.Join(g.versions, ", "))
		lines = append(lines, ansi.Truncate(line, w, "…"))
	}
	if len(show) < len(groups) {
		more := fmt.Sprintf("… and %d more paths", len(groups)-len(show))
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
