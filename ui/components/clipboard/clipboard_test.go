package clipboard

import (
	"bytes"
	"strings"
	"testing"

	"github.com/hsoauth/hsoauth/ui/common"
)

// TestOSC52IsReportedAsSentNotCopied: an OSC 52 escape may be dropped by the terminal or tmux without a
// word, so the footer says it was sent and what to do if nothing arrived, never "copied".
func TestOSC52IsReportedAsSentNotCopied(t *testing.T) {
	got := copyReport("authorize URL", "press p to print it", true, false)
	want := "sent the authorize URL to the terminal's clipboard (OSC 52); if nothing arrived, press p to print it"
	if got != want {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
	if copyLevel(true, false) == common.LevelOK {
		t.Fatal("an OSC 52 copy alone must not be reported as a success")
	}
	if !strings.HasPrefix(copyReport("x", "f", true, true), "copied the x to the system clipboard") {
		t.Fatal("a system clipboard copy is a real copy")
	}
	if got := copyReport("x", "select it on screen", false, false); !strings.Contains(got, "could not copy") || !strings.HasSuffix(got, "select it on screen") {
		t.Fatalf("no clipboard at all: %q", got)
	}
}

// TestCopyWritesOSC52 checks the escape really goes to the terminal, carrying the text.
func TestCopyWritesOSC52(t *testing.T) {
	var out bytes.Buffer
	msg := CopyOr(&out, "authorize URL", "https://app.hubspot.com/oauth/authorize", "press p to print it")()
	if !strings.HasPrefix(out.String(), "\x1b]52;c;") {
		t.Fatalf("no OSC 52 escape written: %q", out.String())
	}
	st, ok := msg.(common.StatusMsg)
	if !ok || !strings.Contains(st.Text, "authorize URL") {
		t.Fatalf("status: %#v", msg)
	}
}
