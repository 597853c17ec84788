package sandbox

import (
	"sync"
	"time"
)

// Clock is the sandbox's notion of now. It follows real time but can be
// fast-forwarded, so a trainer can show an access token expiring or a code
// going stale without waiting half an hour. Safe for concurrent use.
type Clock struct {
	mu     sync.Mutex
	base   func() time.Time
	offset time.Duration
}

// NewClock returns a clock that follows real time until advanced.
func NewClock() *Clock { return &Clock{base: time.Now} }

// NewFixedClock returns a clock frozen at t that only moves when advanced,
// which makes tests and golden files deterministic.
func NewFixedClock(t time.Time) *Clock {
	return &Clock{base: func() time.Time { return t }}
}

// Now returns the sandbox time: real (or frozen) time plus every Advance.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.base().Add(c.offset)
}

// Advance fast-forwards the clock by d; negative values are ignored because
// HubSpot's clock never runs backwards either.
func (c *Clock) Advance(d time.Duration) {
	if d <= 0 {
		return
	}
	c.mu.Lock()
	c.offset += d
	c.mu.Unlock()
}

// Offset returns how far the clock has been fast-forwarded in total.
func (c *Clock) Offset() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.offset
}

// reset drops every fast-forward (the admin API's reset).
func (c *Clock) reset() {
	c.mu.Lock()
	c.offset = 0
	c.mu.Unlock()
}
