package sandbox

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/hsoauth/hsoauth/scopes"
)

// Server is one running (or runnable) sandbox: apps, portals, tokens, clock,
// faults and the event log, behind an http.Handler.
type Server struct {
	opts    Options
	clock   *Clock
	catalog *scopes.Catalog
	appsMu  sync.RWMutex // guards apps: ConfigureApp and RegisterApp change it while requests run
	apps    []*App       // each App is immutable once here: a change stores a new one, so requests share them
	portals []Portal
	st      *store
	faults  faultSet
	rates   rateLimits
	crm     crmStore
	events  *eventLog
	handler http.Handler

	random func(n int) []byte // token bytes: crypto/rand, or a seeded source in test mode (Options.Seed)

	mu      sync.Mutex
	srv     *http.Server
	served  chan struct{}
	baseURL string
}

// New builds a sandbox from opts, filling defaults. It fails only on a
// misconfigured app (bad redirect URL, clashing client id) or bad faults.
func New(opts Options) (*Server, error) {
	if opts.AccessTTL <= 0 {
		opts.AccessTTL = DefaultAccessTTL
	}
	if opts.CodeTTL <= 0 {
		opts.CodeTTL = DefaultCodeTTL
	}
	if opts.Version == "" {
		opts.Version = string(version202603)
	}
	if _, err := checkVersion(opts.Version); err != nil {
		return nil, err
	}
	if opts.MaxEntries <= 0 {
		opts.MaxEntries = DefaultMaxEntries
	}
	if opts.Clock == nil {
		opts.Clock = NewClock()
	}
	if err := opts.Faults.validate(); err != nil {
		return nil, err
	}
	var apps []*App
	for _, a := range append([]App{demoApp()}, opts.Apps...) {
		var err error
		if apps, err = addApp(apps, a); err != nil {
			return nil, err
		}
	}
	portals, err := buildPortals()
	if err != nil {
		return nil, err
	}
	s := &Server{
		opts: opts, clock: opts.Clock, catalog: scopes.Default(),
		apps: apps, portals: portals, st: newStore(opts.MaxEntries), events: newEventLog(), random: randomBytes,
	}
	if opts.Seed != 0 {
		s.random = seededBytes(opts.Seed)
	}
	s.faults.set(opts.Faults)
	s.handler = s.routes()
	return s, nil
}

// Start listens on addr, which must be a loopback address ("127.0.0.1:0"
// picks a free port), serves in the background and returns the base URL.
// The sandbox hands out working tokens, so it never listens beyond loopback.
func (s *Server) Start(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("sandbox: bad listen address %q: %w (want 127.0.0.1:PORT)", addr, err)
	}
	if !isLoopbackHost(host) {
		return "", fmt.Errorf("sandbox: refusing to listen on %q: the sandbox binds loopback only; use 127.0.0.1:%s or localhost:%s", addr, port, port)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.srv != nil {
		return "", errors.New("sandbox: already started")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("sandbox: %w", err)
	}
	if err := boundLoopback(addr, ln.Addr()); err != nil {
		_ = ln.Close()
		return "", err
	}
	name := ln.Addr().(*net.TCPAddr).IP.String()
	if host == "localhost" {
		name = "localhost"
	}
	s.baseURL = "http://" + net.JoinHostPort(name, fmt.Sprint(ln.Addr().(*net.TCPAddr).Port))
	s.srv = &http.Server{Handler: s.handler, ReadHeaderTimeout: 10 * time.Second}
	s.served = make(chan struct{})
	go func(srv *http.Server, done chan struct{}) {
		defer close(done)
		_ = srv.Serve(ln)
	}(s.srv, s.served)
	return s.baseURL, nil
}

// boundLoopback checks where a listener really bound: a name such as
// localhost resolves through /etc/hosts, which may point it anywhere.
func boundLoopback(asked string, bound net.Addr) error {
	tcp, ok := bound.(*net.TCPAddr)
	if ok && tcp.IP.IsLoopback() {
		return nil
	}
	return fmt.Errorf("sandbox: %q bound %s, which is not a loopback address (check /etc/hosts); use 127.0.0.1:PORT", asked, bound)
}

// Close stops the listener, waits for in-flight requests (bounded by ctx)
// and ends every event subscription, leaving no goroutine behind.
func (s *Server) Close(ctx context.Context) error {
	s.mu.Lock()
	srv, done := s.srv, s.served
	s.mu.Unlock()
	var err error
	if srv != nil {
		err = srv.Shutdown(ctx)
		if err != nil {
			_ = srv.Close()
		}
		<-done
	}
	s.events.closeAll()
	return err
}

// Handler returns the sandbox as an http.Handler, for httptest servers and
// in-process benchmarks that skip the network.
func (s *Server) Handler() http.Handler { return s.handler }

// BaseURL returns the URL Start chose, or "" before Start.
func (s *Server) BaseURL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.baseURL
}

// Portals returns the test portals, in display order.
func (s *Server) Portals() []Portal { return append([]Portal(nil), s.portals...) }

// DemoApp returns the built-in app whose credentials the docs publish.
func (s *Server) DemoApp() App {
	s.appsMu.RLock()
	defer s.appsMu.RUnlock()
	return *s.apps[0]
}

// Apps returns every app the sandbox serves, the demo app first.
func (s *Server) Apps() []App {
	s.appsMu.RLock()
	defer s.appsMu.RUnlock()
	out := make([]App, len(s.apps))
	for i, a := range s.apps {
		out[i] = *a
	}
	return out
}

// Clock returns the sandbox clock, which tests and trainers fast-forward.
func (s *Server) Clock() *Clock { return s.clock }

// SetFaults replaces the active fault rules.
func (s *Server) SetFaults(f Faults) error {
	if err := f.validate(); err != nil {
		return err
	}
	s.faults.set(f)
	return nil
}

// Faults returns the active fault rules, with remaining counts.
func (s *Server) Faults() Faults { return s.faults.get() }

// Subscribe returns a live feed of events and a func that ends it. The
// channel is buffered; a reader that falls behind misses events.
func (s *Server) Subscribe() (<-chan Event, func()) { return s.events.subscribe() }

// Events returns the recorded events (the last 1000), oldest first.
func (s *Server) Events() []Event { return s.events.all() }

// Reset forgets every pending consent, code and token, clears the faults
// and undoes clock fast-forwards; the event log is kept.
func (s *Server) Reset() {
	s.st.reset()
	s.crm.reset()
	s.faults.set(Faults{})
	s.clock.reset()
}

// app returns the app with the given client id as it is configured now. The App is never modified
// afterwards (a change stores a new one), so a request keeps the settings it started with. Callers must
// not modify it.
func (s *Server) app(clientID string) (*App, bool) {
	s.appsMu.RLock()
	defer s.appsMu.RUnlock()
	for _, a := range s.apps {
		if a.ClientID == clientID {
			return a, true
		}
	}
	return nil, false
}

// addApp validates a and appends it to apps, giving it an app id when it has none.
func addApp(apps []*App, a App) ([]*App, error) {
	if err := a.validate(); err != nil {
		return apps, err
	}
	for _, old := range apps {
		if old.ClientID == a.ClientID {
			return apps, fmt.Errorf("sandbox: two apps share client id %q", a.ClientID)
		}
	}
	if a.AppID == 0 {
		a.AppID = DemoAppID + len(apps)
	}
	return append(apps, &a), nil
}

// sameApp reports whether two app values are the same registered app. Apps are compared by client id
// because a reconfigured app is a new value.
func sameApp(a, b *App) bool { return a != nil && b != nil && a.ClientID == b.ClientID }

// ConfigureApp replaces an app's required, conditionally required and optional scopes, as saving the Auth
// tab of HubSpot's app settings would. The TUI uses it so the demo app follows the scopes a developer
// picks in the catalog; requests already on the consent page keep the settings they started with.
func (s *Server) ConfigureApp(clientID string, required, conditional, optional []string) error {
	s.appsMu.Lock()
	defer s.appsMu.Unlock()
	for i := range s.apps {
		if s.apps[i].ClientID != clientID {
			continue
		}
		next := *s.apps[i]
		next.Required = append([]string(nil), required...)
		next.Conditional = append([]string(nil), conditional...)
		next.Optional = append([]string(nil), optional...)
		if err := next.validate(); err != nil {
			return err
		}
		s.apps[i] = &next
		return nil
	}
	return fmt.Errorf("sandbox: no app with client id %q", clientID)
}

// stopwatch starts timing a request for the event log: real time, or in test mode (a seeded sandbox)
// the sandbox clock, which stands still, so recorded durations are the same on every run.
func (s *Server) stopwatch() func() time.Duration {
	if s.opts.Seed != 0 {
		start := s.clock.Now()
		return func() time.Duration { return s.clock.Now().Sub(start) }
	}
	start := time.Now()
	return func() time.Duration { return time.Since(start) }
}
