package sandbox

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// FuzzParseAuthorizeQuery feeds arbitrary query strings to the authorize
// parser and validator: no panics, scopes are single non-empty unique
// words, and validation never accepts an unregistered redirect URI.
func FuzzParseAuthorizeQuery(f *testing.F) {
	f.Add(demoQuery().Encode())
	f.Add("client_id=" + DemoClientID + "&scope=oauth%20%20oauth+x&optional_scope=%09a&redirect_uri=http://127.0.0.1/")
	f.Add("scope=%ff%fe&state=%1b[31m&code_challenge=" + strings.Repeat("A", 43) + "&code_challenge_method=S256")
	s, err := New(Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		vals, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		q := parseAuthorizeQuery(vals)
		for _, list := range [][]string{q.scope, q.optional} {
			for i, sc := range list {
				if sc == "" || strings.ContainsAny(sc, " \t\n\r") || slices.Contains(list[:i], sc) {
					t.Fatalf("bad scope entry %q in %q", sc, list)
				}
			}
		}
		app, cerr := s.validate(q)
		if cerr == nil && !slices.Contains(app.RedirectURLs, q.redirectURI) {
			t.Fatalf("accepted unregistered redirect %q", q.redirectURI)
		}
		if cerr != nil && strings.ContainsRune(cerr.Error(), 0x1b) {
			t.Fatalf("escape sequence echoed in %q", cerr.Error())
		}
	})
}

// FuzzParseTokenForm feeds arbitrary bodies and content types to the token
// form parser: no panics, non-form content types are refused, and what a
// form body says is what the parser reads.
func FuzzParseTokenForm(f *testing.F) {
	f.Add("grant_type=authorization_code&code=na1-x&client_id=a&client_secret=b", "application/x-www-form-urlencoded")
	f.Add(`{"grant_type":"refresh_token"}`, "application/json")
	f.Add("token_type_hint=access_token&access_token=CNabc", "application/x-www-form-urlencoded; charset=utf-8")
	f.Add("a=%zz", "")
	f.Fuzz(func(t *testing.T, body, ct string) {
		for _, v := range []apiVersion{versionV1, versionV3} {
			r := httptest.NewRequest("POST", "/oauth/"+string(v)+"/token", strings.NewReader(body))
			if ct != "" {
				r.Header.Set("Content-Type", ct)
			} else {
				r.Header.Del("Content-Type")
			}
			form, err := parseTokenForm(r, v)
			if err != nil {
				continue
			}
			if ct != "" && !strings.HasPrefix(strings.ToLower(strings.TrimSpace(ct)), "application/x-www-form-urlencoded") {
				t.Fatalf("content type %q accepted", ct)
			}
			if vals, perr := url.ParseQuery(body); perr == nil && ct != "" && form.grantType != vals.Get("grant_type") {
				t.Fatalf("grant_type %q, body says %q", form.grantType, vals.Get("grant_type"))
			}
		}
	})
}

// FuzzAPIRequest sends arbitrary methods, paths and bodies to the API with a
// valid token: the sandbox never panics, never answers 5xx, and every
// answer but a 204 or a redirect (Go's mux cleans ../ paths) is JSON, or
// HTML on the consent pages; never Go's plain text.
func FuzzAPIRequest(f *testing.F) {
	f.Add("GET", "/crm/v3/objects/contacts?limit=2&after=1&properties=email", "")
	f.Add("POST", "/crm/v3/objects/contacts/search", `{"filterGroups":[{"filters":[{"propertyName":"amount","operator":"BETWEEN","value":1,"highValue":"9"}]}],"limit":3}`)
	f.Add("POST", "/crm/objects/2026-03/0-3/batch/update", `{"inputs":[{"id":"301","properties":{"amount":""}}]}`)
	f.Add("PUT", "/crm/v4/objects/deals/301/associations/default/contacts/101", "")
	f.Add("POST", "/contacts/v1/contact", `{"properties":[{"property":"email","value":null}]}`)
	f.Add("GET", "/contacts/v1/lists/all/contacts/all?count=0&vidOffset=-1", "")
	f.Add("PATCH", "/crm/v3/objects/tickets/401", `{"properties":{"subject":1}}`)
	f.Add("GET", "/crm/v3/objects/%zz", "")
	f.Add("DELETE", "/_sandbox/../oauth/v3/token", "")
	f.Add("GET", "/crm/pipelines/2026-03/0-3/default/stages", "")
	f.Add("POST", "/crm/v3/objects/deals", `{"properties":{"amount":12.5,"x":null,"y":[1]}}`)
	f.Add("POST", "/crm/v3/objects/contacts/search", `{"sorts":["lastname",{"propertyName":1}],"after":1e30}`)
	f.Add("GET", "/settings/v3/users/nobody@x", "")
	a := newAPIFixture(f, Options{})
	f.Fuzz(func(t *testing.T, method, path, body string) {
		if !strings.HasPrefix(path, "/") || strings.ContainsAny(path, " \r\n\t") || len(method) == 0 || len(method) > 10 {
			return
		}
		for _, c := range method {
			if c < 'A' || c > 'Z' {
				return
			}
		}
		if _, err := url.ParseRequestURI(path); err != nil {
			return
		}
		r := httptest.NewRequest(method, "http://127.0.0.1:8421"+path, strings.NewReader(body))
		r.Header.Set("Authorization", "Bearer "+a.token)
		r.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		a.s.Handler().ServeHTTP(w, r)
		if w.Code >= 500 {
			t.Fatalf("%s %s: %d %s", method, path, w.Code, w.Body.String())
		}
		ct := w.Header().Get("Content-Type")
		if w.Code != 204 && (w.Code < 300 || w.Code > 399) && !strings.HasPrefix(ct, "application/json") && !strings.HasPrefix(ct, "text/html") {
			t.Fatalf("%s %s: %d with Content-Type %q: %s", method, path, w.Code, ct, w.Body.String())
		}
	})
}

// FuzzRegisterApp posts arbitrary bodies to the admin app registration:
// never a panic or 5xx, and whatever is accepted is a valid app.
func FuzzRegisterApp(f *testing.F) {
	f.Add(`{"client_id":"a","redirect_urls":["https://x.example/cb"],"required_scopes":["oauth"]}`)
	f.Add(`{"client_id":"b","redirect_urls":["http://localhost/cb"],"optional_scopes":["oauth","oauth"]}`)
	f.Add(`{"client_id":"","redirect_urls":[]}`)
	f.Add(`[1,2]`)
	s, err := New(Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest("POST", "/_sandbox/apps", strings.NewReader(body))
		r.Host = "127.0.0.1:8421"
		r.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		s.Handler().ServeHTTP(w, r)
		switch w.Code {
		case http.StatusCreated:
			var in AppInfo
			_ = json.Unmarshal([]byte(body), &in)
			app, ok := s.app(in.ClientID)
			if !ok || app.validate() != nil {
				t.Fatalf("accepted an invalid app: %s", body)
			}
		case http.StatusBadRequest, http.StatusConflict:
		default:
			t.Fatalf("%d for %s", w.Code, body)
		}
	})
}

// FuzzBasicCredentials feeds arbitrary client ids and secrets through HTTP
// Basic as RFC 6749 §2.3.1 encodes them (form-encoded, then base64): the
// parser gives back exactly what was sent, and a raw header never panics it.
func FuzzBasicCredentials(f *testing.F) {
	f.Add("5a4db0c5-de30", "s3cr:t+x%", "Basic !!!")
	f.Add("", "", "basic Og==")
	f.Add("a b", "ü", "Basic")
	f.Fuzz(func(t *testing.T, id, secret, raw string) {
		r := httptest.NewRequest("POST", "/oauth/v3/token", strings.NewReader("grant_type=refresh_token"))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(url.QueryEscape(id)+":"+url.QueryEscape(secret))))
		f2, err := parseTokenForm(r, versionV3)
		if err != nil || !f2.basic || f2.basicBad || f2.basicID != id || f2.basicSecret != secret {
			t.Fatalf("round trip of %q:%q gave %q:%q (bad %v, err %v)", id, secret, f2.basicID, f2.basicSecret, f2.basicBad, err)
		}
		r = httptest.NewRequest("POST", "/oauth/v3/token", strings.NewReader(""))
		r.Header.Set("Authorization", raw)
		_, _ = parseTokenForm(r, versionV3)
	})
}
