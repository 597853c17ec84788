package sandbox

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// At the cap the oldest entry goes, in order, and whoever presents it gets
// HubSpot's answer for a dead credential while the event log says why.
func TestTablesEvictTheOldestAtTheCap(t *testing.T) {
	f := newFixture(t, Options{MaxEntries: 3})
	var refresh []string
	for range 4 {
		refresh = append(refresh, f.tokens(demoQuery(), HubFree).RefreshToken)
	}
	wantOAuthError(t, f.refresh(versionV3, refresh[0]), versionV3, "BAD_REFRESH_TOKEN")
	for _, rt := range refresh[1:] {
		if w := f.refresh(versionV3, rt); w.Code != 200 {
			t.Fatalf("newer refresh token refused: %d", w.Code)
		}
	}
	evs := f.s.Events()
	var last string
	for _, e := range evs {
		if strings.Contains(e.Summary, "BAD_REFRESH_TOKEN") {
			last = e.Summary
		}
	}
	if !strings.Contains(last, "has forgotten the 1 oldest") {
		t.Errorf("event log does not say why: %q", last)
	}
	if c := f.s.st.counts(); c["refresh_tokens"] != 3 || c["access_tokens"] != 3 || c["evicted"] == 0 {
		t.Errorf("counts: %v", c)
	}
	// A flood of authorize calls pushes out only the oldest pending pages: the newest login still works.
	for range 10 {
		f.authorize("/oauth/authorize", demoQuery())
	}
	f.code(demoQuery(), HubFree)
}

// The table drops entries by age in insertion order, keeps its queue
// within a constant factor of its live entries, and survives deletes.
func TestTableExpiryAndCompaction(t *testing.T) {
	tb := newTable(1000, func(v *int) time.Time { return epoch.Add(time.Duration(*v) * time.Second) })
	for i := range 900 {
		v := i
		tb.put(strconv.Itoa(i), &v, epoch)
	}
	for i := 0; i < 900; i += 2 {
		tb.del(strconv.Itoa(i))
	}
	if tb.len() != 450 || len(tb.q)-tb.head > 2*tb.len()+256 {
		t.Fatalf("after deletes: len %d, queue %d", tb.len(), len(tb.q)-tb.head)
	}
	v := 0
	tb.put("late", &v, epoch.Add(500*time.Second))     // sweeps everything that expired by then
	if _, ok := tb.get("499"); ok || tb.len() != 201 { // 200 odd ones from 501 on, and "late"
		t.Errorf("after sweep: len %d", tb.len())
	}
	if _, ok := tb.get("501"); !ok {
		t.Error("an unexpired entry was dropped")
	}
}
