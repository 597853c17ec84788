package trace

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/adrg/xdg"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/hsoauth/hsoauth/oauth/sandbox"
	"github.com/hsoauth/hsoauth/scopes"
	"github.com/hsoauth/hsoauth/session"
	"github.com/hsoauth/hsoauth/ui/common"
)

// loggedIn is a trace screen over a real sandbox session that has signed in once.
func loggedIn(t *testing.T) (Model, *session.Session, string) {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("XDG_STATE_HOME", filepath.Join(dir, "state"))
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	xdg.Reload()
	s, err := session.Open(context.Background(), session.Options{ConfigPath: filepath.Join(dir, "none.toml"), TestMode: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(context.Background()) })
	a, err := s.NewAttempt(context.Background(), scopes.Selection{Required: []string{"oauth"}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	code, err := s.ConsentInSandbox(context.Background(), a, sandbox.HubMarketingStarter, "", true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Complete(context.Background(), a, code); err != nil {
		t.Fatal(err)
	}
	m := New(newCommon(80, 21), Deps{Source: s, Export: s, Version: "test"})
	t.Cleanup(m.Close)
	return m, s, code
}

// TestExportKeys: H asks masked or revealed and writes a HAR in the working directory; M writes the
// Mermaid diagram at once; neither overwrites a file.
func TestExportKeys(t *testing.T) {
	m, _, code := loggedIn(t)
	t.Chdir(t.TempDir())
	m, cmd := press(m, "H")
	if cmd != nil || !m.Capturing() || !strings.Contains(m.View(), "reveal secrets") {
		t.Fatalf("H must ask first:\n%s", m.View())
	}
	m, cmd = press(m, "m")
	if m.Capturing() || cmd == nil {
		t.Fatal("m answers the prompt with a masked export")
	}
	path := exported(t, m, cmd)
	data, _ := os.ReadFile(path)
	var f map[string]any
	if json.Unmarshal(data, &f) != nil || strings.Contains(string(data), code) {
		t.Fatalf("masked HAR invalid or with the code:\n%s", data)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("HAR mode %v", st.Mode())
	}
	m, _ = press(m, "H")
	m, cmd = press(m, "r")
	if msg := cmd().(exportedMsg); msg.err == nil || !strings.Contains(msg.err.Error(), "already exists") {
		t.Errorf("a second export in the same second must not overwrite: %+v", msg)
	}
	_ = os.Remove(path)
	m, _ = press(m, "H")
	m, cmd = press(m, "r")
	if data, _ := os.ReadFile(exported(t, m, cmd)); !strings.Contains(string(data), code) {
		t.Error("the revealed HAR lacks the code")
	}
	m, cmd = press(m, "M")
	if data, _ := os.ReadFile(exported(t, m, cmd)); !strings.HasPrefix(string(data), "sequenceDiagram") {
		t.Errorf("Mermaid file: %s", data)
	}
	m, _ = press(m, "H")
	if _, cmd = press(m, "esc"); cmd == nil {
		t.Fatal("esc cancels with a note")
	}
}

// exported runs the export command and returns the file it wrote.
func exported(t *testing.T, m Model, cmd tea.Cmd) string {
	t.Helper()
	msg, ok := cmd().(exportedMsg)
	if !ok || msg.err != nil {
		t.Fatalf("export: %+v", msg)
	}
	_, status := m.Update(msg)
	if st, ok := status().(common.StatusMsg); !ok || !strings.Contains(st.Text, msg.path) {
		t.Errorf("footer: %+v", st)
	}
	return msg.path
}
