package sandbox

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/hsoauth/hsoauth/scopes"
)

// The app developer APIs take the developer account's API key, as
// HubSpot's SDKs send it (?hapikey=, no bearer token); the OAuth APIs do
// not, and a wrong key or another account's app is refused.
func TestDeveloperAPIKey(t *testing.T) {
	f := newFixture(t, Options{})
	app := strconv.Itoa(DemoAppID)
	w := f.do("GET", "/webhooks/v3/"+app+"/settings?hapikey="+DemoDeveloperAPIKey, nil)
	if w.Code != http.StatusOK || w.Header().Get("X-Sandbox-Sample") == "" {
		t.Fatalf("webhooks settings with the key: %d %s", w.Code, w.Body.String())
	}
	for _, c := range []struct {
		path, category string
		status         int
	}{
		{"/webhooks/v3/" + app + "/settings?hapikey=wrong", "INVALID_AUTHENTICATION", 401},
		{"/webhooks/v3/77/settings?hapikey=" + DemoDeveloperAPIKey, "OBJECT_NOT_FOUND", 404},
		{"/crm/v3/objects/contacts?hapikey=" + DemoDeveloperAPIKey, "INVALID_AUTHENTICATION", 401},
		{"/webhooks/v3/" + app + "/settings", "INVALID_AUTHENTICATION", 401},
	} {
		w := f.do("GET", c.path, nil)
		if w.Code != c.status || jsonBody(t, w)["category"] != c.category {
			t.Errorf("%s: %d %s", c.path, w.Code, w.Body.String())
		}
	}
	if w := f.do("GET", "/crm/v3/extensions/cards-dev/sample-response?hapikey="+DemoDeveloperAPIKey, nil); w.Code != http.StatusOK {
		t.Errorf("cards sample response: %d %s", w.Code, w.Body.String())
	}
	if st := jsonBody(t, f.do("GET", "/_sandbox/state", nil)); st["developer_api_key"] != DemoDeveloperAPIKey {
		t.Errorf("state: %v", st["developer_api_key"])
	}
	for _, e := range f.s.Events() {
		if strings.Contains(e.Path+e.Summary, DemoDeveloperAPIKey) {
			t.Errorf("the event log shows the key: %+v", e)
		}
	}
}

// Developer operations are the {appId} ones with developer scopes only.
func TestDeveloperOperation(t *testing.T) {
	n := 0
	for _, ep := range scopes.Endpoints().All() {
		if developerOperation(ep) {
			n++
		}
	}
	yes := scopes.Endpoint{Path: "/webhooks/v3/{appId}/settings", Scopes: [][]string{{"developers-read"}, {"private-apps-read"}}}
	no := scopes.Endpoint{Path: "/webhooks/v3/{appId}/ip", Scopes: [][]string{{"origins.ip_ranges.webhook.read"}}}
	if !developerOperation(yes) || developerOperation(no) || n < 100 {
		t.Errorf("developer operations: %d in the index, yes %v, no %v", n, developerOperation(yes), developerOperation(no))
	}
}
