package authorize

import (
	"errors"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/hsoauth/hsoauth/oauth"
	"github.com/hsoauth/hsoauth/session"
	"github.com/hsoauth/hsoauth/ui/common"
)

func TestTickMovesCountdownAndIgnoresStaleTicks(t *testing.T) {
	m := waiting(t, 80, 21, Deps{Service: plainSession()})
	if !strings.Contains(m.View(), "05:00 left") {
		t.Fatalf("countdown should start at the timeout:\n%s", m.View())
	}
	m, cmd := m.Update(tickMsg{seq: m.seq, now: t0.Add(61 * time.Second)})
	if cmd == nil || !strings.Contains(m.View(), "03:59 left") {
		t.Fatalf("a tick should move the countdown and schedule the next one:\n%s", m.View())
	}
	m, cmd = m.Update(tickMsg{seq: m.seq - 1, now: t0.Add(200 * time.Second)})
	if cmd != nil || !strings.Contains(m.View(), "03:59 left") {
		t.Fatal("a stale tick must be ignored and must not be re-issued")
	}
	m, _ = m.Update(tickMsg{seq: m.seq, now: t0.Add(time.Hour)})
	if !strings.Contains(m.View(), "00:00 left") {
		t.Fatal("the countdown must not go negative")
	}
}

func TestStaleAttemptMessagesIgnored(t *testing.T) {
	m := waiting(t, 80, 21, Deps{Service: plainSession()})
	old := m.seq
	m, _ = m.Update(common.AuthorizeMsg{Selection: demoSelection(), HubID: 7})
	if m.seq != old+1 || m.phase != phaseStarting {
		t.Fatalf("a new AuthorizeMsg should start a new attempt: seq %d phase %d", m.seq, m.phase)
	}
	m, _ = m.Update(resultMsg{seq: old, res: session.Result{Code: "na1-late"}})
	m, _ = m.Update(exchangedMsg{seq: old})
	if m.phase != phaseStarting {
		t.Fatalf("messages of the old attempt changed the phase to %d", m.phase)
	}
}

func TestKeysFollowPhase(t *testing.T) {
	m := New(newCommon(80, 21), Deps{Service: plainSession()})
	k := m.keyMap()
	if k.Retry.Enabled() || k.Copy.Enabled() {
		t.Error("idle without a selection: nothing to start")
	}
	m, _ = m.Update(common.SelectionMsg{Selection: demoSelection()})
	if !m.keyMap().Retry.Enabled() || !m.keyMap().Back.Enabled() {
		t.Error("idle with a selection: r starts, esc goes back")
	}
	m = waiting(t, 80, 21, Deps{Service: plainSession()})
	k = m.keyMap()
	if !k.Copy.Enabled() || !k.Paste.Enabled() || !k.Cancel.Enabled() || k.Approve.Enabled() || k.Browser.Enabled() || k.Retry.Enabled() {
		t.Error("waiting against HubSpot without a browser opener: copy/paste/cancel only")
	}
	m = waiting(t, 80, 21, Deps{Service: sandboxSession(t), OpenBrowser: func(string) error { return nil }})
	if !m.keyMap().Approve.Enabled() || !m.keyMap().Browser.Enabled() {
		t.Error("sandbox with a browser: approve and browser keys on")
	}
	m, _ = press(m, "v")
	k = m.keyMap()
	if !m.Capturing() || !k.Submit.Enabled() || k.Copy.Enabled() {
		t.Error("paste input: capturing, only its keys")
	}
}

func TestEscCancelsThenGoesBack(t *testing.T) {
	m := waiting(t, 80, 21, Deps{Service: plainSession()})
	m, _ = press(m, "esc")
	if m.phase != phaseFailed || m.Busy() {
		t.Fatalf("esc should cancel the attempt, phase %d", m.phase)
	}
	_, cmd := press(m, "esc")
	if cmd == nil || cmd() != (common.NavigateMsg{To: common.ScreenReview}) {
		t.Fatal("a second esc goes back to the review")
	}
}

func TestNoBrowserOverSSH(t *testing.T) {
	called := false
	m := waiting(t, 200, 30, Deps{Service: plainSession(), Remote: oauth.Remote{SSH: true}, OpenBrowser: func(string) error { called = true; return nil }})
	if !strings.Contains(m.browser, "SSH") || !strings.Contains(m.View(), "ssh -L 3000:localhost:3000") {
		t.Fatalf("over SSH the browser is not opened and the hint is shown:\n%s", m.View())
	}
	m, _ = m.Update(browserMsg{seq: m.seq, err: oauth.ErrNoBrowser})
	if called || !strings.Contains(m.browser, "could not be opened") {
		t.Fatal("a browser failure should point at the fallbacks")
	}
}

func TestQRHiddenInPresenterMode(t *testing.T) {
	m := waiting(t, 120, 37, Deps{Service: plainSession()})
	m.c.Presenter = true
	m, cmd := press(m, "Q")
	if m.showQR || cmd == nil {
		t.Fatal("presenter mode must not show the attempt's QR code")
	}
	m.c.Presenter = false
	m, _ = press(m, "Q")
	if !m.showQR || !strings.Contains(m.View(), "Scan to open") {
		t.Fatal("Q shows the QR code when it fits")
	}
}

func TestStateNeverShownUnmasked(t *testing.T) {
	m := waiting(t, 200, 60, Deps{Service: sandboxSession(t), Remote: oauth.Remote{SSH: true}})
	for _, k := range []string{"", "v", "esc"} {
		if k != "" {
			m, _ = press(m, k)
		}
		if strings.Contains(m.View(), fixedState) {
			t.Fatalf("the state is on screen after %q", k)
		}
	}
}

func TestViewFitsEveryPhaseAndSize(t *testing.T) {
	for _, s := range [][2]int{{20, 5}, {60, 12}, {80, 21}, {120, 37}} {
		ss := sandboxSession(t)
		m := waiting(t, s[0], s[1], Deps{Service: ss, Remote: oauth.Remote{SSH: true}})
		checkFits(t, m.View(), s[0], s[1])
		m, _ = press(m, "Q")
		checkFits(t, m.View(), s[0], s[1])
		m, _ = press(m, "esc")
		m, _ = m.Update(portalsMsg{seq: m.seq, portals: mustPortals(t, ss)})
		checkFits(t, m.View(), s[0], s[1])
		m, _ = press(m, "esc")
		m, _ = press(m, "v")
		checkFits(t, m.View(), s[0], s[1])
		m, _ = m.Update(startedMsg{seq: m.seq})
		m, _ = m.Update(resultMsg{seq: m.seq, res: session.Result{Err: errors.New("x")}})
		checkFits(t, m.View(), s[0], s[1])
	}
}

func FuzzPaste(f *testing.F) {
	f.Add("http://localhost:3000/oauth-callback?code=na1-abc&state=" + fixedState)
	f.Add("http://localhost:3000/oauth-callback?error=access_denied&error_description=%1b%5b2J&state=" + fixedState)
	f.Add("na1-bare-code")
	f.Add("\x1b]52;c;aGVsbG8=\x07")
	f.Fuzz(func(t *testing.T, pasted string) {
		m := waiting(t, 80, 21, Deps{Service: plainSession()})
		m, _ = press(m, "v")
		m, _ = m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(pasted), Paste: true})
		_, cmd := press(m, "enter")
		if cmd == nil {
			return
		}
		msg := cmd()
		cm, ok := msg.(pasteMsg)
		if !ok {
			return // the empty-paste warning
		}
		if cm.err != nil {
			m, cmd = m.Update(cm)
			st := cmd().(common.StatusMsg)
			if strings.ContainsAny(st.Text, "\x1b\x07") || (len(fixedState) > 0 && strings.Contains(st.Text, fixedState)) {
				t.Fatalf("unsafe status %q", st.Text)
			}
		}
		if strings.ContainsAny(m.View(), "\x1b\x07") {
			t.Fatal("the view echoes control characters")
		}
	})
}
