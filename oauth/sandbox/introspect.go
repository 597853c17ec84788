package sandbox

import (
	"fmt"
	"net/http"
)

// inactive is RFC 7662's answer for unknown, expired, revoked or foreign
// tokens (HubSpot documents no inactive shape; this is the guess).
var inactive = map[string]bool{"active": false}

// introspectHandler serves POST /oauth/{v3,2026-03,2026-09}/token/introspect.
// The token comes in `token` or in the field the hint names.
func (s *Server) introspectHandler(v apiVersion) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) string {
		f, app, summary := s.readForm(w, r, v, "introspection")
		if app == nil {
			return summary
		}
		if f.token == "" {
			errBadToken.write(w, v)
			return errBadToken.summary("introspection")
		}
		body, kind := s.introspect(app, f)
		writeJSON(w, http.StatusOK, body)
		return fmt.Sprintf("token introspected (%s): %s", v, kind)
	}
}

// introspect looks the token up as the hint suggests, then the other kind.
func (s *Server) introspect(app *App, f tokenForm) (any, string) {
	now := s.clock.Now()
	active := true
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	tryAccess := func() (any, bool) {
		at, ok := s.liveAccess(f.token, now)
		if !ok || !sameApp(at.app, app) {
			return nil, false
		}
		info := describeAccess(at, now)
		info.Active, info.ClientID, info.TokenUse, info.TokenType = &active, app.ClientID, "access_token", "Bearer"
		return info, true
	}
	tryRefresh := func() (any, bool) {
		rt, ok := s.st.liveRefreshLocked(f.token)
		if !ok || !sameApp(rt.app, app) {
			return nil, false
		}
		info := describeRefresh(rt)
		info.Active, info.AppID, info.TokenUse, info.TokenType = &active, app.AppID, "refresh_token", "Bearer"
		return info, true
	}
	first, second := tryAccess, tryRefresh
	if f.hint == "refresh_token" {
		first, second = tryRefresh, tryAccess
	}
	if body, ok := first(); ok {
		return body, "active"
	}
	if body, ok := second(); ok {
		return body, "active"
	}
	return inactive, "inactive"
}

// revokeHandler serves POST /oauth/{v3,2026-03,2026-09}/token/revoke: 200
// with an empty body, also for unknown tokens (RFC 7009), so a client
// cannot probe which tokens exist.
func (s *Server) revokeHandler(v apiVersion) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) string {
		f, app, summary := s.readForm(w, r, v, "revocation")
		if app == nil {
			return summary
		}
		if f.token == "" {
			errBadToken.write(w, v)
			return errBadToken.summary("revocation")
		}
		what := s.revoke(app, f.token)
		w.WriteHeader(http.StatusOK)
		return fmt.Sprintf("revocation (%s): %s", v, what)
	}
}

// revoke revokes a refresh token (cascading if configured) or an access
// token, and says which it was.
func (s *Server) revoke(app *App, token string) string {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	if rt, ok := s.st.liveRefreshLocked(token); ok && sameApp(rt.app, app) {
		s.st.revokeRefreshLocked(rt, s.opts.RevokeCascades)
		return fmt.Sprintf("refresh token revoked: portal %d", rt.portal.HubID)
	}
	if at, ok := s.st.accessLocked(token); ok && sameApp(at.app, app) {
		s.st.access.del(token)
		return fmt.Sprintf("access token revoked: portal %d", at.portal.HubID)
	}
	return "token unknown, nothing to revoke"
}
