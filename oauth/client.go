package oauth

import (
	"crypto/tls"
	"net"
	"net/http"
	"time"
)

// maxBody caps every response body we read (H3): HubSpot's token and error
// bodies are tiny, and a misbehaving server must not exhaust memory.
const maxBody = 1 << 20

// userAgent identifies the tool to HubSpot and lets tests prove that our
// client, not http.DefaultClient, made a request.
const userAgent = "hsoauth/1 (+https://github.com/hsoauth/hsoauth)"

// Client talks to HubSpot's OAuth and API endpoints for one app in one
// environment. Exchange, Refresh, Introspect, Revoke and Call record every
// exchange in Trace (when set) with secrets masked. Now is the clock used for
// token expiry, injectable for tests.
type Client struct {
	Env   Environment
	App   App
	HTTP  *http.Client
	Trace *Trace
	Now   func() time.Time

	retry retryPolicy
}

// ClientOption adjusts a Client at construction.
type ClientOption func(*Client)

// WithHTTPClient replaces the default HTTP client (for a custom transport in
// tests). Its timeout and transport are used; redirects are never followed
// regardless of its CheckRedirect.
func WithHTTPClient(hc *http.Client) ClientOption { return func(c *Client) { c.HTTP = hc } }

// WithTrace records the client's exchanges in t.
func WithTrace(t *Trace) ClientOption { return func(c *Client) { c.Trace = t } }

// WithClock injects the clock used for expiry maths.
func WithClock(now func() time.Time) ClientOption { return func(c *Client) { c.Now = now } }

// WithRetry sets how safe calls back off on 429 and 5xx: at most max retries,
// exponential from base, each wait capped at limit (Retry-After included).
func WithRetry(max int, base, limit time.Duration) ClientOption {
	return func(c *Client) { c.retry = retryPolicy{max: max, base: base, cap: limit} }
}

// NewClient validates the environment and app up front, so a misconfigured
// profile fails before a browser opens, and builds a client with timeouts on
// every phase of a request (H1) and TLS 1.2+ with normal certificate checks.
func NewClient(env Environment, app App, opts ...ClientOption) (*Client, error) {
	if err := env.Validate(); err != nil {
		return nil, err
	}
	if err := CheckClientID(app.ClientID); err != nil {
		return nil, err
	}
	if err := CheckRedirectURIFor(env, app.RedirectURI); err != nil {
		return nil, err
	}
	c := &Client{Env: env, App: app, HTTP: defaultHTTPClient(), Now: time.Now,
		retry: retryPolicy{max: 3, base: time.Second, cap: 30 * time.Second}}
	for _, o := range opts {
		o(c)
	}
	return c, nil
}

func defaultHTTPClient() *http.Client {
	tr := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		TLSClientConfig:       &tls.Config{MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 20 * time.Second,
		IdleConnTimeout:       60 * time.Second,
		MaxIdleConns:          10,
		ForceAttemptHTTP2:     true,
	}
	return &http.Client{Timeout: 30 * time.Second, Transport: tr}
}

// httpClient returns the client for one call: the configured one, never
// following redirects (token calls would replay secrets in the body on a
// 307/308; API calls would resend the bearer token to another host, H6), and
// recording into the trace.
func (c *Client) httpClient() *http.Client {
	base := c.HTTP
	if base == nil {
		base = defaultHTTPClient()
	}
	hc := *base
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	rt := hc.Transport
	if rt == nil {
		rt = http.DefaultTransport
	}
	hc.Transport = &traceTransport{base: rt, trace: c.Trace, now: c.now, classify: c.Env.classify}
	return &hc
}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// remember registers secrets with the trace so they are scrubbed from events
// and from error text.
func (c *Client) remember(secrets ...string) {
	if c.Trace == nil {
		return
	}
	c.Trace.addSecret(c.App.ClientSecret)
	for _, s := range secrets {
		c.Trace.addSecret(s)
	}
}
