package sandbox

import (
	"net"
	"net/http"
)

// handlerFunc is a sandbox handler: it writes the response and returns a
// one-line, secret-free summary for the event log.
type handlerFunc func(w http.ResponseWriter, r *http.Request) string

// tokenVersions are the token-endpoint generations served; v1 has the
// extra GET/DELETE metadata endpoints, the others introspect and revoke.
var tokenVersions = []apiVersion{versionV1, versionV3, version202603, version202609}

// routes wires every endpoint; Go 1.22 patterns give 405 for wrong methods.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	handle := func(pattern string, ep Endpoint, h handlerFunc) {
		mux.Handle(pattern, s.wrap(ep, h))
	}
	handle("GET /{$}", EndpointAdmin, s.handleHome)
	handle("GET /oauth/authorize", EndpointAuthorize, s.handleAuthorize)
	handle("GET /oauth/{hubId}/authorize", EndpointAuthorize, s.handleAuthorize)
	handle("POST /oauth/authorize/decision", EndpointConsent, s.handleDecision)
	for _, v := range tokenVersions {
		handle("POST /oauth/"+string(v)+"/token", EndpointToken, s.tokenHandler(v))
		if v == versionV1 {
			continue
		}
		handle("POST /oauth/"+string(v)+"/token/introspect", EndpointIntrospect, s.introspectHandler(v))
		handle("POST /oauth/"+string(v)+"/token/revoke", EndpointRevoke, s.revokeHandler(v))
	}
	handle("GET /oauth/v1/access-tokens/{token}", EndpointTokenInfo, s.handleAccessTokenInfo)
	handle("GET /oauth/v1/refresh-tokens/{token}", EndpointTokenInfo, s.handleRefreshTokenInfo)
	handle("DELETE /oauth/v1/refresh-tokens/{token}", EndpointRevoke, s.handleV1Delete)
	handle("GET /account-info/v3/details", EndpointAPI, s.handleAccountInfo)
	handle("GET /crm/v3/objects/contacts", EndpointAPI, s.handleContacts)
	handle("DELETE /appinstalls/v3/external-install", EndpointAPI, s.handleUninstall)
	handle("DELETE /appinstalls/2026-03/external-install", EndpointAPI, s.handleUninstall)
	handle("GET /_sandbox/state", EndpointAdmin, s.handleState)
	handle("GET /_sandbox/events", EndpointAdmin, s.handleEvents)
	handle("POST /_sandbox/clock/advance", EndpointAdmin, s.handleAdvance)
	handle("POST /_sandbox/faults", EndpointAdmin, s.handleFaults)
	handle("POST /_sandbox/reset", EndpointAdmin, s.handleReset)
	handle("POST /_sandbox/apps", EndpointAdmin, s.handleApps)
	return mux
}

// statusWriter remembers the status code for the event log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// wrap adds what every endpoint shares: the cross-site guard, injected
// transport faults, and one event per request with a masked path.
func (s *Server) wrap(ep Endpoint, h handlerFunc) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		elapsed := s.stopwatch()
		w := &statusWriter{ResponseWriter: rw}
		summary := s.serve(w, r, ep, h)
		if w.status == 0 {
			w.status = http.StatusOK
		}
		s.events.add(Event{
			Time: s.clock.Now(), Method: r.Method, Path: maskPath(r.URL.Path), Endpoint: ep,
			Status: w.status, Duration: elapsed(), Summary: summary,
		})
	})
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request, ep Endpoint, h handlerFunc) string {
	if why := crossSiteProblem(r, ep); why != "" {
		http.Error(w, why, http.StatusForbidden)
		return "refused: " + why
	}
	if done, summary := s.applyTransport(w, r, ep); done {
		return summary
	}
	return h(w, r)
}

// crossSiteProblem protects the state-changing browser-facing endpoints
// (consent decision, admin API) from other web pages and DNS rebinding:
// admin calls must name a loopback Host, and a browser Origin, when sent,
// must be loopback too.
func crossSiteProblem(r *http.Request, ep Endpoint) string {
	if ep != EndpointAdmin && ep != EndpointConsent {
		return ""
	}
	if ep == EndpointAdmin && r.URL.Path != "/" {
		host, _, err := net.SplitHostPort(r.Host)
		if err != nil {
			host = r.Host
		}
		if !isLoopbackHost(host) {
			return "the admin API answers only to a loopback Host"
		}
	}
	if o := r.Header.Get("Origin"); o != "" && o != "null" && !loopbackOrigin(o) {
		return "cross-origin requests are refused"
	}
	return ""
}

// loopbackOrigin reports whether an Origin header names a loopback site.
func loopbackOrigin(origin string) bool {
	rest, ok := cutScheme(origin)
	if !ok {
		return false
	}
	host, _, err := net.SplitHostPort(rest)
	if err != nil {
		host = rest
	}
	return isLoopbackHost(host)
}

func cutScheme(origin string) (string, bool) {
	for _, p := range []string{"http://", "https://"} {
		if len(origin) > len(p) && origin[:len(p)] == p {
			return origin[len(p):], true
		}
	}
	return "", false
}
