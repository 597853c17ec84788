package oauth

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestClassifySteps(t *testing.T) {
	cases := []struct {
		method, url, body string
		step              Step
		from              Party
	}{
		{"GET", "https://app.hubspot.com/oauth/authorize?client_id=x", "", StepAuthorize, PartyBrowser},
		{"GET", "https://app.hubspot.com/oauth/20000003/authorize?client_id=x", "", StepAuthorize, PartyBrowser},
		{"POST", "http://127.0.0.1:1/oauth/authorize/decision", "action=grant", StepConsent, PartyBrowser},
		{"POST", "https://api.hubapi.com/oauth/v3/token", "grant_type=authorization_code&code=c", StepExchange, PartyApp},
		{"POST", "https://api.hubapi.com/oauth/2026-03/token", "grant_type=refresh_token", StepRefresh, PartyApp},
		{"POST", "https://api.hubapi.com/oauth/2026-03/token/introspect", "", StepIntrospect, PartyApp},
		{"GET", "https://api.hubapi.com/oauth/v1/access-tokens/abc", "", StepIntrospect, PartyApp},
		{"DELETE", "https://api.hubapi.com/oauth/v1/refresh-tokens/abc", "", StepRevoke, PartyApp},
		{"POST", "https://api.hubapi.com/oauth/v3/token/revoke", "", StepRevoke, PartyApp},
		{"GET", "https://api.hubapi.com/crm/v3/objects/contacts", "", StepAPI, PartyApp},
		{"POST", "http://127.0.0.1:1/_sandbox/clock/advance", "by=5m", StepSandbox, PartyApp},
		{"GET", "https://app.hubspot.com/oauth/x/y/authorize", "", StepAPI, PartyApp},
	}
	for _, c := range cases {
		st, from, to := Classify(c.method, c.url, c.body)
		if st != c.step || from != c.from || to != PartyHubSpot {
			t.Errorf("%s %s: got %s %s→%s, want %s from %s", c.method, c.url, st, from, to, c.step, c.from)
		}
	}
}

func TestHeadersAreMasked(t *testing.T) {
	tr := NewTrace(10)
	tr.addSecret("verysecretstatevalue")
	tr.Record(TraceEvent{Method: "GET", URL: "https://api.hubapi.com/crm/v3/objects/contacts",
		RequestHeaders: []Header{{"Authorization", "Bearer na1-1234-5678-9abc-def0"}, {"Cookie", "hs=abcdefghijklmnopqrstuvwxyz; lang=en"}},
		ResponseHeaders: []Header{{"Location", "http://localhost:3000/cb?code=abcdefghijklmnopqrst&state=verysecretstatevalue"},
			{"Set-Cookie", "sid=abcdefghijklmnopqrstuvwxyz; Path=/; HttpOnly"}}})
	ev := tr.Events()[0]
	all := ""
	for _, h := range append(ev.RequestHeaders, ev.ResponseHeaders...) {
		all += h.Name + ": " + h.Value + "\n"
	}
	for _, secret := range []string{"1234-5678-9abc", "abcdefghijklmnopqrstuvwxyz", "abcdefghijklmnopqrst", "verysecretstatevalue"} {
		if strings.Contains(all, secret) {
			t.Errorf("secret %q left in headers:\n%s", secret, all)
		}
	}
	for _, kept := range []string{"Bearer ", "Path=/", "HttpOnly", "localhost:3000/cb"} {
		if !strings.Contains(all, kept) {
			t.Errorf("%q lost from headers:\n%s", kept, all)
		}
	}
	if ev.Step != StepAPI || ev.From != PartyApp {
		t.Errorf("step %s from %s", ev.Step, ev.From)
	}
	if raw := tr.Revealed()[0]; raw.RequestHeaders[0].Value != "Bearer na1-1234-5678-9abc-def0" {
		t.Errorf("revealed copy was masked: %+v", raw.RequestHeaders)
	}
}

// TestCallbackRecordsConsentAndCallback: the callback server's trace names the consent decision and the
// browser's request, before the result reaches the waiting flow.
func TestCallbackRecordsConsentAndCallback(t *testing.T) {
	tr := NewTrace(10)
	state := strings.Repeat("s", 20)
	h := newCallbackHandler(state, "/cb", "3000", 3)
	o := &callbackObserver{trace: tr, now: time.Now, path: "/cb", state: state, authorizeURL: "https://app.hubspot.com/oauth/authorize?state=" + state}
	h.observe = o.observe
	req := httptest.NewRequest(http.MethodGet, "http://localhost:3000/cb?code=abcdefghijklmnopqrstu&state="+state, nil)
	req.Header.Set("User-Agent", "test-browser")
	h.ServeHTTP(httptest.NewRecorder(), req)
	evs := tr.Events()
	if len(evs) != 2 || evs[0].Step != StepConsent || !evs[0].Inferred || evs[1].Step != StepCallback || evs[1].Status != 200 {
		t.Fatalf("events: %+v", evs)
	}
	if !strings.Contains(evs[0].Note, "granted") || strings.Contains(evs[1].URL, "abcdefghijklmnopqrstu") || strings.Contains(evs[1].URL, state) {
		t.Errorf("consent %q, callback URL %q", evs[0].Note, evs[1].URL)
	}
	select {
	case res := <-h.result:
		if res.Code != "abcdefghijklmnopqrstu" {
			t.Errorf("code %q", res.Code)
		}
	default:
		t.Fatal("no result delivered")
	}
}

func FuzzTraceHeaders(f *testing.F) {
	f.Add("Authorization", "Bearer abcdefghijklmnopqrstuvwxyz", "/oauth/v3/token", "grant_type=refresh_token")
	f.Add("Set-Cookie", "a=b; Path=/", "/oauth/123/authorize", "")
	f.Add("Location", "http://x/?code=abcdefghijklmnopqrst", "/_sandbox/reset", "%zz")
	f.Fuzz(func(t *testing.T, name, value, path, body string) {
		Classify("GET", "http://h"+path, body)
		_ = ConsentNote(body)
		tr := NewTrace(2)
		tr.Record(TraceEvent{URL: "http://h" + path, RequestBody: body, RequestHeaders: []Header{{name, value}}})
		ev := tr.Events()[0]
		for _, n := range ExplainStep(ev) {
			if strings.ContainsAny(n.Name+n.Value, "\x1b\n\r") {
				t.Fatalf("explanation not sanitised: %+v", n)
			}
		}
		if len(ev.RequestHeaders) != 1 || strings.ContainsAny(ev.RequestHeaders[0].Value, "\x1b\n\r") {
			t.Fatalf("header not sanitised: %q", ev.RequestHeaders)
		}
		if strings.EqualFold(name, "authorization") && len(value) > 24 && strings.Contains(ev.RequestHeaders[0].Value, value) {
			t.Fatalf("authorization left unmasked: %q", ev.RequestHeaders[0].Value)
		}
	})
}

// TestExplainStepTeachesEveryParameter: an exchange explains what it sends (query, form, headers) and
// what comes back, with the trace's masked values.
func TestExplainStepTeachesEveryParameter(t *testing.T) {
	tr := NewTrace(5)
	tr.Record(TraceEvent{Method: "POST", URL: "https://api.hubapi.com/oauth/v3/token",
		RequestHeaders: []Header{{"Content-Type", "application/x-www-form-urlencoded"}},
		RequestBody:    "grant_type=authorization_code&client_id=abc&client_secret=0123456789abcdef0123&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fcb&code=na1-0123456789abcdefgh&code_verifier=verifier-0123456789abcdefghijklmnop",
		ResponseBody:   `{"token_type":"bearer","access_token":"CJ-0123456789abcdefghij","refresh_token":"na1-aaaa-bbbb-cccc-dddd","expires_in":1800,"hub_id":20000003,"scopes":["oauth","content"]}`})
	notes := ExplainStep(tr.Events()[0])
	got := map[string]ParamNote{}
	for _, n := range notes {
		got[n.Name] = n
	}
	for _, want := range []string{"grant_type", "client_id", "client_secret", "redirect_uri", "code", "code_verifier",
		"access_token", "refresh_token", "expires_in", "token_type", "hub_id", "scopes"} {
		n, ok := got[want]
		if !ok || n.What == "" {
			t.Errorf("%s is not explained: %+v", want, notes)
		}
	}
	for _, secret := range []string{"0123456789abcdef0123", "0123456789abcdefgh", "verifier-0123", "CJ-0123456789abcdefghij", "aaaa-bbbb-cccc"} {
		for _, n := range notes {
			if strings.Contains(n.Value, secret) {
				t.Errorf("%s shows a secret: %q", n.Name, n.Value)
			}
		}
	}
	if got["scopes"].Value != "oauth content" || got["expires_in"].Value != "1800" {
		t.Errorf("answer values: scopes %q, expires_in %q", got["scopes"].Value, got["expires_in"].Value)
	}
}

func TestRevealedCopyIsBounded(t *testing.T) {
	tr := NewTrace(2)
	tr.Record(TraceEvent{Method: "POST", URL: "https://x/y", ResponseBody: strings.Repeat("é", maxTraceBody)})
	raw := tr.Revealed()[0].ResponseBody
	if len(raw) > maxTraceBody || !utf8.ValidString(raw) {
		t.Fatalf("revealed body: %d bytes, valid %v", len(raw), utf8.ValidString(raw))
	}
}
