package app

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/hsoauth/hsoauth/ui/uitest"

	"github.com/adrg/xdg"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/hsoauth/hsoauth/session"
	"github.com/muesli/termenv"
)

func init() { lipgloss.SetColorProfile(termenv.Ascii) }

// testSession opens a test-mode sandbox session (fixed clock, seeded tokens) with private XDG dirs.
func testSession(t *testing.T) *session.Session {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	t.Setenv("XDG_STATE_HOME", filepath.Join(dir, "state"))
	xdg.Reload()
	s, err := session.Open(context.Background(), session.Options{ConfigPath: filepath.Join(dir, "none.toml"), TestMode: true, StoreDir: filepath.Join(dir, "state")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(context.Background()) })
	return s
}

// waitFor waits until the program's output shows want.
func waitFor(t *testing.T, tm *teatest.TestModel, want string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(want)) },
		teatest.WithCheckInterval(10*time.Millisecond), teatest.WithDuration(uitest.Deadline(20*time.Second)))
}

// TestWholeFlow runs the whole program, as Bubble Tea runs it, against the in-process sandbox: the
// issue's story from the catalog to a revoked token, reading the rendered output at each step.
func TestWholeFlow(t *testing.T) {
	m := Build(testSession(t), Options{StaticCursor: true, NoBrowser: true})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30))
	waitFor(t, tm, "296 of 296 scopes")
	tm.Send(uitest.Key("/"))
	tm.Type("crm.objects.contacts.read")
	tm.Send(uitest.Key("enter"))
	tm.Send(uitest.Key("r"))
	tm.Send(uitest.Key("esc"))
	tm.Send(uitest.Key("/"))
	tm.Type("automation")
	tm.Send(uitest.Key("enter"))
	tm.Send(uitest.Key("o"))
	waitFor(t, tm, "drops automation")
	tm.Send(uitest.Key("enter"))
	waitFor(t, tm, "Install prediction")
	tm.Send(uitest.Key("enter"))
	waitFor(t, tm, "If the browser is elsewhere")
	tm.Send(uitest.Key("a"))
	waitFor(t, tm, "Approve in the terminal")
	tm.Send(uitest.Key("down"))
	tm.Send(uitest.Key("g"))
	waitFor(t, tm, "Expires in")
	tm.Send(uitest.Key("f"))
	waitFor(t, tm, "25:00")
	tm.Send(uitest.Key("r"))
	waitFor(t, tm, "refreshed, valid until")
	tm.Send(uitest.Key("x"))
	waitFor(t, tm, "Revoke")
	tm.Send(uitest.Key("y"))
	waitFor(t, tm, "revoked")
	tm.Send(uitest.Key("q"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(uitest.Deadline(20*time.Second)))
	final := tm.FinalModel(t).(Model)
	defer final.Close()
	view := final.View()
	for _, want := range []string{"4 Token", "hub 20000002", "Refresh token  (revoked)", "automation (optional, dropped)"} {
		if !strings.Contains(view, want) {
			t.Errorf("final view lacks %q:\n%s", want, view)
		}
	}
}

// TestGolden pins the whole frame (title bar, screen, status line, help bar) at the two sizes every
// screen must support, and the full key help.
func TestGolden(t *testing.T) {
	for _, size := range [][2]int{{60, 20}, {80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			sess := testSession(t)
			m := Build(sess, Options{StaticCursor: true, NoBrowser: true})
			next, _ := m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			// The sandbox listens on a free port; the golden names it PORT.
			view := strings.ReplaceAll(next.View(), sess.SandboxURL, "http://127.0.0.1:PORT")
			golden.RequireEqual(t, []byte(view))
			help, _ := next.Update(uitest.Key("?"))
			if !strings.Contains(help.View(), "Everywhere") {
				t.Fatalf("? should show every key:\n%s", help.View())
			}
			next.(Model).Close()
		})
	}
}

// TestPresenterToggleResizesScreens: presenter mode narrows the drawing area, and the root must tell the
// screens (they lay out in Update), so no line of the review runs past the terminal.
func TestPresenterToggleResizesScreens(t *testing.T) {
	m := Build(testSession(t), Options{StaticCursor: true, NoBrowser: true})
	var next tea.Model = m
	for _, msg := range []tea.Msg{tea.WindowSizeMsg{Width: 80, Height: 24}, uitest.Key("2"), uitest.Key("P")} {
		next, _ = next.Update(msg)
	}
	for i, line := range strings.Split(next.View(), "\n") {
		if w := ansi.StringWidth(line); w > 80 {
			t.Fatalf("line %d is %d cells wide in presenter mode:\n%s", i, w, next.View())
		}
	}
	next.(Model).Close()
}
