package sandbox

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// epoch is the frozen start of every test clock.
var epoch = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// narrowApp lets tests mint tokens with exactly the scopes they name.
var narrowApp = App{Name: "narrow test app", ClientID: "narrow", ClientSecret: "narrow-secret",
	RedirectURLs: []string{DemoRedirectURL}, Required: []string{"oauth"},
	Conditional: []string{"crm.objects.contacts.read", "crm.objects.companies.read"}}

// fixture drives one sandbox in-process through its handler.
type fixture struct {
	t testing.TB
	s *Server
}

func newFixture(t testing.TB, opts Options) *fixture {
	t.Helper()
	if opts.Clock == nil {
		opts.Clock = NewFixedClock(epoch)
	}
	opts.Apps = append(opts.Apps, narrowApp)
	s, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return &fixture{t: t, s: s}
}

// do sends one request; a non-nil form is sent form-encoded.
func (f *fixture) do(method, target string, form url.Values, header ...string) *httptest.ResponseRecorder {
	f.t.Helper()
	var body *strings.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	} else {
		body = strings.NewReader("")
	}
	r := httptest.NewRequest(method, target, body)
	r.Host = "127.0.0.1:8421"
	if form != nil {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	f.s.Handler().ServeHTTP(w, r)
	return w
}

// doBody sends a JSON body.
func (f *fixture) doBody(method, target, body string) *httptest.ResponseRecorder {
	f.t.Helper()
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	r.Host = "localhost:8421"
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	f.s.Handler().ServeHTTP(w, r)
	return w
}

// demoQuery is a valid authorize query for the demo app.
func demoQuery() url.Values {
	return url.Values{
		"client_id":      {DemoClientID},
		"redirect_uri":   {DemoRedirectURL},
		"scope":          {"oauth crm.objects.contacts.read"},
		"optional_scope": {"crm.objects.deals.read content"},
		"state":          {"st-123"},
	}
}

func with(q url.Values, kv ...string) url.Values {
	out := url.Values{}
	for k, v := range q {
		out[k] = append([]string(nil), v...)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			out.Del(kv[i])
		} else {
			out.Set(kv[i], kv[i+1])
		}
	}
	return out
}

// authorize opens the consent page and returns the request id.
func (f *fixture) authorize(path string, q url.Values) (string, *httptest.ResponseRecorder) {
	f.t.Helper()
	w := f.do("GET", path+"?"+q.Encode(), nil)
	return w.Header().Get("X-Sandbox-Request"), w
}

// decision posts the consent form.
func (f *fixture) decision(req string, hubID int, user, action string) *httptest.ResponseRecorder {
	f.t.Helper()
	return f.do("POST", "/oauth/authorize/decision", url.Values{
		"request": {req}, "hub_id": {strconv.Itoa(hubID)}, "user": {user}, "action": {action},
	})
}

// code runs authorize and grant and returns the code from the redirect.
func (f *fixture) code(q url.Values, hubID int) string {
	f.t.Helper()
	req, w := f.authorize("/oauth/authorize", q)
	if req == "" {
		f.t.Fatalf("authorize: %d %s", w.Code, w.Body.String())
	}
	w = f.decision(req, hubID, "admin", "grant")
	if w.Code != http.StatusFound {
		f.t.Fatalf("grant: %d %s", w.Code, w.Body.String())
	}
	loc, err := url.Parse(w.Header().Get("Location"))
	if err != nil || loc.Query().Get("code") == "" {
		f.t.Fatalf("grant redirect %q", w.Header().Get("Location"))
	}
	return loc.Query().Get("code")
}

// exchange redeems code at the given version's token endpoint.
func (f *fixture) exchange(v apiVersion, code string, extra ...string) *httptest.ResponseRecorder {
	f.t.Helper()
	form := with(url.Values{
		"grant_type": {"authorization_code"}, "client_id": {DemoClientID},
		"client_secret": {DemoClientSecret}, "redirect_uri": {DemoRedirectURL}, "code": {code},
	}, extra...)
	return f.do("POST", "/oauth/"+string(v)+"/token", form)
}

// refresh runs a refresh grant.
func (f *fixture) refresh(v apiVersion, rt string, extra ...string) *httptest.ResponseRecorder {
	f.t.Helper()
	form := with(url.Values{
		"grant_type": {"refresh_token"}, "client_id": {DemoClientID},
		"client_secret": {DemoClientSecret}, "refresh_token": {rt},
	}, extra...)
	return f.do("POST", "/oauth/"+string(v)+"/token", form)
}

// tokens runs a whole flow on hubID and returns the token response.
func (f *fixture) tokens(q url.Values, hubID int) tokenResponse {
	f.t.Helper()
	w := f.exchange(version202603, f.code(q, hubID))
	if w.Code != http.StatusOK {
		f.t.Fatalf("exchange: %d %s", w.Code, w.Body.String())
	}
	var tr tokenResponse
	if err := json.Unmarshal(w.Body.Bytes(), &tr); err != nil {
		f.t.Fatal(err)
	}
	return tr
}

// jsonBody decodes a JSON object response.
func jsonBody(t testing.TB, w *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil {
		t.Fatalf("body %q: %v", w.Body.String(), err)
	}
	return m
}

// wantOAuthError checks an OAuth error response's status and shape.
func wantOAuthError(t *testing.T, w *httptest.ResponseRecorder, v apiVersion, status string) {
	t.Helper()
	if w.Code != http.StatusBadRequest {
		t.Fatalf("HTTP %d, want 400: %s", w.Code, w.Body.String())
	}
	m := jsonBody(t, w)
	if m["status"] != status {
		t.Fatalf("status %v, want %s: %s", m["status"], status, w.Body.String())
	}
	if m["message"] == "" || m["correlationId"] == "" {
		t.Errorf("message/correlationId missing: %v", m)
	}
	_, hasRFC := m["error"]
	_, hasDesc := m["error_description"]
	if v == versionV1 && (hasRFC || hasDesc) {
		t.Errorf("v1 error carries RFC fields: %v", m)
	}
	if v != versionV1 && (!hasRFC || !hasDesc) {
		t.Errorf("%s error lacks error/error_description: %v", v, m)
	}
}

// startSandbox runs a real sandbox on a free loopback port until the test ends.
func startSandbox(t testing.TB, opts Options) (*Server, string) {
	t.Helper()
	s, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	base, err := s.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close(context.Background()) })
	return s, base
}
