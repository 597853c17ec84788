package sandbox

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/hsoauth/hsoauth/redact"
	"github.com/hsoauth/hsoauth/scopes"
)

// handleAuthorize serves GET /oauth/authorize (account picker) and
// GET /oauth/{hubId}/authorize (picker skipped). App-level problems show
// HubSpot's error page and never redirect.
func (s *Server) handleAuthorize(w http.ResponseWriter, r *http.Request) string {
	hubID, cerr := s.pathHub(r.PathValue("hubId"))
	q := parseAuthorizeQuery(r.URL.Query())
	var app *App
	if cerr == nil {
		app, cerr = s.validate(q)
	}
	if cerr != nil {
		if s.redirectable(q.clientID, q.redirectURI) && s.errorRedirect(w, r, q.redirectURI, q.state, cerr) {
			return "authorize refused, redirected with the reason: " + string(cerr.Kind) + ": " + cerr.Detail
		}
		s.renderError(w, cerr)
		return "authorize refused: " + string(cerr.Kind) + ": " + cerr.Detail
	}
	now := s.clock.Now()
	req := &authRequest{
		id: newRequestID(), app: app, redirectURI: q.redirectURI, scope: q.scope, optional: q.optional,
		state: q.state, challenge: q.challenge, hubID: hubID, path: r.URL.Path, created: now,
	}
	s.st.addRequest(req, now)
	w.Header().Set("X-Sandbox-Request", req.id)
	if hubID != 0 {
		portal, _ := s.portal(hubID)
		return s.renderPermissions(w, req, portal, "")
	}
	s.renderPage(w, http.StatusOK, "picker", s.pickerPage(req))
	return fmt.Sprintf("consent page shown: %s, account picker", redact.Cut(app.Name, 60))
}

// pathHub parses the {hubId} of /oauth/{hubId}/authorize; "" means none.
func (s *Server) pathHub(raw string) (int, *ConsentError) {
	if raw == "" {
		return 0, nil
	}
	id, err := strconv.Atoi(raw)
	if err != nil || id <= 0 {
		return 0, consentErr(ConsentBadRequest, "Couldn't complete the connection: the account ID in the URL is not valid.", "got %q", raw)
	}
	if _, ok := s.portal(id); !ok {
		return 0, consentErr(ConsentBadRequest, "Couldn't complete the connection: you don't have access to this account.", "no portal %d in this sandbox", id)
	}
	return id, nil
}

// handleDecision serves POST /oauth/authorize/decision, the consent form:
// request (the id from the page or X-Sandbox-Request), hub_id, user and
// action (select, grant or deny).
func (s *Server) handleDecision(w http.ResponseWriter, r *http.Request) string {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		s.renderError(w, consentErr(ConsentBadRequest, "The consent form could not be read.", "%v", err))
		return "consent refused: unreadable form"
	}
	form := r.PostForm
	req, ok := s.st.request(form.Get("request"), s.clock.Now())
	if !ok {
		s.renderError(w, consentErr(ConsentBadRequest, "This authorization request is unknown or has expired. Start again from the install URL.", "request %q%s", redact.Mask(form.Get("request")), s.st.evictionNote(false, false)))
		return "consent refused: unknown or expired request"
	}
	hubID, _ := strconv.Atoi(form.Get("hub_id"))
	who, action := form.Get("user"), form.Get("action")
	switch action {
	case "select":
		portal, ok := s.portal(hubID)
		if !ok {
			s.renderError(w, consentErr(ConsentBadRequest, "Choose an account to connect the app to.", "hub_id %q is not a portal here", form.Get("hub_id")))
			return "consent: no account chosen"
		}
		return s.renderPermissions(w, req, portal, who)
	case "grant", "deny":
		return s.finishDecision(w, r, req, hubID, who, action == "grant")
	}
	s.renderError(w, consentErr(ConsentBadRequest, "Unknown action.", "action must be select, grant or deny, got %q", action))
	return "consent refused: unknown action"
}

// finishDecision grants or denies a pending request exactly once.
func (s *Server) finishDecision(w http.ResponseWriter, r *http.Request, req *authRequest, hubID int, who string, grant bool) string {
	if !s.st.finishRequest(req.id) {
		s.renderError(w, consentErr(ConsentBadRequest, "This authorization request was already answered.", "request ids are single-use"))
		return "consent refused: request already answered"
	}
	loc, summary, cerr := s.decide(req, hubID, who, grant)
	switch {
	case cerr == nil:
		http.Redirect(w, r, loc, http.StatusFound)
	case cerr.Kind == ConsentDenied:
		s.renderPage(w, http.StatusOK, "denied", page{Title: "Access denied", AppName: req.app.Name, Err: cerr})
	case s.errorRedirect(w, r, req.redirectURI, req.state, cerr):
		summary += ", redirected with the reason"
	default:
		s.st.addRequest(req, s.clock.Now()) // let the user pick another account or user
		s.renderError(w, cerr)
	}
	return summary
}

// redirectable reports whether a failed authorize request still names a
// known app and one of its redirect URLs, so sending the user back there
// cannot turn the sandbox into an open redirector.
func (s *Server) redirectable(clientID, redirectURI string) bool {
	app, ok := s.app(clientID)
	return ok && slices.Contains(app.RedirectURLs, redirectURI)
}

// errorRedirect sends a consent-page failure back to the app when
// Options.ErrorRedirect asks for it (HubSpot shows its page instead):
// error is the RFC 6749 code, error_description what the page says and
// why. It reports whether it redirected. Callers pass only a redirect URL
// the app has registered.
func (s *Server) errorRedirect(w http.ResponseWriter, r *http.Request, redirectURI, state string, cerr *ConsentError) bool {
	if !s.opts.ErrorRedirect {
		return false
	}
	code := "invalid_request"
	switch cerr.Kind {
	case ConsentInsufficientScopes, ConsentScopeMismatch, ConsentAccountLacksScope:
		code = "invalid_scope"
	case ConsentUserNotAllowed, ConsentDeveloperPortal:
		code = "access_denied"
	}
	vals := url.Values{"error": {code}, "error_description": {cerr.Error()}}
	if state != "" {
		vals.Set("state", state)
	}
	http.Redirect(w, r, withQuery(redirectURI, vals), http.StatusFound)
	return true
}

// decide is the consent decision shared by the HTML form and Consent: it
// resolves portal and user, runs the install checks and issues the code.
// It returns the redirect URL, a log summary, or the consent-page failure.
func (s *Server) decide(req *authRequest, hubID int, who string, grant bool) (string, string, *ConsentError) {
	if req.hubID != 0 && hubID != 0 && hubID != req.hubID {
		e := consentErr(ConsentBadRequest, "This install URL is for another account.", "URL names %d, form chose %d", req.hubID, hubID)
		return "", "consent refused: account differs from the URL's", e
	}
	if hubID == 0 {
		hubID = req.hubID
	}
	portal, ok := s.portal(hubID)
	if !ok {
		e := consentErr(ConsentBadRequest, "Choose an account to connect the app to.", "hub_id %d is not a portal here", hubID)
		return "", "consent refused: no account chosen", e
	}
	user, ok := portal.findUser(who)
	if !ok {
		e := consentErr(ConsentBadRequest, "That user can't sign in to this account.", "%q is not a user of portal %d", who, hubID)
		return "", "consent refused: unknown user", e
	}
	if !grant {
		return s.denied(req, "consent denied by "+user.Email)
	}
	if _, refused := s.faults.take(EndpointConsent, EffectRefuseConsent); refused {
		return s.denied(req, "fault: consent refused")
	}
	granted, _, cerr := s.checkInstall(req, portal, &user)
	if cerr != nil {
		return "", fmt.Sprintf("consent failed: portal %d: %s", hubID, cerr.Kind), cerr
	}
	now := s.clock.Now()
	code := newHubletID(s.random)
	s.st.addCode(code, &authCode{
		install:     &install{app: req.app, portal: portal, user: user, scopes: granted},
		redirectURI: req.redirectURI, challenge: req.challenge, expires: now.Add(s.opts.CodeTTL),
	}, now)
	vals := url.Values{"code": {code}}
	if req.state != "" {
		vals.Set("state", req.state)
	}
	return withQuery(req.redirectURI, vals),
		fmt.Sprintf("consent granted: portal %d by %s, code %s issued", hubID, user.Email, redact.Mask(code)), nil
}

// denied answers a Deny: no redirect (HubSpot), or error=access_denied
// when Options.DenyRedirect is set.
func (s *Server) denied(req *authRequest, summary string) (string, string, *ConsentError) {
	if !s.opts.DenyRedirect {
		return "", summary + ", nothing sent to the app", &ConsentError{Kind: ConsentDenied,
			Message: "You chose not to connect this app. Nothing was sent to the app.",
			Detail:  "HubSpot does not redirect on denial; the sandbox option DenyRedirect changes that"}
	}
	vals := url.Values{"error": {"access_denied"}, "error_description": {"The user denied access to the app"}}
	if req.state != "" {
		vals.Set("state", req.state)
	}
	return withQuery(req.redirectURI, vals), summary + ", redirected with error=access_denied", nil
}

// withQuery adds vals to a redirect URL, keeping any query it has.
func withQuery(raw string, vals url.Values) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	q := u.Query()
	for k, v := range vals {
		q[k] = v
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// checkInstall runs the portal- and user-level rules: developer portals
// refuse installs, the user needs install rights, required scopes must be
// available (optional ones are dropped), sensitive scopes need a Super
// Admin. user nil checks only the portal (page preview).
func (s *Server) checkInstall(req *authRequest, portal *Portal, user *User) ([]string, []string, *ConsentError) {
	if portal.Account.Kind == scopes.KindDeveloper {
		return nil, nil, consentErr(ConsentDeveloperPortal, msgDeveloper, "portal %d is a developer account", portal.HubID)
	}
	if user != nil && !user.CanInstall() {
		return nil, nil, consentErr(ConsentUserNotAllowed, msgUserRole, "%s is neither a Super Admin nor has App Marketplace Access", user.Email)
	}
	g := s.catalog.Predict(req.scope, req.optional, portal.Account)
	if g.Fails {
		return nil, nil, consentErr(ConsentAccountLacksScope, msgAccountLacks, "%s", strings.Join(g.Failures, "; "))
	}
	if user != nil && !user.SuperAdmin {
		for _, name := range g.Granted {
			if sc, ok := s.catalog.Lookup(name); ok && sc.Sensitivity != scopes.SensitivityNone {
				return nil, nil, consentErr(ConsentUserNotAllowed, msgUserRole, "only a Super Admin can grant the sensitive-data scope %s", name)
			}
		}
	}
	return g.Granted, g.Dropped, nil
}
