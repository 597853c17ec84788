package token

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/adrg/xdg"
	"github.com/hsoauth/hsoauth/oauth/sandbox"
	"github.com/hsoauth/hsoauth/session"
	"github.com/hsoauth/hsoauth/ui/common"
	"go.uber.org/goleak"
)

// openSandbox is a session on the in-process simulator with its state in temp dirs.
func openSandbox(t *testing.T) *session.Session {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("XDG_STATE_HOME", filepath.Join(dir, "state"))
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	xdg.Reload()
	s, err := session.Open(context.Background(), session.Options{ConfigPath: filepath.Join(dir, "none.toml"), StoreDir: filepath.Join(dir, "state")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(context.Background()) })
	return s
}

// login runs the whole authorization in the sandbox, approving in the terminal.
func login(t *testing.T, s *session.Session) common.TokenMsg {
	t.Helper()
	sel := fixedSelection()
	a, err := s.NewAttempt(context.Background(), sel, 0)
	if err != nil {
		t.Fatal(err)
	}
	code, err := s.ConsentInSandbox(context.Background(), a, sandbox.HubMarketingStarter, "", true)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := s.Complete(context.Background(), a, code)
	if err != nil {
		t.Fatal(err)
	}
	return common.TokenMsg{Record: rec, Requested: sel}
}

// step presses k and feeds the resulting messages back, as the program would, until nothing new comes
// (ticks excepted: drain leaves them asleep).
func step(t *testing.T, m Model, k string) (Model, []any) {
	t.Helper()
	m, cmd := press(m, k)
	if cmd == nil {
		t.Fatalf("%s started nothing", k)
	}
	var seen []any
	queue := drain(cmd)
	for i := 0; i < len(queue) && i < 50; i++ {
		seen = append(seen, queue[i])
		m, cmd = m.Update(queue[i])
		queue = append(queue, drain(cmd)...)
	}
	return m, seen
}

func TestFlowAgainstSandbox(t *testing.T) {
	noLeaks(t)
	s := openSandbox(t)
	cp := &copier{}
	m := New(newCommon(120, 37, s.Now), Deps{Service: s, Copy: cp.copy})
	m, _ = m.Update(login(t, s))
	if d := m.rec.ExpiresAt.Sub(s.Now()); d < 29*time.Minute {
		t.Fatalf("a fresh sandbox token has %v left", d)
	}
	if !strings.Contains(m.View(), "automation (optional, dropped)") {
		t.Error("marketing starter drops automation: the screen must say so")
	}

	m, seen := step(t, m, "r")
	if len(m.rec.History) != 1 {
		t.Fatalf("history after a refresh: %v (messages %v)", m.rec.History, seen)
	}
	if _, ok := findAny[common.TokenMsg](seen); !ok {
		t.Error("a refresh must announce the new record")
	}

	m, _ = step(t, m, "c")
	if !strings.Contains(m.View(), "/account-info/v3/details → 200") {
		t.Errorf("try-it result missing:\n%s", m.View())
	}
	if strings.Contains(m.View(), m.rec.AccessToken) {
		t.Error("the curl line on screen must mask the token")
	}
	m, _ = step(t, m, "i")
	if !strings.Contains(m.View(), "active      yes") {
		t.Errorf("introspection missing:\n%s", m.View())
	}

	before := m.now
	m, _ = step(t, m, "f")
	if m.now.Sub(before) < 5*time.Minute || m.ffTotal != 5*time.Minute {
		t.Errorf("fast-forward moved the countdown from %v to %v (total %v)", before, m.now, m.ffTotal)
	}

	m, _ = press(m, "x")
	m, _ = step(t, m, "y")
	if m.rec.RefreshToken != "" || !strings.Contains(m.View(), "(revoked)") {
		t.Fatalf("after revoke the refresh token must be gone:\n%s", m.View())
	}
	if _, err := s.Introspect(context.Background(), m.rec, "access_token"); err != nil {
		t.Errorf("the access token must keep working after revoke: %v", err)
	}
}

func TestAutoRefreshAgainstSandboxAfterFastForward(t *testing.T) {
	noLeaks(t)
	s := openSandbox(t)
	m := New(newCommon(80, 21, s.Now), Deps{Service: s, Copy: (&copier{}).copy})
	if !m.auto || m.margin != 5*time.Minute {
		t.Fatalf("the sandbox profile turns auto-refresh on at 5m, got %v %v", m.auto, m.margin)
	}
	m, _ = m.Update(login(t, s))
	for range 5 {
		m, _ = step(t, m, "f")
	}
	if len(m.rec.History) != 1 {
		t.Fatalf("fast-forwarding 25 minutes must auto-refresh exactly once, history %v", m.rec.History)
	}
	if left := m.rec.ExpiresAt.Sub(m.now); left < 29*time.Minute {
		t.Errorf("after the auto-refresh %v left", left)
	}
}

func findAny[T any](msgs []any) (T, bool) {
	for _, m := range msgs {
		if v, ok := m.(T); ok {
			return v, true
		}
	}
	var zero T
	return zero, false
}

// noLeaks checks for leftover goroutines after the session (registered later, closed earlier) is gone.
// A pending countdown tick may still be asleep: that one ends by itself within a second.
func noLeaks(t *testing.T) {
	t.Cleanup(func() {
		goleak.VerifyNone(t, goleak.IgnoreAnyFunction("github.com/charmbracelet/bubbletea.Tick.func1"))
	})
}
