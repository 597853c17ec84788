package token

import (
	"testing"
	"time"
)

// BenchmarkTick is one countdown tick: Update with the tick message, then View (target < 200 µs).
func BenchmarkTick(b *testing.B) {
	for _, sz := range sizes {
		b.Run(sz.name, func(b *testing.B) {
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
