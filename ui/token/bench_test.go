package token

import (
	"testing"
	"time"

	"github.com/hsoauth/hsoauth/ui/uitest"
)

// BenchmarkTick is one countdown tick: Update with the tick message, then View (target < 200 µs), at both
// sizes, in Ascii, 256 colours and truecolor.
//
//	go test -run '^$' -bench Tick ./ui/token/
func BenchmarkTick(b *testing.B) {
	for _, p := range uitest.Profiles {
		for _, sz := range sizes {
			b.Run(p.Name+"/"+sz.name, func(b *testing.B) {
				uitest.UseProfile(b, p.Profile)
				m, _ := withToken(b, sz.w, sz.h)
				now := t0.Add(15 * time.Minute)
				b.ReportAllocs()
				for i := 0; b.Loop(); i++ {
					m, _ = m.Update(tickMsg{id: m.id, tag: m.tag, now: now.Add(time.Duration(i%600) * time.Second)})
					_ = m.View()
				}
			})
		}
	}
}

// BenchmarkTryFilterKeystroke is one keystroke in the try-it picker: the filter over every documented
// endpoint and a frame. It also times countdown ticks (update + frame) on the same model in the same run
// and reports the keystroke's cost as a multiple of one tick (tick-ratio), so the figure holds on any
// machine.
func BenchmarkTryFilterKeystroke(b *testing.B) {
	m, _ := withToken(b, 120, 37)
	m, _ = press(m, "t")
	keys := []string{"c", "r", "m", "/", "v", "3"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if i%len(keys) == 0 {
			m.try.filter.SetValue("")
		}
		m, _ = press(m, keys[i%len(keys)])
		_ = m.View()
	}
	per := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	m, _ = press(m, "esc")
	const ticks = 10000
	start := time.Now()
	for i := range ticks {
		m, _ = m.Update(tickMsg{id: m.id, tag: m.tag, now: t0.Add(15*time.Minute + time.Duration(i%600)*time.Second)})
		_ = m.View()
	}
	b.ReportMetric(per/(float64(time.Since(start).Nanoseconds())/ticks), "tick-ratio")
}
