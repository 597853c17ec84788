// Package keys holds the app-wide key bindings. Each screen keeps its own bindings beside it; the help bar
// is built from both, so what it shows is always what works.
package keys

import "github.com/charmbracelet/bubbles/key"

// Global are the bindings that work on every screen (unless a text input has the focus).
type Global struct {
	Quit, ForceQuit, Help, Trace, Presenter, Next, Prev, Screen1, Screen2, Screen3, Screen4 key.Binding
}

// DefaultGlobal returns the global bindings.
func DefaultGlobal() Global {
	return Global{
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "all keys")),
		Trace:     key.NewBinding(key.WithKeys("T"), key.WithHelp("T", "flow trace")),
		Presenter: key.NewBinding(key.WithKeys("P"), key.WithHelp("P", "presenter")),
		Next:      key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next screen")),
		Prev:      key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous screen")),
		Screen1:   key.NewBinding(key.WithKeys("1"), key.WithHelp("1", "catalog")),
		Screen2:   key.NewBinding(key.WithKeys("2"), key.WithHelp("2", "review")),
		Screen3:   key.NewBinding(key.WithKeys("3"), key.WithHelp("3", "authorize")),
		Screen4:   key.NewBinding(key.WithKeys("4"), key.WithHelp("4", "token")),
	}
}

// ShortHelp is the part of the global map the help bar always shows.
func (g Global) ShortHelp() []key.Binding { return []key.Binding{g.Next, g.Trace, g.Help, g.Quit} }

// FullHelp lists every global binding for the `?` view.
func (g Global) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{g.Next, g.Prev, g.Screen1, g.Screen2, g.Screen3, g.Screen4},
		{g.Trace, g.Presenter, g.Help, g.Quit, g.ForceQuit},
	}
}
