package common

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// FuzzSplitKeys: whatever runes arrive in one read, the split keys give them back in order, one rune
// each; a paste and a single rune stay whole.
func FuzzSplitKeys(f *testing.F) {
	f.Add("jjj", false)
	f.Add("/deals", false)
	f.Add("http://localhost:3000/oauth-callback?code=na1-x&state=y\n", true)
	f.Add("q", false)
	f.Fuzz(func(t *testing.T, s string, paste bool) {
		msg := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s), Paste: paste}
		keys := SplitKeys(msg)
		if paste || len(msg.Runes) < 2 {
			if len(keys) != 1 || string(keys[0].Runes) != string(msg.Runes) || keys[0].Paste != paste {
				t.Fatalf("%q (paste %v) should stay one key, got %v", s, paste, keys)
			}
			return
		}
		var got []rune
		for _, k := range keys {
			if len(k.Runes) != 1 || k.Paste || k.Type != tea.KeyRunes {
				t.Fatalf("split key %#v is not one typed rune", k)
			}
			got = append(got, k.Runes...)
		}
		if string(got) != string(msg.Runes) {
			t.Fatalf("split %q into %q", s, string(got))
		}
		var fed []rune
		_, _ = FeedKeys(0, msg, func(n int, k tea.KeyMsg) (int, tea.Cmd) { fed = append(fed, k.Runes...); return n + 1, nil })
		if string(fed) != string(msg.Runes) {
			t.Fatalf("FeedKeys fed %q for %q", string(fed), s)
		}
		if p := TrimPaste(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(" " + s + "\n"), Paste: true}); len(p.Runes) > len([]rune(s)) {
			t.Fatalf("TrimPaste kept the blank around %q: %q", s, string(p.Runes))
		}
	})
}

// TestSplitAltIsEscThenKey: Alt plus a key (how Esc and a quick next key are read) is Esc, then the key;
// the word-editing Alt keys of text inputs are recognised so they can be left whole.
func TestSplitAltIsEscThenKey(t *testing.T) {
	got := SplitAlt(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("jk"), Alt: true})
	if len(got) != 3 || got[0].Type != tea.KeyEsc || got[1].String() != "j" || got[2].String() != "k" {
		t.Fatalf("alt+jk should be esc, j, k: %v", got)
	}
	if got := SplitAlt(tea.KeyMsg{Type: tea.KeyEsc, Alt: true}); len(got) != 2 || got[1].Type != tea.KeyEsc || got[1].Alt {
		t.Fatalf("alt+esc should be esc, esc: %v", got)
	}
	if !WordEditing(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("b"), Alt: true}) || WordEditing(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("j"), Alt: true}) {
		t.Fatal("alt+b moves a word back in a text input; alt+j does nothing there")
	}
}
