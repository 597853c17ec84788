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
