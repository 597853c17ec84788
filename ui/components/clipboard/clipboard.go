// Package clipboard copies text for the user in the two ways that cover most terminals: an OSC 52 escape
// (works over SSH and in tmux with set-clipboard on) and the system clipboard where one is available.
package clipboard

import (
	"io"

	sys "github.com/atotto/clipboard"
	"github.com/aymanbagabas/go-osc52/v2"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/hsoauth/hsoauth/ui/common"
)

// CopyOr returns a command that copies text and reports it in the footer as what (e.g. "access token"),
// with the screen's own way out (e.g. "press p to print it") for when the copy did not arrive. out is the
// terminal (the program's output); nil skips OSC 52, as tests do.
//
// An OSC 52 escape is only a request: the terminal (or tmux, whose default set-clipboard setting drops
// it) may ignore it and nothing tells the program, so the footer says it was sent, never that it arrived.
// Only the system clipboard, when one is reachable, reports a real success.
func CopyOr(out io.Writer, what, text, fallback string) tea.Cmd {
	return func() tea.Msg {
		sent := false
		if out != nil {
			_, err := osc52.New(text).WriteTo(out)
			sent = err == nil
		}
		copied := !sys.Unsupported && sys.WriteAll(text) == nil
		return common.StatusMsg{Level: copyLevel(sent, copied), Text: copyReport(what, fallback, sent, copied)}
	}
}

// copyLevel is OK only for a copy known to have arrived (the system clipboard).
func copyLevel(sent, copied bool) common.Level {
	switch {
	case copied:
		return common.LevelOK
	case sent:
		return common.LevelInfo
	}
	return common.LevelWarn
}

// copyReport says what happened to a copy, in words that do not claim more than is known.
func copyReport(what, fallback string, sent, copied bool) string {
	switch {
	case copied && sent:
		return "copied the " + what + " to the system clipboard (and sent it to the terminal's clipboard, OSC 52)"
	case copied:
		return "copied the " + what + " to the system clipboard"
	case sent:
		return "sent the " + what + " to the terminal's clipboard (OSC 52); if nothing arrived, " + fallback
	}
	return "could not copy the " + what + ": no clipboard reachable; " + fallback
}
