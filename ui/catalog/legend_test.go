package catalog

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/hsoauth/hsoauth/scopes"
)

// TestLegendExplainsTheMarks: the list's ✓ ✗ sens hsens old marks are explained on screen.
func TestLegendExplainsTheMarks(t *testing.T) {
	for _, w := range []int{60, 80, 120} {
		v := ansi.Strip(newTest(t, w, 17, scopes.Selection{}, Deps{}).View())
		for _, want := range []string{"✓/✗ on the target account or not", "old legacy", "sens/hsens (highly) sensitive data"} {
			if !strings.Contains(v, want) {
				t.Errorf("width %d: the legend lacks %q:\n%s", w, want, v)
			}
		}
	}
}

// TestMatrixMarksCellsThatNeedAnAddOn: transactional-email needs the Transactional Email add-on on top
// of Marketing Hub, so the cells of the tiers that grant it with the add-on say "+add-on" and none says ✓
// (the availability rules decide, asked once without and once with the add-ons).
func TestMatrixMarksCellsThatNeedAnAddOn(t *testing.T) {
	m := newTest(t, 120, 37, scopes.Selection{}, Deps{})
	s, ok := m.c.Catalog.Lookup("transactional-email")
	if !ok {
		t.Fatal("the catalog has no transactional-email scope")
	}
	row := ""
	for _, l := range matrix(m, s) {
		if l = ansi.Strip(l); strings.HasPrefix(l, "Marketing") {
			row = l
		}
	}
	cells := strings.Fields(strings.TrimPrefix(row, "Marketing Hub"))
	if len(cells) != 4 {
		t.Fatalf("the Marketing row should have 4 cells: %q", row)
	}
	if cells[2] != "+add-on" || cells[3] != "+add-on" || strings.Contains(row, "✓") {
		t.Fatalf("transactional-email on Marketing Hub Professional and Enterprise needs the add-on: %q", row)
	}
}
