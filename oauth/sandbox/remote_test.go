package sandbox

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
)

// TestConsentHTTP drives a running sandbox's consent page over HTTP the way `hsoauth login --sandbox-url`
// does: a grant returns the redirect with a code, a scope the portal lacks comes back in HubSpot's words,
// and a deny is reported as denied.
func TestConsentHTTP(t *testing.T) {
	_, base := startSandbox(t, Options{})
	authorize := func(scope string) string {
		q := url.Values{"client_id": {DemoClientID}, "redirect_uri": {DemoRedirectURL}, "scope": {scope}, "state": {"st"}}
		return base + "/oauth/authorize?" + q.Encode()
	}
	ctx := context.Background()

	loc, err := ConsentHTTP(ctx, nil, authorize("oauth crm.objects.contacts.read"), HubMarketingStarter, "", true)
	if err != nil {
		t.Fatalf("grant: %v", err)
	}
	u, _ := url.Parse(loc)
	if !strings.HasPrefix(loc, DemoRedirectURL) || u.Query().Get("code") == "" || u.Query().Get("state") != "st" {
		t.Fatalf("grant redirect = %q", loc)
	}

	_, err = ConsentHTTP(ctx, nil, authorize("oauth crm.objects.contacts.read automation"), HubMarketingStarter, "", true)
	var ce *ConsentError
	if !errors.As(err, &ce) || ce.Kind != ConsentAccountLacksScope || ce.Message == "" {
		t.Fatalf("automation on marketing-starter: got %v, want %s with a message", err, ConsentAccountLacksScope)
	}

	_, err = ConsentHTTP(ctx, nil, authorize("oauth crm.objects.contacts.read"), HubMarketingStarter, "", false)
	if !errors.As(err, &ce) || ce.Kind != ConsentDenied {
		t.Fatalf("deny: got %v, want %s", err, ConsentDenied)
	}

	if _, err := ConsentHTTP(ctx, nil, "https://app.hubspot.com/oauth/authorize", 1, "", true); err == nil {
		t.Fatal("a non-loopback URL must be refused")
	}
}

// TestConfigureApp checks that changed app settings apply to the next install URL: a scope that was a
// mismatch becomes acceptable once the app configures it as optional.
func TestConfigureApp(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	u := "http://sandbox/oauth/authorize?" + url.Values{"client_id": {DemoClientID}, "redirect_uri": {DemoRedirectURL},
		"scope": {"oauth crm.objects.contacts.read"}, "optional_scope": {"crm.objects.quotes.read"}}.Encode()
	if _, err := s.Consent(u, HubAllEnterprise, "", true); err == nil {
		t.Fatal("an unconfigured optional scope must give the mismatch error")
	}
	if err := s.ConfigureApp(DemoClientID, []string{"oauth", "crm.objects.contacts.read"}, nil, []string{"crm.objects.quotes.read"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Consent(u, HubAllEnterprise, "", true); err != nil {
		t.Fatalf("after ConfigureApp: %v", err)
	}
	if err := s.ConfigureApp("nope", nil, nil, nil); err == nil {
		t.Fatal("unknown client id must fail")
	}

}

// TestSeedMakesTokensReproducible checks test mode's promise: the same seed and steps give the same
// codes, so screenshots do not change from run to run, while the default stays unpredictable.
func TestSeedMakesTokensReproducible(t *testing.T) {
	code := func(seed uint64) string {
		s, err := New(Options{Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		u := "http://sandbox/oauth/authorize?" + url.Values{"client_id": {DemoClientID}, "redirect_uri": {DemoRedirectURL},
			"scope": {"oauth crm.objects.contacts.read"}}.Encode()
		loc, err := s.Consent(u, HubFree, "", true)
		if err != nil {
			t.Fatal(err)
		}
		p, _ := url.Parse(loc)
		return p.Query().Get("code")
	}
	if a, b := code(7), code(7); a != b {
		t.Fatal("the same seed must give the same code")
	}
	if a, b := code(0), code(0); a == b {
		t.Fatal("without a seed codes must differ")
	}
}

// TestFormActionAllowsTheRedirect: browsers apply CSP form-action to the redirect after "Grant access",
// so the permissions page must list the app's redirect origin (found by a real Chromium run).
func TestFormActionAllowsTheRedirect(t *testing.T) {
	if got := formAction("http://localhost:3000/oauth-callback"); got != "'self' http://localhost:3000" {
		t.Fatalf("got %q", got)
	}
	for _, bad := range []string{"", "javascript:alert(1)", "http://a b/", "not a url"} {
		if got := formAction(bad); got != "'self'" {
			t.Errorf("%q: got %q", bad, got)
		}
	}
}
