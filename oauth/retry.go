package oauth

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// retryPolicy is the backoff for safe calls only (introspection and API
// GETs). Code exchange and revocation never go through it: a code is
// single-use, and a replayed write is not ours to risk.
type retryPolicy struct {
	max  int
	base time.Duration
	cap  time.Duration
}

// maxRetryAfter is the longest a safe call ever waits to retry (H5): a
// Retry-After beyond it (or beyond the policy's cap) ends the call at once
// with the server's answer, so a day-long value never freezes the terminal.
const maxRetryAfter = 60 * time.Second

// retryAfterCeiling bounds what parseRetryAfter believes, so an absurd value
// cannot overflow the reset time shown to the user.
const retryAfterCeiling = 7 * 24 * time.Hour

// dailyAfter is the Retry-After from which a 429 is treated as a daily limit
// even without policyName DAILY: no burst limit lasts an hour.
const dailyAfter = time.Hour

// doSafe sends an idempotent request, retrying on 429, 5xx (except 501) and
// transport errors with capped exponential backoff and full jitter, honouring
// Retry-After. newReq builds a fresh request each attempt so bodies replay.
func (c *Client) doSafe(ctx context.Context, newReq func() (*http.Request, error)) (*http.Response, error) {
	hc := c.httpClient()
	for attempt := 0; ; attempt++ {
		req, err := newReq()
		if err != nil {
			return nil, err
		}
		resp, err := hc.Do(req)
		if attempt >= c.retry.max || ctx.Err() != nil || !retryable(resp, err) {
			return resp, err
		}
		wait := c.retry.backoff(attempt)
		if resp != nil {
			ra, stop := c.rateLimitWait(resp)
			if stop {
				return resp, nil // the caller reports the 429 with its reset time
			}
			if ra >= 0 {
				wait = ra
			}
			drain(resp)
		}
		if err := sleepCtx(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// rateLimitWait reads a 429's Retry-After: the exact wait (-1 when there is
// none), or stop when it is a daily limit or asks for longer than this
// client waits. The body is peeked for policyName and put back for the caller.
func (c *Client) rateLimitWait(resp *http.Response) (wait time.Duration, stop bool) {
	ra, ok := parseRetryAfter(resp.Header.Get("Retry-After"), c.now())
	if !ok {
		ra = -1
	}
	if resp.StatusCode != http.StatusTooManyRequests {
		return min(ra, c.retry.cap, maxRetryAfter), false
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	_ = resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if strings.EqualFold(DecodeError(resp.StatusCode, body).Policy, "DAILY") || resp.Header.Get("X-HubSpot-RateLimit-Daily-Remaining") == "0" {
		return 0, true
	}
	if ra >= dailyAfter || ra > min(c.retry.cap, maxRetryAfter) {
		return 0, true
	}
	return ra, false
}

// retryable says whether an attempt may be repeated.
func retryable(resp *http.Response, err error) bool {
	if err != nil {
		var cert *tls.CertificateVerificationError
		if errors.Is(err, context.Canceled) || errors.As(err, &cert) {
			return false
		}
		var ne net.Error
		return (errors.As(err, &ne) && ne.Timeout()) || isConnError(err)
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		// A spent daily budget will not come back in seconds.
		return resp.Header.Get("X-HubSpot-RateLimit-Daily-Remaining") != "0"
	}
	return resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented
}

func isConnError(err error) bool {
	s := err.Error()
	return strings.Contains(s, "connection refused") || strings.Contains(s, "connection reset") || strings.Contains(s, "EOF")
}

// backoff is full jitter over an exponentially growing, capped window.
func (p retryPolicy) backoff(attempt int) time.Duration {
	window := p.base << min(attempt, 30)
	if window <= 0 || window > p.cap {
		window = p.cap
	}
	if window <= 0 {
		return 0
	}
	var b [8]byte
	_, _ = rand.Read(b[:])
	return time.Duration(binary.LittleEndian.Uint64(b[:]) % uint64(window+1))
}

// parseRetryAfter reads delta-seconds or an HTTP-date (RFC 9110 §10.2.3).
// Negative or unparsable values are ignored (ok false); dates in the past
// mean "now". The result is exact, never negative and never above
// retryAfterCeiling; how long to actually wait is decided by the caller.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		if n > int64(retryAfterCeiling/time.Second) {
			return retryAfterCeiling, true
		}
		return time.Duration(n) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	d := t.Sub(now)
	return max(0, min(d, retryAfterCeiling)), true
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// drain discards a bounded amount of an unwanted body so the connection can
// be reused, then closes it.
func drain(resp *http.Response) {
	buf := make([]byte, 4096)
	for n := 0; n < 64<<10; {
		k, err := resp.Body.Read(buf)
		n += k
		if err != nil {
			break
		}
	}
	_ = resp.Body.Close()
}
