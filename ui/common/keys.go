package common

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
)

// SplitKeys returns the keys a key message stands for, in order. Bubble Tea reads the terminal in chunks
// and hands every run of plain runes it finds in one read to the program as a single message: fast typing,
// an SSH link that batches, or `tmux send-keys -l jjj` all arrive as one "jjj" key that matches no binding.
// SplitKeys turns such a message into one message per rune. A bracketed paste (Paste set) is text meant
// for the focused input, never a string of commands, so it comes back whole, as does every other key.
func SplitKeys(msg tea.KeyMsg) []tea.KeyMsg {
	if msg.Type != tea.KeyRunes || msg.Paste || len(msg.Runes) < 2 {
		return []tea.KeyMsg{msg}
	}
	keys := make([]tea.KeyMsg, len(msg.Runes))
	for i, r := range msg.Runes {
		keys[i] = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt && i == 0}
	}
	return keys
}

// SplitAlt returns the keys an Alt-modified key stands for when nothing uses Alt: a terminal sends Esc
// and the next key as the same two bytes as Alt plus that key, so an Esc typed just before another key
// (quick hands, an SSH link, tmux) arrives as "alt+j" and both would be lost. No binding of this app uses
// Alt, so outside text inputs (whose word movements do) Alt plus a key is Esc, then the key. Keys
// without Alt come back as they are.
func SplitAlt(msg tea.KeyMsg) []tea.KeyMsg {
	if !msg.Alt || msg.Paste {
		return []tea.KeyMsg{msg}
	}
	msg.Alt = false
	return append([]tea.KeyMsg{{Type: tea.KeyEsc}}, SplitKeys(msg)...)
}

// WordEditing reports whether msg is one of the Alt keys a text input uses to move by or delete words
// (alt+b, alt+f, alt+d, alt+backspace, alt+left, alt+right, alt+delete), which must reach it whole.
func WordEditing(msg tea.KeyMsg) bool {
	switch msg.String() {
	case "alt+b", "alt+f", "alt+d", "alt+backspace", "alt+left", "alt+right", "alt+delete":
		return true
	}
	return false
}

// FeedKeys gives each key SplitKeys finds in msg to update, in order, and batches their commands. Each key
// sees the model the previous one left, so "/deals" first opens the catalog filter and then types "deals"
// into it, exactly as if the keys had been read one by one.
func FeedKeys[M any](m M, msg tea.KeyMsg, update func(M, tea.KeyMsg) (M, tea.Cmd)) (M, tea.Cmd) {
	keys := SplitKeys(msg)
	if len(keys) == 1 {
		return update(m, msg)
	}
	cmds := make([]tea.Cmd, 0, len(keys))
	for _, k := range keys {
		var cmd tea.Cmd
		m, cmd = update(m, k)
		cmds = append(cmds, cmd)
	}
	return m, tea.Batch(cmds...)
}

// TrimPaste drops the blank space around a bracketed paste: a line copied from a browser or a terminal
// often brings its newline, which would otherwise end up inside a single-line input.
func TrimPaste(msg tea.KeyMsg) tea.KeyMsg {
	if msg.Paste {
		msg.Runes = []rune(strings.TrimSpace(string(msg.Runes)))
	}
	return msg
}
