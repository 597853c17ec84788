package scopes

import (
	"slices"
	"testing"
)

func names(ss []Scope) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.Name
	}
	return out
}

// searchQueries are real tasks developers type, with the scopes that must be
// among the first three results on the full catalog.
var searchQueries = []struct {
	query string
	top3  []string
}{
	{"read and write deals", []string{"crm.objects.deals.read", "crm.objects.deals.write"}},
	{"deals line items", []string{"crm.objects.deals.read", "crm.objects.line_items.read"}},
	{"tickets write", []string{"tickets", "crm.objects.tickets.write"}},
	{"custom objects", []string{"crm.schemas.custom.read", "crm.schemas.custom.write"}},
	{"custom object schemas", []string{"crm.schemas.custom.read", "crm.schemas.custom.write"}},
	{"contacts", []string{"crm.objects.contacts.read", "crm.objects.contacts.write"}},
	{"read contacts", []string{"crm.objects.contacts.read"}},
	{"create contacts", []string{"crm.objects.contacts.write"}},
	{"update companies", []string{"crm.objects.companies.write"}},
	{"delete deals", []string{"crm.objects.deals.write"}},
	{"view tickets", []string{"crm.objects.tickets.read"}},
	{"read and write tickets", []string{"crm.objects.tickets.read", "crm.objects.tickets.write"}},
	{"tickets", []string{"tickets", "crm.objects.tickets.read", "crm.objects.tickets.write"}},
	{"write line items", []string{"crm.objects.line_items.write"}},
	{"products and line items", []string{"crm.objects.line_items.read", "crm.objects.line_items.write", "crm.objects.products.read"}},
	{"workflows", []string{"automation"}},
	{"workflow actions", []string{"automation"}},
	{"send transactional email", []string{"transactional-email"}},
	{"send marketing emails", []string{"marketing-email"}},
	{"email", []string{"marketing-email", "transactional-email"}},
	{"cms", []string{"content"}},
	{"cms pages", []string{"content.landing_pages.read"}},
	{"blog", []string{"content"}},
	{"site pages", []string{"content.site_pages.read", "content.site_pages.write"}},
	{"hubdb", []string{"hubdb"}},
	{"hubdb tables", []string{"hubdb.tables.read"}},
	{"upload a file", []string{"files.write"}},
	{"file manager", []string{"files"}},
	{"forms", []string{"forms"}},
	{"companies", []string{"crm.objects.companies.read", "crm.objects.companies.write"}},
	{"quotes", []string{"crm.objects.quotes.read", "crm.objects.quotes.write"}},
	{"invoices", []string{"crm.objects.invoices.read", "crm.objects.invoices.write"}},
	{"owners", []string{"crm.objects.owners.read"}},
	{"teams", []string{"settings.users.teams.read", "settings.users.teams.write"}},
	{"read users", []string{"crm.objects.users.read", "settings.users.read"}},
	{"chat", []string{"conversations.read", "conversations.write"}},
	{"feedback surveys", []string{"crm.objects.feedback_submissions.read"}},
	{"import", []string{"crm.import"}},
	{"export", []string{"crm.export"}},
	{"lists", []string{"crm.lists.read", "crm.lists.write"}},
	{"segments", []string{"crm.lists.read", "crm.lists.write"}},
	{"timeline", []string{"timeline"}},
	{"campaigns", []string{"marketing.campaigns.read", "marketing.campaigns.write"}},
	{"analytics", []string{"business-intelligence"}},
	{"currencies", []string{"settings.currencies.read", "settings.currencies.write"}},
	{"audit logs", []string{"account-info.security.read"}},
	{"highly sensitive contacts", []string{"crm.objects.contacts.highly_sensitive.read", "crm.objects.contacts.highly_sensitive.write"}},
	{"sensitive tickets", []string{"tickets.highly_sensitive", "tickets.sensitive"}},
	{"tikets", []string{"tickets"}},                    // a typo
	{"contcts", []string{"crm.objects.contacts.read"}}, // a typo
	{"automaton", []string{"automation"}},              // a typo
	{"crm.objects.deals.read", []string{"crm.objects.deals.read"}},
	{"feedback_submission.read", []string{"crm.objects.feedback_submissions.read"}}, // an old spelling
	{"oauth", []string{"oauth"}},
}

func TestSearchQueryTable(t *testing.T) {
	if len(searchQueries) < 40 {
		t.Fatalf("the table has %d queries, want at least 40", len(searchQueries))
	}
	c := Default()
	for _, tt := range searchQueries {
		got := names(c.Search(tt.query))
		top := got[:min(3, len(got))]
		for _, want := range tt.top3 {
			if !slices.Contains(top, want) {
				t.Errorf("Search(%q) top 3 = %v, want %s among them", tt.query, top, want)
			}
		}
	}
}

// TestSearchIssueComplaints pins what the issue reported as wrong.
func TestSearchIssueComplaints(t *testing.T) {
	c := Default()
	top := func(q string, n int) []string { got := names(c.Search(q)); return got[:min(n, len(got))] }
	if got := top("read and write deals", 3); slices.Contains(got, "crm.dealsplits.read_write") {
		t.Errorf("read and write deals ranks dealsplits in the top 3: %v", got)
	}
	if got := top("deals line items", 5); slices.Contains(got, "integration-sync") {
		t.Errorf("deals line items ranks the legacy integration-sync: %v", got)
	}
	if n := len(c.Search("cms")); n > c.Len()/8 {
		t.Errorf("cms returns %d of %d scopes", n, c.Len())
	}
	if got := top("contacts", 1); got[0] == "contacts" {
		t.Error("the deprecated contacts scope ranks first for contacts")
	}
	if got := c.Search("contacts"); !slices.Contains(names(got), "contacts") {
		t.Error("the deprecated contacts scope must still be findable")
	}
}

func TestSearchMiniCatalog(t *testing.T) {
	c := miniCatalog(t)
	tests := []struct {
		query string
		want  []string // prefix of the result list, in order
	}{
		{"crm.obj", []string{"crm.objects.contacts.read", "crm.objects.contacts.write", "crm.objects.custom.read"}},
		{"crm.objects.contacts.w", []string{"crm.objects.contacts.write"}},
		{"autom", []string{"automation"}},
		{"FORMS", []string{"forms"}},
		{"workflows", []string{"automation"}},
		{"help desk", []string{"tickets"}},
		{"hbdb", []string{"hubdb"}},
	}
	for _, tt := range tests {
		got := names(c.Search(tt.query))
		if len(got) < len(tt.want) || !slices.Equal(got[:len(tt.want)], tt.want) {
			t.Errorf("Search(%q) = %v, want it to start with %v", tt.query, got, tt.want)
		}
	}
	if got := c.Search("xyzzy"); len(got) != 0 {
		t.Errorf("Search(xyzzy) = %v", names(got))
	}
	if got := c.Search("  "); len(got) != c.Len() {
		t.Errorf("blank query returned %d of %d", len(got), c.Len())
	}
}

// TestSearchWithMatcher: an extra matcher's hits join the word scores, so an
// endpoint index can rank scopes by path through the same function.
func TestSearchWithMatcher(t *testing.T) {
	c := miniCatalog(t)
	m := func(q string) []Hit {
		if q == "/forms/v2/forms" {
			return []Hit{{Scope: "forms", Score: 100}, {Scope: "not-a-scope", Score: 100}}
		}
		return nil
	}
	if got := names(c.SearchWith("/forms/v2/forms", m)); len(got) == 0 || got[0] != "forms" {
		t.Errorf("SearchWith(path) = %v, want forms first", got)
	}
	if got := names(c.SearchWith("tickets", m)); len(got) == 0 || got[0] != "tickets" {
		t.Errorf("a matcher with no hits changes the ranking: %v", got)
	}
}

func TestStemAndParse(t *testing.T) {
	for in, want := range map[string]string{"deals": "deal", "companies": "company", "tickets": "ticket", "status": "status",
		"access": "access", "boxes": "box", "line_items": "line_item", "api": "api"} {
		if got := stem(in); got != want {
			t.Errorf("stem(%q) = %q, want %q", in, got, want)
		}
	}
	q := parseQuery("I want to read and write the deals and their line items")
	if !q.wantRead || !q.wantWrite || len(q.concepts) != 2 || q.concepts[1].alts[0].word != "line_item" {
		t.Errorf("parseQuery = %+v", q)
	}
	if q := parseQuery("read"); q.wantRead || len(q.concepts) != 1 {
		t.Errorf("an access word alone must be searched as a word: %+v", q)
	}
}

func FuzzSearch(f *testing.F) {
	for _, s := range []string{"read and write deals", "crm.obj", "tikets", "the and", "", "\x00.", "line items"} {
		f.Add(s)
	}
	c := Default()
	f.Fuzz(func(t *testing.T, q string) {
		got := c.Search(q)
		seen := map[string]bool{}
		for _, s := range got {
			if seen[s.Name] {
				t.Fatalf("Search(%q) lists %s twice", q, s.Name)
			}
			seen[s.Name] = true
		}
	})
}

func BenchmarkSearch(b *testing.B) {
	c := Default()
	for _, q := range []string{"contacts", "crm.obj", "autom", "xyzzy", "e", "read and write deals", "deals line items"} {
		b.Run(q, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				_ = c.Search(q)
			}
		})
	}
}

func BenchmarkSuggest(b *testing.B) {
	c := Default()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_ = c.Suggest("crm.objects.contact.read", 3)
	}
}

func TestSuggest(t *testing.T) {
	c := miniCatalog(t)
	tests := []struct {
		in   string
		want string
	}{
		{"crm.objects.contact.read", "crm.objects.contacts.read"},
		{"automaton", "automation"},
		{"contacts.read", "crm.objects.contacts.read"},
		{"HUBDB", "hubdb"},
		{"ticket", "tickets"},
	}
	for _, tt := range tests {
		got := c.Suggest(tt.in, 3)
		if len(got) == 0 || got[0] != tt.want || len(got) > 3 {
			t.Errorf("Suggest(%q) = %v, want %q first", tt.in, got, tt.want)
		}
	}
	if got := c.Suggest("xyzzyplugh", 3); len(got) != 0 {
		t.Errorf("Suggest(nonsense) = %v, want none", got)
	}
	if got := c.Suggest("forms", 0); got != nil {
		t.Errorf("Suggest(n=0) = %v", got)
	}
}

// BenchmarkSearchIndexBuild is what the first search pays once: the word
// index, built on demand so start-up does not (BenchmarkCatalogStartup).
func BenchmarkSearchIndexBuild(b *testing.B) {
	list := Default().All()
	b.ReportAllocs()
	for b.Loop() {
		_ = newSearchIndex(list)
	}
}

// TestSearchConcurrentFirstUse: the index is built on first use; searches
// from many goroutines at once must agree (and pass the race detector).
func TestSearchConcurrentFirstUse(t *testing.T) {
	c := miniCatalog(t)
	want := names(miniCatalog(t).Search("contacts"))
	done := make(chan []string)
	for range 8 {
		go func() { done <- names(c.Search("contacts")) }()
	}
	for range 8 {
		if got := <-done; !slices.Equal(got, want) {
			t.Errorf("concurrent Search = %v, want %v", got, want)
		}
	}
}

func TestSearchPathQueryUsesItsWords(t *testing.T) {
	c := Default()
	for q, want := range map[string]string{
		"/crm/v3/objects/deals":                         "crm.objects.deals.read",
		"https://api.hubapi.com/crm/v3/objects/tickets": "tickets",
		"/crm/v3/objects/0-3/123":                       "",
	} {
		got := names(c.Search(q))
		if want == "" {
			if len(got) != 0 {
				t.Errorf("Search(%q) = %v, want nothing from words (the endpoint index answers ids)", q, got)
			}
			continue
		}
		if len(got) == 0 || got[0] != want || len(got) > 40 {
			t.Errorf("Search(%q) = %d results starting %v, want %s first and no flood", q, len(got), got[:min(3, len(got))], want)
		}
	}
	if got := pathWords("/crm/v3/objects/line_items/{id}/associations?limit=1"); got != "line_items associations" {
		t.Errorf("pathWords = %q", got)
	}
}
