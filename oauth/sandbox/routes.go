package sandbox

import (
	"net/http"
	"strings"
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
	handle("DELETE /appinstalls/v3/external-install", EndpointAPI, s.handleUninstall)
	handle("DELETE /appinstalls/2026-03/external-install", EndpointAPI, s.handleUninstall)
	handle("GET /_sandbox/state", EndpointAdmin, s.handleState)
	handle("GET /_sandbox/events", EndpointAdmin, s.handleEvents)
	handle("POST /_sandbox/clock/advance", EndpointAdmin, s.handleAdvance)
	handle("POST /_sandbox/faults", EndpointAdmin, s.handleFaults)
	handle("POST /_sandbox/reset", EndpointAdmin, s.handleReset)
	handle("GET /_sandbox/apps", EndpointAdmin, s.handleListApps)
	handle("POST /_sandbox/apps", EndpointAdmin, s.handleRegisterApp)
	handle("PUT /_sandbox/apps/{clientId}/scopes", EndpointAdmin, s.handleAppScopes)
	handle("GET /_sandbox/portals", EndpointAdmin, s.handlePortals)
	handle("POST /_sandbox/consent", EndpointAdmin, s.handleConsent)
	// Everything else: HubSpot's API surface from the endpoint index, and
	// JSON 404/405 for what is not there.
	handle("/", EndpointAPI, func(w http.ResponseWriter, r *http.Request) string { return s.handleRest(w, r, mux) })
	return mux
}

// handleRest answers what no route of its own took: under the sandbox's
// own prefixes a JSON 404 or 405 (with the methods the path does take),
// elsewhere the API gate.
func (s *Server) handleRest(w http.ResponseWriter, r *http.Request, mux *http.ServeMux) string {
	p := r.URL.Path
	if !strings.HasPrefix(p, "/oauth/") && !strings.HasPrefix(p, "/_sandbox/") && p != "/" {
		return s.handleAPI(w, r)
	}
	var allowed []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := mux.Handler(probe); pattern != "" && pattern != "/" {
			allowed = append(allowed, m)
		}
	}
	return notRouted(w, r, allowed)
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
	if why := s.requestProblem(r, ep); why != "" {
		apiError(w, http.StatusForbidden, "FORBIDDEN", why, nil)
		return "refused: " + why
	}
	if done, summary := s.applyTransport(w, r, ep); done {
		return summary
	}
	return h(w, r)
}
