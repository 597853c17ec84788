package catalog

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/hsoauth/hsoauth/scopes"
)

// pickerRowOf moves the picker's cursor to the row of hub h (or add-on x, or
// the kind row when both are empty).
func pickerRowOf(t *testing.T, m Model, h scopes.Hub, x scopes.AddOn) Model {
	t.Helper()
	for i := 0; i < len(m.picker.rows); i++ {
		r := m.picker.rows[m.picker.cursor]
		if h != "" && r.hub == h || x != "" && r.addOn == x || h == "" && x == "" && r.kind == rowKindOfAccount {
			return m
		}
		m, _ = press(m, "down")
	}
	t.Fatalf("no picker row for %q %q", h, x)
	return m
}

// TestPickerBuildsMultiHubAccount sets several hubs' tiers, an add-on and the
// kind, and applies the result to the screen.
func TestPickerBuildsMultiHubAccount(t *testing.T) {
	sel := scopes.Selection{Required: []string{"oauth", "automation", "crm.objects.feedback_submissions.read"}}
	m := newTest(t, 120, 37, sel, Deps{})
	m, _ = press(m, "a")
	if !m.picker.now.Fails {
		t.Fatal("automation and feedback submissions on marketing-starter must fail")
	}
	m = pickerRowOf(t, m, scopes.HubMarketing, "")
	m, _ = press(m, "right")
	m = pickerRowOf(t, m, scopes.HubService, "")
	m, _ = press(m, "right")
	if got := m.picker.right[m.picker.cursor]; got == nil || !got.Fixes {
		t.Fatalf("raising Service Hub to Professional must be shown to fix the install, got %+v", got)
	}
	m, _ = press(m, "right")
	m = pickerRowOf(t, m, "", scopes.AddOnTransactionalEmail)
	m, _ = press(m, "space")
	m = pickerRowOf(t, m, "", "")
	m, _ = press(m, "right", "right")
	if m.picker.now.Fails {
		t.Fatalf("marketing-pro+service-pro must install: %v", m.picker.now.Failures)
	}
	m, _ = press(m, "enter")
	want := "marketing-pro+service-pro+development-sandbox+transactional-email"
	if m.Account().ID != want || m.grant.Fails {
		t.Fatalf("account %q fails=%v, want %q", m.Account().ID, m.grant.Fails, want)
	}
	if _, err := scopes.ParseAccount(m.Account().ID); err != nil {
		t.Fatalf("the picker's account id must parse: %v", err)
	}
}

// TestPickerShowsWhatEachChangeDoes: lowering Marketing Hub below
// Professional breaks a required automation; the row says so before the
// change is made, and an optional scope's row says what it adds or drops.
func TestPickerShowsWhatEachChangeDoes(t *testing.T) {
	sel := scopes.Selection{Required: []string{"oauth", "automation"}, Optional: []string{"social"}}
	m := newTest(t, 120, 37, sel, Deps{})
	m, _ = press(m, "a")
	m = pickerRowOf(t, m, scopes.HubMarketing, "")
	m, _ = press(m, "right")
	i := m.picker.cursor
	left, right := m.picker.left[i], m.picker.right[i]
	if left == nil || !left.Breaks || left.String() != "fails: automation" {
		t.Fatalf("← from Professional = %+v, want fails: automation", left)
	}
	if right == nil || right.String() != "no change" {
		t.Fatalf("→ to Enterprise = %+v, want no change", right)
	}
	m, _ = press(m, "left")
	if !m.picker.now.Fails || !strings.Contains(m.View(), "Install fails: automation") {
		t.Fatalf("view after the change:\n%s", m.View())
	}
	m, _ = press(m, "right")
	m = pickerRowOf(t, m, scopes.HubSales, "")
	if ch := m.picker.right[m.picker.cursor]; ch == nil || ch.String() != "no change" {
		t.Fatalf("Sales Hub Starter changes nothing here, got %+v", ch)
	}
	m, _ = press(m, "esc")
	if m.Account().ID != "marketing-starter" {
		t.Fatalf("esc applied %q", m.Account().ID)
	}
}

// TestPickerPresetsStillWork: the preset row steps through the presets.
func TestPickerPresetsStillWork(t *testing.T) {
	m := newTest(t, 80, 21, scopes.Selection{Required: []string{"oauth"}}, Deps{})
	m, _ = press(m, "a", "G")
	for m.picker.rows[m.picker.cursor].kind != rowPreset {
		m, _ = press(m, "down")
	}
	m, _ = press(m, "right", "right")
	m, _ = press(m, "enter")
	if m.Account().ID != scopes.PresetIDs()[1] {
		t.Fatalf("second preset = %q", m.Account().ID)
	}
}

func TestPickerGolden(t *testing.T) {
	sel := scopes.Selection{Required: []string{"oauth", "crm.objects.contacts.read", "forms"}, Optional: []string{"automation", "hubdb"}}
	for _, size := range [][2]int{{80, 21}, {120, 37}, {60, 10}} {
		t.Run(fmt.Sprintf("multi_%dx%d", size[0], size[1]), func(t *testing.T) {
			m := newTest(t, size[0], size[1], sel, Deps{})
			m, _ = press(m, "a", "right", "down", "right")
			golden.RequireEqual(t, []byte(m.View()))
		})
	}
}

// TestFilterAgreesWithSearch: the TUI filter lists exactly what
// scopes.Search ranks, in the same order, which is also what
// `hsoauth scopes --search` prints.
func TestFilterAgreesWithSearch(t *testing.T) {
	for _, q := range []string{"read and write deals", "deals line items", "tickets write", "custom objects", "cms", "tikets"} {
		m := newTest(t, 120, 37, scopes.Selection{}, Deps{})
		m, _ = press(m, "/")
		m = typeText(m, q)
		var got []string
		for _, it := range m.items {
			got = append(got, m.all[it.scope].Name)
		}
		var want []string
		for _, s := range scopes.Default().Search(q) {
			want = append(want, s.Name)
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("filter %q lists %v, Search ranks %v", q, got, want)
		}
	}
}

// TestPickerGoldenFailing: a required scope the account cannot grant shows
// the failing install and, on the rows that fix it, what fixes it.
func TestPickerGoldenFailing(t *testing.T) {
	sel := scopes.Selection{Required: []string{"oauth", "automation", "crm.objects.feedback_submissions.read"}}
	m := newTest(t, 120, 37, sel, Deps{})
	m, _ = press(m, "a", "down", "down")
	golden.RequireEqual(t, []byte(m.View()))
}

// TestDetailShowsProvenance: the detail pane names the source of a scope's
// availability, how sure it is, and the older statement a newer source
// overrode.
func TestDetailShowsProvenance(t *testing.T) {
	m := newTest(t, 120, 37, scopes.Selection{}, Deps{})
	m, _ = press(m, "/")
	m = typeText(m, "content")
	m, _ = press(m, "enter")
	if s, _ := m.current(); s.Name != "content" {
		t.Fatalf("highlighted %s", s.Name)
	}
	view := m.View()
	for _, want := range []string{"Source: HubSpot's scope table (2023-24", "Before: HubSpot's original scope table"} {
		if !strings.Contains(view, want) {
			t.Errorf("detail pane lacks %q:\n%s", want, view)
		}
	}
	golden.RequireEqual(t, []byte(view))
}
