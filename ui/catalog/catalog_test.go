package catalog

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hsoauth/hsoauth/ui/uitest"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/hsoauth/hsoauth/scopes"
	"github.com/hsoauth/hsoauth/ui/common"
	"github.com/hsoauth/hsoauth/ui/keys"
	"github.com/hsoauth/hsoauth/ui/styles"
	"github.com/muesli/termenv"
)

func init() { lipgloss.SetColorProfile(termenv.Ascii) }

// newTest builds a catalog screen of w x h with the given selection on marketing-starter.
func newTest(t testing.TB, w, h int, sel scopes.Selection, deps Deps) Model {
	t.Helper()
	c := &common.Common{
		Width: w, Height: h, Styles: styles.New(styles.DefaultPalette(), false), Keys: keys.DefaultGlobal(),
		Now: func() time.Time { return time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC) }, Catalog: scopes.Default(),
	}
	acct, err := scopes.ParseAccount("marketing-starter")
	if err != nil {
		t.Fatal(err)
	}
	m := New(c, deps, sel, acct)
	m, _ = m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	m, _ = m.Update(m.Init()()) // the endpoint index, as the program delivers it after the first frame
	return m
}

// press sends each key in order (uitest.Key names) and collects what the commands produce.
func press(m Model, ks ...string) (Model, []tea.Msg) {
	var msgs []tea.Msg
	for _, k := range ks {
		var cmd tea.Cmd
		m, cmd = m.Update(uitest.Key(k))
		msgs = append(msgs, run(cmd)...)
	}
	return m, msgs
}

// run collects a command's results; the text input's cursor blink is a timer, not a result.
func run(cmd tea.Cmd) []tea.Msg { return uitest.Run(cmd, 50*time.Millisecond) }

func typeText(m Model, s string) Model {
	for _, r := range s {
		m, _ = m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	return m
}

func TestGolden(t *testing.T) {
	sel := scopes.Selection{Required: []string{"oauth", "crm.objects.contacts.read"}, Optional: []string{"automation"}}
	for _, size := range [][2]int{{60, 17}, {80, 21}, {120, 37}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			m := newTest(t, size[0], size[1], sel, Deps{})
			golden.RequireEqual(t, []byte(m.View()))
		})
		t.Run(fmt.Sprintf("filtered_%dx%d", size[0], size[1]), func(t *testing.T) {
			m := newTest(t, size[0], size[1], sel, Deps{})
			m, _ = press(m, "/")
			m = typeText(m, "contacts")
			golden.RequireEqual(t, []byte(m.View()))
		})
		t.Run(fmt.Sprintf("path_%dx%d", size[0], size[1]), func(t *testing.T) {
			m := newTest(t, size[0], size[1], sel, Deps{})
			m, _ = press(m, "/")
			m = typeText(m, "/crm/v3/objects/deals")
			golden.RequireEqual(t, []byte(m.View()))
		})
		t.Run(fmt.Sprintf("picker_%dx%d", size[0], size[1]), func(t *testing.T) {
			m := newTest(t, size[0], size[1], sel, Deps{})
			m, _ = press(m, "a")
			golden.RequireEqual(t, []byte(m.View()))
		})
	}
}

func TestViewFitsTheArea(t *testing.T) {
	for _, size := range [][2]int{{80, 21}, {120, 37}, {60, 10}} {
		m := newTest(t, size[0], size[1], scopes.Selection{}, Deps{})
		for _, state := range []Model{m, func() Model { x, _ := press(m, "a"); return x }()} {
			lines := strings.Split(state.View(), "\n")
			if len(lines) > size[1] {
				t.Errorf("%v: %d lines", size, len(lines))
			}
			for _, l := range lines {
				if w := ansi.StringWidth(l); w > size[0] {
					t.Errorf("%v: line of width %d: %q", size, w, l)
				}
			}
		}
	}
}

// TestIssueWalkthrough is the issue's story up to the review: filter "contacts", mark
// crm.objects.contacts.read required, automation optional, target marketing-starter, see automation dropped.
func TestIssueWalkthrough(t *testing.T) {
	m := newTest(t, 80, 21, scopes.Selection{Required: []string{"oauth"}}, Deps{})
	m, _ = press(m, "/")
	m = typeText(m, "crm.objects.contacts.read")
	m, _ = press(m, "enter")
	if s, _ := m.current(); s.Name != "crm.objects.contacts.read" {
		t.Fatalf("highlighted %q after filtering", s.Name)
	}
	m, msgs := press(m, "r")
	if got := m.Selection().Of("crm.objects.contacts.read"); got != scopes.ReqRequired {
		t.Fatalf("mark = %v", got)
	}
	if len(msgs) == 0 {
		t.Fatal("marking must broadcast a SelectionMsg")
	}
	if _, ok := msgs[0].(common.SelectionMsg); !ok {
		t.Fatalf("first message %T, want SelectionMsg", msgs[0])
	}
	m, _ = press(m, "esc", "/")
	m = typeText(m, "automation")
	m, _ = press(m, "enter")
	for s, _ := m.current(); s.Name != "automation"; s, _ = m.current() {
		m, _ = press(m, "down")
	}
	m, _ = press(m, "o")
	if !strings.Contains(m.View(), "drops automation") {
		t.Fatalf("the summary should say automation is dropped:\n%s", m.View())
	}
	_, msgs = press(m, "enter")
	if nav, ok := msgs[0].(common.NavigateMsg); !ok || nav.To != common.ScreenReview {
		t.Fatalf("enter should go to the review, got %#v", msgs)
	}
}

func TestMarkKeysAndCycle(t *testing.T) {
	m := newTest(t, 80, 21, scopes.Selection{}, Deps{})
	s, _ := m.current()
	for _, c := range []struct {
		key  string
		want scopes.Requirement
	}{{"r", scopes.ReqRequired}, {"c", scopes.ReqConditional}, {"o", scopes.ReqOptional}, {"x", scopes.ReqNone}, {"space", scopes.ReqRequired}, {"space", scopes.ReqConditional}} {
		m, _ = press(m, c.key)
		if got := m.Selection().Of(s.Name); got != c.want {
			t.Fatalf("after %q: %v, want %v", c.key, got, c.want)
		}
	}
}

func TestPickerChangesAccountAndAddOns(t *testing.T) {
	var saved string
	m := newTest(t, 80, 21, scopes.Selection{Required: []string{"oauth", "hubdb"}}, Deps{Save: func(_ scopes.Selection, a string) error { saved = a; return nil }})
	if !m.grant.Fails {
		t.Fatal("hubdb required on marketing-starter should fail")
	}
	m, _ = press(m, "a", "right", "enter") // Marketing Hub Starter -> Professional
	if m.Account().ID != "marketing-pro" || m.grant.Fails {
		t.Fatalf("account %q fails=%v", m.Account().ID, m.grant.Fails)
	}
	// Saves wait for a quiet moment; a stale tick writes nothing, the latest one writes the selection.
	m, cmd := m.Update(saveTickMsg{id: m.saveID - 1})
	run(cmd)
	if saved != "" {
		t.Fatalf("a superseded save wrote %q", saved)
	}
	m, cmd = m.Update(saveTickMsg{id: m.saveID})
	run(cmd)
	if saved != "marketing-pro" {
		t.Fatalf("saved %q", saved)
	}
	m, _ = press(m, "a", "esc")
	if m.Capturing() || m.Account().ID != "marketing-pro" {
		t.Fatal("esc must close the picker without changes")
	}
}

func TestFilterCapturesKeysAndEscClears(t *testing.T) {
	m := newTest(t, 80, 21, scopes.Selection{}, Deps{})
	m, _ = press(m, "/")
	if !m.Capturing() {
		t.Fatal("filter mode must capture keys")
	}
	m = typeText(m, "rq") // letters that are marks while browsing must be typed here
	if m.query != "rq" || m.Selection().Len() != 0 {
		t.Fatalf("query %q, selection %v", m.query, m.Selection())
	}
	m, _ = press(m, "esc")
	if m.Capturing() || m.query != "" || len(m.items) < m.c.Catalog.Len() {
		t.Fatal("esc must leave filter mode and clear it")
	}
	m, _ = press(m, "/")
	m = typeText(m, "zzzzqqq")
	if !strings.Contains(m.View(), "No scope matches") {
		t.Fatal("an empty result must say so")
	}
}

func TestImportExportAppHsmeta(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "app-hsmeta.json")
	orig := `{
  "uid": "x",
  "type": "app",
  "config": {
    "name": "mine",
    "auth": {
      "type": "oauth",
      "redirectUrls": ["http://localhost:3000/oauth-callback"],
      "requiredScopes": ["oauth"],
      "optionalScopes": [],
      "conditionallyRequiredScopes": []
    },
    "support": {"supportEmail": "a@example.com"}
  }
}
`
	if err := os.WriteFile(path, []byte(orig), 0o644); err != nil {
		t.Fatal(err)
	}
	deps := Deps{ReadFile: os.ReadFile, WriteFile: func(p string, d []byte) error { return os.WriteFile(p, d, 0o644) }}
	m := newTest(t, 80, 21, scopes.Selection{}, deps)
	m, _ = press(m, "i")
	m.path.input.SetValue(path)
	m, msgs := press(m, "enter")
	m, _ = m.Update(msgs[0])
	if m.Selection().Of("oauth") != scopes.ReqRequired {
		t.Fatalf("import: %v", m.Selection())
	}
	m.sel = m.sel.With("automation", scopes.ReqOptional)
	m, _ = press(m, "e")
	m.path.input.SetValue(path)
	_, msgs = press(m, "enter")
	if exp, ok := msgs[0].(exportedMsg); !ok || exp.err != nil {
		t.Fatalf("export: %#v", msgs[0])
	}
	data, _ := os.ReadFile(path)
	if !strings.Contains(string(data), `"automation"`) || !strings.Contains(string(data), `"supportEmail": "a@example.com"`) {
		t.Fatalf("exported file:\n%s", data)
	}
	_, msgs = press(m, "i")
	_ = msgs
	bad := importFile(Deps{ReadFile: func(string) ([]byte, error) { return nil, errors.New("boom") }}, "x")()
	if im := bad.(importedMsg); im.err == nil {
		t.Fatal("a read error must be reported")
	}
}

// BenchmarkKeystrokeEndpointIndex is one filter keystroke over the full catalog: Update (search + list rebuild) and View,
// with the endpoint index loaded. The issue's target is under 1 ms. "words" is a word query, "path" an API
// path the endpoint index answers; "words-no-index" is the same word keystroke without the index, the
// yardstick the other two are compared with.
func BenchmarkKeystrokeEndpointIndex(b *testing.B) {
	bench := func(b *testing.B, m Model, typed string) {
		m, _ = press(m, "/")
		m = typeText(m, typed)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			r := []rune{'s', 'x'}[i%2]
			next, _ := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
			_ = next.View()
			next, _ = next.Update(tea.KeyMsg{Type: tea.KeyBackspace})
			_ = next
		}
	}
	sel := scopes.Selection{Required: []string{"oauth"}}
	b.Run("words", func(b *testing.B) { bench(b, newTest(b, 120, 37, sel, Deps{}), "contact") })
	b.Run("path", func(b *testing.B) { bench(b, newTest(b, 120, 37, sel, Deps{}), "/crm/v3/objects/deal") })
	b.Run("words-no-index", func(b *testing.B) {
		m := newTest(b, 120, 37, sel, Deps{})
		m.endpoints = nil
		bench(b, m, "contact")
	})
}

func TestPathFilterListsTheScopesThatGrantIt(t *testing.T) {
	m := newTest(t, 120, 37, scopes.Selection{}, Deps{})
	m, _ = press(m, "/")
	m = typeText(m, "/crm/v3/objects/deals")
	if s, _ := m.current(); s.Name != "crm.objects.deals.read" {
		t.Fatalf("first scope for /crm/v3/objects/deals: %q", s.Name)
	}
	view := m.View()
	for _, want := range []string{"Endpoints: 8 operations + 754 shared by 10+", "GET /crm/{version}/objects/0-3  v3",
		"GET,POST /crm/objects/{version}/0-3  2026-03"} {
		if !strings.Contains(view, want) {
			t.Errorf("the details pane lacks %q:\n%s", want, view)
		}
	}
	// Typed before the index arrived, a path query is re-run when it comes.
	early := newTest(t, 120, 37, scopes.Selection{}, Deps{})
	early.endpoints = nil
	early, _ = press(early, "/")
	early = typeText(early, "/crm/v3/objects/deals")
	early, _ = early.Update(loadEndpoints())
	if s, _ := early.current(); s.Name != "crm.objects.deals.read" {
		t.Fatalf("after the index arrived: %q", s.Name)
	}
}

func TestPastingAnInstallURLLoadsItsScopes(t *testing.T) {
	m := newTest(t, 80, 21, scopes.Selection{Required: []string{"oauth"}}, Deps{})
	m, _ = press(m, "/")
	url := "https://app.hubspot.com/oauth/authorize?client_id=c&state=secret&scope=oauth%20crm.objects.deals.read&optional_scope=automation+content"
	m, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(url), Paste: true})
	want := scopes.Selection{Required: []string{"oauth", "crm.objects.deals.read"}, Optional: []string{"automation", "content"}}
	if !m.Selection().Equal(want) || m.Capturing() || m.query != "" {
		t.Fatalf("selection %v, capturing %v, query %q", m.Selection(), m.Capturing(), m.query)
	}
	var sawSelection, sawStatus bool
	for _, msg := range run(cmd) {
		switch msg := msg.(type) {
		case common.SelectionMsg:
			sawSelection = msg.Selection.Equal(want)
		case common.StatusMsg:
			sawStatus = strings.Contains(msg.Text, "Loaded 2 scopes and 2 optional scopes")
		}
	}
	if !sawSelection || !sawStatus {
		t.Fatalf("want a SelectionMsg and a status line: %v %v", sawSelection, sawStatus)
	}
	if strings.Contains(m.View(), "secret") {
		t.Fatal("the URL's state must not be shown")
	}
	// A pasted URL that is no install URL is an error line; pasted words are just typed.
	m, _ = press(m, "/")
	m, cmd = m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("https://app.hubspot.com/x/authorize?scope=a"), Paste: true})
	if msgs := run(cmd); len(msgs) == 0 || !m.Selection().Equal(want) {
		t.Fatalf("a bad URL must leave the selection and say why: %v", msgs)
	}
	m, _ = m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("deals"), Paste: true})
	if m.query != "deals" {
		t.Fatalf("pasted words are a query: %q", m.query)
	}
	// Pasting while browsing works the same, without pressing / first.
	b := newTest(t, 80, 21, scopes.Selection{}, Deps{})
	b, _ = b.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(url), Paste: true})
	if !b.Selection().Equal(want) || b.Capturing() {
		t.Fatalf("paste while browsing: %v", b.Selection())
	}
	b, _ = b.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/crm/v3/objects/deals"), Paste: true})
	if s, _ := b.current(); !b.Capturing() || b.query != "/crm/v3/objects/deals" || s.Name != "crm.objects.deals.read" {
		t.Fatalf("pasted path while browsing: query %q, current %q", b.query, s.Name)
	}
}

// BenchmarkMoveDown is one cursor move and a frame with the endpoint index loaded, so each move shows a
// new scope's endpoints (computed afresh: only the last scope's are remembered); "no-index" is the same
// move without the index, the yardstick.
func BenchmarkMoveDown(b *testing.B) {
	bench := func(b *testing.B, m Model) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			k := "down"
			if i%40 >= 20 {
				k = "up"
			}
			m, _ = press(m, k)
			_ = m.View()
		}
	}
	b.Run("index", func(b *testing.B) { bench(b, newTest(b, 120, 37, scopes.Selection{}, Deps{})) })
	b.Run("no-index", func(b *testing.B) {
		m := newTest(b, 120, 37, scopes.Selection{}, Deps{})
		m.endpoints = nil
		bench(b, m)
	})
}

func TestEndpointMemoKeepsTheLastFew(t *testing.T) {
	var mm endpointMemo
	for _, n := range []string{"a", "b", "c", "d", "e"} {
		mm.put(n, scopeEndpoints{summary: n})
	}
	if _, ok := mm.get("a"); ok || len(mm.names) != memoSize {
		t.Fatalf("the oldest should be gone: %v", mm.names)
	}
	if e, ok := mm.get("c"); !ok || e.summary != "c" {
		t.Fatalf("get(c) = %v %v", e, ok)
	}
	if got := splitVersionPath("/crm/v3/objects/0-3", "v3"); got != "/crm/{version}/objects/0-3" {
		t.Errorf("split = %q", got)
	}
	if got := splitVersionPath("/marketing/marketing-events/v3", "v3"); got != "/marketing/marketing-events/{version}" {
		t.Errorf("split at the end = %q", got)
	}
	if got := splitVersionPath("/a/v3x/b", "v3"); got != "/a/v3x/b" {
		t.Errorf("a segment that only starts with the version = %q", got)
	}
}

func splitVersionPath(path, version string) string {
	before, after, ok := splitVersion(path, version)
	return endpointGroup{before: before, after: after, versioned: ok}.path()
}
