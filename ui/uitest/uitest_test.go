package uitest

import (
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

func TestKeyAndRun(t *testing.T) {
	if Key("enter").Type != tea.KeyEnter || Key("x").String() != "x" || Key("space").String() != " " {
		t.Fatal("Key")
	}
	quick := func() tea.Msg { return "a" }
	slow := func() tea.Msg { time.Sleep(200 * time.Millisecond); return "slow" }
	got := Run(tea.Batch(quick, slow, tea.Batch(quick, nil)), 50*time.Millisecond)
	if len(got) != 2 || got[0] != "a" || got[1] != "a" {
		t.Fatalf("Run = %v, want the two quick results and no timer", got)
	}
}
