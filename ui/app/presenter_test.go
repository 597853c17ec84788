package app

import (
	"context"
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/hsoauth/hsoauth/oauth/sandbox"
	"github.com/hsoauth/hsoauth/scopes"
	"github.com/hsoauth/hsoauth/session"
	"github.com/hsoauth/hsoauth/ui/uitest"
)

// signedIn is a test session that has already signed in once, so the trace has a flow to draw.
func signedIn(t *testing.T) *session.Session {
	t.Helper()
	s := testSession(t)
	ctx := context.Background()
	a, err := s.NewAttempt(ctx, scopes.Selection{Required: []string{"oauth"}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	code, err := s.ConsentInSandbox(ctx, a, sandbox.HubMarketingStarter, "", true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Complete(ctx, a, code); err != nil {
		t.Fatal(err)
	}
	return s
}

// relayout runs the command of a screen switch and says whether it is the root's relayout request, which
// the program would deliver. It is only called for switch keys: other keys' commands (ticks, saves) must
// not run here.
func relayout(cmd tea.Cmd) (tea.Msg, bool) {
	if cmd == nil {
		return nil, false
	}
	msg, ok := cmd().(relayoutMsg)
	return msg, ok
}

// TestPresenterGolden pins presenter mode at 80x24 and 200x50 on every screen: the narration specific
// to the screen's state wraps into two lines, and from 150 columns the diagram sits beside the screen.
func TestPresenterGolden(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {200, 50}} {
		sess := signedIn(t)
		var m tea.Model = Build(sess, Options{StaticCursor: true, NoBrowser: true, Presenter: true})
		m, _ = m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		seen := map[string]string{}
		for _, step := range []struct {
			name, key string
			same      bool // the diagram toggle keeps the highlighted step, and so its narration
		}{
			{"catalog", "", false}, {"catalog_next", "j", false}, {"catalog_marked", "r", false}, {"review", "2", false},
			{"authorize", "3", false}, {"token", "4", false}, {"trace", "T", false}, {"trace_diagram", "d", true},
			{"trace_first", "g", false}, {"trace_panel", "c", false}, {"help", "?", false},
		} {
			t.Run(fmt.Sprintf("%s_%dx%d", step.name, size[0], size[1]), func(t *testing.T) {
				if step.key == "?" {
					m, _ = m.Update(uitest.Key("esc"))
				}
				if step.key != "" {
					var cmd tea.Cmd
					m, cmd = m.Update(uitest.Key(step.key))
					if !strings.Contains("234T?", step.key) {
						cmd = nil
					}
					if msg, ok := relayout(cmd); ok {
						m, _ = m.Update(msg) // as the program would deliver it
					}
				}
				host := strings.TrimPrefix(sess.SandboxURL, "http://")
				view := strings.ReplaceAll(m.View(), host, "127.0.0.1:PORT")
				lines := strings.Split(view, "\n")
				if len(lines) != size[1] {
					t.Fatalf("%d lines, want %d", len(lines), size[1])
				}
				for i, l := range lines {
					if ansi.StringWidth(l) > size[0] {
						t.Fatalf("line %d is %d wide:\n%s", i, ansi.StringWidth(l), view)
					}
				}
				narration := strings.TrimSpace(lines[len(lines)-4] + " " + lines[len(lines)-3])
				if prev, dup := seen[narration]; dup && !step.same || narration == "" {
					t.Fatalf("narration %q is not specific to this state (same as %s)", narration, prev)
				}
				seen[narration] = step.name
				if sess.Profile.RedirectURI != sandbox.DemoRedirectURL {
					t.Skipf("port 3000 is busy here, so the sandbox chose the redirect %s; the goldens assume the default", sess.Profile.RedirectURI)
				}
				golden.RequireEqual(t, []byte(view))
			})
		}
		m.(Model).Close()
	}
}
