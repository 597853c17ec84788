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

// Copy returns a command that copies text and reports it in the footer as what (e.g. "authorize URL").
// out is the terminal (the program's output); nil skips OSC 52, as tests do.
func Copy(out io.Writer, what, text string) tea.Cmd {
	return func() tea.Msg {
		ways := ""
		if out != nil {
			if _, err := osc52.New(text).WriteTo(out); err == nil {
				ways = "OSC 52"
			}
		}
		if !sys.Unsupported {
			if err := sys.WriteAll(text); err == nil {
				if ways != "" {
					ways += " + "
				}
				ways += "system clipboard"
			}
		}
		if ways == "" {
			return common.StatusMsg{Level: common.LevelWarn, Text: "could not copy the " + what + ": no clipboard reachable; select it on screen instead"}
		}
		return common.StatusMsg{Level: common.LevelOK, Text: "copied the " + what + " (" + ways + ")"}
	}
}
