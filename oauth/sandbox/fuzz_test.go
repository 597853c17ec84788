package sandbox

import (
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
