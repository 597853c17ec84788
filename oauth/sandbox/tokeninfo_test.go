package sandbox

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestV1TokenInfo(t *testing.T) {
	f := newFixture(t, Options{})
	tr := f.tokens(demoQuery(), HubMarketingPro)
	f.s.Clock().Advance(100 * time.Second)
	m := jsonBody(t, f.do("GET", "/oauth/v1/access-tokens/"+tr.AccessToken, nil))
	if m["expires_in"] != 1700.0 || m["hub_id"] != float64(HubMarketingPro) || m["token_type"] != "access" ||
		m["user"] != "admin@marketing-pro.hsoauth.test" || m["app_id"] != float64(DemoAppID) {
		t.Fatalf("access info: %v", m)
	}
	m = jsonBody(t, f.do("GET", "/oauth/v1/refresh-tokens/"+tr.RefreshToken, nil))
	if m["client_id"] != DemoClientID || m["token_type"] != "refresh" || m["hub_domain"] != "marketing-pro.hsoauth.test" {
		t.Fatalf("refresh info: %v", m)
	}
	f.s.Clock().Advance(30 * time.Minute)
	if w := f.do("GET", "/oauth/v1/access-tokens/"+tr.AccessToken, nil); w.Code != http.StatusNotFound {
		t.Errorf("expired access token info: %d", w.Code)
	}
	if w := f.do("GET", "/oauth/v1/refresh-tokens/nope", nil); w.Code != http.StatusBadRequest {
		t.Errorf("unknown refresh token info: %d", w.Code)
	}
}

func TestRevocationEffects(t *testing.T) {
	bearer := func(tok string) []string { return []string{"Authorization", "Bearer " + tok} }
	for _, cascade := range []bool{false, true} {
		for _, how := range []string{"v1 delete", "v3 revoke", "2026-03 revoke"} {
			f := newFixture(t, Options{RevokeCascades: cascade})
			tr := f.tokens(demoQuery(), HubFree)
			var w = f.do("DELETE", "/oauth/v1/refresh-tokens/"+tr.RefreshToken, nil)
			wantCode := http.StatusNoContent
			if how != "v1 delete" {
				v := strings.Fields(how)[0]
				w = f.do("POST", "/oauth/"+v+"/token/revoke", url.Values{"client_id": {DemoClientID},
					"client_secret": {DemoClientSecret}, "token": {tr.RefreshToken}, "token_type_hint": {"refresh_token"}})
				wantCode = http.StatusOK
			}
			if w.Code != wantCode || w.Body.Len() != 0 {
				t.Fatalf("%s: %d %q", how, w.Code, w.Body.String())
			}
			wantOAuthError(t, f.refresh(versionV3, tr.RefreshToken), versionV3, "BAD_REFRESH_TOKEN")
			api := f.do("GET", "/account-info/v3/details", nil, bearer(tr.AccessToken)...)
			if alive := api.Code == http.StatusOK; alive == cascade {
				t.Errorf("%s cascade=%v: access token alive=%v", how, cascade, alive)
			}
		}
	}
	f := newFixture(t, Options{})
	tr := f.tokens(demoQuery(), HubFree)
	w := f.do("POST", "/oauth/v3/token/revoke", url.Values{"client_id": {DemoClientID},
		"client_secret": {DemoClientSecret}, "token": {tr.AccessToken}})
	if w.Code != 200 {
		t.Fatalf("revoke access token: %d", w.Code)
	}
	if api := f.do("GET", "/account-info/v3/details", nil, bearer(tr.AccessToken)...); api.Code != http.StatusUnauthorized {
		t.Errorf("revoked access token still works: %d", api.Code)
	}
	if w := f.do("POST", "/oauth/v3/token/revoke", url.Values{"client_id": {DemoClientID},
		"client_secret": {DemoClientSecret}, "token": {"unknown"}}); w.Code != 200 {
		t.Errorf("revoking an unknown token should be 200 (RFC 7009): %d", w.Code)
	}
	if w := f.do("DELETE", "/oauth/v1/refresh-tokens/"+tr.RefreshToken, nil); w.Code != 204 {
		t.Errorf("v1 delete: %d", w.Code)
	}
	if w := f.do("DELETE", "/oauth/v1/refresh-tokens/"+tr.RefreshToken, nil); w.Code != 400 {
		t.Errorf("v1 delete twice: %d", w.Code)
	}
}

func TestIntrospection(t *testing.T) {
	f := newFixture(t, Options{})
	tr := f.tokens(demoQuery(), HubSalesPro)
	for _, v := range []apiVersion{versionV3, version202603} {
		cases := []struct {
			field, token, hint string
			use                string
		}{
			{"token", tr.AccessToken, "", "access_token"},
			{"token", tr.RefreshToken, "", "refresh_token"},
			{"access_token", tr.AccessToken, "access_token", "access_token"},
			{"refresh_token", tr.RefreshToken, "refresh_token", "refresh_token"},
			{"token", tr.AccessToken, "refresh_token", "access_token"}, // a wrong hint is only a hint
		}
		for _, c := range cases {
			m := jsonBody(t, f.introspect(v, c.field, c.token, "token_type_hint", c.hint))
			if m["active"] != true || m["token_use"] != c.use || m["hub_id"] != float64(HubSalesPro) || m["token_type"] != "Bearer" {
				t.Errorf("%s %s/%s: %v", v, c.field, c.hint, m)
			}
		}
		if m := jsonBody(t, f.introspect(v, "token", "nope")); len(m) != 1 || m["active"] != false {
			t.Errorf("unknown token: %v", m)
		}
		wantOAuthError(t, f.introspect(v, "token", ""), v, "BAD_TOKEN")
		wantOAuthError(t, f.introspect(v, "token", tr.AccessToken, "client_secret", "x"), v, "BAD_CLIENT_SECRET")
	}
	// Another app cannot introspect the demo app's tokens.
	w := f.do("POST", "/oauth/v3/token/introspect", url.Values{"client_id": {"narrow"}, "client_secret": {"narrow-secret"}, "token": {tr.AccessToken}})
	if m := jsonBody(t, w); m["active"] != false {
		t.Errorf("foreign app introspection: %v", m)
	}
	f.s.Clock().Advance(31 * time.Minute)
	if m := jsonBody(t, f.introspect(versionV3, "token", tr.AccessToken)); m["active"] != false {
		t.Errorf("expired access token active: %v", m)
	}
	if m := jsonBody(t, f.introspect(versionV3, "token", tr.RefreshToken)); m["active"] != true {
		t.Errorf("refresh tokens do not expire: %v", m)
	}
}

func TestAPIEndpoints(t *testing.T) {
	f := newFixture(t, Options{})
	tr := f.tokens(demoQuery(), HubMarketingPro)
	get := func(path, tok string) (int, map[string]any) {
		var h []string
		if tok != "" {
			h = []string{"Authorization", "Bearer " + tok}
		}
		w := f.do("GET", path, nil, h...)
		return w.Code, jsonBody(t, w)
	}
	if code, m := get("/account-info/v3/details", tr.AccessToken); code != 200 || m["portalId"] != float64(HubMarketingPro) {
		t.Errorf("account details: %d %v", code, m)
	}
	if code, m := get("/crm/v3/objects/contacts", tr.AccessToken); code != 200 || len(m["results"].([]any)) != 10 || m["paging"] == nil {
		t.Errorf("contacts: %d %v", code, m)
	}
	if code, m := get("/crm/v3/objects/contacts", ""); code != 401 || m["category"] != "INVALID_AUTHENTICATION" {
		t.Errorf("no token: %d %v", code, m)
	}
	if code, m := get("/crm/v3/objects/contacts", "CNbogus"); code != 401 || m["category"] != "INVALID_AUTHENTICATION" {
		t.Errorf("bad token: %d %v", code, m)
	}
	narrow := f.tokenWith([]string{"oauth", "crm.objects.companies.read"})
	if code, m := get("/crm/v3/objects/contacts", narrow); code != 403 || m["category"] != "MISSING_SCOPES" {
		t.Errorf("missing scope: %d %v", code, m)
	}
	if code, _ := get("/account-info/v3/details", narrow); code != 200 {
		t.Errorf("oauth scope suffices for account details: %d", code)
	}
	f.s.Clock().Advance(35 * time.Minute)
	code, m := get("/crm/v3/objects/contacts", tr.AccessToken)
	if code != 401 || m["category"] != "EXPIRED_AUTHENTICATION" || !strings.Contains(m["message"].(string), "expired 5 minute(s) ago") {
		t.Errorf("expired: %d %v", code, m)
	}
}

func TestUninstall(t *testing.T) {
	f := newFixture(t, Options{})
	tr := f.tokens(demoQuery(), HubFree)
	w := f.do("DELETE", "/appinstalls/v3/external-install", nil, "Authorization", "Bearer "+tr.AccessToken)
	if w.Code != http.StatusNoContent {
		t.Fatalf("uninstall: %d", w.Code)
	}
	wantOAuthError(t, f.refresh(versionV3, tr.RefreshToken), versionV3, "BAD_REFRESH_TOKEN")
}
