package oauth

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
)

const (
	testClientID     = "7fff1e36-2d40-4ae1-bbb1-5266d59564fb"
	testClientSecret = "SECRET-canary-7c3ce02c-0f0c-4c9f-9700-92440c9bdf2d"
	testRedirect     = "http://localhost:3000/oauth-callback"
)

// fakeHub plays HubSpot's app and API hosts for one version: the authorize
// redirect (a fake browser that grants at once), the token endpoints, v1
// metadata, v3 introspect/revoke and one API path. It records what it saw.
type fakeHub struct {
	t       *testing.T
	srv     *httptest.Server
	version APIVersion

	mu           sync.Mutex
	codes        map[string]codeGrant // code -> grant
	refresh      map[string]bool      // live refresh tokens
	access       map[string]bool
	tokenPOSTs   int
	authRedirect string // redirect_uri seen on /authorize
	tokenForms   []url.Values
	rotate       bool
	expireCodes  bool
	seq          int
	requestURLs  []string
	userAgents   []string
}

type codeGrant struct{ redirect, challenge string }

func newFakeHub(t *testing.T, v APIVersion) *fakeHub {
	h := &fakeHub{t: t, version: v, codes: map[string]codeGrant{}, refresh: map[string]bool{}, access: map[string]bool{}}
	h.srv = httptest.NewServer(h)
	t.Cleanup(h.srv.Close)
	return h
}

func (h *fakeHub) env() Environment {
	return Environment{AppBase: h.srv.URL, APIBase: h.srv.URL, Version: h.version}
}

func (h *fakeHub) app() App {
	return App{ClientID: testClientID, ClientSecret: testClientSecret, RedirectURI: testRedirect, PKCE: true}
}

func (h *fakeHub) next(prefix string) string {
	h.seq++
	return fmt.Sprintf("%s-%04d-aaaa-bbbb-cccc-dddd%08d", prefix, h.seq, h.seq)
}

func (h *fakeHub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.requestURLs = append(h.requestURLs, r.URL.String())
	h.userAgents = append(h.userAgents, r.UserAgent())
	p := r.URL.Path
	v1 := "/oauth/v1/"
	vx := "/oauth/" + string(h.version) + "/"
	switch {
	case p == "/oauth/authorize" || strings.HasSuffix(p, "/authorize"):
		h.authorize(w, r)
	case p == vx+"token" && r.Method == http.MethodPost:
		h.token(w, r)
	case h.version == V1 && strings.HasPrefix(p, v1+"access-tokens/") && r.Method == http.MethodGet:
		h.v1Info(w, strings.TrimPrefix(p, v1+"access-tokens/"), h.access, AccessToken)
	case h.version == V1 && strings.HasPrefix(p, v1+"refresh-tokens/") && r.Method == http.MethodGet:
		h.v1Info(w, strings.TrimPrefix(p, v1+"refresh-tokens/"), h.refresh, RefreshToken)
	case h.version == V1 && strings.HasPrefix(p, v1+"refresh-tokens/") && r.Method == http.MethodDelete:
		delete(h.refresh, strings.TrimPrefix(p, v1+"refresh-tokens/"))
		w.WriteHeader(http.StatusNoContent)
	case p == vx+"token/introspect" && r.Method == http.MethodPost:
		h.introspect(w, r)
	case p == vx+"token/revoke" && r.Method == http.MethodPost:
		_ = r.ParseForm()
		delete(h.refresh, r.PostForm.Get("token"))
		w.WriteHeader(http.StatusOK)
	case p == "/account-info/v3/details":
		h.api(w, r)
	default:
		http.NotFound(w, r)
	}
}

func (h *fakeHub) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	h.authRedirect = q.Get("redirect_uri")
	code := h.next("na1")
	h.codes[code] = codeGrant{redirect: q.Get("redirect_uri"), challenge: q.Get("code_challenge")}
	http.Redirect(w, r, q.Get("redirect_uri")+"?code="+code+"&state="+url.QueryEscape(q.Get("state")), http.StatusFound)
}

func (h *fakeHub) fail(w http.ResponseWriter, status, rfc, desc string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusBadRequest)
	body := map[string]string{"status": status, "message": desc, "correlationId": "c0ffee00-1111-2222-3333-444455556666"}
	if h.version != V1 {
		body["error"], body["error_description"] = rfc, desc
	}
	_ = json.NewEncoder(w).Encode(body)
}

func (h *fakeHub) token(w http.ResponseWriter, r *http.Request) {
	h.tokenPOSTs++
	_ = r.ParseForm()
	f := r.PostForm
	h.tokenForms = append(h.tokenForms, f)
	if f.Get("client_id") != testClientID {
		h.fail(w, "BAD_CLIENT_ID", "invalid_request", "missing or unknown client id")
		return
	}
	switch f.Get("grant_type") {
	case "authorization_code":
		g, ok := h.codes[f.Get("code")]
		delete(h.codes, f.Get("code"))
		switch {
		case !ok:
			h.fail(w, "BAD_AUTH_CODE", "invalid_grant", "missing or unknown auth code")
		case h.expireCodes:
			h.fail(w, "EXPIRED_AUTH_CODE", "invalid_grant", "auth code expired")
		case g.redirect != f.Get("redirect_uri"):
			h.fail(w, "MISMATCH_REDIRECT_URI_AUTH_CODE", "invalid_grant", "redirect URI does not match")
		case g.challenge != "" && S256Challenge(f.Get("code_verifier")) != g.challenge:
			h.fail(w, "BAD_AUTH_CODE", "invalid_grant", "code_verifier does not match")
		default:
			h.issue(w, h.next("na1"))
		}
	case "refresh_token":
		rt := f.Get("refresh_token")
		if !h.refresh[rt] {
			h.fail(w, "BAD_REFRESH_TOKEN", "invalid_grant", "refresh token is invalid, expired or revoked")
			return
		}
		if h.rotate {
			delete(h.refresh, rt)
			rt = h.next("na1")
		}
		h.issue(w, rt)
	default:
		h.fail(w, "BAD_GRANT_TYPE", "unsupported_grant_type", "bad grant type")
	}
}

func (h *fakeHub) issue(w http.ResponseWriter, rt string) {
	at := "CJSP5qf1KhICAQEYs-" + h.next("access")
	h.refresh[rt], h.access[at] = true, true
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	_ = json.NewEncoder(w).Encode(map[string]any{"token_type": "bearer", "refresh_token": rt, "access_token": at,
		"expires_in": 1800, "hub_id": 1234567, "user_id": 222222,
		"scopes": []string{"oauth", "crm.objects.contacts.read"}})
}

func (h *fakeHub) info(token string, live bool, kind TokenKind) map[string]any {
	m := map[string]any{"token": token, "hub_id": 1234567, "user_id": 222222, "app_id": 1234444,
		"client_id": testClientID, "user": "jdoe@example.com", "hub_domain": "example.com",
		"scopes": []string{"oauth", "crm.objects.contacts.read"}, "token_type": "bearer"}
	if kind == AccessToken {
		m["expires_in"] = 1789
	}
	if h.version != V1 {
		m["active"], m["token_use"] = live, string(kind)
	}
	return m
}

func (h *fakeHub) v1Info(w http.ResponseWriter, token string, live map[string]bool, kind TokenKind) {
	if !live[token] {
		h.fail(w, "NOT_FOUND", "", "token not found")
		return
	}
	_ = json.NewEncoder(w).Encode(h.info(token, true, kind))
}

func (h *fakeHub) introspect(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	tok, hint := r.PostForm.Get("token"), TokenKind(r.PostForm.Get("token_type_hint"))
	if r.PostForm.Get("client_secret") != testClientSecret {
		h.fail(w, "BAD_CLIENT_SECRET", "invalid_client", "bad secret")
		return
	}
	live := h.access[tok] || h.refresh[tok]
	if !live {
		_ = json.NewEncoder(w).Encode(map[string]any{"active": false})
		return
	}
	_ = json.NewEncoder(w).Encode(h.info(tok, true, hint))
}

func (h *fakeHub) api(w http.ResponseWriter, r *http.Request) {
	at, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	w.Header().Set("Content-Type", "application/json")
	if !h.access[at] {
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"status":"error","message":"The OAuth token used to make this call expired 5 minute(s) ago.","correlationId":"x","category":"EXPIRED_AUTHENTICATION"}`))
		return
	}
	_, _ = w.Write([]byte(`{"portalId":1234567,"timeZone":"US/Eastern","companyCurrency":"USD","uiDomain":"app.hubspot.com","dataHostingLocation":"na1"}`))
}

func (h *fakeHub) counts() (tokenPOSTs int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.tokenPOSTs
}
