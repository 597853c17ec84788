package sandbox

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// HubSpot's burst limit for an OAuth app in one account: 110 requests per
// rolling 10 seconds (its usage guidelines for 2026). OAuth calls carry
// X-HubSpot-RateLimit-* headers but not the Daily ones, which HubSpot
// sends only to private apps.
const (
	rateInterval = 10 * time.Second
	rateMax      = 110
	// rateSecondly is what HubSpot's Secondly header reports beside it.
	rateSecondly = rateMax / 10
	// searchPerSecond is the CRM search API's own limit (hubspot-oauth.md §5).
	searchPerSecond = 4
)

// rateWindow counts one install's calls in the current 10-second window of
// the sandbox clock.
type rateWindow struct {
	start    time.Time
	n        int
	secStart time.Time
	secN     int
}

// rateLimits holds a window per app and portal; the set is bounded by the
// apps times the portals.
type rateLimits struct {
	mu     sync.Mutex
	m      map[installKey]*rateWindow
	search map[installKey]*rateWindow // the search API's per-second window (its n and start)
}

// countSearch records one search call and reports whether it is within
// the search API's per-second limit.
func (rl *rateLimits) countSearch(key installKey, now time.Time) bool {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	if rl.search == nil {
		rl.search = map[installKey]*rateWindow{}
	}
	w := rl.search[key]
	if w == nil || now.Sub(w.start) >= time.Second || now.Before(w.start) {
		w = &rateWindow{start: now}
		rl.search[key] = w
	}
	w.n++
	return w.n <= searchPerSecond
}

// count records one call and returns what is left in the 10-second and
// the one-second window, and whether this call is past the window's budget
// (the 110th call of a window is allowed and leaves 0).
func (rl *rateLimits) count(key installKey, now time.Time) (remaining, secondly int, over bool) {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	if rl.m == nil {
		rl.m = map[installKey]*rateWindow{}
	}
	w := rl.m[key]
	if w == nil {
		w = &rateWindow{start: now, secStart: now}
		rl.m[key] = w
	}
	if now.Sub(w.start) >= rateInterval || now.Before(w.start) {
		w.start, w.n = now, 0
	}
	if now.Sub(w.secStart) >= time.Second || now.Before(w.secStart) {
		w.secStart, w.secN = now, 0
	}
	w.n++
	w.secN++
	return max(rateMax-w.n, 0), max(rateSecondly-w.secN, 0), w.n > rateMax
}

// rateHeaders counts an authenticated API call and sets HubSpot's headers;
// with Options.EnforceRateLimits a call past the window's budget, or a CRM
// search past 4 a second, gets the 429 HubSpot sends (it reports false
// after writing it).
func (s *Server) rateHeaders(w http.ResponseWriter, r *http.Request, tok *accessToken) bool {
	now := s.clock.Now()
	remaining, secondly, over := s.rates.count(keyOf(tok.install), now)
	setRateHeaders(w.Header(), remaining, secondly)
	if !s.opts.EnforceRateLimits {
		return true
	}
	if over {
		writeRateLimited(w, policyTenSecondly, 0, now)
		return false
	}
	if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/search") && !s.rates.countSearch(keyOf(tok.install), now) {
		writeRateLimited(w, policySecondly, 0, now)
		return false
	}
	return true
}

func setRateHeaders(h http.Header, remaining, secondly int) {
	h.Set("X-HubSpot-RateLimit-Interval-Milliseconds", strconv.Itoa(int(rateInterval/time.Millisecond)))
	h.Set("X-HubSpot-RateLimit-Max", strconv.Itoa(rateMax))
	h.Set("X-HubSpot-RateLimit-Remaining", strconv.Itoa(remaining))
	h.Set("X-HubSpot-RateLimit-Secondly", strconv.Itoa(rateSecondly))
	h.Set("X-HubSpot-RateLimit-Secondly-Remaining", strconv.Itoa(secondly))
}

// RateLimitPolicy names the HubSpot limit a 429 reports in policyName.
type RateLimitPolicy string

// The policies HubSpot's 429 bodies name.
const (
	policySecondly    RateLimitPolicy = "SECONDLY"
	policyTenSecondly RateLimitPolicy = "TEN_SECONDLY_ROLLING"
	policyDaily       RateLimitPolicy = "DAILY"
)

// validPolicy reports whether p is one the sandbox can answer ("" is SECONDLY).
func validPolicy(p RateLimitPolicy) bool {
	switch p {
	case "", policySecondly, policyTenSecondly, policyDaily:
		return true
	}
	return false
}

// writeRateLimited answers HubSpot's 429 for a policy, with Retry-After
// (retry 0 picks the policy's natural wait: 1 s, 10 s, or until midnight
// for DAILY, which is what a client must wait before the budget returns).
func writeRateLimited(w http.ResponseWriter, p RateLimitPolicy, retry time.Duration, now time.Time) int {
	if p == "" {
		p = policySecondly
	}
	word := map[RateLimitPolicy]string{policySecondly: "secondly", policyTenSecondly: "ten_secondly_rolling", policyDaily: "daily"}[p]
	secs := int(retry / time.Second)
	if secs <= 0 {
		secs = map[RateLimitPolicy]int{policySecondly: 1, policyTenSecondly: 10, policyDaily: untilMidnight(now)}[p]
	}
	h := w.Header()
	h.Set("Retry-After", strconv.Itoa(secs))
	if p != policyDaily {
		setRateHeaders(h, 0, 0)
	}
	writeJSON(w, http.StatusTooManyRequests, map[string]any{
		"status": "error", "message": fmt.Sprintf("You have reached your %s limit.", word),
		"errorType": "RATE_LIMIT", "correlationId": newCorrelationID(), "policyName": string(p),
		"requestId": newUUID(),
	})
	return secs
}

// untilMidnight is the seconds to the next midnight in the sandbox
// portals' time zone (US/Eastern, as account details report).
func untilMidnight(t time.Time) int {
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		loc = time.FixedZone("EST", -5*3600)
	}
	now := t.In(loc)
	next := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, loc)
	return int(next.Sub(now)/time.Second) + 1
}
