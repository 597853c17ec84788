package catalog

import "github.com/charmbracelet/bubbles/key"

// KeyMap is the catalog's bindings; the help bar shows them, disabled ones hidden.
type KeyMap struct {
	Up, Down, PageUp, PageDown, Top, Bottom                 key.Binding
	Filter, ClearFilter, AcceptFilter                       key.Binding
	Required, Conditional, Optional, None, Cycle            key.Binding
	Account, Import, Export, OnlyAvailable, Review, Details key.Binding
}

// DefaultKeyMap returns the catalog bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:            key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:          key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:        key.NewBinding(key.WithKeys("pgup", "ctrl+u"), key.WithHelp("pgup", "page up")),
		PageDown:      key.NewBinding(key.WithKeys("pgdown", "ctrl+d"), key.WithHelp("pgdn", "page down")),
		Top:           key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g", "top")),
		Bottom:        key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G", "bottom")),
		Filter:        key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		ClearFilter:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")),
		AcceptFilter:  key.NewBinding(key.WithKeys("enter", "down", "up"), key.WithHelp("enter", "done filtering")),
		Required:      key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "required")),
		Conditional:   key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "conditional")),
		Optional:      key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "optional")),
		None:          key.NewBinding(key.WithKeys("x", "backspace", "delete"), key.WithHelp("x", "unmark")),
		Cycle:         key.NewBinding(key.WithKeys(" "), key.WithHelp("space", "cycle mark")),
		Account:       key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "target account")),
		Import:        key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "import app-hsmeta")),
		Export:        key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "export app-hsmeta")),
		OnlyAvailable: key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "only available")),
		Review:        key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "review")),
		Details:       key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "details")),
	}
}

// ShortHelp is what the help bar shows while browsing.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Filter, k.Required, k.Optional, k.Account, k.Review}
}

// FullHelp lists every catalog binding for the `?` view.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
		{k.Filter, k.ClearFilter, k.OnlyAvailable, k.Details},
		{k.Required, k.Conditional, k.Optional, k.None, k.Cycle},
		{k.Account, k.Import, k.Export, k.Review},
	}
}
