package token

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/hsoauth/hsoauth/session"
	"github.com/hsoauth/hsoauth/ui/common"
)

// typeText types s into the focused input, one rune at a time as a terminal would.
func typeText(m Model, s string) Model {
	for _, r := range s {
		m, _ = press(m, string(r))
	}
	return m
}

// pickEndpoint opens the pane, filters by filter and chooses the first match.
func pickEndpoint(t *testing.T, m Model, filter string) Model {
	t.Helper()
	m, _ = press(m, "t")
	m.try.filter.SetValue("")
	m = typeText(m, filter)
	if len(m.try.shown) == 0 {
		t.Fatalf("nothing matches %q", filter)
	}
	m, _ = press(m, "enter")
	if m.try.stage != tryFill {
		t.Fatalf("enter did not choose %q", filter)
	}
	return m
}

var ctrlF = tea.KeyMsg{Type: tea.KeyCtrlF}

func TestTryGolden(t *testing.T) {
	cases := map[string]func(t *testing.T, w, h int) Model{
		"pick": func(t *testing.T, w, h int) Model {
			m, _ := withToken(t, w, h)
			m, _ = press(m, "t")
			return typeText(m, "crm/v3/objects/contacts")
		},
		"fill_granted": func(t *testing.T, w, h int) Model {
			m, _ := withToken(t, w, h)
			m = pickEndpoint(t, m, "get objects/contacts/{contactid}")
			return typeText(m, "501")
		},
		"fill_missing": func(t *testing.T, w, h int) Model {
			m, _ := withToken(t, w, h)
			return pickEndpoint(t, m, "post crm/v3/objects/contacts/batch/create")
		},
		"answer": func(t *testing.T, w, h int) Model {
			m, _ := withToken(t, w, h)
			m = pickEndpoint(t, m, "get crm/v3/objects/contacts")
			m, _ = press(m, "esc")
			m, _ = press(m, "esc")
			m, _ = m.Update(triedMsg{id: m.id, res: answer()})
			return m
		},
	}
	runGoldens(t, cases)
}

// answer is a 200 with a body longer than any screen, so the panel must scroll.
func answer() *session.APIResult {
	var b strings.Builder
	b.WriteString(`{"results":[`)
	for i := range 20 {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`{"id":"` + itoa(i+1) + `","properties":{"email":"c` + itoa(i+1) + `@example.test"}}`)
	}
	b.WriteString(`]}`)
	return &session.APIResult{Path: "/crm/v3/objects/contacts?limit=20", Record: fixedRecord(),
		Response: &session.APIResponse{Status: 200, Body: []byte(b.String()), Duration: 42 * time.Millisecond}}
}

func TestTryPickerFiltersAndCaptures(t *testing.T) {
	m, _ := withToken(t, 80, 21)
	m, _ = press(m, "t")
	if !m.Capturing() || m.try.stage != tryPick || len(m.try.shown) != len(m.try.all) || len(m.try.all) < 1000 {
		t.Fatalf("t must open the picker with every endpoint: capturing %v, %d of %d", m.Capturing(), len(m.try.shown), len(m.try.all))
	}
	m = typeText(m, "delete crm/v3/objects")
	for _, i := range m.try.shown {
		if ep := m.try.all[i]; ep.Method != "DELETE" || !strings.Contains(ep.Path, "crm/v3/objects") {
			t.Fatalf("the filter kept %s %s", ep.Method, ep.Path)
		}
	}
	if len(m.try.shown) < 2 {
		t.Fatalf("only %d DELETE endpoints under crm/v3/objects", len(m.try.shown))
	}
	m, _ = press(m, "down")
	if m.try.cursor != min(1, len(m.try.shown)-1) {
		t.Fatalf("down moved the cursor to %d", m.try.cursor)
	}
	m, _ = press(m, "q") // typed into the filter, not quitting
	if !m.Capturing() || !strings.HasSuffix(m.try.filter.Value(), "q") {
		t.Fatal("q must reach the filter while the picker is open")
	}
	m, _ = press(m, "esc")
	if m.Capturing() || m.try.stage != tryClosed {
		t.Fatal("esc must close the picker")
	}
	m, _ = press(m, "t")
	m.try.filter.SetValue("")
	m = typeText(m, "crm/v3/objects/contacts")
	if c := m.try.check; !c.OK || c.Endpoint.Method != "GET" {
		t.Fatalf("the row under the cursor is GET contacts, granted: %+v", c)
	}
	m, _ = press(m, "down")
	if c := m.try.check; c.OK || c.MissingText() != "crm.objects.contacts.write" || !strings.Contains(m.View(), "✗ missing crm.objects.contacts.write") {
		t.Fatalf("the check must follow the cursor to POST contacts: %+v", c)
	}
	m.try.filter.SetValue("")
	m = typeText(m, "get /crm/v3/objects/deals/42")
	if len(m.try.shown) == 0 || m.try.all[m.try.shown[0]].Path != "/crm/v3/objects/0-3/{dealId}" {
		t.Fatalf("a call path must find the template HubSpot spells by id: %d shown", len(m.try.shown))
	}
}

func TestTryFillChecksScopesAsYouType(t *testing.T) {
	m, _ := withToken(t, 120, 37)
	m = pickEndpoint(t, m, "get objects/contacts/{contactid}")
	if m.try.fields[0].name != "contactId" || m.try.fields[1].name != "query" || len(m.try.fields) != 2 {
		t.Fatalf("fields %+v", m.try.fields)
	}
	_, cmd := press(m, "enter")
	if msgs := drain(cmd); len(msgs) != 1 || !strings.Contains(msgs[0].(common.StatusMsg).Text, "fill in {contactId}") {
		t.Fatalf("enter with an empty param: %v", msgs)
	}
	m = typeText(m, "a b")
	m, _ = press(m, "tab")
	m = typeText(m, "limit=1")
	if got := m.try.fillPath(); got != "/crm/v3/objects/contacts/a%20b?limit=1" {
		t.Fatalf("path %q", got)
	}
	if !m.try.check.Known || !m.try.check.OK {
		t.Fatalf("the token has crm.objects.contacts.read: %+v", m.try.check)
	}
	m, _ = press(m, "esc")
	m, _ = press(m, "esc")
	m = pickEndpoint(t, m, "post crm/v3/objects/contacts/batch/create")
	if m.try.check.OK || m.try.check.MissingText() != "crm.objects.contacts.write" || !strings.Contains(m.try.check.Login, "crm.objects.contacts.write") {
		t.Fatalf("batch create needs the write scope: %+v", m.try.check)
	}
	if m.try.fields[len(m.try.fields)-1].name != "body" || m.try.fieldValue("body") != "{}" {
		t.Fatal("a POST gets a body field")
	}
	_, cmd = press(m, "enter")
	if msgs := drain(cmd); len(msgs) != 1 || !strings.Contains(msgs[0].(common.StatusMsg).Text, "not sent: the token lacks crm.objects.contacts.write") {
		t.Fatalf("enter on a missing scope must not send: %v", msgs)
	}
	if m, _ = m.Update(ctrlF); m.try.stage != tryFill {
		t.Fatal("ctrl+f without a session must not close the pane")
	}
}

func TestTryAnswerScrolls(t *testing.T) {
	m, _ := withToken(t, 80, 21)
	m = pickEndpoint(t, m, "get crm/v3/objects/contacts")
	m, _ = press(m, "esc")
	m, _ = press(m, "esc")
	m, _ = m.Update(triedMsg{id: m.id, res: answer()})
	first := m.View()
	if !strings.Contains(first, "GET /crm/v3/objects/contacts?limit=20 → 200") || !strings.Contains(first, "pgdn scrolls") {
		t.Fatalf("answer:\n%s", first)
	}
	if !m.Keys().(KeyMap).ScrollDown.Enabled() {
		t.Fatal("pgdn must be offered while the answer has more lines")
	}
	m, _ = press(m, "pgdown")
	if m.scroll != 10 || m.View() == first || !strings.Contains(m.View(), `"id": "3"`) || strings.Contains(first, `"id": "3"`) {
		t.Fatalf("pgdown: scroll %d\n%s", m.scroll, m.View())
	}
	m, _ = press(m, "pgup")
	if m.scroll != 0 {
		t.Fatalf("pgup: scroll %d", m.scroll)
	}
}

func TestTryCallsThroughTheSession(t *testing.T) {
	s := openSandbox(t)
	m := New(newCommon(120, 37, nil), Deps{Service: s})
	m, _ = m.Update(login(t, s))
	m = pickEndpoint(t, m, "get /crm/v3/objects/contacts")
	m, _ = press(m, "tab")
	m = typeText(m, "limit=2")
	m, cmd := press(m, "enter")
	if m.Capturing() || m.busy == "" {
		t.Fatal("enter must close the pane and start the call")
	}
	var tried *triedMsg
	for _, msg := range drain(cmd) {
		if tm, ok := msg.(triedMsg); ok {
			tried = &tm
		}
	}
	if tried == nil || tried.err != nil || tried.res.Response.Status != 200 {
		t.Fatalf("the call: %+v", tried)
	}
	m, _ = m.Update(*tried)
	if v := m.View(); !strings.Contains(v, "GET /crm/v3/objects/contacts?limit=2 → 200") || !strings.Contains(v, `"results"`) {
		t.Fatalf("answer not shown:\n%s", v)
	}
	if m.lastPath != "/crm/v3/objects/contacts?limit=2" {
		t.Fatalf("the curl line should follow the last GET, got %q", m.lastPath)
	}
}
