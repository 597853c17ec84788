package session

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hsoauth/hsoauth/config"
	"github.com/hsoauth/hsoauth/oauth/sandbox"
	"github.com/hsoauth/hsoauth/scopes"
)

func TestAPIChecksScopesBeforeSending(t *testing.T) {
	s := open(t, false)
	login(t, s, scopes.Selection{Required: []string{"oauth", "crm.objects.contacts.read"}}, sandbox.HubFree)
	ctx := context.Background()
	res, err := s.API(ctx, APICall{Request: APIRequest{Path: "crm/v3/objects/contacts?limit=1"}})
	if err != nil || res.Response == nil || res.Response.Status != 200 || !res.Check.OK || res.Check.Endpoint.Path != "/crm/v3/objects/contacts" {
		t.Fatalf("granted call: %v %+v", err, res)
	}
	before := len(s.Trace.Events())
	res, err = s.API(ctx, APICall{Request: APIRequest{Method: "POST", Path: "/crm/v3/objects/contacts", Body: []byte(`{}`)}})
	var se *ScopeError
	if !errors.As(err, &se) || res.Response != nil || len(s.Trace.Events()) != before {
		t.Fatalf("a call the token cannot pass was sent or not refused: %v", err)
	}
	if se.Check.MissingText() != "crm.objects.contacts.write" || !strings.Contains(se.Check.Login, "--scope oauth,crm.objects.contacts.read,crm.objects.contacts.write") {
		t.Fatalf("missing %q, login %q", se.Check.MissingText(), se.Check.Login)
	}
	res, err = s.API(ctx, APICall{Force: true, Request: APIRequest{Method: "POST", Path: "/crm/v3/objects/contacts", Body: []byte(`{}`)}})
	if res == nil || res.Response == nil || len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "--force") {
		t.Fatalf("--force: %v %+v", err, res)
	}
	var ce *CallError
	if _, err := s.API(ctx, APICall{Request: APIRequest{Path: "https://evil.example/x"}}); !errors.As(err, &ce) {
		t.Fatalf("another host: %v", err)
	}
	res, err = s.API(ctx, APICall{Request: APIRequest{Path: "https://api.hubapi.com/account-info/v3/details"}})
	if err != nil || res.Path != "/account-info/v3/details" || res.Response.Status != 200 {
		t.Fatalf("a HubSpot URL pasted from the docs must reach the sandbox: %v %+v", err, res)
	}
}

func TestAPIRefreshesNearExpiryOnly(t *testing.T) {
	s := open(t, false)
	login(t, s, scopes.Selection{Required: []string{"oauth", "crm.objects.contacts.read"}}, sandbox.HubFree)
	ctx := context.Background()
	call := APICall{Request: APIRequest{Path: "/account-info/v3/details"}}
	if res, err := s.API(ctx, call); err != nil || res.Refreshed {
		t.Fatalf("a fresh token was refreshed: %v", err)
	}
	advance(t, s, 26*time.Minute) // within the sandbox profile's 5-minute margin
	res, err := s.API(ctx, call)
	if err != nil || !res.Refreshed || len(res.Record.History) != 1 || res.Response.Status != 200 {
		t.Fatalf("near expiry: %v %+v", err, res)
	}
	if res, err = s.API(ctx, call); err != nil || res.Refreshed {
		t.Fatalf("refreshed twice: %v", err)
	}
	if _, err := s.Revoke(ctx, 0); err != nil {
		t.Fatal(err)
	}
	advance(t, s, 31*time.Minute)
	if _, err := s.API(ctx, call); !errors.Is(err, ErrTokenExpired) {
		t.Fatalf("expired without a refresh token: %v", err)
	}
}

func TestLoginLineKeepsWhatWasAsked(t *testing.T) {
	s := open(t, false)
	rec := &config.TokenRecord{HubID: 7, Scopes: []string{"oauth"}, RequestedScopes: []string{"oauth", "content", "forms"}, OptionalScopes: []string{"content", "forms"}}
	if got, want := s.LoginLine(rec, []string{"forms", "tickets"}), "hsoauth login --hub-id 7 --scope oauth,forms,tickets --optional-scope content"; got != want {
		t.Fatalf("got %q\nwant %q", got, want)
	}
	old := &config.TokenRecord{Scopes: []string{"oauth", "crm.objects.contacts.read"}}
	if got, want := s.LoginLine(old, []string{"crm.objects.deals.read"}), "hsoauth login --scope oauth,crm.objects.contacts.read,crm.objects.deals.read"; got != want {
		t.Fatalf("without the requested scopes: %q", got)
	}
}

func TestCheckScopesUnknownAndScopeless(t *testing.T) {
	s := open(t, false)
	rec := &config.TokenRecord{Scopes: []string{"oauth"}}
	c := s.CheckScopes("GET", "/nothing/v9/here?x=1", rec)
	if c.Known || c.Path != "/nothing/v9/here" || len(c.Nearest) == 0 {
		t.Fatalf("unknown call: %+v", c)
	}
	res := &APIResult{}
	if err := c.refusal(false, res); err != nil || len(res.Notes) != 1 {
		t.Fatalf("an unknown call must be sent with a note: %v %v", err, res.Notes)
	}
	c = s.CheckScopes("", "/crm/v3/objects/0-3/123", rec)
	if !c.Known || c.OK || c.Method != "GET" || len(c.Params) != 1 {
		t.Fatalf("deal by id: %+v", c)
	}
}

// advance moves the simulator's clock forward.
func advance(t *testing.T, s *Session, d time.Duration) {
	t.Helper()
	if _, _, err := s.Advance(context.Background(), d); err != nil {
		t.Fatal(err)
	}
}

func TestCheckScopesNamesFewAlternativesAndSkipsUnknownGrants(t *testing.T) {
	rec := &config.TokenRecord{Scopes: []string{"content"}}
	c := CheckCall("GET", "/crm/v3/objects/2-12345", rec)
	if !c.Known || c.OK || len(c.Missing) <= maxAlternatives || strings.Count(c.MissingText(), ", or ") != maxAlternatives ||
		!strings.Contains(c.MissingText(), "hsoauth scopes for GET /crm/v3/objects/{objectType}") {
		t.Fatalf("a custom object: %d alternatives, %q", len(c.Missing), c.MissingText())
	}
	c = CheckCall("GET", "/crm/v3/objects/contacts", &config.TokenRecord{})
	res := &APIResult{}
	if !c.Unchecked || c.refusal(false, res) != nil || len(res.Notes) != 1 {
		t.Fatalf("a record without scopes must be sent unchecked, with a note: %+v %v", c, res.Notes)
	}
}
