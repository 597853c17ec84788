package authorize

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/hsoauth/hsoauth/ui/common"
	"github.com/hsoauth/hsoauth/ui/components/clipboard"
	"github.com/hsoauth/hsoauth/ui/components/qrcode"
)

// KeyMap is the authorize screen's bindings. None collide with the global keys (q ? T P 1-4 tab).
type KeyMap struct {
	Copy, Print, QR, Paste, Browser, Approve, Cancel, Retry, Back key.Binding
	Up, Down, User, Grant, Deny, Close                            key.Binding // the in-terminal consent page
	Submit, Abort                                                 key.Binding // the paste input
}

// DefaultKeyMap returns the authorize bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Copy:    key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy URL")),
		Print:   key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "print full URL (shows the state)")),
		QR:      key.NewBinding(key.WithKeys("Q"), key.WithHelp("Q", "QR code")),
		Paste:   key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "paste redirected URL")),
		Browser: key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "open browser again")),
		Approve: key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "approve in terminal")),
		Cancel:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		Retry:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "sign in")),
		Back:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back to review")),
		Up:      key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "portal up")),
		Down:    key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "portal down")),
		User:    key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "switch user")),
		Grant:   key.NewBinding(key.WithKeys("g", "enter"), key.WithHelp("g", "grant access")),
		Deny:    key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "deny")),
		Close:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Submit:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "use pasted URL")),
		Abort:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
	}
}

// ShortHelp is what the help bar shows; disabled bindings are hidden by the help widget.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Retry, k.Back, k.Approve, k.Copy, k.Print, k.Paste, k.QR, k.Browser, k.Cancel,
		k.Up, k.Down, k.User, k.Grant, k.Deny, k.Close, k.Submit, k.Abort}
}

// FullHelp lists every authorize binding for the `?` view.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Retry, k.Back, k.Cancel, k.Browser},
		{k.Copy, k.Print, k.QR, k.Paste, k.Approve},
		{k.Up, k.Down, k.User, k.Grant, k.Deny, k.Close},
		{k.Submit, k.Abort},
	}
}

// enable switches a group of bindings on or off.
func enable(on bool, bs ...*key.Binding) {
	for _, b := range bs {
		b.SetEnabled(on)
	}
}

// keyMap is the current key map: only what works in the current phase and overlay.
func (m Model) keyMap() KeyMap {
	k := m.keys
	waiting := m.phase == phaseWaiting && m.overlay == overlayNone
	enable(false, &k.Copy, &k.Print, &k.QR, &k.Paste, &k.Browser, &k.Approve, &k.Cancel, &k.Retry, &k.Back,
		&k.Up, &k.Down, &k.User, &k.Grant, &k.Deny, &k.Close, &k.Submit, &k.Abort)
	switch m.overlay {
	case overlayConsent:
		enable(!m.consent.busy, &k.Up, &k.Down, &k.User, &k.Grant, &k.Deny, &k.Close)
		return k
	case overlayPaste:
		enable(true, &k.Submit, &k.Abort)
		return k
	}
	enable(waiting, &k.Copy, &k.Print, &k.QR, &k.Paste, &k.Cancel)
	k.Browser.SetEnabled(waiting && m.deps.OpenBrowser != nil)
	k.Approve.SetEnabled(waiting && m.sandbox())
	k.Retry.SetEnabled(m.phase != phaseWaiting && m.phase != phaseStarting && m.phase != phaseExchanging && m.sel.Len() > 0)
	k.Back.SetEnabled(!waiting && m.phase != phaseStarting && m.phase != phaseExchanging)
	if m.phase == phaseFailed || m.phase == phaseDone {
		k.Retry.SetHelp("r", "try again")
	}
	return k
}

// handleMain runs the keys of the waiting, idle, failed and done views.
func (m Model) handleMain(msg tea.KeyMsg) (Model, tea.Cmd) {
	k := m.keyMap()
	if msg.Paste && k.Paste.Enabled() { // pasted while waiting: the redirected URL, for the paste input
		m.overlay = overlayPaste
		m.paste.SetValue("")
		focus := m.paste.Focus()
		m, cmd := m.handlePaste(msg)
		return m, tea.Batch(focus, cmd)
	}
	switch {
	case key.Matches(msg, k.Retry):
		return m.start()
	case key.Matches(msg, k.Back):
		return m, common.Navigate(common.ScreenReview)
	case key.Matches(msg, k.Cancel):
		if m.showQR {
			m.showQR = false
			return m, nil
		}
		return m.cancelAttempt()
	case key.Matches(msg, k.Copy):
		return m, clipboard.CopyOr(m.deps.Clip, "sign-in URL", m.attempt.URL, "press p to print it in full")
	case key.Matches(msg, k.Print):
		return m, m.printURL()
	case key.Matches(msg, k.QR):
		if m.c.Presenter && !m.showQR {
			return m, common.Status(common.LevelWarn, "the QR code is hidden in presenter mode: it carries this attempt's state; leave presenter mode (P) to show it")
		}
		m.showQR = !m.showQR
		if m.showQR && m.attempt != nil {
			m.qr, m.qrErr = qrcode.Render(m.attempt.URL) // once per toggle, not per frame
		}
	case key.Matches(msg, k.Paste):
		m.overlay = overlayPaste
		m.paste.SetValue("")
		return m, m.paste.Focus()
	case key.Matches(msg, k.Browser):
		m.browser = "opening…"
		return m, openBrowser(m.deps.OpenBrowser, m.attempt.URL, m.seq)
	case key.Matches(msg, k.Approve):
		return m, loadPortals(m.deps.Service, m.seq)
	}
	return m, nil
}

// handlePaste edits the pasted redirect URL; enter checks it, esc goes back to waiting.
func (m Model) handlePaste(msg tea.KeyMsg) (Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.Abort):
		m.overlay = overlayNone
		m.paste.Blur()
		m.paste.SetValue("")
		return m, nil
	case key.Matches(msg, m.keys.Submit):
		v := m.paste.Value()
		m.paste.SetValue("")
		if v == "" {
			return m, common.Status(common.LevelWarn, "nothing pasted yet: copy the address from the browser's address bar after approving")
		}
		return m, pasteCmd(m.flow, v, m.seq)
	}
	var cmd tea.Cmd
	m.paste, cmd = m.paste.Update(msg)
	return m, cmd
}

// printURL asks the root to print the attempt's URL in full, state included, on one line outside the
// alternate screen, where the terminal's own selection can copy it (and it stays in the scrollback).
// Presenter mode keeps secrets masked, so it refuses there.
func (m Model) printURL() tea.Cmd {
	if m.c.Presenter {
		return common.Status(common.LevelWarn, "the full URL carries this attempt's state, which presenter mode keeps hidden; leave presenter mode (P) to print it")
	}
	msg := common.PrintMsg{
		Lines: []string{"hsoauth: the sign-in URL, with this attempt's state in full (keep it to yourself):", m.attempt.URL, ""},
		Note: "The sign-in URL is printed above on one line, its state shown in full. Select it there (the terminal " +
			"joins the wrapped line) and open it in a browser; it stays in the scrollback after hsoauth ends. " +
			"Press any key to go back to the authorize screen.",
	}
	return func() tea.Msg { return msg }
}
