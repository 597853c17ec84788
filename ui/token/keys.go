package token

import "github.com/charmbracelet/bubbles/key"

// KeyMap is the token screen's bindings. None collides with the global keys (q ? T P 1-4 tab).
type KeyMap struct {
	Reveal, CopyAccess, CopyRefresh, CopyCurl      key.Binding
	Refresh, Auto, MarginUp, MarginDown, Revoke    key.Binding
	AccountInfo, Contacts, Introspect, FastForward key.Binding
	Confirm, Cancel                                key.Binding
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
	}
}

// ShortHelp is what the help bar shows: the confirmation's two keys while it is open, else the main ones.
func (k KeyMap) ShortHelp() []key.Binding {
	if k.Confirm.Enabled() {
		return []key.Binding{k.Confirm, k.Cancel}
	}
	return []key.Binding{k.Refresh, k.AccountInfo, k.Reveal, k.CopyAccess, k.Revoke, k.FastForward}
}

// FullHelp lists every token binding for the `?` view.
func (k KeyMap) FullHelp() [][]key.Binding {
	if k.Confirm.Enabled() {
		return [][]key.Binding{{k.Confirm, k.Cancel}}
	}
	return [][]key.Binding{
		{k.Reveal, k.CopyAccess, k.CopyRefresh, k.CopyCurl},
		{k.Refresh, k.Auto, k.MarginUp, k.MarginDown, k.Revoke},
		{k.AccountInfo, k.Contacts, k.Introspect, k.FastForward},
	}
}

// forState disables what does not apply now: everything without a token, the confirmation keys outside
// the revoke panel (and the rest inside it), reveal in presenter mode, fast-forward off the sandbox.
func (k KeyMap) forState(hasToken, confirming, presenter, sandbox, hasRefresh bool) KeyMap {
	all := []*key.Binding{&k.Reveal, &k.CopyAccess, &k.CopyRefresh, &k.CopyCurl, &k.Refresh, &k.Auto,
		&k.MarginUp, &k.MarginDown, &k.Revoke, &k.AccountInfo, &k.Contacts, &k.Introspect, &k.FastForward}
	for _, b := range all {
		b.SetEnabled(hasToken && !confirming)
	}
	k.Confirm.SetEnabled(confirming)
	k.Cancel.SetEnabled(confirming)
	if presenter {
		k.Reveal.SetEnabled(false)
	}
	if !sandbox {
		k.FastForward.SetEnabled(false)
	}
	if !hasRefresh {
		k.CopyRefresh.SetEnabled(false)
		k.Refresh.SetEnabled(false)
		k.Revoke.SetEnabled(false)
	}
	return k
}
