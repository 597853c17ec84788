package scopes

import (
	"slices"
	"strings"
	"testing"
)

// realCallLists are the calls of twenty kinds of HubSpot integration, as their authors would list them.
var realCallLists = map[string]string{
	"deal sync with line items": `GET /crm/v3/objects/deals
POST /crm/v3/objects/deals/search
PATCH /crm/v3/objects/deals/123
GET /crm/v3/objects/line_items/9
POST /crm/v3/objects/line_items/batch/upsert`,
	"contact sync": `GET /crm/v3/objects/contacts?limit=100
POST /crm/v3/objects/contacts/batch/upsert
GET /crm/v3/objects/contacts/42`,
	"transactional email": `POST /marketing/v3/transactional/single-email/send
DELETE /marketing/v3/transactional/smtp-tokens/t1`,
	"helpdesk": `GET /crm/v3/objects/tickets
POST /crm/objects/2026-03/tickets/batch/update
GET /conversations/v3/conversations/threads/7
POST /conversations/v3/conversations/threads/7/messages
GET /crm/v3/owners`,
	"blog publisher": `GET /cms/v3/blogs/posts
POST /cms/v3/blogs/posts
GET /cms/v3/blogs/authors
GET /cms/v3/blog-settings/settings`,
	"hubdb app": `GET /cms/v3/hubdb/tables
POST /cms/v3/hubdb/tables/menu/rows/draft/batch/create
DELETE /cms/hubdb/2026-03/tables/menu`,
	"file uploader": `POST /files/v3/files
GET /files/v3/files/search
POST /files/v3/folders`,
	"marketing email reporting": `GET /marketing/emails/2026-03/statistics/histogram
GET /marketing/v3/emails/55
POST /marketing/v4/email/single-send`,
	"forms": `PUT /marketing/v3/forms/f1
DELETE /marketing/v3/forms/f2
GET /crm/v3/objects/contacts/1`,
	"lists": `GET /crm/v3/lists
PUT /crm/v3/lists/12/memberships/add
POST /crm/v3/lists/idmapping`,
	"workflows": `GET /automation/v4/flows
GET /automation/v4/flows/99
POST /automation/v4/actions/callbacks/complete
POST /automation/v4/sequences/enrollments`,
	"events": `POST /events/v3/send
POST /events/v3/event-definitions
GET /events/event-occurrences/2026-03`,
	"commerce": `POST /crm/v3/objects/products
PATCH /crm/v3/objects/products/5
DELETE /crm/v3/objects/quotes/8
POST /crm/v3/objects/invoices
GET /crm/v3/objects/commerce_payments`,
	"custom objects": `POST /crm-object-schemas/v3/schemas
GET /crm-object-schemas/v3/schemas
GET /crm/v3/objects/2-1234`,
	"imports and exports": `POST /crm/v3/imports
GET /crm/v3/imports/3/errors
POST /crm/v3/exports/export/async`,
	"marketing events": `GET /marketing/marketing-events/v3
PUT /marketing/v3/marketing-events/events/e1
POST /marketing/v3/marketing-events/events/delete`,
	"campaigns": `PATCH /marketing/v3/campaigns/c1
GET /marketing/v3/campaigns/c1/reports/contacts/influenced
POST /marketing/v3/campaigns/c1/spend`,
	"subscriptions": `GET /communication-preferences/2026-03/definitions
POST /communication-preferences/v3/subscribe
POST /communication-preferences/v4/links/generate`,
	"engagements on contacts": `POST /crm/v3/objects/notes/batch/archive
POST /crm/v3/objects/calls/batch/read
POST /crm/v3/objects/meetings/batch/read
GET https://api.hubapi.com/crm/objects/2026-03/tasks/1`,
	"pipelines and properties": `GET /crm/v3/pipelines/deals
GET /crm/v3/properties/deals
GET /crm/v3/objects/deals/1
GET /crm/v3/owners/4`,
}

// bruteForceMinimum is the size of the smallest set of the calls' scopes that, with oauth (every app has
// it), grants every call, by trying every subset of each size in turn.
func bruteForceMinimum(t *testing.T, eps []Endpoint) int {
	if grantsAll(eps, []string{"oauth"}) {
		return 0
	}
	var pool []string
	for _, e := range eps {
		for _, alts := range [][][]string{e.Scopes, e.Legacy} {
			for _, alt := range alts {
				for _, s := range alt {
					if s != "oauth" && !slices.Contains(pool, s) {
						pool = append(pool, s)
					}
				}
			}
		}
	}
	for k := 1; k <= len(pool); k++ {
		idx := make([]int, k)
		for i := range idx {
			idx[i] = i
		}
		for {
			set := make([]string, k)
			for i, j := range idx {
				set[i] = pool[j]
			}
			if grantsAll(eps, append(set, "oauth")) {
				return k
			}
			if !nextCombination(idx, len(pool)) {
				break
			}
		}
		if k > 6 {
			t.Fatalf("brute force gave up at size %d over %d scopes", k, len(pool))
		}
	}
	return 0
}

func grantsAll(eps []Endpoint, set []string) bool {
	for _, e := range eps {
		if ok, _ := e.Grants(set); !ok {
			return false
		}
	}
	return true
}

// nextCombination advances idx to the next k-subset of 0..n-1 in lexicographic order.
func nextCombination(idx []int, n int) bool {
	k := len(idx)
	for i := k - 1; i >= 0; i-- {
		if idx[i] < n-k+i {
			idx[i]++
			for j := i + 1; j < k; j++ {
				idx[j] = idx[j-1] + 1
			}
			return true
		}
	}
	return false
}

func TestCoverIsMinimalOnRealCallLists(t *testing.T) {
	if len(realCallLists) != 20 {
		t.Fatalf("%d call lists, want 20", len(realCallLists))
	}
	ix, cat := Endpoints(), Default()
	for name, text := range realCallLists {
		list, err := ParseCalls([]byte(text))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		res := ix.Cover(list.Calls, cat, nil)
		if len(res.Uncovered) != 0 || !res.Exact {
			t.Fatalf("%s: uncovered %+v, exact %v", name, res.Uncovered, res.Exact)
		}
		if !grantsAll(res.Matched, res.Names()) {
			t.Errorf("%s: %v does not grant every call", name, res.Names())
		}
		beyondOAuth := len(slices.DeleteFunc(res.Names(), func(n string) bool { return n == "oauth" }))
		if want := bruteForceMinimum(t, res.Matched); beyondOAuth > want {
			t.Errorf("%s: cover %v has %d scopes besides oauth; brute force found %d", name, res.Names(), beyondOAuth, want)
		}
		for _, s := range res.Scopes {
			if len(s.Calls) == 0 {
				t.Errorf("%s: %s covers no call", name, s.Name)
			}
		}
	}
}

func TestCoverPrefersCurrentNonSensitiveScopes(t *testing.T) {
	ix, cat := Endpoints(), Default()
	cases := []struct{ calls, want string }{
		// line_items.read or the legacy e-commerce: the current one wins.
		{"GET /crm/v3/objects/line_items/9", "crm.objects.line_items.read"},
		// both calls take many scopes; the one plain read that serves both wins.
		{"GET /crm/v3/objects/deals\nGET /crm/v3/pipelines/deals", "crm.objects.deals.read"},
		{"GET /cms/v3/hubdb/tables", "hubdb.tables.read"},
		// cms.membership.access_groups.write or crm.lists.write: the one every account has.
		{"POST /crm/v3/lists", "crm.lists.write"},
		// oauth is one of the alternatives: every app has it, so nothing more is needed.
		{"POST /crm-object-schemas/2025-09/schemas/batch/read", "oauth"},
	}
	for _, c := range cases {
		list, err := ParseCalls([]byte(c.calls))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(ix.Cover(list.Calls, cat, nil).Names(), ","); got != c.want {
			t.Errorf("Cover(%q) = %s, want %s", c.calls, got, c.want)
		}
	}
}

func TestCoverReportsWhatNoScopeCovers(t *testing.T) {
	ix, cat := Endpoints(), Default()
	list, err := ParseCalls([]byte("GET /crm/v3/objects/deals\nGET /no/such/thing\nGET /conversations/custom-channels/v3"))
	if err != nil {
		t.Fatal(err)
	}
	res := ix.Cover(list.Calls, cat, nil)
	if len(res.Uncovered) != 2 || res.Uncovered[0].Call != 1 || len(res.Uncovered[0].Nearest) == 0 ||
		res.Uncovered[1].Call != 2 || !strings.Contains(res.Uncovered[1].Reason, "no OAuth scope") {
		t.Fatalf("uncovered = %+v", res.Uncovered)
	}
	if got := res.Names(); !slices.Equal(got, []string{"crm.objects.deals.read"}) {
		t.Errorf("cover = %v", got)
	}
	if empty := ix.Cover(nil, cat, nil); len(empty.Scopes) != 0 || !empty.Exact {
		t.Error("no calls need no scopes")
	}
}

func TestParseCalls(t *testing.T) {
	text := "# my app\n\nget /crm/v3/objects/deals 200 35ms\nhttps://api.hubapi.com/crm/v3/owners?limit=1\n/crm/v3/lists\n"
	list, err := ParseCalls([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	want := []Call{{"GET", "/crm/v3/objects/deals", 3}, {"GET", "https://api.hubapi.com/crm/v3/owners?limit=1", 4}, {"GET", "/crm/v3/lists", 5}}
	if !slices.Equal(list.Calls, want) || list.HAR {
		t.Fatalf("ParseCalls = %+v", list)
	}
	har := `{"log":{"entries":[
	 {"request":{"method":"POST","url":"https://api.hubapi.com/crm/v3/objects/contacts/search"}},
	 {"request":{"method":"GET","url":"https://fonts.example.com/a.woff"}},
	 {"request":{"method":"OPTIONS","url":"https://api.hubapi.com/crm/v3/objects/contacts/search"}}]}}`
	list, err = ParseCalls([]byte("\ufeff" + har))
	if err != nil || !list.HAR || list.Skipped != 2 || len(list.Calls) != 1 || list.Calls[0].Method != "POST" {
		t.Fatalf("HAR: %+v, %v", list, err)
	}
	for _, bad := range []string{"FETCH", "GET", "deals please", `{"entries":[]}`, "{not json", "GET deals"} {
		if _, err := ParseCalls([]byte(bad)); err == nil {
			t.Errorf("ParseCalls(%q) should fail", bad)
		}
	}
}

func FuzzParseCalls(f *testing.F) {
	for _, s := range []string{"GET /crm/v3/objects/deals", "https://api.hubapi.com/x?y", `{"log":{"entries":[{"request":{"method":"get","url":"https://api.hubapi.com/a"}}]}}`,
		"post\t/a/b  x", "\ufeff/a\r\n#c", `{"log":null}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		list, err := ParseCalls(data)
		if err != nil {
			return
		}
		for _, c := range list.Calls {
			if !slices.Contains(HTTPMethods, c.Method) || c.Path == "" {
				t.Fatalf("bad call %+v", c)
			}
		}
		if len(list.Calls) <= 20 {
			_ = Endpoints().Cover(list.Calls, Default(), nil)
		}
	})
}

// BenchmarkCover is the exact cover of the largest real call list, against matching its calls alone.
func BenchmarkCover(b *testing.B) {
	list, err := ParseCalls([]byte(realCallLists["helpdesk"]))
	if err != nil {
		b.Fatal(err)
	}
	ix, cat := Endpoints(), Default()
	b.Run("cover", func(b *testing.B) {
		for b.Loop() {
			ix.Cover(list.Calls, cat, nil)
		}
	})
	b.Run("match-yardstick", func(b *testing.B) {
		for b.Loop() {
			for _, c := range list.Calls {
				ix.Match(c.Method, c.Path)
			}
		}
	})
}

func TestCoverPrefersWhatTheAccountGrants(t *testing.T) {
	cat := Default()
	// Two narrow read scopes, both paid: without an account the first wins the tie; on a Sales Hub
	// Enterprise account only the second can be granted.
	first, second := "marketing.campaigns.read", "crm.objects.custom.read"
	acct, err := ParseAccount("sales-enterprise")
	if err != nil {
		t.Fatal(err)
	}
	if cat.mustLookup(t, first).AvailableOn(acct).OK || !cat.mustLookup(t, second).AvailableOn(acct).OK {
		t.Fatalf("the catalog changed: want %s unavailable and %s available on %s", first, second, acct.ID)
	}
	cover := func(a *Account) string {
		p := newCoverProblem()
		p.addCall(0, Endpoint{Method: "GET", Path: "/x", Scopes: [][]string{{first}, {second}}})
		p.weigh(cat, a)
		chosen, exact := p.solve()
		if !exact || len(chosen) != 1 {
			t.Fatalf("chosen %v, exact %v", chosen, exact)
		}
		return p.names[chosen[0]]
	}
	if got := cover(nil); got != first {
		t.Errorf("without an account: %s, want %s", got, first)
	}
	if got := cover(&acct); got != second {
		t.Errorf("on %s: %s, want %s", acct.ID, got, second)
	}
}

func (c *Catalog) mustLookup(t *testing.T, name string) Scope {
	t.Helper()
	s, ok := c.Lookup(name)
	if !ok {
		t.Fatalf("%s is not in the catalog", name)
	}
	return s
}
