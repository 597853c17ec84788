package common

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/hsoauth/hsoauth/scopes"
	"github.com/hsoauth/hsoauth/session"
)

// NavigateMsg asks the root to show another screen.
type NavigateMsg struct{ To Screen }

// Navigate returns a command that switches to screen s.
func Navigate(s Screen) tea.Cmd { return func() tea.Msg { return NavigateMsg{To: s} } }

// Level is how a status message is coloured.
type Level int

// Status levels.
const (
	LevelInfo Level = iota
	LevelOK
	LevelWarn
	LevelError
)

// StatusMsg puts a one-line message in the footer until the next key press.
type StatusMsg struct {
	Text  string
	Level Level
}

// Status returns a command that shows text in the footer.
func Status(level Level, text string) tea.Cmd {
	return func() tea.Msg { return StatusMsg{Text: text, Level: level} }
}

// SelectionMsg tells every screen that the scope selection or the target account changed, so the review
// screen's URL and predictions follow the catalog without asking it.
type SelectionMsg struct {
	Selection scopes.Selection
	Account   scopes.Account
}

// AuthorizeMsg asks the authorize screen to start a new attempt for the selection (the review screen sends
// it on enter). HubID > 0 uses the account-specific URL.
type AuthorizeMsg struct {
	Selection scopes.Selection
	HubID     int
}

// TokenMsg carries a token record that was obtained or changed (login, refresh, revoke) to the token
// screen and the status line.
type TokenMsg struct {
	Record *session.TokenRecord
	// Requested is the selection the token was asked for, to compare granted with requested scopes.
	Requested scopes.Selection
}

// PrintMsg asks the root to leave the alternate screen and print Lines on the terminal's normal screen,
// where they stay, in the scrollback too, after the program ends. It is the one way to show a line wider
// than the screen unwrapped: the terminal soft-wraps it, and its own selection then copies it whole.
// Until the next key the root shows only Note, a few lines under what was printed.
type PrintMsg struct {
	Lines []string
	Note  string
}
