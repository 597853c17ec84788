package trace

import (
	"testing"
	"time"
)

// TestOrderDoesNotDependOnArrival: with a still clock every event has the same time; the list must come
// out the same whichever feed delivered first (screenshots and tests depend on it).
func TestOrderDoesNotDependOnArrival(t *testing.T) {
	at := time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)
	s1, s2 := entry{at: at, sim: true, target: "s1"}, entry{at: at, sim: true, target: "s2"}
	h1, h2 := entry{at: at, target: "h1"}, entry{at: at, target: "h2"}
	orders := [][]entry{{s1, s2, h1, h2}, {h1, s1, h2, s2}, {h1, h2, s1, s2}, {s1, h1, s2, h2}}
	want := ""
	for _, arrival := range orders {
		var all []entry
		for _, e := range arrival {
			all, _ = insert(all, e)
		}
		got := ""
		for _, e := range all {
			got += e.target + " "
		}
		if want == "" {
			want = got
		}
		if got != want {
			t.Fatalf("arrival %v gave %q, another gave %q", arrival, got, want)
		}
	}
}
