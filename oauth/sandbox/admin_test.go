package sandbox

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestStartLoopbackOnlyAndClose(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"0.0.0.0:0", ":0", "192.0.2.1:0", "example.com:0", "nonsense"} {
		if _, err := s.Start(bad); err == nil || !strings.Contains(err.Error(), "loopback") && !strings.Contains(err.Error(), "bad listen") {
			t.Errorf("Start(%q) = %v, want a loopback error", bad, err)
		}
	}
	base, err := s.Start("127.0.0.1:0")
	if err != nil || !strings.HasPrefix(base, "http://127.0.0.1:") || s.BaseURL() != base {
		t.Fatalf("Start: %q %v", base, err)
	}
	if _, err := s.Start("127.0.0.1:0"); err == nil {
		t.Error("second Start should fail")
	}
	events, stop := s.Subscribe()
	defer stop()
	resp, err := http.Get(base + "/_sandbox/state")
	if err != nil {
		t.Fatal(err)
	}
	var st map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&st)
	resp.Body.Close()
	if st["base_url"] != base || st["client_id"] != DemoClientID || len(st["portals"].([]any)) != 8 {
		t.Errorf("state: %v", st)
	}
	select {
	case e := <-events:
		if e.Path != "/_sandbox/state" || e.Status != 200 || e.Endpoint != EndpointAdmin {
			t.Errorf("event %+v", e)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no event delivered")
	}
	if !strings.Contains(s.Banner(), base) || !strings.Contains(s.Banner(), DemoClientSecret) {
		t.Errorf("banner:\n%s", s.Banner())
	}
	if err := s.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, ok := <-events; ok {
		t.Error("subscription not closed by Close")
	}
}

func TestAdminAPI(t *testing.T) {
	f := newFixture(t, Options{})
	tr := f.tokens(demoQuery(), HubFree)
	w := f.doBody("POST", "/_sandbox/clock/advance", `{"by":"31m"}`)
	if w.Code != 200 || f.s.Clock().Offset() != 31*time.Minute {
		t.Fatalf("advance: %d %s", w.Code, w.Body.String())
	}
	if w := f.doBody("POST", "/_sandbox/clock/advance", `{"by":"-1m"}`); w.Code != 400 {
		t.Errorf("negative advance: %d", w.Code)
	}
	if api := f.do("GET", "/account-info/v3/details", nil, "Authorization", "Bearer "+tr.AccessToken); api.Code != 401 {
		t.Errorf("token should have expired after advance: %d", api.Code)
	}
	faults := `{"rules":[{"endpoint":"token","effect":"rate_limit","retry_after":"7s","count":1},{"endpoint":"introspect","effect":"server_error","status":503}]}`
	if w := f.doBody("POST", "/_sandbox/faults", faults); w.Code != 200 {
		t.Fatalf("faults: %d %s", w.Code, w.Body.String())
	}
	w = f.refresh(versionV3, tr.RefreshToken)
	if w.Code != 429 || w.Header().Get("Retry-After") != "7" {
		t.Errorf("rate limit: %d %q", w.Code, w.Header().Get("Retry-After"))
	}
	if w = f.refresh(versionV3, tr.RefreshToken); w.Code != 200 {
		t.Errorf("count-1 fault should be spent: %d", w.Code)
	}
	for range 2 {
		if w = f.introspect(versionV3, "token", tr.RefreshToken); w.Code != 503 {
			t.Errorf("always-on 503: %d", w.Code)
		}
	}
	if w := f.doBody("POST", "/_sandbox/faults", `{"rules":[{"effect":"explode"}]}`); w.Code != 400 {
		t.Errorf("bad fault accepted: %d", w.Code)
	}
	m := jsonBody(t, f.do("GET", "/_sandbox/state", nil))
	if rules := m["faults"].(map[string]any)["rules"].([]any); len(rules) != 1 {
		t.Errorf("state faults: %v", rules)
	}
	if w := f.doBody("POST", "/_sandbox/reset", ""); w.Code != 200 || f.s.Clock().Offset() != 0 || len(f.s.Faults().Rules) != 0 {
		t.Fatalf("reset: %d", w.Code)
	}
	wantOAuthError(t, f.refresh(versionV3, tr.RefreshToken), versionV3, "BAD_REFRESH_TOKEN") // tokens forgotten
	evs := jsonBody(t, f.do("GET", "/_sandbox/events?since=3", nil))["events"].([]any)
	if len(evs) == 0 || evs[0].(map[string]any)["seq"].(float64) != 4 {
		t.Errorf("events since: %v", evs)
	}
	all, _ := json.Marshal(f.s.Events())
	for _, secret := range []string{tr.AccessToken, tr.RefreshToken, DemoClientSecret} {
		if strings.Contains(string(all), secret) {
			t.Errorf("event log leaks a secret")
		}
	}
}

// The guard of the attack: a page on any site (or in a sandboxed
// iframe, whose Origin is "null") must not reset the sandbox, inject faults
// or press Grant, and no route answers to a rebound Host.
func TestGuardRefusesCrossSiteAndForeignHosts(t *testing.T) {
	f := newFixture(t, Options{})
	if r := f.do("GET", "/_sandbox/state", nil); r.Code != 200 {
		t.Fatalf("loopback host: %d", r.Code)
	}
	for _, target := range []string{"/_sandbox/reset", "/oauth/authorize?" + demoQuery().Encode(), "/", "/crm/v3/objects/contacts"} {
		method := "GET"
		if strings.HasPrefix(target, "/_sandbox") {
			method = "POST"
		}
		req := httptest.NewRequest(method, target, strings.NewReader("{}"))
		req.Host = "evil.example"
		req.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		f.s.Handler().ServeHTTP(w, req)
		if w.Code != http.StatusForbidden || jsonBody(t, w)["category"] != "FORBIDDEN" {
			t.Errorf("%s %s with Host evil.example: %d %s", method, target, w.Code, w.Body.String())
		}
	}
	for _, origin := range []string{"https://evil.example", "null", "file://"} {
		if w := f.do("POST", "/_sandbox/reset", nil, "Origin", origin, "Content-Type", "application/json"); w.Code != http.StatusForbidden {
			t.Errorf("Origin %q: %d", origin, w.Code)
		}
	}
	// A simple (form or text) body is what a cross-site form can send: refused.
	for _, ct := range []string{"", "application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x"} {
		if w := f.do("POST", "/_sandbox/faults", nil, "Content-Type", ct); w.Code != http.StatusForbidden {
			t.Errorf("admin write with Content-Type %q: %d", ct, w.Code)
		}
	}
	if w := f.do("POST", "/_sandbox/reset", nil, "Sec-Fetch-Site", "same-origin"); w.Code != 200 {
		t.Errorf("same-origin browser call: %d %s", w.Code, w.Body.String())
	}
	if w := f.do("POST", "/_sandbox/reset", nil, "Content-Type", "application/json", "Origin", "http://localhost:8421"); w.Code != 200 {
		t.Errorf("loopback JSON call: %d %s", w.Code, w.Body.String())
	}
}

// The host the sandbox was started on is accepted besides the loopback names.
func TestGuardAcceptsTheListenAddress(t *testing.T) {
	s, base := startSandbox(t, Options{})
	for _, host := range []string{strings.TrimPrefix(base, "http://"), "localhost", "[::1]:9", "127.0.0.2:80"} {
		if !s.hostAllowed(host) {
			t.Errorf("host %q refused", host)
		}
	}
	for _, host := range []string{"evil.example", "localhost.evil.example", "10.0.0.1:80", ""} {
		if s.hostAllowed(host) {
			t.Errorf("host %q accepted", host)
		}
	}
}

func TestDelayFaultAndValidation(t *testing.T) {
	f := newFixture(t, Options{})
	if err := f.s.SetFaults(Faults{Rules: []FaultRule{{Effect: EffectDelay, Delay: 30 * time.Millisecond, Endpoint: EndpointAPI, Count: 1}}}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	f.do("GET", "/account-info/v3/details", nil)
	if time.Since(start) < 30*time.Millisecond {
		t.Error("delay fault did not delay")
	}
	for _, bad := range []FaultRule{{Effect: EffectDelay}, {Effect: EffectServerError, Status: 404}, {Effect: EffectRateLimit, Count: -1}} {
		if err := f.s.SetFaults(Faults{Rules: []FaultRule{bad}}); err == nil {
			t.Errorf("fault %+v accepted", bad)
		}
	}
	if _, err := New(Options{Apps: []App{{Name: "ip", ClientID: "c", ClientSecret: "s", RedirectURLs: []string{"http://127.0.0.1/cb"}}}}); err == nil {
		t.Error("app with an IP redirect URL accepted")
	}
	if _, err := New(Options{Apps: []App{{Name: "dup", ClientID: DemoClientID, ClientSecret: "s", RedirectURLs: []string{"https://x/cb"}}}}); err == nil {
		t.Error("duplicate client id accepted")
	}
	var rule FaultRule
	if err := json.Unmarshal([]byte(`{"effect":"delay","delay":1.5}`), &rule); err != nil || rule.Delay != 1500*time.Millisecond {
		t.Errorf("numeric delay: %v %v", rule.Delay, err)
	}
	b, _ := json.Marshal(rule)
	if !strings.Contains(string(b), `"delay":"1.5s"`) {
		t.Errorf("marshal: %s", b)
	}
}

func TestHomePage(t *testing.T) {
	f := newFixture(t, Options{})
	w := f.do("GET", "/", nil)
	body, _ := io.ReadAll(w.Body)
	if w.Code != 200 || !strings.Contains(string(body), DemoClientID) || !strings.Contains(string(body), "20000008") {
		t.Fatalf("home: %d", w.Code)
	}
}
