package export

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hsoauth/hsoauth/oauth"
)

const (
	secretState = "state-0123456789abcdefghij"
	secretCode  = "code-0123456789abcdefghijk"
	secretToken = "na1-aaaa-bbbb-cccc-dddd-eeee"
)

// sampleFlow is a browser sign-in as the trace records it, masked by the trace itself.
func sampleFlow() []oauth.TraceEvent {
	return sampleTrace().Events()
}

func sampleTrace() *oauth.Trace {
	tr := oauth.NewTrace(50)
	for _, s := range []string{secretState, secretCode, secretToken} {
		tr.AddSecret(s)
	}
	at := time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)
	authURL := "https://app.hubspot.com/oauth/authorize?client_id=abc&scope=oauth&state=" + secretState
	cb := "http://localhost:3000/oauth-callback?code=" + secretCode + "&state=" + secretState
	tr.RecordAuthorize(at, authURL, "opened in the browser")
	tr.RecordConsent(at.Add(time.Second), authURL, cb, oauth.ConsentNote("code=x"), true)
	tr.Record(oauth.TraceEvent{Time: at.Add(2 * time.Second), Step: oauth.StepCallback, From: oauth.PartyBrowser, To: oauth.PartyApp,
		Method: "GET", URL: cb, Status: 200, RequestHeaders: []oauth.Header{{Name: "Host", Value: "localhost:3000"}, {Name: "User-Agent", Value: "Mozilla/5.0"}},
		ResponseHeaders: []oauth.Header{{Name: "Content-Type", Value: "text/html; charset=utf-8"}}})
	tr.Record(oauth.TraceEvent{Time: at.Add(3 * time.Second), Method: "POST", URL: "https://api.hubapi.com/oauth/v3/token", Status: 200,
		Duration:        120 * time.Millisecond,
		RequestHeaders:  []oauth.Header{{Name: "Content-Type", Value: "application/x-www-form-urlencoded"}},
		RequestBody:     "grant_type=authorization_code&client_id=abc&code=" + secretCode,
		ResponseHeaders: []oauth.Header{{Name: "Content-Type", Value: "application/json;charset=utf-8"}},
		ResponseBody:    `{"access_token":"` + secretToken + `","expires_in":1800}`})
	tr.Record(oauth.TraceEvent{Time: at.Add(4 * time.Second), Method: "POST", URL: "https://api.hubapi.com/oauth/v3/token/introspect", Status: 200,
		RequestHeaders: []oauth.Header{{Name: "Content-Type", Value: "application/x-www-form-urlencoded"}},
		RequestBody:    "token=" + secretToken, ResponseBody: `{"active":true}`})
	tr.Record(oauth.TraceEvent{Time: at.Add(5 * time.Second), Method: "GET", URL: "https://api.hubapi.com/crm/v3/objects/contacts", Status: 429,
		RequestHeaders:  []oauth.Header{{Name: "Authorization", Value: "Bearer " + secretToken}},
		ResponseHeaders: []oauth.Header{{Name: "Retry-After", Value: "30"}}})
	return tr
}

// TestHARHasTheSchemasRequiredFields checks the HAR 1.2 spec's required members on every object, so a
// viewer stricter than DevTools opens the file too.
func TestHARHasTheSchemasRequiredFields(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteHAR(&buf, sampleFlow(), HAROptions{Version: "1.0"}); err != nil {
		t.Fatal(err)
	}
	var f map[string]any
	if err := json.Unmarshal(buf.Bytes(), &f); err != nil {
		t.Fatal(err)
	}
	log := f["log"].(map[string]any)
	need(t, "log", log, "version", "creator", "entries")
	if log["version"] != "1.2" {
		t.Errorf("version %v", log["version"])
	}
	need(t, "creator", log["creator"].(map[string]any), "name", "version")
	entries := log["entries"].([]any)
	if len(entries) != 6 {
		t.Fatalf("%d entries", len(entries))
	}
	for _, e := range entries {
		e := e.(map[string]any)
		need(t, "entry", e, "startedDateTime", "time", "request", "response", "cache", "timings")
		if _, err := time.Parse(time.RFC3339Nano, e["startedDateTime"].(string)); err != nil {
			t.Errorf("startedDateTime: %v", err)
		}
		need(t, "request", e["request"].(map[string]any), "method", "url", "httpVersion", "cookies", "headers", "queryString", "headersSize", "bodySize")
		resp := e["response"].(map[string]any)
		need(t, "response", resp, "status", "statusText", "httpVersion", "cookies", "headers", "content", "redirectURL", "headersSize", "bodySize")
		need(t, "content", resp["content"].(map[string]any), "size", "mimeType")
		need(t, "timings", e["timings"].(map[string]any), "send", "wait", "receive")
		if post, ok := e["request"].(map[string]any)["postData"].(map[string]any); ok {
			need(t, "postData", post, "mimeType")
		}
	}
	if strings.Contains(buf.String(), secretToken) || strings.Contains(buf.String(), secretCode) || strings.Contains(buf.String(), secretState) {
		t.Errorf("a secret is in the masked HAR:\n%s", buf.String())
	}
}

func need(t *testing.T, what string, m map[string]any, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			t.Errorf("%s lacks %q: %v", what, k, m)
		}
	}
}

// TestHARRevealedKeepsSecretsAndWarns: asked to reveal, the export carries the real values, and says so.
func TestHARRevealedKeepsSecretsAndWarns(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteHAR(&buf, sampleTrace().Revealed(), HAROptions{Revealed: true}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{secretToken, secretCode, "WITH SECRETS UNMASKED"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("revealed HAR lacks %q", want)
		}
	}
}

func TestMermaidDiagram(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteMermaid(&buf, sampleFlow()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"sequenceDiagram", "participant B as Browser", "participant H as HubSpot",
		"B->>H: authorize · GET /oauth/authorize", "H-->>B: 302 → localhost:3000/oauth-callback", "B->>A: callback · GET /oauth-callback",
		"A->>H: exchange · POST /oauth/v3/token", "H-->>A: 429", "Note over B,H: read from the callback"} {
		if !strings.Contains(out, want) {
			t.Errorf("diagram lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, secretCode) || strings.Contains(out, secretState) {
		t.Errorf("secret in the diagram:\n%s", out)
	}
}

var entity = regexp.MustCompile(`#[0-9]+;`)

// FuzzExport: whatever a server sent, the HAR stays one valid JSON document and every Mermaid message
// stays on its own line without Mermaid syntax characters.
func FuzzExport(f *testing.F) {
	f.Add("GET", "https://api.hubapi.com/x?y=1", "a=b", `{"k":"v"}`, "Location", "http://x/;#<b>")
	f.Add("", "%zz", "", "", "", "")
	f.Fuzz(func(t *testing.T, method, url, reqBody, respBody, hname, hval string) {
		tr := oauth.NewTrace(2)
		tr.Record(oauth.TraceEvent{Method: method, URL: url, Status: 302, RequestBody: reqBody, ResponseBody: respBody,
			ResponseHeaders: []oauth.Header{{Name: hname, Value: hval}}, Note: hval})
		var h, m bytes.Buffer
		if err := WriteHAR(&h, tr.Events(), HAROptions{}); err != nil || !json.Valid(h.Bytes()) {
			t.Fatalf("HAR invalid (%v):\n%s", err, h.String())
		}
		if err := WriteMermaid(&m, tr.Events()); err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(strings.TrimSuffix(m.String(), "\n"), "\n")[5:] {
			if _, text, ok := strings.Cut(line, ": "); !ok || strings.ContainsAny(entity.ReplaceAllString(text, ""), ";#<>{}%") {
				t.Fatalf("unsafe Mermaid line %q", line)
			}
		}
	})
}
