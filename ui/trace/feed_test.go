package trace

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/hsoauth/hsoauth/oauth/sandbox"
)

// simEvents makes sandbox events with the given sequence numbers, one millisecond apart, after the fixed
// flow's steps.
func simEvents(seqs ...int64) []sandbox.Event {
	evs := make([]sandbox.Event, len(seqs))
	for i, s := range seqs {
		evs[i] = sandbox.Event{Seq: s, Time: t0.Add(2*time.Second + time.Duration(s)*time.Millisecond), Method: "GET",
			Path: "/crm/v3/objects/contacts", Status: 200, Summary: fmt.Sprintf("request %d", s)}
	}
	return evs
}

// TestBatchCountsGaps takes a batch with holes in its sequence numbers: the missing events are counted
// and the header says so.
func TestBatchCountsGaps(t *testing.T) {
	m := fixed(120, 37) // its one simulator event is #1
	m, _ = m.Update(simBatchMsg{from: m.f, evs: simEvents(2, 3, 7, 8, 20)})
	if m.dropped != 3+11 {
		t.Fatalf("dropped %d, want 14 (4-6 and 9-19)", m.dropped)
	}
	if got := m.all[m.selected()].target; got != "request 20" {
		t.Fatalf("the cursor must follow the newest entry, on %q", got)
	}
	if v := m.View(); !strings.Contains(v, "14 events dropped") {
		t.Fatalf("the header does not count the dropped events:\n%s", v)
	}
}

// TestBatchCapsTheList feeds more events than the list keeps: it stays at maxEntries, the oldest go and
// are counted, and a highlighted entry that survives stays highlighted.
func TestBatchCapsTheList(t *testing.T) {
	m := fixed(120, 37)
	seqs := make([]int64, maxEntries)
	for i := range seqs {
		seqs[i] = int64(i + 2)
	}
	m, _ = m.Update(simBatchMsg{from: m.f, evs: simEvents(seqs...)})
	m, _ = press(m, "k") // leave the newest, so the cursor no longer follows
	held := m.all[m.selected()].target
	m, _ = m.Update(simBatchMsg{from: m.f, evs: simEvents(int64(maxEntries+2), int64(maxEntries+3))})
	if len(m.all) != maxEntries {
		t.Fatalf("the list has %d entries, want the cap %d", len(m.all), maxEntries)
	}
	if want := int64(3 + 2); m.dropped != want { // the fixed flow's three, then two more
		t.Fatalf("dropped %d, want %d", m.dropped, want)
	}
	if got := m.all[m.selected()].target; got != held {
		t.Fatalf("the highlighted entry moved from %q to %q", held, got)
	}
}

// TestGatherBatches delivers everything that arrived while the first event waited, as one batch.
func TestGatherBatches(t *testing.T) {
	ch := make(chan sandbox.Event, 8)
	for _, ev := range simEvents(1, 2, 3) {
		ch <- ev
	}
	if got := gather(ch, make(chan struct{})); len(got) != 3 {
		t.Fatalf("gathered %d events, want 3", len(got))
	}
	done := make(chan struct{})
	close(done)
	if got := gather(ch, done); got != nil {
		t.Fatalf("a closed feed must give nothing, got %d events", len(got))
	}
	close(ch)
	if got := gather(ch, make(chan struct{})); got != nil {
		t.Fatalf("a closed channel must give nothing, got %d events", len(got))
	}
}

// TestGoldenDropped is the trace screen after the feed lost events.
func TestGoldenDropped(t *testing.T) {
	for _, sz := range []struct {
		name string
		w, h int
	}{{"80x24", 80, 21}, {"120x40", 120, 37}} {
		t.Run(sz.name, func(t *testing.T) {
			m := fixed(sz.w, sz.h)
			m, _ = m.Update(simBatchMsg{from: m.f, evs: simEvents(5)})
			golden.RequireEqual(t, []byte(m.View()))
		})
	}
}
