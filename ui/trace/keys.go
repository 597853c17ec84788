package trace

import "github.com/charmbracelet/bubbles/key"

// KeyMap is the trace screen's bindings; none collides with the global keys.
type KeyMap struct {
	Up, Down, Top, Bottom, DetailsUp, DetailsDown, Simulator, Diagram, Panel, ExportHAR, ExportMermaid, Back key.Binding
}

// DefaultKeyMap returns the trace bindings.
func DefaultKeyMap() KeyMap {
	har, mermaid := exportKeys()
	return KeyMap{
		Panel:         key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "sandbox controls")),
		ExportHAR:     har,
		ExportMermaid: mermaid,
		Up:            key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "previous step")),
		Down:          key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "next step")),
		Top:           key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g", "first step")),
		Bottom:        key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G", "latest step")),
		DetailsUp:     key.NewBinding(key.WithKeys("pgup", "ctrl+u"), key.WithHelp("pgup", "scroll details up")),
		DetailsDown:   key.NewBinding(key.WithKeys("pgdown", "ctrl+d", " "), key.WithHelp("pgdn", "scroll details down")),
		Simulator:     key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sandbox events")),
		Diagram:       key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "sequence diagram")),
		Back:          key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
	}
}

// ShortHelp is what the help bar shows on the trace screen.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Down, k.Up, k.Diagram, k.Panel, k.ExportHAR, k.DetailsDown, k.Simulator, k.Back}
}

// FullHelp lists every trace binding for the `?` view.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom}, {k.DetailsUp, k.DetailsDown, k.Simulator, k.Diagram, k.Back}, {k.Panel, k.ExportHAR, k.ExportMermaid}}
}
