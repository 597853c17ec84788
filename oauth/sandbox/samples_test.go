package sandbox

import (
	"fmt"
	"strings"
	"testing"
)

// The v4 batch association read answers from the portal's records, and 207
// names the ids it could not find.
func TestV4BatchAssociationRead(t *testing.T) {
	a := newAPIFixture(t, Options{})
	for _, path := range []string{"/crm/v4/associations/contacts/companies/batch/read", "/crm/associations/2026-03/0-1/0-2/batch/read"} {
		got := wantStatus(t, a.call("POST", path, `{"inputs":[{"id":"101"}]}`), 200)
		res := got["results"].([]any)
		if got["status"] != "COMPLETE" || len(res) != 1 {
			t.Fatalf("%s: %v", path, got)
		}
		one := res[0].(map[string]any)
		to := one["to"].([]any)
		if one["from"].(map[string]any)["id"] != "101" || len(to) == 0 || to[0].(map[string]any)["toObjectId"] != 201.0 {
			t.Errorf("%s: %v", path, one)
		}
	}
	partial := wantStatus(t, a.call("POST", "/crm/v4/associations/contacts/companies/batch/read", `{"inputs":[{"id":"101"},{"id":"999"}]}`), 207)
	if partial["numErrors"] != 1.0 || !strings.Contains(partial["errors"].([]any)[0].(map[string]any)["message"].(string), "999") {
		t.Errorf("207: %v", partial)
	}
	wantStatus(t, a.call("POST", "/crm/v4/associations/contacts/widgets/batch/read", `{"inputs":[]}`), 400)
	narrow := a.tokenFor(narrowApp, []string{"oauth"}, HubAllEnterprise)
	a.token = narrow
	if m := wantStatus(t, a.call("POST", "/crm/v4/associations/contacts/companies/batch/read", `{"inputs":[{"id":"101"}]}`), 403); m["category"] != "MISSING_SCOPES" {
		t.Errorf("without a scope: %v", m)
	}
}

// Paths HubSpot's SDKs call that the current specs spell differently: a
// trailing slash, or /…/v3/… where the spec now has the version after the
// API's name. Merge and GDPR delete are operations, not record ids.
func TestSDKPathsReachTheirOperations(t *testing.T) {
	f := newFixture(t, Options{})
	cases := []struct {
		method, path, scope string
		status              int
	}{
		{"GET", "/settings/v3/users/", "settings.users.read", 200},
		{"POST", "/cms/v3/url-redirects", "content", 201},
		{"GET", "/cms/v3/audit-logs/", "content", 200},
		{"POST", "/crm/v3/objects/deals/splits/batch/read", "crm.dealsplits.read_write", 200},
		{"POST", "/crm/v3/objects/contacts/merge", "crm.objects.contacts.write", 200},
		{"POST", "/crm/v3/objects/contacts/gdpr-delete", "crm.objects.contacts.write", 204},
		{"GET", "/crm/v3/objects/contacts/", "crm.objects.contacts.read", 200},
	}
	for _, c := range cases {
		w := f.do(c.method, c.path, nil, "Authorization", "Bearer "+f.mintToken([]string{c.scope}), "Content-Type", "application/json")
		if w.Code != c.status {
			t.Errorf("%s %s: %d, want %d: %s", c.method, c.path, w.Code, c.status, w.Body.String())
		}
	}
	if got := v3Aliases("/settings/v3/users"); len(got) < 2 || got[1] != "/settings/users/2026-03" {
		t.Errorf("aliases: %v", got)
	}
}

// The timeline event detail and render answer in the shapes HubSpot's
// timeline guide gives: a JSON details string and an HTML fragment.
func TestTimelineEventReads(t *testing.T) {
	f := newFixture(t, Options{})
	tok := f.mintToken([]string{"timeline"})
	w := f.do("GET", "/integrators/timeline/v3/events/1/2/detail", nil, "Authorization", "Bearer "+tok)
	if w.Code != 200 || jsonBody(t, w)["details"] == nil {
		t.Errorf("detail: %d %s", w.Code, w.Body.String())
	}
	w = f.do("GET", "/integrators/timeline/v3/events/1/2/render", nil, "Authorization", "Bearer "+tok)
	if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") || !strings.Contains(w.Body.String(), "<p>") {
		t.Errorf("render: %d %q %s", w.Code, w.Header().Get("Content-Type"), w.Body.String())
	}
}

// An owner reads by its id or, with idProperty=userId, by its user's id.
func TestOwnerByUserID(t *testing.T) {
	a := newAPIFixture(t, Options{})
	list := wantStatus(t, a.call("GET", "/crm/v3/owners?limit=1", ""), 200)
	first := list["results"].([]any)[0].(map[string]any)
	id, user := first["id"].(string), fmt.Sprintf("%.0f", first["userId"])
	if got := wantStatus(t, a.call("GET", "/crm/v3/owners/"+id, ""), 200); got["id"] != id {
		t.Errorf("by id: %v", got)
	}
	if got := wantStatus(t, a.call("GET", "/crm/v3/owners/"+user+"?idProperty=userId", ""), 200); got["id"] != id {
		t.Errorf("by user id: %v", got)
	}
	if user != id {
		wantStatus(t, a.call("GET", "/crm/v3/owners/"+user, ""), 404)
	}
}

// Property groups read like the properties that name them.
func TestPropertyGroups(t *testing.T) {
	a := newAPIFixture(t, Options{})
	list := wantStatus(t, a.call("GET", "/crm/v3/properties/contacts/groups", ""), 200)
	g := list["results"].([]any)[0].(map[string]any)
	if g["name"] != "contactinformation" || g["label"] != "Contact information" || g["archived"] != false {
		t.Errorf("groups: %v", list)
	}
	wantStatus(t, a.call("GET", "/crm/v3/properties/deals/groups/dealinformation", ""), 200)
	wantStatus(t, a.call("GET", "/crm/v3/properties/deals/groups/nope", ""), 404)
	prop := wantStatus(t, a.call("GET", "/crm/v3/properties/contacts/email", ""), 200)
	if prop["groupName"] != g["name"] {
		t.Errorf("a property's group %v is not listed", prop["groupName"])
	}
}

// What the SDK's calls ask for is honoured: a pipeline stage by id,
// propertiesWithHistory in a batch read, archived owners (none), and an
// unknown search operator is refused as HubSpot refuses it.
func TestSDKReadOptions(t *testing.T) {
	a := newAPIFixture(t, Options{})
	st := wantStatus(t, a.call("GET", "/crm/v3/pipelines/tickets/0/stages/1", ""), 200)
	if st["id"] != "1" || st["label"] != "New" {
		t.Errorf("stage: %v", st)
	}
	wantStatus(t, a.call("GET", "/crm/v3/pipelines/tickets/0/stages/99", ""), 404)
	batch := wantStatus(t, a.call("POST", "/crm/v3/objects/deals/batch/read", `{"inputs":[{"id":"301"}],"properties":["amount"],"propertiesWithHistory":["amount"]}`), 200)
	rec := batch["results"].([]any)[0].(map[string]any)
	if h, _ := rec["propertiesWithHistory"].(map[string]any)["amount"].([]any); len(h) == 0 {
		t.Errorf("batch read without history: %v", rec)
	}
	if got := wantStatus(t, a.call("GET", "/crm/v3/owners?archived=true", ""), 200); len(got["results"].([]any)) != 0 {
		t.Errorf("archived owners: %v", got)
	}
	bad := wantStatus(t, a.call("POST", "/crm/v3/objects/contacts/search", `{"filterGroups":[{"filters":[{"propertyName":"email","operator":"NOPE","value":"x"}]}]}`), 400)
	if !strings.Contains(bad["message"].(string), `"NOPE"`) {
		t.Errorf("bad operator: %v", bad)
	}
}
