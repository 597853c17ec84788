package oauth

import (
	"context"
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// stubServer answers every request with handler and counts requests.
func stubServer(t *testing.T, handler http.HandlerFunc) (*httptest.Server, *atomic.Int32) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		handler(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func stubClient(t *testing.T, base string, v APIVersion, opts ...ClientOption) *Client {
	t.Helper()
	opts = append([]ClientOption{WithRetry(3, time.Millisecond, 5*time.Millisecond)}, opts...)
	c, err := NewClient(Environment{AppBase: base, APIBase: base, Version: v},
		App{ClientID: testClientID, ClientSecret: testClientSecret, RedirectURI: testRedirect, PKCE: true}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestR5_ExchangeNeverRetried(t *testing.T) {
	srv, n := stubServer(t, func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(300 * time.Millisecond)
		_, _ = w.Write([]byte(`{"access_token":"late","expires_in":1800}`))
	})
	c := stubClient(t, srv.URL, V202603, WithHTTPClient(&http.Client{Timeout: 100 * time.Millisecond}))
	_, err := c.Exchange(context.Background(), "na1-code-0001", "verifier")
	if !errors.Is(err, ErrExchangeUncertain) || n.Load() != 1 {
		t.Fatalf("err %v, POSTs %d", err, n.Load())
	}
	srv2, n2 := stubServer(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(503) })
	c2 := stubClient(t, srv2.URL, V3)
	if _, err := c2.Exchange(context.Background(), "na1-code-0002", ""); err == nil || n2.Load() != 1 {
		t.Fatalf("503 exchange: %v after %d POSTs", err, n2.Load())
	}
}

func TestH1_TimeoutsAndOurClient(t *testing.T) {
	block := make(chan struct{})
	srv, _ := stubServer(t, func(w http.ResponseWriter, r *http.Request) { <-block })
	defer close(block)
	c := stubClient(t, srv.URL, V3, WithHTTPClient(&http.Client{Timeout: 100 * time.Millisecond}), WithRetry(0, 0, 0))
	start := time.Now()
	if _, err := c.Call(context.Background(), "token-value-123456", "/crm/v3/objects/contacts"); err == nil {
		t.Fatal("hanging API returned")
	}
	if _, err := c.Refresh(context.Background(), "refresh-value-123456"); err == nil {
		t.Fatal("hanging refresh returned")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("took %v", d)
	}
	if defaultHTTPClient().Timeout == 0 {
		t.Fatal("default client has no timeout")
	}
	hub := newFakeHub(t, V3)
	runLogin(t, hub, nil)
	for _, ua := range hub.userAgents {
		if ua != userAgent && !strings.HasPrefix(ua, "Go-http-client") {
			t.Fatalf("unexpected UA %q", ua)
		}
	}
	if hub.userAgents[len(hub.userAgents)-1] != userAgent {
		t.Fatal("token request not sent by our client")
	}
}

func TestH2_UntrustedTLSRefused(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	defer srv.Close()
	c := stubClient(t, srv.URL, V3)
	_, err := c.Call(context.Background(), "token-value-123456", "/account-info/v3/details")
	if err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("want certificate error, got %v", err)
	}
}

func TestH3_BodiesBounded(t *testing.T) {
	chunk := []byte(strings.Repeat("x", 64<<10))
	srv, _ := stubServer(t, func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i < 1600; i++ { // 100 MiB
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	c := stubClient(t, srv.URL, V3, WithTrace(NewTrace(5)))
	resp, err := c.Call(context.Background(), "token-value-123456", "/big")
	if err != nil || !resp.Truncated || len(resp.Body) != maxBody {
		t.Fatalf("call: %v truncated=%v len=%d", err, resp != nil && resp.Truncated, len(resp.Body))
	}
	if _, err := c.Exchange(context.Background(), "na1-code-0003", ""); err == nil {
		t.Fatal("100 MiB token response accepted")
	}
	if ev := c.Trace.Events(); len(ev[0].ResponseBody) > maxTraceBody+8 {
		t.Fatalf("trace kept %d bytes", len(ev[0].ResponseBody))
	}
}

func TestH4_RetryOnlySafeCallsOnRetryableStatus(t *testing.T) {
	cases := []struct {
		status, want int
	}{{503, 4}, {502, 4}, {429, 4}, {501, 1}, {400, 1}, {401, 1}, {403, 1}, {404, 1}, {200, 1}}
	for _, tc := range cases {
		srv, n := stubServer(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(tc.status) })
		c := stubClient(t, srv.URL, V3)
		_, _ = c.Call(context.Background(), "token-value-123456", "/x")
		if int(n.Load()) != tc.want {
			t.Errorf("status %d: %d attempts, want %d", tc.status, n.Load(), tc.want)
		}
		n.Store(0)
		_ = c.Revoke(context.Background(), "refresh-value-123456")
		if n.Load() != 1 {
			t.Errorf("revoke retried on %d", tc.status)
		}
	}
	srv, _ := stubServer(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(503) })
	c := stubClient(t, srv.URL, V3, WithRetry(5, time.Hour, time.Hour))
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, err := c.Call(ctx, "token-value-123456", "/x"); !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > time.Second {
		t.Fatalf("cancel during backoff: %v after %v", err, time.Since(start))
	}
	p := retryPolicy{max: 4, base: time.Second, cap: 30 * time.Second}
	for i := range 10 {
		if d := p.backoff(i); d < 0 || d > 30*time.Second {
			t.Fatalf("backoff %d = %v", i, d)
		}
	}
}

func TestH5_RetryAfterParsedAndClamped(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"2", 2 * time.Second, true}, {"0", 0, true}, {"86400", 24 * time.Hour, true}, {"-1", 0, false},
		{"99999999999", retryAfterCeiling, true},
		{"soon", 0, false}, {"", 0, false},
		{"Sun, 01 Mar 2026 12:00:10 GMT", 10 * time.Second, true},
		{"Sun, 01 Mar 2026 11:00:00 GMT", 0, true},
		{"Sun, 01 Mar 2027 11:00:00 GMT", retryAfterCeiling, true},
	}
	for _, tc := range cases {
		got, ok := parseRetryAfter(tc.in, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("%q: %v %v", tc.in, got, ok)
		}
	}
	srv, n := stubServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-HubSpot-RateLimit-Daily-Remaining", "0")
		w.WriteHeader(429)
	})
	c := stubClient(t, srv.URL, V3)
	_, err := c.Call(context.Background(), "token-value-123456", "/x")
	var he *HubSpotError
	if n.Load() != 1 || !errors.As(err, &he) || !strings.Contains(he.Cause(), "rate limiting") {
		t.Fatalf("daily limit retried %d times: %v", n.Load(), err)
	}
}

func TestH6_NoRedirectsFollowed(t *testing.T) {
	target, hits := stubServer(t, func(w http.ResponseWriter, r *http.Request) {})
	srv, _ := stubServer(t, func(w http.ResponseWriter, r *http.Request) {
		code := http.StatusFound
		if r.Method == http.MethodPost {
			code = http.StatusTemporaryRedirect
		}
		http.Redirect(w, r, target.URL+"/steal", code)
	})
	c := stubClient(t, srv.URL, V202603)
	resp, err := c.Call(context.Background(), "token-value-123456", "/account-info/v3/details")
	if err != nil || resp.Status != http.StatusFound {
		t.Fatalf("API redirect: %v %v", resp, err)
	}
	if _, err := c.Exchange(context.Background(), "na1-code-0004", "v"); err == nil {
		t.Fatal("redirected exchange succeeded")
	}
	if _, err := c.Refresh(context.Background(), "refresh-value-123456"); err == nil {
		t.Fatal("redirected refresh succeeded")
	}
	if hits.Load() != 0 {
		t.Fatalf("redirect target received %d requests", hits.Load())
	}
}

func TestH7_DefaultIsCurrentAndV1Warns(t *testing.T) {
	if HubSpot().Version == V1 || HubSpot().Version.Deprecation() != "" {
		t.Fatal("default version is deprecated")
	}
	if !strings.Contains(V1.Deprecation(), "2027-02-16") {
		t.Fatal("v1 lacks its sunset date")
	}
	if _, err := ParseAPIVersion("v2"); err == nil || !strings.Contains(err.Error(), "v1, v3, 2026-03") {
		t.Fatalf("ParseAPIVersion: %v", err)
	}
	if v, err := ParseAPIVersion(" 2026-03 "); err != nil || v != V202603 {
		t.Fatal("2026-03 not parsed")
	}
	e := Environment{APIBase: "https://api.hubapi.com/", Version: V202603}
	if e.TokenURL() != "https://api.hubapi.com/oauth/2026-03/token" || e.revokeURL("t") != "https://api.hubapi.com/oauth/2026-03/token/revoke" {
		t.Fatal("2026-03 endpoints wrong")
	}
	e.Version = V1
	if u, _ := e.introspectURL(RefreshToken, "a/b"); u != "https://api.hubapi.com/oauth/v1/refresh-tokens/a%2Fb" {
		t.Fatalf("v1 introspect URL %s", u)
	}
}
