package sandbox

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"golang.org/x/oauth2"
)

// An ordinary Go client (golang.org/x/oauth2 with its default, auto-detected
// client authentication) works against the HubSpot-faithful default: its
// first try, HTTP Basic, is refused as HubSpot would, and it falls back to
// the form body by itself. Then it calls the API with the token.
func TestOAuth2ClientAutoDetect(t *testing.T) {
	s, base := startSandbox(t, Options{})
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	cfg := oauth2.Config{ClientID: DemoClientID, ClientSecret: DemoClientSecret, RedirectURL: DemoRedirectURL,
		Scopes:   []string{"oauth", "crm.objects.contacts.read"},
		Endpoint: oauth2.Endpoint{AuthURL: base + "/oauth/authorize", TokenURL: base + "/oauth/2026-03/token"}}
	resp, err := noFollow.Get(cfg.AuthCodeURL("st"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := s.Consent(resp.Request.URL.String(), HubMarketingPro, "admin", true)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(loc)
	tok, err := cfg.Exchange(context.Background(), u.Query().Get("code"))
	if err != nil {
		t.Fatalf("exchange with auto-detected client auth: %v", err)
	}
	api := cfg.Client(context.Background(), tok)
	got, err := api.Get(base + "/crm/v3/objects/contacts?limit=1")
	if err != nil || got.StatusCode != http.StatusOK {
		t.Fatalf("API call: %v %v", err, got)
	}
	got.Body.Close()
}
