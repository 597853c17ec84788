package sandbox

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// apiFixture is a sandbox plus one token with every scope the demo app
// grants on the all-enterprise portal.
type apiFixture struct {
	*fixture
	token string
}

// wideApp requires every scope the API tests call with.
var wideApp = App{Name: "wide test app", ClientID: "wide", ClientSecret: "wide-secret", RedirectURLs: []string{DemoRedirectURL},
	Required: []string{"oauth", "crm.objects.contacts.read", "crm.objects.contacts.write", "crm.objects.companies.read",
		"crm.objects.companies.write", "crm.objects.deals.read", "crm.objects.deals.write", "tickets",
		"crm.objects.line_items.read", "crm.objects.products.read", "crm.objects.owners.read", "forms", "content",
		"settings.users.read"}}

func newAPIFixture(t testing.TB, opts Options) apiFixture {
	opts.Apps = append(opts.Apps, wideApp)
	f := newFixture(t, opts)
	return apiFixture{f, f.tokenFor(wideApp, wideApp.Required, HubAllEnterprise)}
}

// call sends a request with the fixture's token and a JSON body.
func (a apiFixture) call(method, path, body string) *httptest.ResponseRecorder {
	a.t.Helper()
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	r.Host = "127.0.0.1:8421"
	r.Header.Set("Authorization", "Bearer "+a.token)
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	w := httptest.NewRecorder()
	a.s.Handler().ServeHTTP(w, r)
	return w
}

func wantStatus(t testing.TB, w *httptest.ResponseRecorder, code int) map[string]any {
	t.Helper()
	if w.Code != code {
		t.Fatalf("HTTP %d, want %d: %s", w.Code, code, w.Body.String())
	}
	if code == http.StatusNoContent {
		return nil
	}
	return jsonBody(t, w)
}

// Unknown paths and methods answer in HubSpot's JSON error shape, never
// Go's plain text, under the API and under the sandbox's own prefixes.
func TestUnknownPathsAndMethodsAreJSON(t *testing.T) {
	a := newAPIFixture(t, Options{})
	for _, tc := range []struct {
		method, path string
		code         int
		allow        string
	}{
		{"GET", "/no/such/api", 404, ""},
		{"GET", "/crm/v3/objects/contacts/101/nonsense/deeper/still", 404, ""},
		{"PUT", "/crm/v3/objects/contacts", 405, "GET, POST"},
		{"GET", "/oauth/v3/token", 405, "POST"},
		{"GET", "/oauth/v9/token", 404, ""},
		{"DELETE", "/_sandbox/state", 405, "GET"},
	} {
		w := a.call(tc.method, tc.path, "")
		m := wantStatus(t, w, tc.code)
		if m["status"] != "error" || m["correlationId"] == "" || m["category"] == "" || m["message"] == "" {
			t.Errorf("%s %s: not HubSpot's shape: %v", tc.method, tc.path, m)
		}
		if got := w.Header().Get("Allow"); got != tc.allow {
			t.Errorf("%s %s: Allow %q, want %q", tc.method, tc.path, got, tc.allow)
		}
	}
}

// Every API answer to an OAuth token carries the X-HubSpot-RateLimit-*
// headers HubSpot sends OAuth apps: the 10-second window, not the daily one.
func TestRateLimitHeaders(t *testing.T) {
	a := newAPIFixture(t, Options{})
	w1 := a.call("GET", "/crm/v3/objects/contacts", "")
	w2 := a.call("GET", "/account-info/v3/details", "")
	for name, want := range map[string]string{"X-HubSpot-RateLimit-Max": "110", "X-HubSpot-RateLimit-Interval-Milliseconds": "10000"} {
		if w1.Header().Get(name) != want {
			t.Errorf("%s = %q, want %s", name, w1.Header().Get(name), want)
		}
	}
	r1, _ := strconv.Atoi(w1.Header().Get("X-HubSpot-RateLimit-Remaining"))
	r2, _ := strconv.Atoi(w2.Header().Get("X-HubSpot-RateLimit-Remaining"))
	if r1 != 109 || r2 != 108 {
		t.Errorf("remaining %d then %d, want 109 then 108", r1, r2)
	}
	if id := w1.Header().Get("X-HubSpot-Correlation-Id"); len(id) != 36 {
		t.Errorf("X-HubSpot-Correlation-Id %q", id)
	}
	if w := a.call("GET", "/crm/v3/objects/contacts/999", ""); jsonBody(t, w)["correlationId"] != w.Header().Get("X-HubSpot-Correlation-Id") {
		t.Error("an error's correlationId differs from its header")
	}
	if w1.Header().Get("X-HubSpot-RateLimit-Daily") != "" {
		t.Error("OAuth calls carry no Daily header on HubSpot")
	}
	enforced := newAPIFixture(t, Options{EnforceRateLimits: true})
	var last *httptest.ResponseRecorder
	for i := range rateMax + 1 {
		last = enforced.call("GET", "/account-info/v3/details", "")
		if i < rateMax && last.Code != http.StatusOK {
			t.Fatalf("call %d of the window's %d was refused: %d", i+1, rateMax, last.Code)
		}
	}
	m := wantStatus(t, last, http.StatusTooManyRequests)
	if m["policyName"] != "TEN_SECONDLY_ROLLING" || last.Header().Get("Retry-After") == "" {
		t.Errorf("enforced limit: %v, Retry-After %q", m, last.Header().Get("Retry-After"))
	}
	enforced.s.Clock().Advance(rateInterval)
	wantStatus(t, enforced.call("GET", "/account-info/v3/details", ""), 200)
	// The search API has its own limit: 4 a second.
	for range searchPerSecond {
		wantStatus(t, enforced.call("POST", "/crm/v3/objects/contacts/search", `{}`), 200)
	}
	if m := wantStatus(t, enforced.call("POST", "/crm/v3/objects/contacts/search", `{}`), 429); m["policyName"] != "SECONDLY" {
		t.Errorf("search limit: %v", m)
	}
	enforced.s.Clock().Advance(time.Second)
	wantStatus(t, enforced.call("POST", "/crm/v3/objects/contacts/search", `{}`), 200)
}

// The 429 fault answers in HubSpot's shape for each policy it names.
func TestRateLimitFaultPolicies(t *testing.T) {
	a := newAPIFixture(t, Options{})
	for _, tc := range []struct {
		policy RateLimitPolicy
		msg    string
	}{{"", "secondly"}, {policyTenSecondly, "ten_secondly_rolling"}, {policyDaily, "daily"}} {
		if err := a.s.SetFaults(Faults{Rules: []FaultRule{{Endpoint: EndpointAPI, Effect: EffectRateLimit, Policy: tc.policy, Count: 1}}}); err != nil {
			t.Fatal(err)
		}
		w := a.call("GET", "/crm/v3/objects/contacts", "")
		m := wantStatus(t, w, http.StatusTooManyRequests)
		want := string(tc.policy)
		if want == "" {
			want = "SECONDLY"
		}
		if m["policyName"] != want || m["errorType"] != "RATE_LIMIT" || !strings.Contains(m["message"].(string), tc.msg+" limit") {
			t.Errorf("policy %q: %v", tc.policy, m)
		}
		if secs, err := strconv.Atoi(w.Header().Get("Retry-After")); err != nil || secs < 1 || secs > 86401 {
			t.Errorf("policy %q: Retry-After %q", tc.policy, w.Header().Get("Retry-After"))
		}
	}
	if err := a.s.SetFaults(Faults{Rules: []FaultRule{{Effect: EffectRateLimit, Policy: "HOURLY"}}}); err == nil {
		t.Error("unknown policy accepted")
	}
}

// Every documented operation refuses a missing, expired or revoked token
// and a token lacking its scopes, listing the scopes that would grant it.
func TestGateOnIndexedOperations(t *testing.T) {
	f := newFixture(t, Options{})
	narrow := f.tokenWith([]string{"oauth"})
	for _, path := range []string{"/cms/v3/hubdb/tables", "/marketing/v3/forms", "/crm/v3/objects/0-3", "/crm/objects/2026-03/tickets/5"} {
		w := f.do("GET", path, nil, "Authorization", "Bearer "+narrow)
		m := wantStatus(t, w, http.StatusForbidden)
		errs, _ := m["errors"].([]any)
		if m["category"] != "MISSING_SCOPES" || len(errs) == 0 {
			t.Fatalf("%s: %v", path, m)
		}
		ctx := errs[0].(map[string]any)["context"].(map[string]any)["requiredGranularScopes"].([]any)
		if len(ctx) == 0 {
			t.Errorf("%s: no scopes listed: %v", path, m)
		}
		if w := f.do("GET", path, nil); w.Code != 401 || jsonBody(t, w)["category"] != "INVALID_AUTHENTICATION" {
			t.Errorf("%s without token: %d", path, w.Code)
		}
	}
	// The generic {objectType} operation checks the object's own scope.
	companies := f.tokenWith([]string{"oauth", "crm.objects.companies.read"})
	w := f.do("GET", "/crm/v3/objects/contacts/101/associations/companies", nil, "Authorization", "Bearer "+companies)
	wantStatus(t, w, http.StatusForbidden)
	w = f.do("GET", "/crm/v3/objects/companies/201/associations/contacts", nil, "Authorization", "Bearer "+companies)
	wantStatus(t, w, http.StatusOK)
}

// The sample CRM records: paging, read by id and by email, create (with a
// duplicate refused), update, archive, search, batch read, associations in
// the v3, v4 and dated shapes; the same data under the dated path.
func TestCRMRecords(t *testing.T) {
	a := newAPIFixture(t, Options{})
	page := wantStatus(t, a.call("GET", "/crm/v3/objects/contacts?limit=5&properties=email,phone", ""), 200)
	after := page["paging"].(map[string]any)["next"].(map[string]any)["after"].(string)
	first := page["results"].([]any)[0].(map[string]any)
	if len(page["results"].([]any)) != 5 || after != "5" || first["properties"].(map[string]any)["phone"] == nil {
		t.Fatalf("first page: %v", page)
	}
	rest := wantStatus(t, a.call("GET", "/crm/v3/objects/contacts?limit=100&after="+after, ""), 200)
	if len(rest["results"].([]any)) != len(samplePeople)-5 || rest["paging"] != nil {
		t.Errorf("last page: %v", rest)
	}
	byEmail := wantStatus(t, a.call("GET", "/crm/v3/objects/contacts/grace@all-enterprise.hsoauth.test?idProperty=email", ""), 200)
	if byEmail["id"] != "102" {
		t.Errorf("by email: %v", byEmail)
	}
	wantStatus(t, a.call("GET", "/crm/v3/objects/contacts/999", ""), 404)
	made := wantStatus(t, a.call("POST", "/crm/objects/2026-03/contacts", `{"properties":{"email":"new@x.test","firstname":"New"},"associations":[{"to":{"id":"201"},"types":[{"associationCategory":"HUBSPOT_DEFINED","associationTypeId":279}]}]}`), 201)
	newID := made["id"].(string)
	if m := wantStatus(t, a.call("POST", "/crm/v3/objects/contacts", `{"properties":{"email":"new@x.test"}}`), 409); m["category"] != "CONFLICT" {
		t.Errorf("duplicate email: %v", m)
	}
	upd := wantStatus(t, a.call("PATCH", "/crm/v3/objects/contacts/"+newID, `{"properties":{"lastname":"Person"}}`), 200)
	if upd["properties"].(map[string]any)["lastname"] != "Person" {
		t.Errorf("update: %v", upd)
	}
	assoc := wantStatus(t, a.call("GET", "/crm/v3/objects/contacts/"+newID+"/associations/companies", ""), 200)
	if r := assoc["results"].([]any); len(r) != 1 || r[0].(map[string]any)["type"] != "contact_to_company" {
		t.Errorf("v3 associations: %v", assoc)
	}
	v4 := wantStatus(t, a.call("GET", "/crm/v4/objects/contacts/"+newID+"/associations/companies", ""), 200)
	if r := v4["results"].([]any); len(r) != 1 || r[0].(map[string]any)["toObjectId"] != 201.0 {
		t.Errorf("v4 associations: %v", v4)
	}
	found := wantStatus(t, a.call("POST", "/crm/v3/objects/contacts/search", `{"filterGroups":[{"filters":[{"propertyName":"lastname","operator":"EQ","value":"Person"}]}],"properties":["email"],"after":0}`), 200)
	if found["total"] != 1.0 {
		t.Errorf("search: %v", found)
	}
	wantStatus(t, a.call("DELETE", "/crm/v3/objects/contacts/"+newID, ""), 204)
	wantStatus(t, a.call("GET", "/crm/v3/objects/contacts/"+newID, ""), 404)
	batch := wantStatus(t, a.call("POST", "/crm/v3/objects/deals/batch/read", `{"inputs":[{"id":"301"},{"id":"302"},{"id":"9"}],"properties":["dealname"]}`), 200)
	if batch["status"] != "COMPLETE" || len(batch["results"].([]any)) != 2 {
		t.Errorf("batch read: %v", batch)
	}
	for _, path := range []string{"/crm/v3/objects/companies", "/crm/v3/objects/tickets", "/crm/v3/objects/line_items", "/crm/v3/objects/products", "/crm/objects/2026-03/0-3", "/crm/v3/owners"} {
		if m := wantStatus(t, a.call("GET", path, ""), 200); len(m["results"].([]any)) == 0 {
			t.Errorf("%s: no sample records", path)
		}
	}
}

// Records are the same in every run and differ only by portal domain;
// writes in one portal are not seen in another.
func TestCRMRecordsPerPortal(t *testing.T) {
	a := newAPIFixture(t, Options{})
	free := a.tokenWith([]string{"oauth", "crm.objects.contacts.read"})
	mine := wantStatus(t, a.call("GET", "/crm/v3/objects/contacts/101", ""), 200)
	w := a.do("GET", "/crm/v3/objects/contacts/101", nil, "Authorization", "Bearer "+free)
	theirs := wantStatus(t, w, 200)
	if !strings.HasSuffix(mine["properties"].(map[string]any)["email"].(string), "@all-enterprise.hsoauth.test") ||
		!strings.HasSuffix(theirs["properties"].(map[string]any)["email"].(string), "@free.hsoauth.test") {
		t.Errorf("portal domains: %v / %v", mine, theirs)
	}
	wantStatus(t, a.call("DELETE", "/crm/v3/objects/contacts/101", ""), 204)
	wantStatus(t, a.do("GET", "/crm/v3/objects/contacts/101", nil, "Authorization", "Bearer "+free), 200)
	a.s.Reset()
}

// The legacy v1 contact endpoints HubSpot's samples call read the same records.
func TestV1Contacts(t *testing.T) {
	a := newAPIFixture(t, Options{})
	all := wantStatus(t, a.call("GET", "/contacts/v1/lists/all/contacts/all?count=3", ""), 200)
	contacts := all["contacts"].([]any)
	if len(contacts) != 3 || all["has-more"] != true || all["vid-offset"] != 103.0 {
		t.Fatalf("all contacts: %v", all)
	}
	next := wantStatus(t, a.call("GET", "/contacts/v1/lists/all/contacts/all?count=3&vidOffset=103", ""), 200)
	if next["contacts"].([]any)[0].(map[string]any)["vid"] != 104.0 {
		t.Errorf("vidOffset paging: %v", next)
	}
	prof := wantStatus(t, a.call("GET", "/contacts/v1/contact/vid/101/profile", ""), 200)
	first := prof["properties"].(map[string]any)["firstname"].(map[string]any)
	if first["value"] != "Ada" || prof["portal-id"] != float64(HubAllEnterprise) {
		t.Errorf("profile: %v", prof)
	}
	wantStatus(t, a.call("GET", "/contacts/v1/contact/email/alan@all-enterprise.hsoauth.test/profile", ""), 200)
	if m := wantStatus(t, a.call("GET", "/contacts/v1/contact/vid/5/profile", ""), 404); m["message"] != "contact does not exist" {
		t.Errorf("v1 404: %v", m)
	}
	made := wantStatus(t, a.call("POST", "/contacts/v1/contact", `{"properties":[{"property":"email","value":"v1@x.test"},{"property":"firstname","value":"Vee"}]}`), 200)
	wantStatus(t, a.call("POST", "/contacts/v1/contact", `{"properties":[{"property":"email","value":"v1@x.test"}]}`), 409)
	vid := strconv.Itoa(int(made["vid"].(float64)))
	wantStatus(t, a.call("GET", "/crm/v3/objects/contacts/"+vid, ""), 200)
	if m := wantStatus(t, a.call("GET", "/contacts/v1/search/query?q=vee", ""), 200); m["total"] != 1.0 {
		t.Errorf("v1 search: %v", m)
	}
}

// Operations the sandbox does not model answer a well-formed sample.
func TestSampleAnswers(t *testing.T) {
	a := newAPIFixture(t, Options{})
	w := a.call("GET", "/marketing/v3/forms", "")
	if m := wantStatus(t, w, 200); len(m["results"].([]any)) != 0 || w.Header().Get("X-Sandbox-Sample") == "" {
		t.Errorf("list sample: %v %v", m, w.Header())
	}
	if m := wantStatus(t, a.call("GET", "/cms/v3/pages/site-pages/42", ""), 200); m["id"] != "42" {
		t.Errorf("object sample: %v", m)
	}
	wantStatus(t, a.call("POST", "/cms/v3/blogs/posts", `{"name":"x"}`), 201)
	wantStatus(t, a.call("DELETE", "/cms/v3/blogs/posts/7", ""), 204)
}

// The scheme name is case-insensitive (RFC 7235), so "bearer" works as HubSpot's gateway takes it; a
// blank token is a missing one.
func TestBearerScheme(t *testing.T) {
	a := newAPIFixture(t, Options{})
	wantStatus(t, a.do("GET", "/account-info/v3/details", nil, "Authorization", "bearer "+a.token), 200)
	if m := wantStatus(t, a.do("GET", "/account-info/v3/details", nil, "Authorization", "Bearer   "), 401); !strings.Contains(m["message"].(string), "credentials not found") {
		t.Errorf("blank token: %v", m)
	}
}

// HEAD answers as GET does, headers only; a slow reader of a CRM answer
// does not hold the records' lock (the answer is buffered first).
func TestHeadAndBufferedAnswers(t *testing.T) {
	a := newAPIFixture(t, Options{})
	w := a.call("HEAD", "/crm/v3/objects/contacts", "")
	if w.Code != 200 || w.Header().Get("X-HubSpot-RateLimit-Max") == "" {
		t.Errorf("HEAD: %d %v", w.Code, w.Header())
	}
	if !a.s.crm.mu.TryLock() {
		t.Fatal("the CRM lock is still held after an answer was written")
	}
	a.s.crm.mu.Unlock()
}

// Search sorts as HubSpot's SDKs ask (a name or {propertyName, direction}),
// and reads can ask for propertiesWithHistory.
func TestSearchSortsAndHistory(t *testing.T) {
	a := newAPIFixture(t, Options{})
	m := wantStatus(t, a.call("POST", "/crm/v3/objects/deals/search", `{"sorts":[{"propertyName":"amount","direction":"DESCENDING"}],"properties":["amount"],"limit":3}`), 200)
	var amounts []string
	for _, r := range m["results"].([]any) {
		amounts = append(amounts, r.(map[string]any)["properties"].(map[string]any)["amount"].(string))
	}
	if strings.Join(amounts, " ") != "3600.00 1500.00 950.00" {
		t.Errorf("sorted by amount, descending: %v", amounts)
	}
	one := wantStatus(t, a.call("GET", "/crm/v3/objects/contacts/101?propertiesWithHistory=email", ""), 200)
	h := one["propertiesWithHistory"].(map[string]any)["email"].([]any)
	if len(h) != 1 || h[0].(map[string]any)["sourceType"] != "API" {
		t.Errorf("history: %v", one)
	}
}

// Pipelines and property definitions come from the same sample the records use.
func TestPipelinesAndProperties(t *testing.T) {
	a := newAPIFixture(t, Options{})
	m := wantStatus(t, a.call("GET", "/crm/v3/pipelines/deals", ""), 200)
	p := m["results"].([]any)[0].(map[string]any)
	stages := p["stages"].([]any)
	if p["id"] != "default" || len(stages) != 7 || stages[5].(map[string]any)["id"] != "closedwon" {
		t.Fatalf("deal pipeline: %v", p)
	}
	wantStatus(t, a.call("GET", "/crm/pipelines/2026-03/tickets/0/stages", ""), 200)
	wantStatus(t, a.call("GET", "/crm/v3/pipelines/deals/nope", ""), 404)
	props := wantStatus(t, a.call("GET", "/crm/v3/properties/contacts", ""), 200)["results"].([]any)
	var names []string
	for _, d := range props {
		names = append(names, d.(map[string]any)["name"].(string))
	}
	if !strings.Contains(strings.Join(names, " "), "email firstname") {
		t.Errorf("contact properties: %v", names)
	}
	if d := wantStatus(t, a.call("GET", "/crm/properties/2026-03/deals/amount", ""), 200); d["type"] != "number" {
		t.Errorf("amount: %v", d)
	}
	wantStatus(t, a.call("GET", "/crm/v3/properties/companies/nope", ""), 404)
}

// Property values may come as numbers or booleans (HubSpot stores strings);
// null clears a value; an object or array is refused with the property named.
func TestPropertyValueTypes(t *testing.T) {
	a := newAPIFixture(t, Options{})
	m := wantStatus(t, a.call("POST", "/crm/v3/objects/deals", `{"properties":{"dealname":"Typed","amount":1250.5,"hs_is_closed":false}}`), 201)
	if p := m["properties"].(map[string]any); p["amount"] != "1250.5" || p["hs_is_closed"] != "false" {
		t.Errorf("typed values: %v", p)
	}
	id := m["id"].(string)
	if p := wantStatus(t, a.call("PATCH", "/crm/v3/objects/deals/"+id, `{"properties":{"amount":null}}`), 200)["properties"].(map[string]any); p["amount"] != nil {
		t.Errorf("null should clear: %v", p)
	}
	if m := wantStatus(t, a.call("PATCH", "/crm/v3/objects/deals/"+id, `{"properties":{"amount":{"x":1}}}`), 400); !strings.Contains(m["message"].(string), `property "amount"`) {
		t.Errorf("object value: %v", m)
	}
}

// A portal's users answer the settings users API by id or email.
func TestSettingsUsers(t *testing.T) {
	a := newAPIFixture(t, Options{})
	p, _ := a.s.portal(HubAllEnterprise) // the fixture's portal
	admin := p.Users[0]
	m := wantStatus(t, a.call("GET", "/settings/v3/users/"+strconv.Itoa(admin.ID), ""), 200)
	if m["email"] != admin.Email || m["superAdmin"] != true {
		t.Errorf("user: %v", m)
	}
	wantStatus(t, a.call("GET", "/settings/v3/users/"+admin.Email+"?idProperty=EMAIL", ""), 200)
	wantStatus(t, a.call("GET", "/settings/v3/users/1", ""), 404)
}

// v4 association writes answer v4's shape; v3's answer the record.
func TestAssociationWrites(t *testing.T) {
	a := newAPIFixture(t, Options{})
	// The default association answers a batch (BatchResponsePublicDefaultAssociation in HubSpot's spec);
	// a labelled one is created, 201, with the pair and its labels.
	m := wantStatus(t, a.call("PUT", "/crm/v4/objects/contacts/105/associations/default/deals/302", ""), 200)
	res, _ := m["results"].([]any)
	if m["status"] != "COMPLETE" || len(res) != 1 || res[0].(map[string]any)["to"].(map[string]any)["id"] != "302" ||
		res[0].(map[string]any)["associationSpec"].(map[string]any)["associationTypeId"] != 4.0 {
		t.Errorf("v4 default association: %v", m)
	}
	m = wantStatus(t, a.call("PUT", "/crm/v4/objects/contacts/105/associations/deals/302", `[{"associationCategory":"HUBSPOT_DEFINED","associationTypeId":4}]`), 201)
	if m["fromObjectTypeId"] != "0-1" || m["toObjectId"] != 302.0 {
		t.Errorf("v4 labelled association: %v", m)
	}
	m = wantStatus(t, a.call("PUT", "/crm/v3/objects/contacts/105/associations/companies/203/contact_to_company", ""), 200)
	if m["associations"] == nil {
		t.Errorf("v3 association: %v", m)
	}
	wantStatus(t, a.call("DELETE", "/crm/v4/objects/contacts/105/associations/deals/302", ""), 204)
	r := wantStatus(t, a.call("GET", "/crm/v4/objects/contacts/105/associations/deals", ""), 200)["results"].([]any)
	for _, x := range r {
		if x.(map[string]any)["toObjectId"] == 302.0 {
			t.Error("deal 302 still associated after DELETE")
		}
	}
}
