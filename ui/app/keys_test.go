package app

import (
	"time"

	"regexp"
	"strings"
	"testing"

	"github.com/hsoauth/hsoauth/ui/common"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/hsoauth/hsoauth/ui/uitest"
)

// feed sends msgs to a freshly built 80x24 app and returns the model and the last command.
func feed(t *testing.T, msgs ...tea.Msg) (Model, tea.Cmd) {
	t.Helper()
	var next tea.Model = Build(testSession(t), Options{StaticCursor: true, NoBrowser: true})
	var cmd tea.Cmd
	for _, msg := range append([]tea.Msg{tea.WindowSizeMsg{Width: 80, Height: 24}}, msgs...) {
		next, cmd = next.Update(msg)
	}
	m := next.(Model)
	t.Cleanup(m.Close)
	return m, cmd
}

// samePort hides the sandbox's port, which differs between two sessions.
func samePort(view string) string {
	return regexp.MustCompile(`127\.0\.0\.1:[0-9]+`).ReplaceAllString(view, "127.0.0.1:PORT")
}

// runes is one key message carrying several runes, as Bubble Tea delivers runes read together.
func runes(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

// paste is a bracketed paste of s.
func paste(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s), Paste: true} }

// TestMultiRuneKeysAreTheKeysInOrder: runes that arrive in one read (fast typing, SSH, tmux send-keys -l)
// do on every screen exactly what the same keys do one by one, including the global ones between them.
func TestMultiRuneKeysAreTheKeysInOrder(t *testing.T) {
	cases := []struct{ name, keys string }{
		{"catalog cursor", "jjj"},
		{"catalog filter", "/deals"},
		{"catalog marks", "jjrjo"},
		{"review scroll", "2jjj"},
		{"authorize", "3"},
		{"token", "4"},
		{"trace", "Tjj"},
		{"help", "?"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			one, _ := feed(t, runes(c.keys))
			var singles []tea.Msg
			for _, r := range c.keys {
				singles = append(singles, uitest.Key(string(r)))
			}
			each, _ := feed(t, singles...)
			if samePort(one.View()) != samePort(each.View()) {
				t.Fatalf("%q in one message differs from the keys one by one:\n%s\n---- one by one ----\n%s", c.keys, one.View(), each.View())
			}
		})
	}
	m, _ := feed(t, runes("jjj"))
	if start, _ := feed(t); m.s.Catalog.View() == start.s.Catalog.View() {
		t.Fatal("jjj in one message did not move the catalog cursor")
	}
	m, _ = feed(t, runes("/deals"))
	if !m.capturing() || !strings.Contains(m.View(), "/ deals") {
		t.Fatalf("/deals should open the filter and type deals:\n%s", m.View())
	}
}

// TestEscThenKeyInOneReadIsBothKeys: Esc and the next key read together look like Alt plus that key;
// since no binding uses Alt, outside text inputs they act as Esc, then the key.
func TestEscThenKeyInOneReadIsBothKeys(t *testing.T) {
	altJ := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("j"), Alt: true}
	one, _ := feed(t, uitest.Key("2"), altJ)
	each, _ := feed(t, uitest.Key("2"), uitest.Key("esc"), uitest.Key("j"))
	if samePort(one.View()) != samePort(each.View()) || !strings.Contains(one.View(), "1 Catalog") {
		t.Fatalf("alt+j on the review should be esc (back to the catalog) then j:\n%s", one.View())
	}
	altEsc := tea.KeyMsg{Type: tea.KeyEsc, Alt: true}
	m, cmd := feed(t, uitest.Key("T"), uitest.Key("?"), altEsc)
	if strings.Contains(m.View(), "Everywhere") {
		t.Fatalf("esc esc read together should close the help:\n%s", m.View())
	}
	back := false
	for _, msg := range uitest.Run(cmd, 100*time.Millisecond) {
		_, ok := msg.(common.NavigateMsg)
		back = back || ok
	}
	if !back {
		t.Fatal("the second esc should leave the trace")
	}
}

// TestPasteIsTextForTheFocusedInput: a bracketed paste never runs as commands (a pasted "q" does not
// quit), and it lands whole in the input that has the focus.
func TestPasteIsTextForTheFocusedInput(t *testing.T) {
	if _, cmd := feed(t, paste("q")); isQuit(cmd) {
		t.Fatal("a pasted q quit the app")
	}
	m, _ := feed(t, uitest.Key("/"), paste("deals"))
	if !strings.Contains(m.View(), "/ deals") {
		t.Fatalf("the paste should be in the filter:\n%s", m.View())
	}
	m, _ = feed(t, uitest.Key("2"), uitest.Key("h"), paste("12345"))
	if !strings.Contains(m.View(), "hub id: 12345") {
		t.Fatalf("the paste should be in the hub id input:\n%s", m.View())
	}
	m, _ = feed(t, uitest.Key("i"), paste("/tmp/app-hsmeta.json\n"))
	if !strings.Contains(m.View(), "/tmp/app-hsmeta.json") {
		t.Fatalf("the paste should be in the file path input:\n%s", m.View())
	}
	m, _ = feed(t, paste("deals"))
	if !m.capturing() || !strings.Contains(m.View(), "/ deals") {
		t.Fatalf("a paste while browsing the catalog is for its filter:\n%s", m.View())
	}
}

// TestQuitInsideHelpOverlay: the help overlay lists q under Everywhere, so q quits from inside it.
func TestQuitInsideHelpOverlay(t *testing.T) {
	m, _ := feed(t, uitest.Key("?"))
	if !strings.Contains(m.View(), "Everywhere") {
		t.Fatalf("? should open the help overlay:\n%s", m.View())
	}
	if _, cmd := m.Update(uitest.Key("q")); !isQuit(cmd) {
		t.Fatal("q inside the help overlay did not quit")
	}
}

// isQuit reports whether cmd (or a command batched in it) quits the program.
func isQuit(cmd tea.Cmd) bool {
	for _, msg := range uitest.Run(cmd, 200_000_000) {
		if _, ok := msg.(tea.QuitMsg); ok {
			return true
		}
	}
	return false
}
