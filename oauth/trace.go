package oauth

import (
	"sync"
	"time"
	"unicode/utf8"

	"github.com/hsoauth/hsoauth/redact"
)

// TraceEvent is one step of a flow as the flow view, the sequence diagram, --verbose and the HAR export
// show it: an HTTP exchange of our client, or a front-channel step the browser took (authorize, consent,
// callback). URL, headers and bodies are already redacted and sanitised: no code, state, client secret,
// verifier or token appears unmasked.
type TraceEvent struct {
	Time     time.Time
	Step     Step
	From, To Party
	Method   string
	URL      string
	Status   int
	Duration time.Duration
	// RequestHeaders and ResponseHeaders are in the order they were sent; Authorization, cookies and
	// secret-bearing URLs (Location, Referer) are masked.
	RequestHeaders  []Header
	ResponseHeaders []Header
	RequestBody     string
	ResponseBody    string
	Err             string
	// Note says in plain words what happened when the wire alone does not (a consent decision read
	// from the callback, a step hsoauth played in the terminal).
	Note string
	// Inferred marks a step hsoauth did not see on the wire but reconstructed (the consent page's
	// redirect, read from the callback that followed it).
	Inferred bool
}

// Header is one HTTP header line.
type Header struct{ Name, Value string }

// Trace records the steps of a flow so users can see what OAuth actually sends, with every secret
// masked. It keeps the last limit events and fans new ones out to subscribers. Beside each masked event
// it keeps the unmasked original, only for an export the user explicitly asks to reveal. It is safe for
// concurrent use.
type Trace struct {
	mu      sync.Mutex
	limit   int
	events  []TraceEvent
	raw     []TraceEvent // the same events unmasked, for Revealed
	subs    map[int]chan TraceEvent
	nextSub int
	secrets *secretSet
}

// NewTrace makes a trace keeping at most limit events (at least 1), so a long session of API calls
// cannot grow memory without bound.
func NewTrace(limit int) *Trace {
	if limit < 1 {
		limit = 1
	}
	return &Trace{limit: limit, subs: map[int]chan TraceEvent{}, secrets: newSecretSet()}
}

// Events returns a copy of the recorded events, oldest first, secrets masked.
func (t *Trace) Events() []TraceEvent {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]TraceEvent(nil), t.events...)
}

// Revealed returns the recorded events with their secrets as they were sent, oldest first. It exists
// for one purpose: an export where the user asked for the secrets (--har-reveal, or the reveal choice
// of the TUI's export). Nothing shown on a screen or a log may come from it.
func (t *Trace) Revealed() []TraceEvent {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]TraceEvent(nil), t.raw...)
}

// Subscribe delivers each new event on the returned channel until the cancel function is called. A
// subscriber that falls behind misses events rather than stalling HTTP calls; Events still has them.
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

// Redact masks every secret this trace has been told about, plus the well-known secret fields, in an
// arbitrary string. Callers that print anything derived from HTTP traffic use it as a last line of
// defence.
func (t *Trace) Redact(s string) string {
	return t.secrets.scrub(s)
}

// AddSecret registers a value that must never appear in an event (a state or verifier the session
// made), so it is masked wherever it turns up.
func (t *Trace) AddSecret(s string) { t.secrets.add(s) }

// addSecret is AddSecret for the package's own callers.
func (t *Trace) addSecret(s string) { t.secrets.add(s) }

// Record adds a step that did not go through our HTTP client: the session's front-channel steps and
// the sandbox control panel's actions. It is masked like every other event.
func (t *Trace) Record(ev TraceEvent) { t.record(ev) }

func (t *Trace) record(ev TraceEvent) {
	if ev.Step == "" {
		ev.Step, ev.From, ev.To = Classify(ev.Method, ev.URL, ev.RequestBody)
	}
	raw := ev
	raw.RequestBody, raw.ResponseBody = cutBytes(ev.RequestBody, maxTraceBody), cutBytes(ev.ResponseBody, maxTraceBody)
	raw.RequestHeaders = append([]Header(nil), ev.RequestHeaders...)
	raw.ResponseHeaders = append([]Header(nil), ev.ResponseHeaders...)
	ev.URL = redact.Text(t.secrets.scrub(redactURL(ev.URL)), 2048)
	ev.RequestHeaders = t.maskHeaders(ev.RequestHeaders)
	ev.ResponseHeaders = t.maskHeaders(ev.ResponseHeaders)
	ev.RequestBody = redact.Text(t.secrets.scrub(redactBody(ev.RequestBody)), maxTraceBody)
	ev.ResponseBody = redact.Text(t.secrets.scrub(redactBody(ev.ResponseBody)), maxTraceBody)
	ev.Err = redact.Line(t.secrets.scrub(ev.Err))
	ev.Note = redact.Line(t.secrets.scrub(ev.Note))
	t.mu.Lock()
	defer t.mu.Unlock()
	t.events = append(t.events, ev)
	t.raw = append(t.raw, raw)
	if len(t.events) > t.limit {
		t.events = append(t.events[:0:0], t.events[len(t.events)-t.limit:]...)
		t.raw = append(t.raw[:0:0], t.raw[len(t.raw)-t.limit:]...)
	}
	for _, ch := range t.subs {
		select {
		case ch <- ev:
		default:
		}
	}
}

// maxTraceBody bounds the body text kept per event, masked and revealed alike, so the revealed copies
// cannot hold megabytes per step.
const maxTraceBody = 16 << 10

// cutBytes keeps at most n bytes of s, never splitting a UTF-8 sequence.
func cutBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
