package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// An app registered through the admin API works at once, lists with its
// scopes, and takes new scope settings; bad apps are refused with reasons.
func TestAdminRegistersApps(t *testing.T) {
	f := newFixture(t, Options{})
	body := `{"name":"my app","client_id":"mine","redirect_urls":["http://localhost:4000/cb"],"required_scopes":["oauth","tickets"]}`
	m := wantStatus(t, f.doBody("POST", "/_sandbox/apps", body), http.StatusCreated)
	if m["client_secret"] != SecretFor("mine") || m["source"] != "admin API" {
		t.Fatalf("registered: %v", m)
	}
	q := url.Values{"client_id": {"mine"}, "redirect_uri": {"http://localhost:4000/cb"}, "scope": {"oauth tickets"}}
	if _, err := f.s.Consent("/oauth/authorize?"+q.Encode(), HubServicePro, "admin", true); err != nil {
		t.Fatalf("consent for the new app: %v", err)
	}
	// Posting it again updates it, as saving the Auth tab would.
	wantStatus(t, f.doBody("POST", "/_sandbox/apps", strings.Replace(body, `"tickets"`, `"crm.objects.contacts.read"`, 1)), http.StatusOK)
	takeover := `{"client_id":"` + DemoClientID + `","client_secret":"mine","redirect_urls":["http://localhost:4000/cb"]}`
	for _, bad := range []string{takeover, `{"client_id":"x","redirect_urls":["http://127.0.0.1/cb"]}`, `{"client_id":"y"}`, `{"client_id":"z","nope":1}`} {
		if w := f.doBody("POST", "/_sandbox/apps", bad); w.Code != http.StatusBadRequest {
			t.Errorf("%s: %d %s", bad, w.Code, w.Body.String())
		}
	}
	m = wantStatus(t, f.doBody("PUT", "/_sandbox/apps/mine/scopes", `{"required_scopes":["oauth"],"optional_scopes":["tickets"]}`), 200)
	if len(m["optional_scopes"].([]any)) != 1 {
		t.Errorf("scopes: %v", m)
	}
	wantStatus(t, f.doBody("PUT", "/_sandbox/apps/nobody/scopes", `{}`), http.StatusNotFound)
	apps := wantStatus(t, f.do("GET", "/_sandbox/apps", nil), 200)["apps"].([]any)
	if len(apps) != 3 || apps[0].(map[string]any)["client_id"] != DemoClientID {
		t.Errorf("apps: %v", apps)
	}
	if p := wantStatus(t, f.do("GET", "/_sandbox/portals", nil), 200)["portals"].([]any); len(p) != len(portalSpecs) {
		t.Errorf("portals: %v", p)
	}
}

// The admin consent call plays the page and reports its reason on failure.
func TestAdminConsent(t *testing.T) {
	f := newFixture(t, Options{})
	ok := `{"authorize_url":"/oauth/authorize?` + demoQuery().Encode() + `","hub_id":20000003,"user":"admin","grant":true}`
	if m := wantStatus(t, f.doBody("POST", "/_sandbox/consent", ok), 200); !strings.Contains(m["redirect"].(string), "code=") {
		t.Fatalf("consent: %v", m)
	}
	q := demoQuery()
	q.Set("scope", "oauth")
	bad := `{"authorize_url":"/oauth/authorize?` + q.Encode() + `","hub_id":20000003,"grant":true}`
	e := wantStatus(t, f.doBody("POST", "/_sandbox/consent", bad), 200)["error"].(map[string]any)
	if e["kind"] != string(ConsentInsufficientScopes) || !strings.Contains(e["detail"].(string), "required scope crm.objects.contacts.read is missing") {
		t.Errorf("consent failure: %v", e)
	}
}

// A client of a sandbox in another process hears why the consent page
// refused, not just that it did.
func TestConsentHTTPCarriesTheReason(t *testing.T) {
	_, base := startSandbox(t, Options{})
	q := demoQuery()
	q.Set("scope", "oauth")
	_, err := ConsentHTTP(context.Background(), nil, base+"/oauth/authorize?"+q.Encode(), HubMarketingPro, "", true)
	var ce *ConsentError
	if !errors.As(err, &ce) || ce.Kind != ConsentInsufficientScopes || !strings.Contains(ce.Error(), "required scope crm.objects.contacts.read is missing from the scope parameter") {
		t.Fatalf("got %v", err)
	}
}

// Info and the banner list every app with its scopes and the advertised
// version's endpoints.
func TestInfoListsAppsAndVersion(t *testing.T) {
	for _, v := range []string{"v1", "v3", "2026-03"} {
		s, err := New(Options{Version: v, Apps: []App{narrowApp}})
		if err != nil {
			t.Fatal(err)
		}
		info := s.Info()
		if info.Version != v || !strings.HasSuffix(info.TokenURL, "/oauth/"+v+"/token") || len(info.Apps) != 2 {
			t.Errorf("%s: %+v", v, info)
		}
		if (v == "v1") != (info.IntrospectURL == "") {
			t.Errorf("%s introspect URL %q", v, info.IntrospectURL)
		}
		b, _ := json.Marshal(info)
		if !strings.Contains(string(b), `"conditionally_required_scopes":["crm.objects.contacts.read","crm.objects.companies.read"]`) {
			t.Errorf("JSON lacks the scopes: %s", b)
		}
		if banner := s.Banner(); !strings.Contains(banner, "Tokens ("+v+")") || !strings.Contains(banner, "crm.objects.companies.read") {
			t.Errorf("banner:\n%s", banner)
		}
	}
	if _, err := New(Options{Version: "v2"}); err == nil || !strings.Contains(err.Error(), "use v1, v3, 2026-03 or 2026-09") {
		t.Errorf("bad version: %v", err)
	}
}
