package token

import (
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/hsoauth/hsoauth/ui/common"
	"github.com/hsoauth/hsoauth/ui/uitest"
)

// BenchmarkIdleBytes is the token screen left alone: one countdown tick a second, drawn by Bubble Tea's own
// renderer (alternate screen, 120x40, three static chrome lines around the screen) into a counting writer.
// Beside it runs the floor, a Bubble Tea program whose 40-line frame is a bare mm:ss countdown: B/s is what
// the token screen writes per second, floor-B/s the floor's, x-floor their ratio. The goal is 100 B/s.
//
//	go test -run '^$' -bench IdleBytes ./ui/token/
func BenchmarkIdleBytes(b *testing.B) {
	for _, p := range uitest.Profiles {
		b.Run(p.Name, func(b *testing.B) {
			uitest.UseProfile(b, p.Profile)
			var clock atomic.Int64 // the fake app clock, as Unix nanoseconds
			start := t0.Add(15 * time.Minute)
			clock.Store(start.UnixNano())
			now := func() time.Time { return time.Unix(0, clock.Load()).UTC() }
			m := New(newCommon(120, 37, now), Deps{})
			m, _ = m.Update(common.TokenMsg{Record: fixedRecord(), Requested: fixedSelection()})
			ours := runIdle(b, chromed{m})
			floor := runIdle(b, countdownOnly{})
			var oursB, floorB int
			for i := 0; i <= b.N; i++ { // tick 0 warms up: it also flushes the repaint after the size message
				clock.Store(start.Add(time.Duration(i) * time.Second).UnixNano())
				at := now()
				want := countdown(fixedRecord().ExpiresAt.Sub(at))
				o := ours.frame(b, tickMsg{id: m.id, tag: m.tag, now: at}, want)
				f := floor.frame(b, floorTick(at), want)
				if i == 0 {
					b.ResetTimer()
					continue
				}
				oursB, floorB = oursB+o, floorB+f
			}
			b.StopTimer()
			b.ReportMetric(float64(oursB)/float64(b.N), "B/s")
			b.ReportMetric(float64(floorB)/float64(b.N), "floor-B/s")
			b.ReportMetric(float64(oursB)/float64(floorB), "x-floor")
		})
	}
}

// chromed is the token screen with three static lines standing for the root's title, status and help bars.
type chromed struct{ m Model }

func (c chromed) Init() tea.Cmd { return nil }

func (c chromed) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	c.m, cmd = c.m.Update(msg)
	return c, cmd
}

func (c chromed) View() string {
	return "hsoauth · Token\n" + c.m.View() + "\nsandbox · profile sandbox\nq quit · ? help"
}

// countdownOnly is the floor: 39 blank lines and a countdown, "--:--" until the first tick.
type countdownOnly struct{ at time.Time }

type floorTick time.Time

func (c countdownOnly) Init() tea.Cmd { return nil }

func (c countdownOnly) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if t, ok := msg.(floorTick); ok {
		c.at = time.Time(t)
	}
	return c, nil
}

func (c countdownOnly) View() string {
	if c.at.IsZero() {
		return strings.Repeat("\n", 39) + "--:--"
	}
	return strings.Repeat("\n", 39) + countdown(fixedRecord().ExpiresAt.Sub(c.at))
}

// idleRun is a Bubble Tea program writing into a counter.
type idleRun struct {
	p *tea.Program
	w *countingWriter
}

func runIdle(b *testing.B, m tea.Model) *idleRun {
	w := &countingWriter{changed: make(chan struct{})}
	p := tea.NewProgram(m, tea.WithOutput(w), tea.WithInput(nil), tea.WithAltScreen(), tea.WithoutSignalHandler())
	done := make(chan struct{})
	go func() { _, _ = p.Run(); close(done) }()
	b.Cleanup(func() { p.Quit(); <-done })
	p.Send(tea.WindowSizeMsg{Width: 120, Height: 40})
	return &idleRun{p: p, w: w}
}

// frame sends msg and waits until the renderer has written a frame showing want; it returns the bytes
// written meanwhile.
func (r *idleRun) frame(b *testing.B, msg tea.Msg, want string) int {
	before := r.w.size()
	r.p.Send(msg)
	deadline := time.After(10 * time.Second)
	for {
		out, ch := r.w.since(before)
		if strings.Contains(out, want) {
			return len(out)
		}
		select {
		case <-ch:
		case <-deadline:
			b.Fatalf("no frame showing %q within 10 s", want)
		}
	}
}

// countingWriter keeps what a program writes to its terminal.
type countingWriter struct {
	mu      sync.Mutex
	out     []byte
	changed chan struct{}
}

func (w *countingWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.out = append(w.out, p...)
	close(w.changed)
	w.changed = make(chan struct{})
	return len(p), nil
}

// since is what was written from offset from on, and a channel closed at the next write.
func (w *countingWriter) since(from int) (string, chan struct{}) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return string(w.out[from:]), w.changed
}

// size is how much was written so far.
func (w *countingWriter) size() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.out)
}
