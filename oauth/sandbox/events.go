package sandbox

import (
	"strings"
	"sync"
	"time"

	"github.com/hsoauth/hsoauth/redact"
)

// eventRingSize bounds the recorded event log so a long session cannot grow
// memory without limit.
const eventRingSize = 1000

// Event is one entry of the sandbox's request log, shown live by the TUI and
// served by GET /_sandbox/events. Secrets in Path and Summary are masked.
type Event struct {
	Seq      int64         `json:"seq"`
	Time     time.Time     `json:"time"`
	Method   string        `json:"method"`
	Path     string        `json:"path"`
	Endpoint Endpoint      `json:"endpoint"`
	Status   int           `json:"status"`
	Duration time.Duration `json:"duration_ns"`
	Summary  string        `json:"summary"`
}

// eventLog is a bounded ring plus fan-out to live subscribers.
type eventLog struct {
	mu   sync.Mutex
	seq  int64
	ring []Event
	next int
	subs map[int]chan Event
	sid  int
}

func newEventLog() *eventLog { return &eventLog{subs: map[int]chan Event{}} }

// add stamps e with a sequence number, stores it and offers it to every
// subscriber without blocking (a slow reader misses events, never stalls
// the server).
func (l *eventLog) add(e Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seq++
	e.Seq = l.seq
	if len(l.ring) < eventRingSize {
		l.ring = append(l.ring, e)
	} else {
		l.ring[l.next] = e
		l.next = (l.next + 1) % eventRingSize
	}
	for _, ch := range l.subs {
		select {
		case ch <- e:
		default:
		}
	}
}

// all returns the recorded events, oldest first.
func (l *eventLog) all() []Event {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]Event, 0, len(l.ring))
	out = append(out, l.ring[l.next:]...)
	return append(out, l.ring[:l.next]...)
}

// subscribe registers a buffered channel; the returned func unsubscribes
// and closes it, and is safe to call more than once.
func (l *eventLog) subscribe() (<-chan Event, func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sid++
	id := l.sid
	ch := make(chan Event, 256)
	l.subs[id] = ch
	return ch, func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		if c, ok := l.subs[id]; ok {
			delete(l.subs, id)
			close(c)
		}
	}
}

// closeAll ends every subscription (server shutdown).
func (l *eventLog) closeAll() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for id, c := range l.subs {
		delete(l.subs, id)
		close(c)
	}
}

// maskPath hides the token that v1 endpoints carry in their path.
func maskPath(p string) string {
	for _, prefix := range []string{"/oauth/v1/access-tokens/", "/oauth/v1/refresh-tokens/"} {
		if rest, ok := strings.CutPrefix(p, prefix); ok && rest != "" {
			return prefix + redact.Mask(rest)
		}
	}
	return redact.Cut(p, 120)
}
