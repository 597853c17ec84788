package trace

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/hsoauth/hsoauth/oauth/sandbox"
	"github.com/hsoauth/hsoauth/ui/common"
)

// TestControlPanel: c opens the panel over the details, enter runs the highlighted action on the
// sandbox, and its step shows in the diagram and the narration at once.
func TestControlPanel(t *testing.T) {
	for _, sz := range []struct {
		name string
		w, h int
	}{{"80x24", 80, 21}, {"200x50", 200, 47}} {
		t.Run(sz.name, func(t *testing.T) {
			_, s, _ := loggedIn(t)
			m := New(newCommon(sz.w, sz.h), Deps{Source: s, Export: s, Control: s})
			t.Cleanup(m.Close)
			m.layout()
			m, _ = press(m, "d")
			m, _ = press(m, "c")
			if !m.Capturing() || !strings.Contains(m.View(), "Sandbox control panel") {
				t.Fatalf("c must open the panel:\n%s", m.View())
			}
			for range 3 {
				m, _ = press(m, "j")
			}
			if !strings.Contains(m.Narration(), "429") {
				t.Errorf("the narration must teach the highlighted action: %q", m.Narration())
			}
			if s.Profile.RedirectURI == sandbox.DemoRedirectURL { // port 3000 was free: the golden's redirect
				golden.RequireEqual(t, []byte(m.View()))
			} else {
				t.Logf("port 3000 is busy, so the redirect is %s; golden not compared", s.Profile.RedirectURI)
			}
			m, cmd := press(m, "enter")
			msg := cmd()
			m, status := m.Update(msg)
			if st, ok := status().(common.StatusMsg); !ok || st.Level != common.LevelOK || !strings.Contains(st.Text, "429") {
				t.Fatalf("footer after the action: %+v", st)
			}
			evs := s.TraceEvents()
			m, _ = m.Update(traceEventMsg{from: m.f, ev: evs[len(evs)-1]})
			if !strings.Contains(m.diagramView(), "sandbox 200") {
				t.Errorf("the action is not in the diagram:\n%s", m.diagramView())
			}
			m, _ = press(m, "esc")
			if m.Capturing() {
				t.Error("esc closes the panel")
			}
		})
	}
}

func TestControlPanelNeedsASimulator(t *testing.T) {
	m := New(newCommon(80, 21), Deps{})
	m, cmd := press(m, "c")
	if m.panel.open || cmd == nil {
		t.Fatal("without a simulator the panel stays closed and says why")
	}
	if st := cmd().(common.StatusMsg); !strings.Contains(st.Text, "--sandbox") {
		t.Errorf("footer: %q", st.Text)
	}
}
