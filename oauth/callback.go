package oauth

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"sync"
	"syscall"
	"time"
)

// CallbackOptions tunes the loopback callback server; the zero value is the
// recommended setting.
type CallbackOptions struct {
	// Timeout ends the wait if no valid callback arrives (default 5 minutes).
	Timeout time.Duration
	// MaxInvalid aborts the attempt after this many wrong-state or malformed
	// callbacks (default 10).
	MaxInvalid int
	// Listen replaces net.ListenConfig.Listen, for tests that simulate a
	// machine without IPv6.
	Listen func(ctx context.Context, network, address string) (net.Listener, error)
	// Trace, when set, records each request to the callback path with the browser's headers (code and
	// state masked), and the consent decision it reports.
	Trace *Trace
	// Clock stamps those trace events (default time.Now); the sandbox's clock keeps them in order with
	// the client's.
	Clock func() time.Time
	// AuthorizeURL is the URL the attempt handed to the browser, named as the consent step's page.
	AuthorizeURL string
	// Env, when set, decides which redirect URLs are valid (CheckRedirectURIFor); the zero value is
	// HubSpot's rules.
	Env Environment
}

// CallbackServer is the loopback listener that receives HubSpot's redirect.
// It listens on 127.0.0.1 and [::1] at the redirect URL's port, never on a
// wildcard or a name, and lives exactly as long as one sign-in attempt.
type CallbackServer struct {
	handler   *callbackHandler
	listeners []net.Listener
	srv       *http.Server
	serving   sync.WaitGroup
	stop      chan struct{}
	stopOnce  sync.Once
	done      chan struct{}
	result    CallbackResult
	err       error
}

// ListenCallback starts listening before the browser opens, so HubSpot's
// redirect can never arrive to a closed port. It fails with a
// *RedirectURIError for a redirect URL HubSpot would refuse, and with a
// *PortBusyError when another program holds either half of localhost:port.
// ctx bounds the server's whole life; Wait and Close end it earlier.
func ListenCallback(ctx context.Context, redirectURI, state string, opts CallbackOptions) (*CallbackServer, error) {
	if err := CheckRedirectURIFor(opts.Env, redirectURI); err != nil {
		return nil, err
	}
	u, _ := url.Parse(redirectURI)
	if u.Scheme != "http" {
		return nil, &RedirectURIError{URI: redirectURI, Reason: "an https redirect URL cannot be served from this terminal",
			Fix: "use " + DefaultRedirectURI + " (and register it on the app), or use the paste path"}
	}
	if len(state) < 16 {
		return nil, errors.New("the callback server needs the attempt's state from NewState")
	}
	opts = opts.withDefaults()
	lns, err := listenLoopback(ctx, u.Port(), opts.Listen)
	if err != nil {
		return nil, err
	}
	s := &CallbackServer{
		handler:   newCallbackHandler(state, u.Path, u.Port(), opts.MaxInvalid),
		listeners: lns,
		stop:      make(chan struct{}),
		done:      make(chan struct{}),
	}
	if opts.Trace != nil {
		opts.Trace.addSecret(state)
		o := &callbackObserver{trace: opts.Trace, now: opts.Clock, path: u.Path, state: state, authorizeURL: opts.AuthorizeURL}
		s.handler.observe = o.observe
	}
	s.srv = &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		IdleTimeout:       5 * time.Second,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          log.New(io.Discard, "", 0),
	}
	for _, ln := range lns {
		s.serving.Add(1)
		go func() { defer s.serving.Done(); _ = s.srv.Serve(ln) }()
	}
	go s.run(ctx, opts.Timeout)
	return s, nil
}

func (o CallbackOptions) withDefaults() CallbackOptions {
	if o.Timeout <= 0 {
		o.Timeout = 5 * time.Minute
	}
	if o.MaxInvalid <= 0 {
		o.MaxInvalid = 10
	}
	if o.Clock == nil {
		o.Clock = time.Now
	}
	if o.Listen == nil {
		var lc net.ListenConfig
		o.Listen = lc.Listen
	}
	return o
}

// run waits for the attempt to end one way or another, then shuts the
// server down within about a second (L13) and releases Wait.
func (s *CallbackServer) run(ctx context.Context, timeout time.Duration) {
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case s.result = <-s.handler.result:
		if s.result.Err != nil {
			s.err = s.result.Err
		}
	case s.err = <-s.handler.abort:
	case <-timer.C:
		s.err = ErrCallbackTimeout
	case <-ctx.Done():
		s.err = fmt.Errorf("waiting for HubSpot's redirect: %w", ctx.Err())
	case <-s.stop:
		s.err = errors.New("the callback server was closed")
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_ = s.srv.Shutdown(shutdownCtx) // browsers' idle preconnects would hold it for 5 s
	_ = s.srv.Close()
	s.serving.Wait()
	close(s.done)
}

// Wait blocks until the attempt ends: a valid callback (Code set, or Err set
// and also returned as the error), too many invalid callbacks, the timeout,
// cancellation of ctx or of the server's context, or Close. The listeners are
// closed by the time it returns.
func (s *CallbackServer) Wait(ctx context.Context) (CallbackResult, error) {
	select {
	case <-s.done:
	case <-ctx.Done():
		_ = s.Close()
		return CallbackResult{}, fmt.Errorf("waiting for HubSpot's redirect: %w", ctx.Err())
	}
	if s.err != nil && s.result.Err == nil {
		return CallbackResult{}, s.err
	}
	return s.result, s.err
}

// Close stops the server and waits until its port is released. It is safe
// to call more than once and after Wait.
func (s *CallbackServer) Close() error {
	s.stopOnce.Do(func() { close(s.stop) })
	<-s.done
	return nil
}

// Addrs lists the addresses actually listened on, for display and tests.
func (s *CallbackServer) Addrs() []net.Addr {
	out := make([]net.Addr, len(s.listeners))
	for i, ln := range s.listeners {
		out[i] = ln.Addr()
	}
	return out
}

// listenLoopback binds 127.0.0.1:port and [::1]:port (L1, L2). A machine
// without IPv6 gets IPv4 only; a port held on either family is refused as a
// whole, because a browser resolving localhost to the other family would
// hand the code to whoever holds it.
func listenLoopback(ctx context.Context, port string, listen func(context.Context, string, string) (net.Listener, error)) ([]net.Listener, error) {
	v4, err := listen(ctx, "tcp4", net.JoinHostPort("127.0.0.1", port))
	if err != nil {
		return nil, bindError(err, port, "IPv4 (127.0.0.1)")
	}
	v6, err := listen(ctx, "tcp6", net.JoinHostPort("::1", port))
	if err != nil {
		if errors.Is(err, syscall.EADDRNOTAVAIL) || errors.Is(err, syscall.EAFNOSUPPORT) {
			return []net.Listener{v4}, nil
		}
		_ = v4.Close()
		return nil, bindError(err, port, "IPv6 ([::1])")
	}
	for _, ln := range []net.Listener{v4, v6} {
		if tcp, ok := ln.Addr().(*net.TCPAddr); !ok || !tcp.IP.IsLoopback() {
			_ = v4.Close()
			_ = v6.Close()
			return nil, errors.New("refusing to serve the callback on a non-loopback address")
		}
	}
	return []net.Listener{v4, v6}, nil
}

func bindError(err error, port, family string) error {
	if errors.Is(err, syscall.EADDRINUSE) {
		return &PortBusyError{Port: port, Family: family, Holder: portHolder(port)}
	}
	return fmt.Errorf("cannot listen on localhost:%s %s: %w", port, family, err)
}
