// Package uitest holds what the screens' tests share: key messages by name, and running a command tree
// the way Bubble Tea would, without a program. Only tests import it.
package uitest

import (
	"os"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// named are the keys tests refer to by name; anything else is typed as runes.
var named = map[string]tea.KeyMsg{
	"enter":     {Type: tea.KeyEnter},
	"esc":       {Type: tea.KeyEsc},
	"up":        {Type: tea.KeyUp},
	"down":      {Type: tea.KeyDown},
	"pgdown":    {Type: tea.KeyPgDown},
	"pgup":      {Type: tea.KeyPgUp},
	"backspace": {Type: tea.KeyBackspace},
	"tab":       {Type: tea.KeyTab},
	"space":     {Type: tea.KeySpace, Runes: []rune{' '}},
}

// Key is the key message for a name such as "enter" or "esc", or the typed runes of k.
func Key(k string) tea.KeyMsg {
	if msg, ok := named[k]; ok {
		return msg
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
}

// Run executes cmd and every command batched inside it, and returns the messages they produce. A
// command that takes longer than wait (a timer: a tick, a cursor blink) is dropped: it is not a result.
func Run(cmd tea.Cmd, wait time.Duration) []tea.Msg {
	if cmd == nil {
		return nil
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-ch:
	case <-time.After(wait):
		return nil
	}
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, Run(c, wait)...)
		}
		return out
	}
	if msg == nil {
		return nil
	}
	return []tea.Msg{msg}
}

// Profile is a colour profile the benchmarks render in.
type Profile struct {
	Name    string
	Profile termenv.Profile
}

// Profiles are the terminals the benchmarks measure: no colour, 256 colours and truecolor. UI tests force
// Ascii so goldens stay plain; benchmarks must also see the colour conversions real terminals pay for.
var Profiles = []Profile{{"ascii", termenv.Ascii}, {"256", termenv.ANSI256}, {"truecolor", termenv.TrueColor}}

// UseProfile makes lipgloss render in profile p on a dark background until the test or benchmark ends,
// then puts Ascii back.
func UseProfile(tb testing.TB, p termenv.Profile) {
	tb.Helper()
	lipgloss.SetColorProfile(p)
	lipgloss.SetHasDarkBackground(true)
	tb.Cleanup(func() { lipgloss.SetColorProfile(termenv.Ascii) })
}

// Deadline is how long a test waits for something that will happen, at most: base on a developer's
// machine, and at least a minute (three times base if more) in CI, whose 2-core machine runs the whole suite
// with -race beside other builds. Every wait in the end-to-end, screenshot and subprocess tests goes
// through it, always polling a condition, so a fast machine never waits the whole deadline.
func Deadline(base time.Duration) time.Duration {
	if os.Getenv("CI") == "true" {
		return max(3*base, time.Minute)
	}
	return base
}
