package sandbox

import "time"

// table is a map whose entries leave in insertion order: by age (each entry's
// dropAt time, which must not decrease from one insertion to the next) or,
// when the table holds max entries, oldest first. A FIFO queue beside the
// map makes both amortised O(1): no operation ever scans the whole table.
type table[V any] struct {
	m      map[string]*slot[V]
	q      []*slot[V] // insertion order; entries replaced or deleted stay until popped or compacted
	head   int
	max    int
	dropAt func(*V) time.Time // zero: never drops by age
	// evicted counts live entries pushed out by the cap, for the admin state.
	evicted int
}

// slot is one insertion; the map points at the newest slot of a key, so an
// older queue entry for the same key is recognisably stale.
type slot[V any] struct {
	key string
	v   *V
}

func newTable[V any](max int, dropAt func(*V) time.Time) *table[V] {
	return &table[V]{m: map[string]*slot[V]{}, max: max, dropAt: dropAt}
}

func (t *table[V]) len() int { return len(t.m) }

func (t *table[V]) get(key string) (*V, bool) {
	s, ok := t.m[key]
	if !ok {
		return nil, false
	}
	return s.v, true
}

// put stores v under key after dropping what has aged out; if the table is
// still full it evicts the oldest entries and reports how many.
func (t *table[V]) put(key string, v *V, now time.Time) int {
	t.sweep(now)
	n := 0
	for len(t.m) >= t.max && t.popOldest() {
		n++
	}
	t.evicted += n
	s := &slot[V]{key: key, v: v}
	t.m[key] = s
	t.q = append(t.q, s)
	return n
}

// del removes key and returns what it held.
func (t *table[V]) del(key string) (*V, bool) {
	s, ok := t.m[key]
	if !ok {
		return nil, false
	}
	delete(t.m, key)
	t.compact()
	return s.v, true
}

// sweep drops entries whose dropAt has passed, oldest first, stopping at
// the first one still current.
func (t *table[V]) sweep(now time.Time) {
	for t.head < len(t.q) {
		s := t.q[t.head]
		if t.m[s.key] == s {
			at := t.dropAt(s.v)
			if at.IsZero() || now.Before(at) {
				break
			}
			delete(t.m, s.key)
		}
		t.q[t.head] = nil
		t.head++
	}
	t.compact()
}

// popOldest removes the oldest live entry; false when there is none.
func (t *table[V]) popOldest() bool {
	for t.head < len(t.q) {
		s := t.q[t.head]
		t.q[t.head] = nil
		t.head++
		if t.m[s.key] == s {
			delete(t.m, s.key)
			return true
		}
	}
	return false
}

// compact keeps the queue within a constant factor of the live entries:
// the popped prefix is cut once it is half the slice, and stale entries
// are filtered out once they outnumber the live ones. Each costs O(n)
// after at least n/2 cheap operations, so O(1) amortised.
func (t *table[V]) compact() {
	const floor = 256
	if t.head > floor && t.head*2 > len(t.q) {
		t.q = append(make([]*slot[V], 0, len(t.q)-t.head+floor), t.q[t.head:]...)
		t.head = 0
	}
	if pending := len(t.q) - t.head; pending > floor && pending > 2*len(t.m) {
		kept := make([]*slot[V], 0, len(t.m)+floor)
		for _, s := range t.q[t.head:] {
			if t.m[s.key] == s {
				kept = append(kept, s)
			}
		}
		t.q, t.head = kept, 0
	}
}
