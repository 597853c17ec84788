package token

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/hsoauth/hsoauth/session"
	"github.com/hsoauth/hsoauth/ui/common"
)

// tryStage is where the "try it" pane is: closed, choosing an endpoint, or filling in the chosen one.
type tryStage int

const (
	tryClosed tryStage = iota
	tryPick
	tryFill
)

// tryField is one input of the chosen endpoint: a {param} of its path, the query string or the body.
type tryField struct {
	name  string
	hint  string
	input textinput.Model
}

// tryIt is the "try it" pane: every documented endpoint, filtered by path as you type, each marked with
// whether the token's scopes pass it; then the chosen endpoint's fields and its scope check.
type tryIt struct {
	stage   tryStage
	filter  textinput.Model
	all     []session.Endpoint
	granted []int8         // per endpoint of all: 1 granted, -1 missing a scope, 0 the spec names no scope
	scopes  string         // the granted scopes granted was computed for
	shown   []int          // indexes into all that match the filter
	hay     []string       // per endpoint: "method path" in lower case, what the filter searches
	byKey   map[string]int // "METHOD path" to its index in all, for the index's own path matching
	cursor  int

	ep     session.Endpoint
	fields []tryField
	focus  int
	check  session.ScopeCheck
}

// triedMsg is the answer of a try-it call.
type triedMsg struct {
	id  int
	res *session.APIResult
	err error
}

// paramRE finds the {params} of a path template.
var paramRE = regexp.MustCompile(`\{([^{}/]+)\}`)

// newInput is a text input styled like the catalog's filter.
func newInput(c *common.Common, prompt, placeholder string) textinput.Model {
	ti := textinput.New()
	ti.Prompt = prompt
	ti.Placeholder = placeholder
	ti.CharLimit = 2000
	if c.StaticCursor {
		ti.Cursor.SetMode(cursor.CursorStatic)
	}
	return ti
}

// openTry opens the picker, marking each endpoint against the token's scopes (once per set of scopes).
func (m Model) openTry() (Model, tea.Cmd) {
	t := &m.try
	if t.all == nil {
		t.all = session.Endpoints()
		t.filter = newInput(m.c, "/ ", "filter by path, e.g. crm/v3/objects/contacts")
		t.hay, t.byKey = make([]string, len(t.all)), make(map[string]int, len(t.all))
		for i, ep := range t.all {
			t.hay[i] = strings.ToLower(ep.Method + " " + ep.Path)
			t.byKey[ep.Method+" "+ep.Path] = i
		}
	}
	if key := strings.Join(m.rec.Scopes, " "); t.granted == nil || t.scopes != key {
		t.scopes, t.granted = key, make([]int8, len(t.all))
		for i, ep := range t.all {
			if ok, missing := ep.Grants(m.rec.Scopes); ok {
				t.granted[i] = 1
			} else if len(missing) > 0 {
				t.granted[i] = -1
			}
		}
	}
	t.stage = tryPick
	m.sizeInputs()
	m.refilter()
	m.pointAt()
	return m, t.filter.Focus()
}

// refilter keeps the endpoints whose method and path hold every word of the filter. A filter that is a
// call path (/crm/v3/objects/deals/42) also keeps the templates it matches, which HubSpot may spell
// differently (/crm/v3/objects/0-3/{dealId}).
func (m *Model) refilter() {
	t := &m.try
	words := strings.Fields(strings.ToLower(t.filter.Value()))
	t.shown = t.shown[:0]
	seen := map[int]bool{}
	if n := len(words); n > 0 && strings.HasPrefix(words[n-1], "/") {
		method := ""
		if n == 2 {
			method = words[0]
		}
		for _, em := range session.MatchEndpoints(method, words[n-1]) {
			if i, ok := t.byKey[em.Method+" "+em.Path]; ok && !seen[i] {
				seen[i] = true
				t.shown = append(t.shown, i)
			}
		}
	}
	for i, hay := range t.hay {
		if !seen[i] && containsAll(hay, words) {
			t.shown = append(t.shown, i)
		}
	}
	t.cursor = min(t.cursor, max(len(t.shown)-1, 0))
}

// containsAll reports whether hay ("method path") holds every word: a method name must be the method, any
// other word may be anywhere in the path (slashes at its ends do not count).
func containsAll(hay string, words []string) bool {
	for _, w := range words {
		if slices.Contains(httpMethods, w) {
			if !strings.HasPrefix(hay, w+" ") {
				return false
			}
		} else if !strings.Contains(hay, strings.Trim(w, "/")) {
			return false
		}
	}
	return true
}

// httpMethods are the methods the filter recognises as such, in lower case like the filter's words.
var httpMethods = []string{"get", "post", "put", "patch", "delete", "head"}

// handleTry routes a key to the open pane's stage.
func (m Model) handleTry(msg tea.KeyMsg) (Model, tea.Cmd) {
	if m.try.stage == tryPick {
		return m.handlePick(msg)
	}
	return m.handleFill(msg)
}

// handlePick moves through the filtered endpoints, chooses one, or edits the filter.
func (m Model) handlePick(msg tea.KeyMsg) (Model, tea.Cmd) {
	t, k := &m.try, m.keys
	switch {
	case key.Matches(msg, k.Back):
		t.stage = tryClosed
		t.filter.Blur()
		return m, nil
	case key.Matches(msg, k.Up):
		t.cursor = max(t.cursor-1, 0)
	case key.Matches(msg, k.Down):
		t.cursor = min(t.cursor+1, max(len(t.shown)-1, 0))
	case key.Matches(msg, k.PageUp):
		t.cursor = max(t.cursor-10, 0)
	case key.Matches(msg, k.PageDown):
		t.cursor = min(t.cursor+10, max(len(t.shown)-1, 0))
	case key.Matches(msg, k.Choose) && len(t.shown) > 0:
		return m.choose(t.all[t.shown[t.cursor]])
	case key.Matches(msg, k.Choose):
		return m, status(common.LevelWarn, "no documented endpoint matches the filter")
	default:
		var cmd tea.Cmd
		before := t.filter.Value()
		t.filter, cmd = t.filter.Update(msg)
		if t.filter.Value() != before {
			m.refilter()
			m.pointAt()
		}
		return m, cmd
	}
	m.pointAt()
	return m, nil
}

// pointAt runs the scope check on the endpoint under the cursor, so the picker says which scope it needs
// before it is chosen.
func (m *Model) pointAt() {
	t := &m.try
	if len(t.shown) == 0 {
		t.check = session.ScopeCheck{}
		return
	}
	t.ep, t.fields = t.all[t.shown[t.cursor]], nil
	t.check = session.EndpointCheck(t.ep, m.rec)
}

// choose moves to the fill stage with one input per path {param}, the query and, for writes, the body.
func (m Model) choose(ep session.Endpoint) (Model, tea.Cmd) {
	t := &m.try
	t.ep, t.fields, t.focus, t.stage = ep, nil, 0, tryFill
	t.filter.Blur()
	for _, p := range paramRE.FindAllStringSubmatch(ep.Path, -1) {
		t.fields = append(t.fields, tryField{name: p[1], input: newInput(m.c, "", "value of {"+p[1]+"}")})
	}
	t.fields = append(t.fields, tryField{name: "query", hint: "k=v&k2=v2", input: newInput(m.c, "", "optional: limit=5&properties=email")})
	if hasBody(ep.Method) {
		body := tryField{name: "body", input: newInput(m.c, "", "JSON")}
		body.input.SetValue("{}")
		t.fields = append(t.fields, body)
	}
	m.sizeInputs()
	m.recheck()
	return m, t.fields[0].input.Focus()
}

// hasBody reports whether a method carries a request body.
func hasBody(method string) bool {
	return method == http.MethodPost || method == http.MethodPut || method == http.MethodPatch
}

// handleFill edits the fields, moves between them, sends, or goes back to the picker.
func (m Model) handleFill(msg tea.KeyMsg) (Model, tea.Cmd) {
	t, k := &m.try, m.keys
	switch {
	case key.Matches(msg, k.Back):
		t.fields[t.focus].input.Blur()
		t.stage = tryPick
		m.pointAt()
		return m, t.filter.Focus()
	case key.Matches(msg, k.NextField), key.Matches(msg, k.PrevField):
		step := 1
		if key.Matches(msg, k.PrevField) {
			step = len(t.fields) - 1
		}
		t.fields[t.focus].input.Blur()
		t.focus = (t.focus + step) % len(t.fields)
		return m, t.fields[t.focus].input.Focus()
	case key.Matches(msg, k.Choose):
		return m.sendTry(false)
	case key.Matches(msg, k.Force):
		return m.sendTry(true)
	}
	var cmd tea.Cmd
	t.fields[t.focus].input, cmd = t.fields[t.focus].input.Update(msg)
	m.recheck()
	return m, cmd
}

// fieldValue is the trimmed value of the field called name.
func (t *tryIt) fieldValue(name string) string {
	for _, f := range t.fields {
		if f.name == name {
			return strings.TrimSpace(f.input.Value())
		}
	}
	return ""
}

// fillPath is the chosen template with the filled params (percent-encoded; empty ones stay {name}) and
// the query.
func (t *tryIt) fillPath() string {
	p := paramRE.ReplaceAllStringFunc(t.ep.Path, func(m string) string {
		if v := t.fieldValue(m[1 : len(m)-1]); v != "" {
			return url.PathEscape(v)
		}
		return m
	})
	if q := strings.TrimPrefix(t.fieldValue("query"), "?"); q != "" {
		p += "?" + q
	}
	return p
}

// recheck runs the pre-flight scope check on what the fields say now, so the pane shows it as you type.
func (m *Model) recheck() {
	if m.deps.Service == nil {
		m.try.check = session.CheckCall(m.try.ep.Method, m.try.fillPath(), m.rec)
		return
	}
	m.try.check = m.deps.Service.CheckScopes(m.try.ep.Method, m.try.fillPath(), m.rec)
}

// sendTry sends the filled call through the session's API verb. Without force, a call the token's scopes
// cannot pass is not sent: the pane already says what is missing, and ctrl+f sends it anyway.
func (m Model) sendTry(force bool) (Model, tea.Cmd) {
	t := &m.try
	path := t.fillPath()
	if p := paramRE.FindString(path); p != "" {
		return m, status(common.LevelWarn, "fill in "+p+" first (tab moves between the fields)")
	}
	c := t.check
	if !force && c.Known && !c.OK && !c.Unchecked && len(c.Missing) > 0 {
		return m, status(common.LevelWarn, "not sent: the token lacks "+c.MissingText()+"; ctrl+f sends it anyway")
	}
	req := session.APIRequest{Method: t.ep.Method, Path: path}
	if hasBody(t.ep.Method) {
		req.Body = []byte(t.fieldValue("body"))
	}
	if m.deps.Service == nil {
		return m, nil
	}
	t.fields[t.focus].input.Blur()
	t.stage = tryClosed
	return m.start("calling "+req.Method+" "+path, true, tryCall(m.id, m.deps.Service, m.rec.HubID, req, force))
}

// tryCall makes the call with the stored token, refreshing it first when it is about to expire.
func tryCall(id int, s Service, hubID int, req session.APIRequest, force bool) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
		defer cancel()
		res, err := s.API(ctx, session.APICall{HubID: hubID, Request: req, Force: force})
		return triedMsg{id: id, res: res, err: err}
	}
}

// sizeInputs fits the text inputs to the pane.
func (m *Model) sizeInputs() {
	w := max(m.paneWidth()-4, 10)
	m.try.filter.Width = w - 2
	for i := range m.try.fields {
		m.try.fields[i].input.Width = w - tryLabelW
	}
}
