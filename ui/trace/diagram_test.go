package trace

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/hsoauth/hsoauth/session"
)

// signInSteps is a browser sign-in as the session's trace records it (already masked): the front
// channel, the exchange with its introspection, a refresh that hit an injected 429, and an API call.
func signInSteps() []session.TraceEvent {
	authz := "http://127.0.0.1:8421/oauth/authorize?client_id=5a4db0c5-de30-4a11-8c1e-000000000001&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Foauth-callback&scope=oauth&state=QmFz%E2%80%A2%E2%80%A2%E2%80%A2%E2%80%A2x2Yw&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"
	cb := "http://localhost:3000/oauth-callback?code=na1-%E2%80%A2%E2%80%A2%E2%80%A2%E2%80%A2c0de&state=QmFz%E2%80%A2%E2%80%A2%E2%80%A2%E2%80%A2x2Yw"
	form := []session.Header{{Name: "Host", Value: "127.0.0.1:8421"}, {Name: "Content-Type", Value: "application/x-www-form-urlencoded"}, {Name: "User-Agent", Value: "hsoauth/1"}}
	js := []session.Header{{Name: "Content-Type", Value: "application/json;charset=utf-8"}}
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	return []session.TraceEvent{
		{Time: at(0), Step: session.StepAuthorize, From: session.PartyBrowser, To: session.PartyHubSpot, Method: "GET", URL: authz,
			Note: "hsoauth hands this URL to the browser (opened, copied or scanned as a QR code).", RequestHeaders: []session.Header{{Name: "Host", Value: "127.0.0.1:8421"}}},
		{Time: at(4), Step: session.StepConsent, From: session.PartyBrowser, To: session.PartyHubSpot, Method: "POST", URL: authz, Status: 302, Inferred: true,
			Note: "The user granted access on HubSpot's consent page; HubSpot sent the browser back with a one-time code.", ResponseHeaders: []session.Header{{Name: "Location", Value: cb}}},
		{Time: at(4), Step: session.StepCallback, From: session.PartyBrowser, To: session.PartyApp, Method: "GET", URL: cb, Status: 200,
			Note:           "The browser follows HubSpot's redirect to hsoauth's loopback callback server.",
			RequestHeaders: []session.Header{{Name: "Host", Value: "localhost:3000"}, {Name: "User-Agent", Value: "Mozilla/5.0"}, {Name: "Sec-Fetch-Mode", Value: "navigate"}}},
		{Time: at(5), Step: session.StepExchange, From: session.PartyApp, To: session.PartyHubSpot, Method: "POST", URL: "http://127.0.0.1:8421/oauth/v3/token", Status: 200,
			Duration: 14 * time.Millisecond, RequestHeaders: form, ResponseHeaders: js,
			RequestBody:  "grant_type=authorization_code&client_id=5a4db0c5-de30-4a11-8c1e-000000000001&client_secret=5a4d%E2%80%A2%E2%80%A2%E2%80%A2%E2%80%A20002&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Foauth-callback&code=na1-%E2%80%A2%E2%80%A2%E2%80%A2%E2%80%A2c0de&code_verifier=dBjf%E2%80%A2%E2%80%A2%E2%80%A2%E2%80%A2XkAw",
			ResponseBody: `{"token_type":"bearer","access_token":"COjA••••0KIJ","refresh_token":"na1-••••4e5f","expires_in":1800}`},
		{Time: at(5), Step: session.StepIntrospect, From: session.PartyApp, To: session.PartyHubSpot, Method: "POST", URL: "http://127.0.0.1:8421/oauth/v3/token/introspect", Status: 200,
			Duration: 3 * time.Millisecond, RequestHeaders: form, ResponseHeaders: js, RequestBody: "token_type_hint=access_token&token=COjA%E2%80%A2%E2%80%A2%E2%80%A2%E2%80%A20KIJ",
			ResponseBody: `{"active":true,"hub_id":20000003,"scopes":["oauth"]}`},
		{Time: at(60), Step: session.StepRefresh, From: session.PartyApp, To: session.PartyHubSpot, Method: "POST", URL: "http://127.0.0.1:8421/oauth/v3/token", Status: 429,
			RequestHeaders: form, ResponseHeaders: []session.Header{{Name: "Retry-After", Value: "30"}}, RequestBody: "grant_type=refresh_token&refresh_token=na1-%E2%80%A2%E2%80%A2%E2%80%A2%E2%80%A24e5f"},
		{Time: at(90), Step: session.StepAPI, From: session.PartyApp, To: session.PartyHubSpot, Method: "GET", URL: "http://127.0.0.1:8421/crm/v3/objects/contacts?limit=3", Status: 200,
			RequestHeaders: []session.Header{{Name: "Authorization", Value: "Bearer COjA••••0KIJ"}}},
	}
}

// signedIn is the trace screen after that sign-in, in diagram mode when diagram is set.
func signedIn(w, h int, diagram bool) Model {
	m := New(newCommon(w, h), Deps{})
	m.layout()
	for _, ev := range signInSteps() {
		m, _ = m.Update(traceEventMsg{from: m.f, ev: ev})
	}
	if diagram {
		m, _ = press(m, "d")
	}
	return m
}

func TestDiagramGolden(t *testing.T) {
	for _, sz := range []struct {
		name string
		w, h int
	}{{"80x24", 80, 21}, {"200x50", 200, 47}} {
		for name, build := range map[string]func() Model{
			"latest": func() Model { return signedIn(sz.w, sz.h, true) },
			"callback": func() Model {
				m := signedIn(sz.w, sz.h, true)
				m, _ = press(m, "g")
				m, _ = press(m, "j")
				m, _ = press(m, "j")
				return m
			},
			"empty": func() Model { m := New(newCommon(sz.w, sz.h), Deps{}); m.layout(); m, _ = press(m, "d"); return m },
		} {
			t.Run(name+"_"+sz.name, func(t *testing.T) {
				v := build().View()
				for i, l := range strings.Split(v, "\n") {
					if ansi.StringWidth(l) > sz.w || i >= sz.h {
						t.Fatalf("line %d out of the %dx%d area: %q", i, sz.w, sz.h, l)
					}
				}
				golden.RequireEqual(t, []byte(v))
			})
		}
	}
}

// TestDiagramDrawsEachStepBetweenItsLanes: the front channel runs Browser→HubSpot across the app's
// lane, the callback Browser→hsoauth, the back channel hsoauth→HubSpot; a reconstructed step is dashed.
func TestDiagramDrawsEachStepBetweenItsLanes(t *testing.T) {
	m := signedIn(80, 21, true)
	rows := strings.Split(m.diagramView(), "\n")
	xs := laneXs(80)
	for i, want := range []struct {
		step     string
		from, to int
		dashed   bool
	}{{"authorize", 0, 2, false}, {"consent", 0, 2, true}, {"callback", 0, 1, false}, {"exchange", 1, 2, false}} {
		row := []rune(rows[i+1])
		if !strings.Contains(string(row), want.step) {
			t.Fatalf("row %d lacks %s: %q", i+1, want.step, string(row))
		}
		if row[xs[want.to]-1] != '▶' || row[xs[want.from]+1] == ' ' {
			t.Errorf("%s does not run from lane %d to lane %d: %q", want.step, want.from, want.to, string(row))
		}
		if strings.ContainsRune(string(row), '╌') != want.dashed {
			t.Errorf("%s dashed=%v: %q", want.step, !want.dashed, string(row))
		}
	}
	if got := m.all[m.selected()].step; got != session.StepAPI {
		t.Errorf("the cursor follows the newest arrow, on %s", got)
	}
	m, _ = m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("d")})
	if m.diagram {
		t.Error("d goes back to the list")
	}
}
