package session

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hsoauth/hsoauth/oauth"
	"github.com/hsoauth/hsoauth/oauth/sandbox"
	"github.com/hsoauth/hsoauth/scopes"
)

// browserSignIn plays a browser against the in-process sandbox exactly as a user would: open the
// authorize URL, press Grant on the consent page, and follow HubSpot's redirect to the callback server.
func browserSignIn(t *testing.T, s *Session, sel scopes.Selection, hubID int) (*Attempt, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	f, err := s.Begin(ctx, sel, FlowOptions{Timeout: 20 * time.Second})
	if err != nil || !f.Listening() {
		t.Fatalf("no callback server: %v %v", err, f.NoCallback)
	}
	defer f.Close()
	a := f.Attempt
	browser := &http.Client{Timeout: 10 * time.Second}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, a.URL, nil)
	req.Header.Set("User-Agent", "Mozilla/5.0 (test browser)")
	resp, err := browser.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	id := resp.Header.Get("X-Sandbox-Request")
	if id == "" {
		t.Fatalf("no consent page: HTTP %d", resp.StatusCode)
	}
	base, _ := url.Parse(a.URL)
	form := url.Values{"request": {id}, "hub_id": {strconv.Itoa(hubID)}, "user": {"admin"}, "action": {"grant"}}
	req, _ = http.NewRequestWithContext(ctx, http.MethodPost, base.Scheme+"://"+base.Host+"/oauth/authorize/decision", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("User-Agent", "Mozilla/5.0 (test browser)")
	resp, err = browser.Do(req) // follows the 302 to the loopback callback
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	res := f.Wait(ctx)
	if res.Err != nil || res.Code == "" {
		t.Fatalf("callback: %+v", res)
	}
	return a, res.Code
}

// TestBrowserSignInTracesEveryStep is the trainer's promise: a browser sign-in shows authorize, consent,
// callback, the exchange and introspection in order, with headers, and nothing secret unmasked.
func TestBrowserSignInTracesEveryStep(t *testing.T) {
	s := open(t, true)
	sel := scopes.Selection{Required: []string{"oauth", "crm.objects.contacts.read"}}
	a, code := browserSignIn(t, s, sel, 20000003)
	rec, err := s.Complete(context.Background(), a, code)
	if err != nil {
		t.Fatal(err)
	}
	events := s.Trace.Events()
	want := []oauth.Step{oauth.StepAuthorize, oauth.StepConsent, oauth.StepCallback, oauth.StepExchange, oauth.StepIntrospect}
	checkStepsInOrder(t, events, want)
	callback := find(events, oauth.StepCallback)
	if callback.From != oauth.PartyBrowser || callback.To != oauth.PartyApp || callback.Status != http.StatusOK ||
		header(callback.RequestHeaders, "User-Agent") != "Mozilla/5.0 (test browser)" {
		t.Errorf("callback step: %+v", callback)
	}
	if ex := find(events, oauth.StepExchange); header(ex.RequestHeaders, "Content-Type") == "" || len(ex.ResponseHeaders) == 0 {
		t.Errorf("exchange without headers: %+v", ex)
	}
	secrets := []string{code, a.State, a.PKCE.Verifier, rec.AccessToken, rec.RefreshToken, sandbox.DemoClientSecret}
	for _, ev := range events {
		checkMasked(t, ev, secrets)
	}
	if revealed := s.Trace.Revealed(); !strings.Contains(find(revealed, oauth.StepCallback).URL, code) {
		t.Error("the revealed copy lost the code the export may ask for")
	}
	var har, mmd strings.Builder
	if err := s.ExportHAR(&har, false, "test"); err != nil {
		t.Fatal(err)
	}
	if err := s.ExportMermaid(&mmd); err != nil {
		t.Fatal(err)
	}
	for _, sec := range secrets {
		if strings.Contains(har.String(), sec) || strings.Contains(mmd.String(), sec) {
			t.Errorf("an export shows a secret unmasked: %s", sec)
		}
	}
}

// TestTerminalConsentTracesFrontChannel: approving in the terminal still shows the three front-channel
// steps, so the diagram tells the same story as with a browser.
func TestTerminalConsentTracesFrontChannel(t *testing.T) {
	s := open(t, true)
	login(t, s, scopes.Selection{Required: []string{"oauth"}}, 20000001)
	checkStepsInOrder(t, s.Trace.Events(), []oauth.Step{oauth.StepAuthorize, oauth.StepConsent, oauth.StepCallback, oauth.StepExchange})
}

func checkStepsInOrder(t *testing.T, events []oauth.TraceEvent, want []oauth.Step) {
	t.Helper()
	var got []oauth.Step
	for _, ev := range events {
		got = append(got, ev.Step)
	}
	i := 0
	for _, st := range got {
		if i < len(want) && st == want[i] {
			i++
		}
	}
	if i < len(want) {
		t.Fatalf("steps %v do not contain %v in order", got, want)
	}
}

func checkMasked(t *testing.T, ev oauth.TraceEvent, secrets []string) {
	t.Helper()
	fields := []string{ev.URL, ev.RequestBody, ev.ResponseBody, ev.Note, ev.Err}
	for _, h := range append(ev.RequestHeaders, ev.ResponseHeaders...) {
		fields = append(fields, h.Value)
	}
	for _, f := range fields {
		for _, sec := range secrets {
			if sec != "" && (strings.Contains(f, sec) || strings.Contains(f, url.QueryEscape(sec))) {
				t.Errorf("%s step shows a secret unmasked: %q", ev.Step, f)
			}
		}
	}
}

func find(events []oauth.TraceEvent, st oauth.Step) oauth.TraceEvent {
	for _, ev := range events {
		if ev.Step == st {
			return ev
		}
	}
	return oauth.TraceEvent{}
}

func header(hs []oauth.Header, name string) string {
	for _, h := range hs {
		if strings.EqualFold(h.Name, name) {
			return h.Value
		}
	}
	return ""
}
