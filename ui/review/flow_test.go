package review

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/adrg/xdg"
	"github.com/hsoauth/hsoauth/oauth/sandbox"
	"github.com/hsoauth/hsoauth/session"
	"github.com/hsoauth/hsoauth/ui/common"
	"go.uber.org/goleak"
)

// TestFlowAgainstSandbox reviews against a real sandbox-mode session (no app configured): the URL points
// at the simulator, with its demo app, and enter hands the selection to the authorize screen.
func TestFlowAgainstSandbox(t *testing.T) {
	t.Cleanup(func() { goleak.VerifyNone(t) })
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	xdg.Reload()
	ctx := context.Background()
	s, err := session.Open(ctx, session.Options{ConfigPath: filepath.Join(t.TempDir(), "missing.toml"), StoreDir: t.TempDir(), TestMode: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(ctx) })
	sel, acct := s.Saved()
	m := New(newCommon(80, 21), Deps{Service: s}, sel, acct)
	if !strings.HasPrefix(m.URL(), s.SandboxURL+"/oauth/authorize?client_id="+sandbox.DemoClientID) {
		t.Fatalf("the preview should target the sandbox's demo app: %s", m.URL())
	}
	m, _ = m.applyHubID("20000002")
	if !strings.Contains(m.URL(), "/oauth/20000002/authorize") {
		t.Fatalf("hub id not applied: %s", m.URL())
	}
	_, cmd := press(m, "enter")
	var got common.AuthorizeMsg
	for _, msg := range collect(cmd) {
		if am, ok := msg.(common.AuthorizeMsg); ok {
			got = am
		}
	}
	if got.HubID != 20000002 || !got.Selection.Equal(sel) {
		t.Fatalf("AuthorizeMsg = %+v", got)
	}
}
