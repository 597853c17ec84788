package oauth

import (
	"sync"
	"time"

	"github.com/hsoauth/hsoauth/redact"
)

// TraceEvent is one HTTP exchange of a flow as the flow view and --verbose
// show it. URL and bodies are already redacted and sanitised: no code, state,
// client secret, verifier or token appears unmasked.
type TraceEvent struct {
	Time         time.Time
	Method       string
	URL          string
	Status       int
	Duration     time.Duration
	RequestBody  string
	ResponseBody string
	Err          string
}

// Trace records the HTTP exchanges of a flow so users can see what OAuth
// actually sends, with every secret masked. It keeps the last limit events
// and fans new ones out to subscribers. It is safe for concurrent use.
type Trace struct {
	mu      sync.Mutex
	limit   int
	events  []TraceEvent
	subs    map[int]chan TraceEvent
	nextSub int
	secrets *secretSet
}

// NewTrace makes a trace keeping at most limit events (at least 1), so a long
// session of API calls cannot grow memory without bound.
func NewTrace(limit int) *Trace {
	if limit < 1 {
		limit = 1
	}
	return &Trace{limit: limit, subs: map[int]chan TraceEvent{}, secrets: newSecretSet()}
}

// Events returns a copy of the recorded events, oldest first.
func (t *Trace) Events() []TraceEvent {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]TraceEvent(nil), t.events...)
}

// Subscribe delivers each new event on the returned channel until the cancel
// function is called. A subscriber that falls behind misses events rather
// than stalling HTTP calls; Events still has them.
func (t *Trace) Subscribe() (<-chan TraceEvent, func()) {
	t.mu.Lock()
	defer t.mu.Unlock()
	id := t.nextSub
	t.nextSub++
	ch := make(chan TraceEvent, 64)
	t.subs[id] = ch
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			t.mu.Lock()
			delete(t.subs, id)
			t.mu.Unlock()
			close(ch)
		})
	}
}

// Redact masks every secret this trace has been told about, plus the
// well-known secret fields, in an arbitrary string. Callers that print
// anything derived from HTTP traffic use it as a last line of defence.
func (t *Trace) Redact(s string) string {
	return t.secrets.scrub(s)
}

// addSecret registers a value that must never appear in an event.
func (t *Trace) addSecret(s string) { t.secrets.add(s) }

func (t *Trace) record(ev TraceEvent) {
	ev.URL = redact.Text(t.secrets.scrub(redactURL(ev.URL)), 2048)
	ev.RequestBody = redact.Text(t.secrets.scrub(redactBody(ev.RequestBody)), maxTraceBody)
	ev.ResponseBody = redact.Text(t.secrets.scrub(redactBody(ev.ResponseBody)), maxTraceBody)
	ev.Err = redact.Line(t.secrets.scrub(ev.Err))
	t.mu.Lock()
	defer t.mu.Unlock()
	t.events = append(t.events, ev)
	if len(t.events) > t.limit {
		t.events = append(t.events[:0:0], t.events[len(t.events)-t.limit:]...)
	}
	for _, ch := range t.subs {
		select {
		case ch <- ev:
		default:
		}
	}
}

// maxTraceBody bounds the body text kept per event.
const maxTraceBody = 16 << 10
