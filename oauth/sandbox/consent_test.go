package sandbox

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

func TestAuthorizeConsentPageErrors(t *testing.T) {
	f := newFixture(t, Options{})
	q := demoQuery()
	cases := []struct {
		name, path string
		q          url.Values
		kind       ConsentErrorKind
		text       string
	}{
		{"unknown client", "/oauth/authorize", with(q, "client_id", "nope"), ConsentUnknownClient, "client ID"},
		{"missing client", "/oauth/authorize", with(q, "client_id", ""), ConsentUnknownClient, "client ID"},
		{"redirect mismatch", "/oauth/authorize", with(q, "redirect_uri", "http://localhost:9999/cb"), ConsentRedirectMismatch, "doesn&#39;t match the app&#39;s registered redirect URL"},
		{"redirect IP literal", "/oauth/authorize", with(q, "redirect_uri", "http://127.0.0.1:3000/oauth-callback"), ConsentRedirectMismatch, "IP addresses are not supported"},
		{"redirect http non-localhost", "/oauth/authorize", with(q, "redirect_uri", "http://example.com/cb"), ConsentRedirectMismatch, "https"},
		{"required missing", "/oauth/authorize", with(q, "scope", "oauth"), ConsentInsufficientScopes, "provided scopes are insufficient"},
		{"required in optional_scope", "/oauth/authorize", with(q, "scope", "oauth", "optional_scope", "crm.objects.contacts.read"), ConsentInsufficientScopes, "insufficient"},
		{"unconfigured scope", "/oauth/authorize", with(q, "scope", "oauth crm.objects.contacts.read crm.objects.quotes.read"), ConsentScopeMismatch, "mismatch between the scopes"},
		{"unconfigured optional", "/oauth/authorize", with(q, "optional_scope", "crm.objects.quotes.read"), ConsentScopeMismatch, "mismatch"},
		{"optional sent in scope", "/oauth/authorize", with(q, "scope", "oauth crm.objects.contacts.read content"), ConsentScopeMismatch, "configured as optional"},
		{"conditional in optional_scope", "/oauth/authorize", with(q, "optional_scope", "automation"), ConsentScopeMismatch, "conditionally required"},
		{"pkce plain", "/oauth/authorize", with(q, "code_challenge", strings.Repeat("a", 43), "code_challenge_method", "plain"), ConsentBadRequest, "code_challenge_method"},
		{"bad hub id", "/oauth/abc/authorize", q, ConsentBadRequest, "not valid"},
		{"unknown hub id", "/oauth/99/authorize", q, ConsentBadRequest, "access to this account"},
		{"developer portal", "/oauth/20000008/authorize", q, ConsentDeveloperPortal, "developer accounts"},
		{"account lacks conditional", "/oauth/20000001/authorize", with(q, "scope", "oauth crm.objects.contacts.read automation"), ConsentAccountLacksScope, "automation"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, w := f.authorize(c.path, c.q)
			if w.Code != http.StatusBadRequest || w.Header().Get("Location") != "" {
				t.Fatalf("HTTP %d Location %q, want 400 and no redirect", w.Code, w.Header().Get("Location"))
			}
			if got := w.Header().Get("X-Sandbox-Error"); got != string(c.kind) {
				t.Errorf("kind %q, want %q", got, c.kind)
			}
			if !strings.Contains(w.Body.String(), c.text) {
				t.Errorf("page lacks %q:\n%s", c.text, w.Body.String())
			}
		})
	}
}

func TestPickerAndPermissionsPages(t *testing.T) {
	f := newFixture(t, Options{})
	req, w := f.authorize("/oauth/authorize", demoQuery())
	if w.Code != 200 || !strings.HasPrefix(req, "req-") {
		t.Fatalf("picker: %d, request %q", w.Code, req)
	}
	body := w.Body.String()
	for _, want := range []string{`name="request" value="` + req + `"`, `value="20000003"`, "Choose an account", "hsoauth demo app"} {
		if !strings.Contains(body, want) {
			t.Errorf("picker lacks %q", want)
		}
	}
	if strings.Contains(body, "http://") && strings.Contains(body, "<link") || strings.Contains(body, "<script") {
		t.Error("page must not load external resources or scripts")
	}
	w = f.decision(req, HubFree, "admin", "select")
	if w.Code != 200 || !strings.Contains(w.Body.String(), "Grant access") {
		t.Fatalf("permissions page: %d\n%s", w.Code, w.Body.String())
	}
	// content needs a Marketing or Content Professional hub: dropped on free.
	if !strings.Contains(w.Body.String(), "dropped") || strings.Contains(w.Body.String(), "<code>content</code><span") {
		t.Error("free portal should list content as dropped, not granted")
	}
	_, w = f.authorize("/oauth/20000003/authorize", demoQuery())
	if w.Code != 200 || !strings.Contains(w.Body.String(), "Grant access") || strings.Contains(w.Body.String(), "Choose an account") {
		t.Fatalf("/{hubId}/ form should skip the picker: %d", w.Code)
	}
}

func TestPageEscapesReflectedValues(t *testing.T) {
	evil := App{Name: `<script>alert(1)</script>`, ClientID: "evil", ClientSecret: "s",
		RedirectURLs: []string{"https://x.example/cb"}, Required: []string{"oauth"}}
	f := newFixture(t, Options{Apps: []App{evil}})
	_, w := f.authorize("/oauth/authorize", url.Values{"client_id": {"evil"}, "redirect_uri": {"https://x.example/cb"}, "scope": {"oauth"}})
	if strings.Contains(w.Body.String(), "<script>alert") {
		t.Fatal("app name not escaped")
	}
	_, w = f.authorize("/oauth/authorize", with(demoQuery(), "redirect_uri", `https://a/"><script>x</script>`))
	if strings.Contains(w.Body.String(), "<script>x") {
		t.Fatal("redirect_uri not escaped")
	}
}

func TestGrantPerPortal(t *testing.T) {
	q := with(demoQuery(), "scope", "oauth crm.objects.contacts.read crm.objects.contacts.write",
		"optional_scope", "content crm.objects.feedback_submissions.read transactional-email crm.objects.custom.read crm.objects.leads.read")
	cases := []struct {
		hub          int
		want, absent []string
	}{
		{HubFree, []string{"oauth", "crm.objects.contacts.write"}, []string{"content", "crm.objects.custom.read", "transactional-email", "crm.objects.feedback_submissions.read"}},
		{HubMarketingPro, []string{"content", "transactional-email"}, []string{"crm.objects.custom.read", "crm.objects.leads.read", "crm.objects.feedback_submissions.read"}},
		{HubSalesPro, []string{"crm.objects.leads.read"}, []string{"content", "transactional-email"}},
		{HubServicePro, []string{"crm.objects.feedback_submissions.read"}, []string{"content", "crm.objects.leads.read"}},
		// all-enterprise has no Transactional Email add-on.
		{HubAllEnterprise, []string{"content", "crm.objects.custom.read", "crm.objects.leads.read", "crm.objects.feedback_submissions.read"}, []string{"transactional-email"}},
	}
	for _, c := range cases {
		f := newFixture(t, Options{})
		tr := f.tokens(q, c.hub)
		if tr.HubID != c.hub {
			t.Errorf("hub_id %d, want %d", tr.HubID, c.hub)
		}
		for _, s := range c.want {
			if !slices.Contains(tr.Scopes, s) {
				t.Errorf("portal %d: %s not granted: %v", c.hub, s, tr.Scopes)
			}
		}
		for _, s := range c.absent {
			if slices.Contains(tr.Scopes, s) {
				t.Errorf("portal %d: optional %s should be dropped: %v", c.hub, s, tr.Scopes)
			}
		}
	}
}

func TestRequiredScopeFailsPerPortal(t *testing.T) {
	q := with(demoQuery(), "scope", "oauth crm.objects.contacts.read automation")
	for hub, wantOK := range map[int]bool{HubFree: false, HubMarketingStarter: false, HubMarketingPro: true, HubSalesPro: false, HubAllEnterprise: true, HubDeveloper: false} {
		f := newFixture(t, Options{})
		req, _ := f.authorize("/oauth/authorize", q)
		w := f.decision(req, hub, "admin", "grant")
		if got := w.Code == http.StatusFound; got != wantOK {
			t.Errorf("portal %d: granted=%v, want %v (%s)", hub, got, wantOK, w.Header().Get("X-Sandbox-Error"))
		}
	}
}

func TestUserPermissions(t *testing.T) {
	f := newFixture(t, Options{})
	req, _ := f.authorize("/oauth/authorize", demoQuery())
	w := f.decision(req, HubMarketingPro, "viewer", "grant")
	if w.Code != 400 || w.Header().Get("X-Sandbox-Error") != string(ConsentUserNotAllowed) {
		t.Fatalf("viewer grant: %d %s", w.Code, w.Header().Get("X-Sandbox-Error"))
	}
	// The request stays usable so the right user can still grant.
	if w = f.decision(req, HubMarketingPro, "admin@marketing-pro.hsoauth.test", "grant"); w.Code != http.StatusFound {
		t.Fatalf("admin grant after viewer failure: %d", w.Code)
	}
	if w = f.decision(req, HubMarketingPro, "admin", "grant"); w.Code != 400 {
		t.Fatalf("request reused: %d", w.Code)
	}
}

func TestDenyAndRefuseConsent(t *testing.T) {
	f := newFixture(t, Options{})
	req, _ := f.authorize("/oauth/authorize", demoQuery())
	w := f.decision(req, HubFree, "admin", "deny")
	if w.Code != 200 || w.Header().Get("Location") != "" || !strings.Contains(w.Body.String(), "Nothing was sent") {
		t.Fatalf("default deny must not redirect: %d %q", w.Code, w.Header().Get("Location"))
	}
	f = newFixture(t, Options{DenyRedirect: true, Faults: Faults{Rules: []FaultRule{{Effect: EffectRefuseConsent, Count: 1}}}})
	for _, action := range []string{"grant", "deny"} { // the fault turns the first grant into a deny
		req, _ = f.authorize("/oauth/authorize", demoQuery())
		w = f.decision(req, HubFree, "admin", action)
		loc, _ := url.Parse(w.Header().Get("Location"))
		if w.Code != http.StatusFound || loc.Query().Get("error") != "access_denied" || loc.Query().Get("state") != "st-123" {
			t.Fatalf("%s: %d %q", action, w.Code, w.Header().Get("Location"))
		}
	}
}

func TestConsentCrossOriginRefused(t *testing.T) {
	f := newFixture(t, Options{})
	req, _ := f.authorize("/oauth/authorize", demoQuery())
	form := url.Values{"request": {req}, "hub_id": {"20000001"}, "user": {"admin"}, "action": {"grant"}}
	if w := f.do("POST", "/oauth/authorize/decision", form, "Origin", "https://evil.example"); w.Code != http.StatusForbidden {
		t.Fatalf("cross-origin decision: %d", w.Code)
	}
	if w := f.do("POST", "/oauth/authorize/decision", form, "Origin", "http://localhost:8421"); w.Code != http.StatusFound {
		t.Fatalf("same-origin decision: %d", w.Code)
	}
}

func TestConsentInGo(t *testing.T) {
	f := newFixture(t, Options{})
	u := "https://app.hubspot.com/oauth/authorize?" + demoQuery().Encode()
	loc, err := f.s.Consent(u, HubMarketingPro, "", true)
	if err != nil {
		t.Fatal(err)
	}
	parsed, _ := url.Parse(loc)
	if !strings.HasPrefix(loc, DemoRedirectURL+"?") || parsed.Query().Get("state") != "st-123" {
		t.Fatalf("redirect %q", loc)
	}
	if w := f.exchange(versionV3, parsed.Query().Get("code")); w.Code != 200 {
		t.Fatalf("exchange of Consent code: %d %s", w.Code, w.Body.String())
	}
	checks := []struct {
		url   string
		hub   int
		user  string
		grant bool
		kind  ConsentErrorKind
	}{
		{u, HubMarketingPro, "viewer", true, ConsentUserNotAllowed},
		{u, HubDeveloper, "", true, ConsentDeveloperPortal},
		{u, HubFree, "", false, ConsentDenied},
		{u, 0, "", true, ConsentBadRequest},
		{"/oauth/20000003/authorize?" + demoQuery().Encode(), HubFree, "", true, ConsentBadRequest},
		{"/oauth/token?" + demoQuery().Encode(), HubFree, "", true, ConsentBadRequest},
		{"/oauth/authorize?" + with(demoQuery(), "scope", "oauth").Encode(), HubFree, "", true, ConsentInsufficientScopes},
	}
	for _, c := range checks {
		_, err := f.s.Consent(c.url, c.hub, c.user, c.grant)
		ce, ok := err.(*ConsentError)
		if !ok || ce.Kind != c.kind {
			t.Errorf("Consent(%q, %d, %q): %v, want kind %s", c.url, c.hub, c.user, err, c.kind)
		}
	}
	if loc, err := f.s.Consent("/oauth/20000003/authorize?"+demoQuery().Encode(), 0, "admin", true); err != nil || loc == "" {
		t.Fatalf("hub from path: %q %v", loc, err)
	}
	evs := f.s.Events()
	if last := evs[len(evs)-1]; last.Method != "CONSENT" || last.Status != 302 {
		t.Errorf("Consent not logged: %+v", last)
	}
	if b, _ := json.Marshal(evs); strings.Contains(string(b), parsed.Query().Get("code")) {
		t.Error("event log leaks a code")
	}
}

// With ErrorRedirect a consent-page failure reaches the app with its
// reason; an unregistered redirect URL still gets the page, never a redirect.
func TestErrorRedirect(t *testing.T) {
	f := newFixture(t, Options{ErrorRedirect: true})
	q := demoQuery()
	q.Set("scope", "oauth")
	_, w := f.authorize("/oauth/authorize", q)
	loc, err := url.Parse(w.Header().Get("Location"))
	if w.Code != http.StatusFound || err != nil || loc.Query().Get("error") != "invalid_scope" ||
		!strings.Contains(loc.Query().Get("error_description"), "required scope crm.objects.contacts.read is missing") ||
		loc.Query().Get("state") != q.Get("state") {
		t.Fatalf("insufficient scopes: %d %q", w.Code, w.Header().Get("Location"))
	}
	req, _ := f.authorize("/oauth/authorize", with(demoQuery(), "scope", "oauth crm.objects.contacts.read automation"))
	w = f.decision(req, HubFree, "admin", "grant") // automation needs a Professional hub
	loc, _ = url.Parse(w.Header().Get("Location"))
	if w.Code != http.StatusFound || loc.Query().Get("error") != "invalid_scope" || !strings.Contains(loc.Query().Get("error_description"), "automation") {
		t.Errorf("account lacks a scope: %d %q", w.Code, w.Header().Get("Location"))
	}
	_, w = f.authorize("/oauth/authorize", with(demoQuery(), "redirect_uri", "https://evil.example/cb"))
	if w.Code != http.StatusBadRequest || w.Header().Get("Location") != "" {
		t.Errorf("unregistered redirect: %d %q", w.Code, w.Header().Get("Location"))
	}
}
