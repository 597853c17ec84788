package oauth

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestDoSendsMethodBodyAndHeaders(t *testing.T) {
	type seen struct{ method, uri, auth, ctype, accept, extra, body string }
	var got seen
	srv, n := stubServer(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got = seen{r.Method, r.RequestURI, r.Header.Get("Authorization"), r.Header.Get("Content-Type"),
			r.Header.Get("Accept"), r.Header.Get("X-Request-Id"), string(b)}
		w.Header().Set("Set-Cookie", "session=abc")
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write([]byte(`{"id":"1"}`))
	})
	c := stubClient(t, srv.URL, V3)
	resp, err := c.Do(context.Background(), "token-value-123456", APIRequest{Method: http.MethodPost,
		Path: "/crm/v3/objects/contacts?a=1", Body: []byte(`{"properties":{}}`), Header: http.Header{"X-Request-Id": {"r1"}}})
	if err != nil || resp.Status != http.StatusCreated || n.Load() != 1 {
		t.Fatalf("Do: %v, %+v, %d requests", err, resp, n.Load())
	}
	want := seen{"POST", "/crm/v3/objects/contacts?a=1", "Bearer token-value-123456", "application/json", "application/json", "r1", `{"properties":{}}`}
	if got != want {
		t.Fatalf("server saw %+v, want %+v", got, want)
	}
	if resp.Header.Get("Set-Cookie") != "" || resp.Proto == "" {
		t.Fatalf("headers %v, proto %q", resp.Header, resp.Proto)
	}
}

func TestDoRetriesOnlyReads(t *testing.T) {
	for _, tc := range []struct {
		method string
		want   int32
	}{{http.MethodGet, 4}, {http.MethodHead, 4}, {http.MethodPost, 1}, {http.MethodPatch, 1}, {http.MethodDelete, 1}} {
		srv, n := stubServer(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusServiceUnavailable) })
		c := stubClient(t, srv.URL, V3)
		resp, err := c.Do(context.Background(), "token-value-123456", APIRequest{Method: tc.method, Path: "/x"})
		var he *HubSpotError
		if !errors.As(err, &he) || resp == nil || resp.Status != 503 || n.Load() != tc.want {
			t.Errorf("%s: %v, %d attempts, want %d", tc.method, err, n.Load(), tc.want)
		}
	}
}

func TestDoRefusesBadRequestsBeforeSending(t *testing.T) {
	srv, n := stubServer(t, func(w http.ResponseWriter, r *http.Request) {})
	c := stubClient(t, srv.URL, V3)
	cases := []struct {
		req  APIRequest
		want string
	}{
		{APIRequest{Method: "TRACE", Path: "/x"}, "unknown HTTP method"},
		{APIRequest{Path: "x"}, "single /"},
		{APIRequest{Path: "/a b"}, "percent-encode"},
		{APIRequest{Path: "/x", Header: http.Header{"Authorization": {"Bearer other"}}}, "comes from the stored token"},
		{APIRequest{Path: "/x", Header: http.Header{"Host": {"evil.example"}}}, "set by hsoauth"},
		{APIRequest{Path: "/x", Header: http.Header{"X-A": {"1\r\nX-B: 2"}}}, "control characters"},
		{APIRequest{Path: "/x", Header: http.Header{"Bad Name": {"1"}}}, "not valid"},
	}
	for _, tc := range cases {
		if _, err := c.Do(context.Background(), "token-value-123456", tc.req); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v, want %q", tc.req, err, tc.want)
		}
	}
	if _, err := c.Do(context.Background(), "", APIRequest{Path: "/x"}); err == nil {
		t.Error("empty token accepted")
	}
	if n.Load() != 0 {
		t.Fatalf("%d requests reached the server", n.Load())
	}
}

func TestAPIPath(t *testing.T) {
	e := Environment{APIBase: "https://api.hubapi.com", Version: V3}
	ok := map[string]string{
		"/crm/v3/objects/contacts":                           "/crm/v3/objects/contacts",
		"crm/v3/objects/contacts?limit=1":                    "/crm/v3/objects/contacts?limit=1",
		"https://api.hubapi.com/crm/v3/objects/contacts?a=b": "/crm/v3/objects/contacts?a=b",
		"HTTPS://API.HUBAPI.COM/account-info/v3/details":     "/account-info/v3/details",
		"https://api.hubapi.com":                             "/",
		"  /padded  ":                                        "/padded",
		"/crm/v3/objects/contacts/search?properties=a,b%20c": "/crm/v3/objects/contacts/search?properties=a,b%20c",
	}
	for in, want := range ok {
		if got, err := e.APIPath(in); err != nil || got != want {
			t.Errorf("APIPath(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	bad := map[string]string{
		"":                                   "no API path",
		"https://evil.example/crm":           "not on this profile's API host",
		"http://api.hubapi.com/crm":          "not on this profile's API host",
		"https://user:pw@api.hubapi.com/crm": "not on this profile's API host",
		"https://api.hubapi.com/x#frag":      "#fragment",
		"//evil.example/x":                   "single /",
		"/x\x1b[31m":                         "not allowed",
	}
	for in, want := range bad {
		if _, err := e.APIPath(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("APIPath(%q): %v, want %q", in, err, want)
		}
	}
	if strings.Contains(mustErr(e.APIPath("https://user:pw@api.hubapi.com/crm")), "pw") {
		t.Error("the error echoes a password")
	}
	sub := Environment{APIBase: "http://127.0.0.1:8421/hub", Version: V3}
	if got, err := sub.APIPath("http://127.0.0.1:8421/hub/crm/v3/x"); err != nil || got != "/crm/v3/x" {
		t.Errorf("base with a path: %q, %v", got, err)
	}
	if _, err := sub.APIPath("http://127.0.0.1:8421/hubx/crm"); err == nil {
		t.Error("a URL outside the base path was accepted")
	}
}

func mustErr(_ string, err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// FuzzAPIPath checks that whatever a user types, an accepted path stays on the API host: it starts with a
// single slash, carries no fragment, space or control character, and joined to the base it parses back to
// the base's host.
func FuzzAPIPath(f *testing.F) {
	for _, s := range []string{"/crm/v3/objects/contacts", "crm/v3?x=1", "https://api.hubapi.com/a?b=c",
		"https://evil.example/", "//x", "/\\x", "/a#b", "http://api.hubapi.com:443/x", "https://api.hubapi.com@evil/"} {
		f.Add(s)
	}
	e := Environment{APIBase: "https://api.hubapi.com", Version: V3}
	f.Fuzz(func(t *testing.T, in string) {
		p, err := e.APIPath(in)
		if err != nil {
			return
		}
		if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "# \\\r\n\x00") {
			t.Fatalf("APIPath(%q) = %q", in, p)
		}
		u, err := http.NewRequest(http.MethodGet, e.APIBase+p, nil)
		if err != nil || u.URL.Host != "api.hubapi.com" {
			t.Fatalf("APIPath(%q) = %q leaves the host (%v)", in, p, err)
		}
	})
}

// FuzzCheckAPIHeader checks that an accepted header can never smuggle a second header or replace the token.
func FuzzCheckAPIHeader(f *testing.F) {
	f.Add("X-Request-Id", "abc")
	f.Add("authorization", "Bearer x")
	f.Add("X-A", "1\r\nAuthorization: Bearer y")
	f.Fuzz(func(t *testing.T, name, value string) {
		if CheckAPIHeader(name, value) != nil {
			return
		}
		if strings.EqualFold(name, "Authorization") || strings.ContainsAny(name+value, "\r\n\x00") || strings.ContainsAny(name, " :") {
			t.Fatalf("accepted %q: %q", name, value)
		}
	})
}
