package sandbox

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// maxFormBytes caps token-endpoint bodies; HubSpot tokens are < 300 chars.
const maxFormBytes = 64 << 10

// tokenForm is a parsed token, introspect or revoke request body.
type tokenForm struct {
	grantType    string
	clientID     string
	clientSecret string
	code         string
	redirectURI  string
	refreshToken string
	codeVerifier string
	token        string
	hint         string
	// basic is set when the request carried an Authorization: Basic header;
	// basicID and basicSecret are its form-decoded halves (RFC 6749 §2.3.1).
	basic                bool
	basicID, basicSecret string
	basicBad             bool // the header was not valid Basic credentials
}

// errUnsupportedMedia marks a body that is not form-encoded (HubSpot: 415).
var errUnsupportedMedia = errors.New("unsupported content type")

// parseTokenForm reads a form-encoded body. v1 also takes parameters from
// the query string (its spec lists client_secret and refresh_token there);
// later versions read the body only. HTTP Basic credentials are recorded
// for authenticate, which decides whether they count.
func parseTokenForm(r *http.Request, v apiVersion) (tokenForm, error) {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || mt != "application/x-www-form-urlencoded" {
			return tokenForm{}, errUnsupportedMedia
		}
	}
	r.Body = http.MaxBytesReader(nil, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		return tokenForm{}, err
	}
	vals := r.PostForm
	if v == versionV1 {
		vals = r.Form
	}
	f := formFromValues(vals)
	if h := r.Header.Get("Authorization"); len(h) > 6 && strings.EqualFold(h[:6], "basic ") {
		f.basic = true
		id, secret, ok := r.BasicAuth()
		var e1, e2 error
		f.basicID, e1 = url.QueryUnescape(id)
		f.basicSecret, e2 = url.QueryUnescape(secret)
		f.basicBad = !ok || e1 != nil || e2 != nil
	}
	return f, nil
}

// formFromValues picks the fields; the hint-named field (access_token=… or
// refresh_token=…) stands in for `token`, as HubSpot's docs show.
func formFromValues(vals url.Values) tokenForm {
	f := tokenForm{
		grantType: vals.Get("grant_type"), clientID: vals.Get("client_id"),
		clientSecret: vals.Get("client_secret"), code: vals.Get("code"),
		redirectURI: vals.Get("redirect_uri"), refreshToken: vals.Get("refresh_token"),
		codeVerifier: vals.Get("code_verifier"), token: vals.Get("token"),
		hint: vals.Get("token_type_hint"),
	}
	if f.token == "" {
		switch f.hint {
		case "access_token":
			f.token = vals.Get("access_token")
		case "refresh_token":
			f.token = f.refreshToken
		}
	}
	return f
}

// Client-authentication failures beyond HubSpot's own list. RFC 6749 §2.3
// forbids two methods in one request; §5.2 wants 401 and WWW-Authenticate
// for a client that failed HTTP Basic.
var (
	errTwoMethods = oauthError{400, "BAD_CLIENT_AUTH",
		"client credentials were sent both in the form body and with HTTP Basic; use one method (the form body)",
		"invalid_request", "", ""}
	errBasicRefused = oauthError{400, "BAD_CLIENT_ID",
		"missing or unknown client id", "invalid_request", "",
		"missing or unknown client id (HubSpot reads client_id and client_secret from the form body; HTTP Basic is not supported)"}
	errBasicFailed = oauthError{401, "BAD_CLIENT_SECRET", "HTTP Basic client authentication failed", "invalid_client", "", ""}
)

// authenticate checks the client: client_id first (HubSpot reports an
// unknown client before anything else), then the secret in constant time.
// Credentials come from the form body; HTTP Basic counts only with
// Options.LenientClientAuth, and never together with body credentials.
func (s *Server) authenticate(f tokenForm) (*App, *oauthError) {
	inBody := f.clientID != "" || f.clientSecret != ""
	switch {
	case f.basic && inBody:
		return nil, &errTwoMethods
	case f.basic && !s.opts.LenientClientAuth:
		return nil, &errBasicRefused
	case f.basic:
		if f.basicBad {
			return nil, &errBasicFailed
		}
		app, ok := s.app(f.basicID)
		if !ok || subtle.ConstantTimeCompare([]byte(f.basicSecret), []byte(app.ClientSecret)) != 1 {
			return nil, &errBasicFailed
		}
		return app, nil
	}
	app, ok := s.app(f.clientID)
	if !ok {
		return nil, &errBadClientID
	}
	if subtle.ConstantTimeCompare([]byte(f.clientSecret), []byte(app.ClientSecret)) != 1 {
		return nil, &errBadSecret
	}
	return app, nil
}

// readForm parses and authenticates, writing the error response itself.
func (s *Server) readForm(w http.ResponseWriter, r *http.Request, v apiVersion, what string) (tokenForm, *App, string) {
	f, err := parseTokenForm(r, v)
	if err == errUnsupportedMedia {
		apiError(w, http.StatusUnsupportedMediaType, "VALIDATION_ERROR",
			"Unsupported Content-Type; send application/x-www-form-urlencoded", nil)
		return f, nil, what + " refused: 415, body is not form-encoded"
	}
	if err != nil {
		apiError(w, http.StatusBadRequest, "VALIDATION_ERROR", "could not read the form body", nil)
		return f, nil, what + " refused: unreadable form body"
	}
	app, oerr := s.authenticate(f)
	if oerr != nil {
		oerr.write(w, v)
		return f, nil, oerr.summary(what)
	}
	return f, app, ""
}

// tokenHandler serves POST /oauth/{version}/token.
func (s *Server) tokenHandler(v apiVersion) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) string {
		f, app, summary := s.readForm(w, r, v, "token request")
		if app == nil {
			return summary
		}
		var resp tokenResponse
		var oerr *oauthError
		switch f.grantType {
		case "authorization_code":
			resp, oerr = s.exchangeCode(app, f)
			summary = "code exchanged for tokens: portal %d"
		case "refresh_token":
			resp, oerr = s.refreshGrant(app, f)
			summary = "access token refreshed: portal %d"
		default:
			oerr = &errBadGrant
		}
		if oerr != nil {
			oerr.write(w, v)
			return oerr.summary(string(v)+" token request") + s.st.evictionNote(oerr == &errBadRefresh, oerr == &errBadCode)
		}
		writeJSON(w, http.StatusOK, resp)
		return fmt.Sprintf(summary+" (%s, %d scopes)", resp.HubID, v, len(resp.Scopes))
	}
}

// tokenResponse is the success body, identical across versions. user_id and
// token_use appear only with Options.ExtendedTokenFields.
type tokenResponse struct {
	TokenType    string   `json:"token_type"`
	RefreshToken string   `json:"refresh_token"`
	AccessToken  string   `json:"access_token"`
	HubID        int      `json:"hub_id"`
	UserID       int      `json:"user_id,omitempty"`
	Scopes       []string `json:"scopes"`
	ExpiresIn    int64    `json:"expires_in"`
	TokenUse     string   `json:"token_use,omitempty"`
}

// exchangeCode redeems an authorization code. The whole check-and-burn runs
// under the store lock, so a code can never be accepted twice.
func (s *Server) exchangeCode(app *App, f tokenForm) (tokenResponse, *oauthError) {
	if f.redirectURI == "" || !slices.Contains(app.RedirectURLs, f.redirectURI) {
		return tokenResponse{}, &errBadRedirect
	}
	now := s.clock.Now()
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	c, ok := s.st.codes.get(f.code)
	if !ok || !sameApp(c.app, app) {
		return tokenResponse{}, &errBadCode
	}
	if now.After(c.expires) {
		return tokenResponse{}, &errExpiredCode
	}
	if _, faulted := s.faults.take(EndpointToken, EffectExpireCodes); faulted {
		c.expires = now
		return tokenResponse{}, &errExpiredCode
	}
	if f.redirectURI != c.redirectURI {
		return tokenResponse{}, &errMismatch
	}
	if c.challenge != "" && !pkceMatches(c.challenge, f.codeVerifier) {
		return tokenResponse{}, &errBadVerifier
	}
	s.st.codes.del(f.code)
	rt := &refreshToken{install: c.install, token: newHubletID(s.random)}
	s.st.refresh.put(rt.token, rt, now)
	return s.issueLocked(rt, now), nil
}

// refreshGrant mints a new access token from a refresh token, rotating the
// refresh token only when Options.RotateRefresh asks for it.
func (s *Server) refreshGrant(app *App, f tokenForm) (tokenResponse, *oauthError) {
	now := s.clock.Now()
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	rt, ok := s.st.liveRefreshLocked(f.refreshToken)
	if !ok || !sameApp(rt.app, app) {
		return tokenResponse{}, &errBadRefresh
	}
	if _, faulted := s.faults.take(EndpointToken, EffectRevokeRefresh); faulted {
		s.st.revokeRefreshLocked(rt, s.opts.RevokeCascades)
		return tokenResponse{}, &errBadRefresh
	}
	if s.opts.RotateRefresh {
		s.st.revokeRefreshLocked(rt, false)
		rt = &refreshToken{install: rt.install, token: newHubletID(s.random)}
		s.st.refresh.put(rt.token, rt, now)
	}
	return s.issueLocked(rt, now), nil
}

// issueLocked creates an access token for rt. Caller holds s.st.mu. The
// table drops tokens a day past expiry and, at its cap, the oldest one, in
// amortised constant time.
func (s *Server) issueLocked(rt *refreshToken, now time.Time) tokenResponse {
	at := &accessToken{install: rt.install, rt: rt, token: newAccessToken(s.random),
		expires: now.Add(s.opts.AccessTTL)}
	s.st.access.put(at.token, at, now)
	resp := tokenResponse{
		TokenType: "bearer", RefreshToken: rt.token, AccessToken: at.token,
		HubID: rt.portal.HubID, Scopes: append([]string{}, rt.scopes...),
		ExpiresIn: int64(s.opts.AccessTTL / time.Second),
	}
	if s.opts.ExtendedTokenFields {
		resp.UserID, resp.TokenUse = rt.user.ID, "access_token"
	}
	return resp
}

// pkceMatches checks an RFC 7636 S256 verifier against its challenge.
func pkceMatches(challenge, verifier string) bool {
	if len(verifier) < 43 || len(verifier) > 128 {
		return false
	}
	sum := sha256.Sum256([]byte(verifier))
	got := base64.RawURLEncoding.EncodeToString(sum[:])
	return subtle.ConstantTimeCompare([]byte(got), []byte(strings.TrimRight(challenge, "="))) == 1
}
