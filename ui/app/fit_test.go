package app

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/hsoauth/hsoauth/ui/common"
	"github.com/hsoauth/hsoauth/ui/uitest"
)

// TestEveryScreenFits60x20: at the smallest supported terminal every screen, the help and the account
// picker fill exactly 20 lines of at most 60 cells, and a status too long for one line is wrapped, not cut.
func TestEveryScreenFits60x20(t *testing.T) {
	for _, keys := range [][]string{{}, {"/"}, {"a"}, {"2"}, {"3"}, {"4"}, {"T"}, {"?"}} {
		var next tea.Model = Build(testSession(t), Options{StaticCursor: true, NoBrowser: true})
		next, _ = next.Update(tea.WindowSizeMsg{Width: 60, Height: 20})
		for _, k := range keys {
			next, _ = next.Update(uitest.Key(k))
		}
		long := "sent the sign-in URL to the terminal's clipboard (OSC 52); if nothing arrived, press p to print it in full"
		next, _ = next.Update(common.StatusMsg{Text: long})
		view := next.View()
		lines := strings.Split(view, "\n")
		if len(lines) != 20 {
			t.Errorf("%v: %d lines, want 20:\n%s", keys, len(lines), view)
		}
		for i, l := range lines {
			if w := ansi.StringWidth(l); w > 60 {
				t.Errorf("%v: line %d is %d cells: %q", keys, i, w, l)
			}
		}
		if !strings.Contains(view, "press p to print it in full") {
			t.Errorf("%v: the status was cut:\n%s", keys, view)
		}
		next.(Model).Close()
	}
}

// TestHelpOverlayShowsEveryKeyAt60x20: on a small terminal the `?` overlay packs the bindings into
// lines instead of cutting columns off, so every key of the screen and the app is listed.
func TestHelpOverlayShowsEveryKeyAt60x20(t *testing.T) {
	m, _ := feed(t, tea.WindowSizeMsg{Width: 60, Height: 20}, uitest.Key("?"))
	view := ansi.Strip(m.View())
	for _, want := range []string{"a target account", "e export app-hsmeta", "enter review", "ctrl+c quit", "q quit", "? or esc closes this help"} {
		if !strings.Contains(view, want) {
			t.Errorf("the help at 60x20 lacks %q:\n%s", want, view)
		}
	}
}

// TestPrintedURLLeavesTheAltScreenUntilAKey: a PrintMsg leaves the alternate screen, prints its lines and
// shows only the note; the next key comes back to the full-screen view.
func TestPrintedURLLeavesTheAltScreenUntilAKey(t *testing.T) {
	m, _ := feed(t)
	next, cmd := m.Update(common.PrintMsg{Lines: []string{"https://app.hubspot.com/oauth/authorize?state=x"}, Note: "printed above"})
	if cmd == nil || strings.TrimSpace(next.View()) != "printed above" {
		t.Fatalf("the view should be the note alone:\n%s", next.View())
	}
	next, cmd = next.Update(uitest.Key("j"))
	if cmd == nil || !strings.Contains(next.View(), "1 Catalog") {
		t.Fatalf("a key should come back to the screens:\n%s", next.View())
	}
	if msgs := uitest.Run(cmd, 100_000_000); len(msgs) != 1 || msgs[0] != tea.EnterAltScreen() {
		t.Fatalf("coming back should re-enter the alternate screen: %v", msgs)
	}
}
