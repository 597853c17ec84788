package sandbox_test

// This client is written from HubSpot's published API reference (the
// response shapes its docs give for each operation and its documented
// error bodies), not from the sandbox's code: it speaks HTTP only, gets its
// tokens through the consent page and the token endpoint as any app does,
// and checks each answer against the documented shape.

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/hsoauth/hsoauth/oauth/sandbox"
)

// shapeCheck names the fields (and their JSON types) HubSpot documents for
// an answer; "list" wants a results array whose first item has the item fields.
type shapeCheck struct {
	fields map[string]string
	item   map[string]string // fields of results[0] (or contacts[0]), when there is one
	items  string            // the array holding the items: "results" or "contacts"
}

var (
	errorShape   = map[string]string{"status": "string", "message": "string", "correlationId": "string", "category": "string"}
	simpleObject = map[string]string{"id": "string", "properties": "object", "createdAt": "string", "updatedAt": "string", "archived": "bool"}
	listPage     = shapeCheck{fields: map[string]string{"results": "array"}, items: "results"}
	objectList   = shapeCheck{fields: map[string]string{"results": "array"}, item: simpleObject, items: "results"}
	oneObject    = shapeCheck{fields: simpleObject}
	searchPage   = shapeCheck{fields: map[string]string{"total": "number", "results": "array"}, item: simpleObject, items: "results"}
	batchAnswer  = shapeCheck{fields: map[string]string{"status": "string", "results": "array", "startedAt": "string", "completedAt": "string"}, item: simpleObject, items: "results"}
	ownerList    = shapeCheck{fields: map[string]string{"results": "array"}, items: "results",
		item: map[string]string{"id": "string", "email": "string", "firstName": "string", "lastName": "string", "userId": "number", "archived": "bool"}}
	assocV4 = shapeCheck{fields: map[string]string{"results": "array"}, items: "results",
		item: map[string]string{"toObjectId": "number", "associationTypes": "array"}}
	v1Contacts = shapeCheck{fields: map[string]string{"contacts": "array", "has-more": "bool", "vid-offset": "number"}, items: "contacts",
		item: map[string]string{"vid": "number", "portal-id": "number", "properties": "object", "identity-profiles": "array"}}
	accountDetails = shapeCheck{fields: map[string]string{"portalId": "number", "timeZone": "string", "companyCurrency": "string",
		"utcOffset": "string", "uiDomain": "string", "dataHostingLocation": "string"}}
	noBody = shapeCheck{}
)

// referenceCall is one operation of HubSpot's reference: the call, the
// scope its reference page names, the success status and shape.
type referenceCall struct {
	area, method, path, body, scope string
	status                          int
	shape                           shapeCheck
}

// The walk: 30 operations across CRM, CMS, marketing and settings. {id}
// is the id of the contact the walk creates.
var referenceCalls = []referenceCall{
	{"CRM", "POST", "/crm/v3/objects/contacts", `{"properties":{"email":"walker@example.com","firstname":"Walker"}}`, "crm.objects.contacts.write", 201, oneObject},
	{"CRM", "GET", "/crm/v3/objects/contacts?limit=2", "", "crm.objects.contacts.read", 200, objectList},
	{"CRM", "GET", "/crm/v3/objects/contacts/{id}?properties=email", "", "crm.objects.contacts.read", 200, oneObject},
	{"CRM", "PATCH", "/crm/v3/objects/contacts/{id}", `{"properties":{"lastname":"Walks"}}`, "crm.objects.contacts.write", 200, oneObject},
	{"CRM", "POST", "/crm/v3/objects/contacts/search", `{"filterGroups":[{"filters":[{"propertyName":"email","operator":"EQ","value":"walker@example.com"}]}]}`, "crm.objects.contacts.read", 200, searchPage},
	{"CRM", "GET", "/crm/objects/2026-03/contacts", "", "crm.objects.contacts.read", 200, objectList},
	{"CRM", "GET", "/crm/v3/objects/companies", "", "crm.objects.companies.read", 200, objectList},
	{"CRM", "GET", "/crm/v3/objects/deals", "", "crm.objects.deals.read", 200, objectList},
	{"CRM", "POST", "/crm/v3/objects/deals/batch/read", `{"inputs":[{"id":"301"}],"properties":["dealname"]}`, "crm.objects.deals.read", 200, batchAnswer},
	{"CRM", "GET", "/crm/v3/objects/tickets", "", "tickets", 200, objectList},
	{"CRM", "GET", "/crm/v3/objects/line_items", "", "crm.objects.line_items.read", 200, objectList},
	{"CRM", "GET", "/crm/v3/objects/products", "", "crm.objects.products.read", 200, objectList},
	{"CRM", "GET", "/crm/v3/owners", "", "crm.objects.owners.read", 200, ownerList},
	{"CRM", "GET", "/crm/v4/objects/contacts/101/associations/companies", "", "crm.objects.contacts.read", 200, assocV4},
	{"CRM", "GET", "/contacts/v1/lists/all/contacts/all?count=5", "", "crm.objects.contacts.read", 200, v1Contacts},
	{"CRM", "POST", "/crm/v3/lists/search", `{"query":""}`, "crm.lists.read", 200, listPage},
	{"CRM", "GET", "/crm/v3/imports", "", "crm.import", 200, listPage},
	{"CRM", "DELETE", "/crm/v3/objects/contacts/{id}", "", "crm.objects.contacts.write", 204, noBody},
	{"CMS", "GET", "/cms/v3/pages/site-pages", "", "content", 200, listPage},
	{"CMS", "GET", "/cms/v3/blogs/posts", "", "content", 200, listPage},
	{"CMS", "GET", "/cms/v3/blogs/authors", "", "content", 200, listPage},
	{"CMS", "GET", "/cms/v3/domains", "", "cms.domains.read", 200, listPage},
	{"Marketing", "GET", "/marketing/v3/forms", "", "forms", 200, listPage},
	{"Marketing", "GET", "/marketing/v3/emails", "", "marketing.email.read", 200, listPage},
	{"Marketing", "GET", "/marketing/v3/campaigns", "", "marketing.campaigns.read", 200, listPage},
	{"Marketing", "GET", "/marketing/v3/marketing-events/events/search?q=x", "", "crm.objects.marketing_events.read", 200, listPage},
	{"Marketing", "GET", "/communication-preferences/v3/definitions", "", "communication_preferences.read", 200, listPage},
	{"Settings", "GET", "/settings/v3/users/teams", "", "settings.users.teams.read", 200, listPage},
	{"Settings", "GET", "/files/v3/files/search", "", "files", 200, listPage},
	{"Settings", "GET", "/account-info/v3/details", "", "oauth", 200, accountDetails},
}

func TestReferenceClientWalk(t *testing.T) {
	if len(referenceCalls) < 30 {
		t.Fatalf("the walk covers %d operations, want 30", len(referenceCalls))
	}
	srv, err := sandbox.New(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	base, err := srv.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = srv.Close(context.Background()) }()
	c := &refClient{t: t, base: base, tokens: map[string]string{}}
	c.registerApp()
	id := ""
	for _, rc := range referenceCalls {
		path := strings.ReplaceAll(rc.path, "{id}", id)
		name := rc.area + " " + rc.method + " " + path
		if rc.scope != "oauth" {
			c.expectMissingScope(name, rc, path)
		} else {
			c.expectNoToken(name, rc, path)
		}
		status, body := c.call(rc.method, path, rc.body, c.token("oauth", rc.scope))
		if status != rc.status {
			t.Fatalf("%s: HTTP %d, want %d: %s", name, status, rc.status, body)
		}
		c.checkShape(name, body, rc.shape)
		if rc.method == "POST" && rc.status == 201 {
			var m map[string]any
			_ = json.Unmarshal(body, &m)
			id, _ = m["id"].(string)
		}
	}
}

// refClient is an app talking to the sandbox over HTTP.
type refClient struct {
	t      *testing.T
	base   string
	tokens map[string]string
}

const walkApp = "reference-walk"

// registerApp creates the app in the sandbox: oauth required, every scope
// of the walk conditionally required, so each token can ask for one.
func (c *refClient) registerApp() {
	var conditional []string
	for _, rc := range referenceCalls {
		if rc.scope != "oauth" && !slices.Contains(conditional, rc.scope) {
			conditional = append(conditional, rc.scope)
		}
	}
	body, _ := json.Marshal(map[string]any{"client_id": walkApp, "redirect_urls": []string{"http://localhost:3000/oauth-callback"},
		"required_scopes": []string{"oauth"}, "conditionally_required_scopes": conditional})
	req, _ := http.NewRequest("POST", c.base+"/_sandbox/apps", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 201 {
		c.t.Fatalf("register app: %v %v", err, resp)
	}
	resp.Body.Close()
}

// token runs authorize, consent (as the all-enterprise portal's admin) and
// the code exchange for the given scopes, once per scope set.
func (c *refClient) token(scopes ...string) string {
	key := strings.Join(scopes, " ")
	if tok, ok := c.tokens[key]; ok {
		return tok
	}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	q := url.Values{"client_id": {walkApp}, "redirect_uri": {"http://localhost:3000/oauth-callback"}, "scope": {key}}
	resp, err := noFollow.Get(c.base + "/oauth/authorize?" + q.Encode())
	if err != nil {
		c.t.Fatal(err)
	}
	resp.Body.Close()
	resp, err = noFollow.PostForm(c.base+"/oauth/authorize/decision", url.Values{"request": {resp.Header.Get("X-Sandbox-Request")},
		"hub_id": {fmt.Sprint(sandbox.HubAllEnterprise)}, "user": {"admin"}, "action": {"grant"}})
	if err != nil {
		c.t.Fatal(err)
	}
	resp.Body.Close()
	loc, _ := url.Parse(resp.Header.Get("Location"))
	resp, err = http.PostForm(c.base+"/oauth/2026-03/token", url.Values{"grant_type": {"authorization_code"}, "client_id": {walkApp},
		"client_secret": {sandbox.SecretFor(walkApp)}, "redirect_uri": {"http://localhost:3000/oauth-callback"}, "code": {loc.Query().Get("code")}})
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	var tr struct {
		AccessToken string `json:"access_token"`
	}
	if json.NewDecoder(resp.Body).Decode(&tr) != nil || tr.AccessToken == "" {
		c.t.Fatalf("token for %q: HTTP %d (consent redirect %q)", key, resp.StatusCode, loc)
	}
	c.tokens[key] = tr.AccessToken
	return tr.AccessToken
}

func (c *refClient) call(method, path, body, token string) (int, []byte) {
	req, _ := http.NewRequest(method, c.base+path, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode < 300 && resp.Header.Get("X-HubSpot-RateLimit-Remaining") == "" {
		c.t.Errorf("%s %s: no X-HubSpot-RateLimit-Remaining header", method, path)
	}
	return resp.StatusCode, b
}

// expectMissingScope: with only the oauth scope the reference documents a
// 403 MISSING_SCOPES naming the scope that would grant the call.
func (c *refClient) expectMissingScope(name string, rc referenceCall, path string) {
	status, body := c.call(rc.method, path, rc.body, c.token("oauth"))
	if status != 403 {
		c.t.Fatalf("%s without %s: HTTP %d, want 403: %s", name, rc.scope, status, body)
	}
	var e struct {
		Category string `json:"category"`
		Errors   []struct {
			Context struct {
				Scopes []string `json:"requiredGranularScopes"`
			} `json:"context"`
		} `json:"errors"`
	}
	_ = json.Unmarshal(body, &e)
	c.checkShape(name+" (403)", body, shapeCheck{fields: errorShape})
	named := false
	for _, d := range e.Errors {
		named = named || slices.Contains(d.Context.Scopes, rc.scope)
	}
	if e.Category != "MISSING_SCOPES" || !named {
		c.t.Errorf("%s without %s: %s", name, rc.scope, body)
	}
}

// expectNoToken: without a token the reference documents 401 INVALID_AUTHENTICATION.
func (c *refClient) expectNoToken(name string, rc referenceCall, path string) {
	status, body := c.call(rc.method, path, rc.body, "")
	var e map[string]any
	_ = json.Unmarshal(body, &e)
	if status != 401 || e["category"] != "INVALID_AUTHENTICATION" {
		c.t.Errorf("%s without a token: HTTP %d %s", name, status, body)
	}
}

func (c *refClient) checkShape(name string, body []byte, want shapeCheck) {
	if len(want.fields) == 0 {
		if len(strings.TrimSpace(string(body))) != 0 {
			c.t.Errorf("%s: want no body, got %s", name, body)
		}
		return
	}
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		c.t.Errorf("%s: not JSON: %s", name, body)
		return
	}
	c.checkFields(name, m, want.fields)
	if items, _ := m[want.items].([]any); want.item != nil && len(items) > 0 {
		first, _ := items[0].(map[string]any)
		c.checkFields(name+" item", first, want.item)
	} else if want.item != nil {
		c.t.Errorf("%s: want items with fields %v, got none", name, want.item)
	}
}

func (c *refClient) checkFields(name string, m map[string]any, want map[string]string) {
	for k, typ := range want {
		got := "missing"
		switch m[k].(type) {
		case string:
			got = "string"
		case float64:
			got = "number"
		case bool:
			got = "bool"
		case []any:
			got = "array"
		case map[string]any:
			got = "object"
		}
		if got != typ {
			c.t.Errorf("%s: field %s is %s, HubSpot documents %s", name, k, got, typ)
		}
	}
}
