package authorize

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/hsoauth/hsoauth/oauth"
	"github.com/hsoauth/hsoauth/ui/common"
	"github.com/hsoauth/hsoauth/ui/uitest"
)

// TestNoBrowserWhileCallbackPortBusy: without a callback server HubSpot's redirect reaches nobody, so the
// browser is not opened; the screen says so and keeps the paths that need no server.
func TestNoBrowserWhileCallbackPortBusy(t *testing.T) {
	var opened atomic.Int32
	deps := Deps{Service: plainSession(), OpenBrowser: func(string) error { opened.Add(1); return nil }}
	m := New(newCommon(80, 21), deps)
	m, _ = m.Update(common.AuthorizeMsg{Selection: demoSelection()})
	f := fakeFlow(t, nil, 0)
	f.NoCallback = &oauth.PortBusyError{Port: "3000", Family: "IPv4 (127.0.0.1)", Holder: "pid 4242 (node)"}
	m, cmd := m.Update(startedMsg{seq: m.seq, flow: f})
	uitest.Run(cmd, 200*time.Millisecond)
	if n := opened.Load(); n != 0 {
		t.Fatalf("the browser was opened %d time(s) with the callback port busy", n)
	}
	if v := m.View(); !strings.Contains(v, "not opened") || !strings.Contains(v, "paste") {
		t.Fatalf("the screen should say the browser was not opened and offer the paste path:\n%s", v)
	}
}

// TestPasteWhileWaitingGoesToThePasteInput: pasting the redirected address while waiting (without
// pressing v first) opens the paste input with it, rather than running its characters as keys.
func TestPasteWhileWaitingGoesToThePasteInput(t *testing.T) {
	m := waiting(t, 80, 21, Deps{Service: plainSession()})
	pasted := "http://localhost:3000/oauth-callback?code=na1-x&state=" + fixedState
	m, _ = m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(pasted), Paste: true})
	if m.overlay != overlayPaste || m.paste.Value() != pasted {
		t.Fatalf("overlay %d, input %q: the paste should fill the paste input", m.overlay, m.paste.Value())
	}
}

// TestPrintShowsTheWholeURLOnOneLine: p hands the root the attempt's URL unmasked, as one line, and says
// it shows the state; presenter mode keeps it hidden.
func TestPrintShowsTheWholeURLOnOneLine(t *testing.T) {
	m := waiting(t, 80, 21, Deps{Service: plainSession()})
	_, cmd := press(m, "p")
	msgs := uitest.Run(cmd, time.Second)
	if len(msgs) != 1 {
		t.Fatalf("p should produce one message, got %v", msgs)
	}
	pm, ok := msgs[0].(common.PrintMsg)
	if !ok {
		t.Fatalf("p should ask the root to print, got %#v", msgs[0])
	}
	found := false
	for _, l := range pm.Lines {
		found = found || (l == m.attempt.URL && strings.Contains(l, "state="+fixedState))
	}
	if !found || !strings.Contains(strings.Join(pm.Lines, "\n")+pm.Note, "state") {
		t.Fatalf("the printed lines should hold the whole URL on one line and say it shows the state: %q", pm.Lines)
	}
	if !m.keyMap().Print.Enabled() || !strings.Contains(m.keyMap().Print.Help().Desc, "state") {
		t.Fatal("the help bar should offer p and say it shows the state")
	}
	m.c.Presenter = true
	_, cmd = press(m, "p")
	for _, msg := range uitest.Run(cmd, time.Second) {
		if _, ok := msg.(common.PrintMsg); ok {
			t.Fatal("presenter mode must not print the state")
		}
	}
}

// TestCopySaysSentNotCopied: y reports the URL as sent to the terminal's clipboard and names p as the way
// out; it never claims the copy arrived.
func TestCopySaysSentNotCopied(t *testing.T) {
	var out strings.Builder
	m := waiting(t, 80, 21, Deps{Service: plainSession(), Clip: &out})
	_, cmd := press(m, "y")
	for _, msg := range uitest.Run(cmd, time.Second) {
		st, ok := msg.(common.StatusMsg)
		if !ok {
			continue
		}
		if strings.HasPrefix(st.Text, "copied") && !strings.Contains(st.Text, "system clipboard") {
			t.Fatalf("an OSC 52 copy was reported as done: %q", st.Text)
		}
		if !strings.Contains(st.Text, "press p") {
			t.Fatalf("the copy status should name p as the way out: %q", st.Text)
		}
		return
	}
	t.Fatal("y reported nothing")
}
