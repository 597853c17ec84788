package review

import (
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
)

// KeyMap is the review screen's bindings. None of them collide with the global keys (q ? T P 1-4 tab),
// so the help bar can show both at once.
type KeyMap struct {
	Up, Down, PageUp, PageDown, HalfUp, HalfDown key.Binding
	Copy, QR, HubID, Authorize, Back             key.Binding
	Accept, Cancel                               key.Binding // the hub id input
}

// DefaultKeyMap returns the review bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:        key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "scroll up")),
		Down:      key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "scroll down")),
		PageUp:    key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("pgup", "page up")),
		PageDown:  key.NewBinding(key.WithKeys("pgdown", " ", "f"), key.WithHelp("pgdn", "page down")),
		HalfUp:    key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "half page up")),
		HalfDown:  key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", "half page down")),
		Copy:      key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "how to copy the URL")),
		QR:        key.NewBinding(key.WithKeys("Q"), key.WithHelp("Q", "QR code")),
		HubID:     key.NewBinding(key.WithKeys("h"), key.WithHelp("h", "portal hub id")),
		Authorize: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "authorize")),
		Back:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back to catalog")),
		Accept:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "set hub id")),
		Cancel:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// viewportKeys hands the scrolling bindings to the viewport, with horizontal scrolling off: the content
// is wrapped to the width, and h is the hub id key here.
func (k KeyMap) viewportKeys() viewport.KeyMap {
	return viewport.KeyMap{Up: k.Up, Down: k.Down, PageUp: k.PageUp, PageDown: k.PageDown, HalfPageUp: k.HalfUp, HalfPageDown: k.HalfDown}
}

// ShortHelp is what the help bar shows.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Authorize, k.Copy, k.QR, k.HubID, k.Back, k.Accept, k.Cancel}
}

// FullHelp lists every review binding for the `?` view.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.HalfUp, k.HalfDown},
		{k.Authorize, k.Copy, k.QR, k.HubID, k.Back},
		{k.Accept, k.Cancel},
	}
}

// forMode enables the bindings that work in the current mode, so help shows only what works.
func (k KeyMap) forMode(editing, canAuthorize bool) KeyMap {
	for _, b := range []*key.Binding{&k.Up, &k.Down, &k.PageUp, &k.PageDown, &k.HalfUp, &k.HalfDown, &k.Copy, &k.QR, &k.HubID, &k.Back} {
		b.SetEnabled(!editing)
	}
	k.Authorize.SetEnabled(!editing && canAuthorize)
	k.Copy.SetEnabled(!editing && canAuthorize)
	k.QR.SetEnabled(!editing && canAuthorize)
	k.Accept.SetEnabled(editing)
	k.Cancel.SetEnabled(editing)
	return k
}
