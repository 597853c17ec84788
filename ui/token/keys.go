package token

import "github.com/charmbracelet/bubbles/key"

// KeyMap is the token screen's bindings. None collides with the global keys (q ? T P 1-4 tab).
type KeyMap struct {
	Reveal, CopyAccess, CopyRefresh, CopyCurl      key.Binding
	Refresh, Auto, MarginUp, MarginDown, Revoke    key.Binding
	AccountInfo, Contacts, Introspect, FastForward key.Binding
	Confirm, Cancel                                key.Binding
	// The try-it pane: t opens it; the rest work inside it, and the scroll keys on its answer.
	TryIt, Up, Down, PageUp, PageDown, Choose, Back key.Binding
	NextField, PrevField, Force                     key.Binding
	ScrollUp, ScrollDown                            key.Binding
}

// DefaultKeyMap returns the token bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Reveal:      key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "reveal next token")),
		CopyAccess:  key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy access token")),
		CopyRefresh: key.NewBinding(key.WithKeys("Y"), key.WithHelp("Y", "copy refresh token")),
		CopyCurl:    key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "copy curl line")),
		Refresh:     key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh now")),
		Auto:        key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "auto-refresh on/off")),
		MarginUp:    key.NewBinding(key.WithKeys("+", "="), key.WithHelp("+", "refresh earlier")),
		MarginDown:  key.NewBinding(key.WithKeys("-", "_"), key.WithHelp("-", "refresh later")),
		Revoke:      key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "revoke…")),
		AccountInfo: key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "try: account info")),
		Contacts:    key.NewBinding(key.WithKeys("C"), key.WithHelp("C", "try: contacts")),
		Introspect:  key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "introspect")),
		FastForward: key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "sandbox clock +5m")),
		Confirm:     key.NewBinding(key.WithKeys("y", "enter"), key.WithHelp("y/enter", "revoke")),
		Cancel:      key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/esc", "keep it")),
		TryIt:       key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "try any endpoint…")),
		Up:          key.NewBinding(key.WithKeys("up", "ctrl+p"), key.WithHelp("↑", "previous")),
		Down:        key.NewBinding(key.WithKeys("down", "ctrl+n"), key.WithHelp("↓", "next")),
		PageUp:      key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		PageDown:    key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "page down")),
		Choose:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "choose / send")),
		Back:        key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		NextField:   key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next field")),
		PrevField:   key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous field")),
		Force:       key.NewBinding(key.WithKeys("ctrl+f"), key.WithHelp("ctrl+f", "send anyway")),
		ScrollUp:    key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "scroll answer up")),
		ScrollDown:  key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "scroll answer down")),
	}
}

// ShortHelp is what the help bar shows: the confirmation's two keys while it is open, else the main ones.
func (k KeyMap) ShortHelp() []key.Binding {
	switch {
	case k.Confirm.Enabled():
		return []key.Binding{k.Confirm, k.Cancel}
	case k.NextField.Enabled():
		return []key.Binding{k.Choose, k.NextField, k.Force, k.Back}
	case k.Up.Enabled():
		return []key.Binding{k.Choose, k.Up, k.Down, k.Back}
	}
	return []key.Binding{k.Refresh, k.TryIt, k.AccountInfo, k.Reveal, k.CopyAccess, k.Revoke, k.FastForward}
}

// FullHelp lists every token binding for the `?` view.
func (k KeyMap) FullHelp() [][]key.Binding {
	switch {
	case k.Confirm.Enabled():
		return [][]key.Binding{{k.Confirm, k.Cancel}}
	case k.NextField.Enabled():
		return [][]key.Binding{{k.Choose, k.Force, k.Back}, {k.NextField, k.PrevField}}
	case k.Up.Enabled():
		return [][]key.Binding{{k.Choose, k.Back}, {k.Up, k.Down, k.PageUp, k.PageDown}}
	}
	return [][]key.Binding{
		{k.Reveal, k.CopyAccess, k.CopyRefresh, k.CopyCurl},
		{k.Refresh, k.Auto, k.MarginUp, k.MarginDown, k.Revoke},
		{k.TryIt, k.AccountInfo, k.Contacts, k.Introspect, k.FastForward},
		{k.ScrollUp, k.ScrollDown},
	}
}

// state is what decides which bindings apply.
type state struct {
	hasToken, confirming, presenter, sandbox, hasRefresh bool
	try                                                  tryStage
	scrolls                                              bool // the answer panel has lines to scroll
}

// forState disables what does not apply now: everything without a token, the confirmation keys outside
// the revoke panel (and the rest inside it), the pane's keys outside the try-it pane (and the rest inside
// it), reveal in presenter mode, fast-forward off the sandbox.
func (k KeyMap) forState(s state) KeyMap {
	main := s.hasToken && !s.confirming && s.try == tryClosed
	for _, b := range []*key.Binding{&k.Reveal, &k.CopyAccess, &k.CopyRefresh, &k.CopyCurl, &k.Refresh, &k.Auto,
		&k.MarginUp, &k.MarginDown, &k.Revoke, &k.AccountInfo, &k.Contacts, &k.Introspect, &k.FastForward, &k.TryIt} {
		b.SetEnabled(main)
	}
	k.ScrollUp.SetEnabled(main && s.scrolls)
	k.ScrollDown.SetEnabled(main && s.scrolls)
	k.Confirm.SetEnabled(s.confirming)
	k.Cancel.SetEnabled(s.confirming)
	for _, b := range []*key.Binding{&k.Up, &k.Down, &k.PageUp, &k.PageDown} {
		b.SetEnabled(s.try == tryPick)
	}
	for _, b := range []*key.Binding{&k.NextField, &k.PrevField, &k.Force} {
		b.SetEnabled(s.try == tryFill)
	}
	k.Choose.SetEnabled(s.try != tryClosed)
	k.Back.SetEnabled(s.try != tryClosed)
	if s.presenter {
		k.Reveal.SetEnabled(false)
	}
	if !s.sandbox {
		k.FastForward.SetEnabled(false)
	}
	if !s.hasRefresh {
		k.CopyRefresh.SetEnabled(false)
		k.Refresh.SetEnabled(false)
		k.Revoke.SetEnabled(false)
	}
	return k
}
