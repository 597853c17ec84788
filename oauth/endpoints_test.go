package oauth

import (
	"context"
	"encoding/base64"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// standardServer plays a standard OAuth 2.0 server whose endpoints sit at /authorize, /token,
// /introspect and /revoke (none of HubSpot's paths) and records each request's method, path and form.
type standardServer struct {
	mu   sync.Mutex
	seen []string // "METHOD /path token=… token_type_hint=…"
}

func (s *standardServer) handle(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	s.mu.Lock()
	s.seen = append(s.seen, r.Method+" "+r.URL.Path+" grant_type="+r.PostForm.Get("grant_type")+" token="+r.PostForm.Get("token"))
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	switch r.URL.Path {
	case "/token":
		_, _ = w.Write([]byte(`{"access_token":"at-1","token_type":"Bearer","expires_in":3600,"refresh_token":"rt-1","scope":"openid profile"}`))
	case "/introspect":
		_, _ = w.Write([]byte(`{"active":true,"scope":"openid","exp":` + strconv.FormatInt(time.Now().Add(10*time.Minute).Unix(), 10) + `,"username":"ada","client_id":"c"}`))
	case "/revoke":
		w.WriteHeader(http.StatusOK)
	default:
		http.NotFound(w, r)
	}
}

func standardEnv(base string, v APIVersion) Environment {
	return Environment{AppBase: base, APIBase: base, Version: v, Endpoints: Endpoints{
		Authorize: base + "/authorize", Token: base + "/token", Introspect: base + "/introspect", Revoke: base + "/revoke"}}
}

// Every override replaces HubSpot's path, and on every version (v1 included) introspection and
// revocation are RFC 7662 / RFC 7009 form POSTs with the token in the body, never in the URL.
func TestEndpointOverridesReplaceHubSpotPaths(t *testing.T) {
	for _, v := range Versions {
		std := &standardServer{}
		srv, _ := stubServer(t, std.handle)
		tr := NewTrace(100)
		c, err := NewClient(standardEnv(srv.URL, v), App{ClientID: "c", ClientSecret: "client-secret-value", RedirectURI: testRedirect}, WithTrace(tr))
		if err != nil {
			t.Fatal(err)
		}
		raw, err := AuthorizeURL(c.Env, c.App, AuthRequest{Scopes: []string{"openid"}, State: "st"})
		if err != nil || !strings.HasPrefix(raw, srv.URL+"/authorize?client_id=c&") {
			t.Fatalf("%s: authorize URL %s %v", v, raw, err)
		}
		ctx := context.Background()
		ts, err := c.Exchange(ctx, "code-1", "")
		if err != nil || strings.Join(ts.Scopes, " ") != "openid profile" || ts.ExpiresIn != 3600 {
			t.Fatalf("%s: exchange %v %v", v, ts, err)
		}
		if _, err := c.Refresh(ctx, "rt-1"); err != nil {
			t.Fatalf("%s: refresh %v", v, err)
		}
		in, err := c.Introspect(ctx, "at-1", AccessToken)
		if err != nil || !in.Active || in.User != "ada" || in.ExpiresIn < 590 || in.ExpiresIn > 600 || !in.Reported("expires_in") {
			t.Fatalf("%s: introspect %+v %v", v, in, err)
		}
		if err := c.Revoke(ctx, "rt-1"); err != nil {
			t.Fatalf("%s: revoke %v", v, err)
		}
		want := []string{"POST /token grant_type=authorization_code token=", "POST /token grant_type=refresh_token token=",
			"POST /introspect grant_type= token=at-1", "POST /revoke grant_type= token=rt-1"}
		if strings.Join(std.seen, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: the server saw\n%s\nwant\n%s", v, strings.Join(std.seen, "\n"), strings.Join(want, "\n"))
		}
		var steps []string
		for _, ev := range tr.Events() {
			steps = append(steps, string(ev.Step))
		}
		if got := strings.Join(steps, " "); got != "exchange refresh introspect revoke" {
			t.Errorf("%s: trace steps %q: each override is the step it stands for", v, got)
		}
	}
}

// Without overrides nothing changes: HubSpot's paths per version.
func TestNoOverridesKeepHubSpotPaths(t *testing.T) {
	e := HubSpot()
	raw, err := AuthorizeURL(e, App{ClientID: "c", RedirectURI: testRedirect}, AuthRequest{Scopes: []string{"oauth"}, HubID: 7})
	if err != nil || !strings.HasPrefix(raw, "https://app.hubspot.com/oauth/7/authorize?") {
		t.Fatalf("%s %v", raw, err)
	}
	if e.TokenURL() != "https://api.hubapi.com/oauth/v3/token" || e.revokeURL("t") != "https://api.hubapi.com/oauth/v3/token/revoke" {
		t.Fatal("v3 paths changed")
	}
	e.Version = V1
	if e.rfcIntrospect() || e.rfcRevoke() {
		t.Fatal("v1 without overrides must keep its GET and DELETE")
	}
}

// A pinned portal cannot go into another server's authorize URL: say so instead of dropping it.
func TestHubIDWithAuthorizeURLRefused(t *testing.T) {
	e := standardEnv("http://127.0.0.1:9", V3)
	_, err := AuthorizeURL(e, App{ClientID: "c", RedirectURI: testRedirect}, AuthRequest{Scopes: []string{"openid"}, HubID: 42})
	if !errors.Is(err, ErrHubIDWithAuthorizeURL) || !strings.Contains(err.Error(), "--hub-id none") {
		t.Fatalf("got %v", err)
	}
}

// Overrides follow the same rules as the hosts: https, http only on loopback, no credentials; and
// they may carry no query or fragment, since hsoauth appends its parameters.
func TestEndpointOverrideValidation(t *testing.T) {
	for raw, ok := range map[string]bool{
		"https://auth.example.com/oauth2/token": true,
		"http://127.0.0.1:8080/token":           true,
		"http://localhost/token":                true,
		"http://auth.example.com/token":         false,
		"ftp://auth.example.com/token":          false,
		"https://user:pw@auth.example.com/t":    false,
		"https://auth.example.com/t?tenant=a":   false,
		"https://auth.example.com/t?":           false,
		"https://auth.example.com/t#x":          false,
		"/token":                                false,
		"auth.example.com/token":                false,
	} {
		err := CheckEndpointURL("token_url", raw)
		if (err == nil) != ok {
			t.Errorf("%q: err %v, want ok=%v", raw, err, ok)
		}
		if err != nil && !strings.Contains(err.Error(), "token_url") {
			t.Errorf("%q: the error does not name the key: %v", raw, err)
		}
		env := HubSpot()
		env.Endpoints.Token = raw
		if (env.Validate() == nil) != ok {
			t.Errorf("%q: Validate disagrees with CheckEndpointURL", raw)
		}
	}
}

// RFC 7662 spells the lifetime as exp (an absolute time) and the user as username; both are read
// when HubSpot's expires_in and user are absent, and are then not listed as unreported.
func TestIntrospectionReadsRFC7662ExpAndUsername(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	in, err := decodeIntrospection([]byte(`{"active":true,"scope":"a b","exp":1800000600,"username":"ada","client_id":"c"}`), AccessToken, false, now)
	if err != nil {
		t.Fatal(err)
	}
	if in.ExpiresIn != 600 || in.User != "ada" || in.ClientID != "c" || strings.Join(in.Unreported, ",") != "hub_id" {
		t.Fatalf("%+v", in)
	}
	in, _ = decodeIntrospection([]byte(`{"active":true,"exp":1700000000}`), AccessToken, false, now)
	if in.ExpiresIn != 0 || !in.Reported("expires_in") {
		t.Fatalf("a past exp is expired, not unreported: %+v", in)
	}
	in, _ = decodeIntrospection([]byte(`{"active":true,"expires_in":60,"exp":1800000600,"user":"hub@x","username":"ada"}`), AccessToken, false, now)
	if in.ExpiresIn != 60 || in.User != "hub@x" {
		t.Fatalf("HubSpot's own fields win: %+v", in)
	}
}

// RFC 9457 problem details (what oauth2-mock-server and many gateways send) keep their detail, so the
// user reads the server's reason instead of a bare "400".
func TestProblemDetailsKeepTheServersWords(t *testing.T) {
	e := DecodeError(400, []byte(`{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"Bad Request","detail":"code_verifier provided does not match code_challenge"}`))
	if e.Message != "code_verifier provided does not match code_challenge" || e.ServerText() != e.Message {
		t.Fatalf("%+v / %q", e, e.ServerText())
	}
	if !strings.Contains(e.Error(), "does not match") {
		t.Fatal(e.Error())
	}
	e = DecodeError(400, []byte(`{"title":"Bad Request"}`))
	if e.Message != "Bad Request" {
		t.Fatalf("title alone: %+v", e)
	}
	known := DecodeError(400, []byte(`{"error":"invalid_grant","error_description":"refresh token revoked"}`))
	if known.ServerText() != "" {
		t.Fatalf("a code with plain-language help needs no server text: %q", known.ServerText())
	}
	unknown := DecodeError(400, []byte(`{"error":"unauthorized_client","error_description":"client may not use this grant"}`))
	if unknown.ServerText() != "client may not use this grant" {
		t.Fatalf("an unknown code keeps its description: %q", unknown.ServerText())
	}
}

// FuzzCheckEndpointURL: whatever an override says, an accepted one yields an authorize URL that parses
// back to the same scheme, host and path, with hsoauth's parameters as the only query.
func FuzzCheckEndpointURL(f *testing.F) {
	for _, s := range []string{"https://auth.example.com/authorize", "http://127.0.0.1:1/a", "https://x/a?b", "https://x/%zz", "http://[::1]/a", "https://x/a b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		if CheckEndpointURL("authorize_url", raw) != nil {
			return
		}
		env := HubSpot()
		env.Endpoints.Authorize = raw
		got, err := AuthorizeURL(env, App{ClientID: "c", RedirectURI: testRedirect}, AuthRequest{Scopes: []string{"openid"}, State: "s"})
		if err != nil {
			t.Fatalf("%q accepted but AuthorizeURL failed: %v", raw, err)
		}
		u, err := url.Parse(got)
		want, _ := url.Parse(raw)
		if err != nil || u.Scheme != want.Scheme || u.Host != want.Host || u.Path != want.Path || u.Query().Get("client_id") != "c" || u.Query().Get("state") != "s" {
			t.Fatalf("%q gave %q (%v)", raw, got, err)
		}
	})
}

// client_secret_basic puts the credentials, form-encoded, in an Authorization: Basic header on every
// back-channel call and leaves them out of the body; the default keeps HubSpot's form body. The trace
// never shows the header's credential.
func TestClientSecretBasic(t *testing.T) {
	const id, secret = "client:1", "s3cret/+value"
	for _, method := range []ClientAuth{"", ClientSecretPost, ClientSecretBasic} {
		var mu sync.Mutex
		var bad []string
		check := func(w http.ResponseWriter, r *http.Request) {
			_ = r.ParseForm()
			user, pass, hasBasic := r.BasicAuth()
			mu.Lock()
			defer mu.Unlock()
			if method == ClientSecretBasic {
				if !hasBasic || user != url.QueryEscape(id) || pass != url.QueryEscape(secret) || r.PostForm.Has("client_secret") {
					bad = append(bad, r.URL.Path+": want Basic only, got "+r.Header.Get("Authorization")+" body "+r.PostForm.Encode())
				}
			} else if hasBasic || r.PostForm.Get("client_id") != id || r.PostForm.Get("client_secret") != secret {
				bad = append(bad, r.URL.Path+": want the form body only")
			}
		}
		std := &standardServer{}
		srv, _ := stubServer(t, func(w http.ResponseWriter, r *http.Request) { check(w, r); std.handle(w, r) })
		env := standardEnv(srv.URL, V3)
		env.ClientAuth = method
		tr := NewTrace(100)
		c, err := NewClient(env, App{ClientID: id, ClientSecret: secret, RedirectURI: testRedirect}, WithTrace(tr))
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		if _, err := c.Exchange(ctx, "code-1", ""); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Refresh(ctx, "rt-1"); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Introspect(ctx, "at-1", AccessToken); err != nil {
			t.Fatal(err)
		}
		if err := c.Revoke(ctx, "rt-1"); err != nil {
			t.Fatal(err)
		}
		if len(bad) > 0 || len(std.seen) != 4 {
			t.Errorf("%q: %v (%d calls)", method, bad, len(std.seen))
		}
		credential := base64.StdEncoding.EncodeToString([]byte(url.QueryEscape(id) + ":" + url.QueryEscape(secret)))
		headers := 0
		for _, ev := range tr.Events() {
			for _, h := range ev.RequestHeaders {
				if h.Name != "Authorization" {
					continue
				}
				headers++
				if strings.Contains(h.Value, credential[4:len(credential)-4]) {
					t.Errorf("%q: the trace shows the Basic credential: %s", method, h.Value)
				}
			}
		}
		if (headers == 4) != (method == ClientSecretBasic) {
			t.Errorf("%q: %d traced Authorization headers", method, headers)
		}
	}
	env := HubSpot()
	env.ClientAuth = "private_key_jwt"
	if err := env.Validate(); err == nil || !strings.Contains(err.Error(), "client_secret_basic") {
		t.Fatalf("an unknown method: %v", err)
	}
}

// A profile that names its own server but no introspection or revocation endpoint gets a clear refusal,
// with nothing sent: HubSpot's path on someone else's server would only come back as a 404.
func TestOwnServerWithoutIntrospectOrRevokeURL(t *testing.T) {
	srv, calls := stubServer(t, func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	for _, ep := range []Endpoints{{Token: srv.URL + "/token"}, {Authorize: srv.URL + "/authorize"}} {
		env := Environment{AppBase: srv.URL, APIBase: srv.URL, Version: V3, Endpoints: ep}
		c, err := NewClient(env, App{ClientID: "c", ClientSecret: "s", RedirectURI: testRedirect})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Introspect(context.Background(), "at", AccessToken); !errors.Is(err, ErrNoIntrospectURL) {
			t.Errorf("%+v: introspect %v", ep, err)
		}
		if err := c.Revoke(context.Background(), "rt"); !errors.Is(err, ErrNoRevokeURL) || env.CanRevoke() == nil {
			t.Errorf("%+v: revoke %v", ep, err)
		}
	}
	if calls.Load() != 0 {
		t.Fatalf("%d requests sent", calls.Load())
	}
	if HubSpot().CanRevoke() != nil {
		t.Fatal("HubSpot can revoke")
	}
}

// A refusal from the profile's own server names that server (by host), never HubSpot; HubSpot's own and
// the sandbox's keep saying HubSpot.
func TestErrorsNameTheProfilesOwnServer(t *testing.T) {
	srv, _ := stubServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(`{"error":"temporarily_unavailable"}`))
	})
	host := strings.TrimPrefix(srv.URL, "http://")
	for _, tc := range []struct {
		env  Environment
		name string
	}{{standardEnv(srv.URL, V3), host}, {Environment{AppBase: srv.URL, APIBase: srv.URL, Version: V3}, "HubSpot"}} {
		c, err := NewClient(tc.env, App{ClientID: "c", ClientSecret: "s", RedirectURI: testRedirect})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Refresh(context.Background(), "rt")
		var he *HubSpotError
		if !errors.As(err, &he) || he.ServerName() != tc.name || !strings.HasPrefix(he.Error(), tc.name+" temporarily_unavailable") ||
			!strings.HasPrefix(he.Cause(), tc.name+" had a problem") || tc.env.ServerName() != tc.name {
			t.Errorf("%s: %v / %q", tc.name, err, he.Cause())
		}
		if strings.Contains(he.NextStep(), "status.hubspot.com") != (tc.name == "HubSpot") {
			t.Errorf("%s: next step %q", tc.name, he.NextStep())
		}
	}
}

// HubSpot refuses IP literals in a redirect URL, so hsoauth does for HubSpot; a profile's own server may
// get the loopback IP literal RFC 8252 §7.3 recommends, and the callback server listens for it.
func TestLoopbackIPRedirectOnlyForOwnServer(t *testing.T) {
	own := standardEnv("https://auth.example.com", V3)
	for uri, ownOK := range map[string]bool{
		"http://127.0.0.1:3000/cb":   true,
		"http://[::1]:3000/cb":       true,
		"https://10.0.0.7/cb":        true,
		"http://10.0.0.7:3000/cb":    false,
		"http://127.0.0.1/cb":        false, // no port for the callback server
		"http://localhost:3000/cb":   true,
		"http://example.com:3000/cb": false,
	} {
		hubspotOK := uri == "http://localhost:3000/cb"
		if (CheckRedirectURI(uri) == nil) != hubspotOK || (CheckRedirectURIFor(HubSpot(), uri) == nil) != hubspotOK {
			t.Errorf("%s: HubSpot's rule changed", uri)
		}
		if (CheckRedirectURIFor(own, uri) == nil) != ownOK || (CheckOwnServerRedirectURI(uri) == nil) != ownOK {
			t.Errorf("%s: own server accepts=%v, want %v", uri, CheckRedirectURIFor(own, uri) == nil, ownOK)
		}
		_, err := NewClient(own, App{ClientID: "c", RedirectURI: uri})
		if (err == nil) != ownOK {
			t.Errorf("%s: NewClient %v", uri, err)
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
	_ = l.Close()
	state, _ := NewState()
	redirect := "http://127.0.0.1:" + port + "/cb"
	if _, err := ListenCallback(context.Background(), redirect, state, CallbackOptions{Timeout: time.Second}); err == nil {
		t.Fatal("the callback server took a 127.0.0.1 redirect under HubSpot's rules")
	}
	srv, err := ListenCallback(context.Background(), redirect, state, CallbackOptions{Timeout: time.Minute, Env: own})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	resp, err := http.Get(redirect + "?code=abc&state=" + state)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	res, err := srv.Wait(context.Background())
	if err != nil || res.Code != "abc" {
		t.Fatalf("callback: %+v %v", res, err)
	}
}
