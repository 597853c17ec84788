package catalog

import (
	"testing"

	"github.com/hsoauth/hsoauth/scopes"
	"github.com/hsoauth/hsoauth/ui/uitest"
	"github.com/muesli/termenv"
)

// TestCachedViewMatchesFresh walks through marks, moves, filters, the details toggle and the availability
// filter, in colour, and checks after every key that the cached frame is the one a fresh cache draws.
func TestCachedViewMatchesFresh(t *testing.T) {
	uitest.UseProfile(t, termenv.ANSI256)
	for _, sz := range []struct{ w, h int }{{120, 37}, {80, 21}} {
		m := newTest(t, sz.w, sz.h, scopes.Selection{Required: []string{"oauth"}}, Deps{})
		m.endpoints = nil // the index arrives part-way, as after start-up
		keys := []string{"down", "r", "down", "c", "index", "up", "o", "space", "x", "pgdown", "d", "down", "d", "v",
			"down", "v", "/", "c", "o", "n", "t", "backspace", "enter", "r", "esc", "/", "/crm/v3/objects/deals", "enter",
			"esc", "G", "g"}
		for i, k := range keys {
			if k == "index" {
				m, _ = m.Update(loadEndpoints())
			} else {
				m, _ = press(m, k)
			}
			cached := m.View()
			_ = m.View() // a second frame from a warm cache
			fresh := m
			fresh.cache = newViewCache()
			if got, want := m.View(), fresh.View(); got != want || cached != want {
				t.Fatalf("%dx%d after key %d (%q): the cached frame differs from a fresh one:\n%s\n----\n%s",
					sz.w, sz.h, i, k, got, want)
			}
		}
	}
}
