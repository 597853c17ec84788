package scopes

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/hsoauth/hsoauth/scopes/internal/endpointdata"
)

// TestEmbeddedEndpointsAreGenerated fails when endpoints.bin is not what `go generate ./scopes` makes from
// the TSV copy, so the two can never drift apart.
func TestEmbeddedEndpointsAreGenerated(t *testing.T) {
	src, err := os.ReadFile("data/hubspot-endpoints.tsv")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := endpointdata.ParseTSV(src)
	if err != nil {
		t.Fatal(err)
	}
	got, err := endpointdata.Encode(rows)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, []byte(embeddedEndpoints)) {
		t.Fatalf("endpoints.bin (%d bytes) differs from what the generator makes of data/hubspot-endpoints.tsv (%d bytes); run go generate ./scopes",
			len(embeddedEndpoints), len(got))
	}
}

// TestEndpointTSVMatchesSharedReference compares the repo's copy with the shared reference when that
// sits beside the repository (../shared or ../../shared from its root).
func TestEndpointTSVMatchesSharedReference(t *testing.T) {
	var ref string
	for _, dir := range []string{"../../shared", "../../../shared"} {
		p := filepath.Join(dir, "reference", "hubspot-endpoints.tsv")
		if _, err := os.Stat(p); err == nil {
			ref = p
			break
		}
	}
	if ref == "" {
		t.Skip("no shared/reference/hubspot-endpoints.tsv beside the repository; nothing to compare with")
	}
	want, err := os.ReadFile(ref)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("data/hubspot-endpoints.tsv")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("scopes/data/hubspot-endpoints.tsv differs from %s: copy it over and run go generate ./scopes", ref)
	}
}

// tsvRows reads the TSV copy with a parser of its own, so the index is checked against the source, not
// against the generator's reading of it.
func tsvRows(t testing.TB) [][]string {
	t.Helper()
	data, err := os.ReadFile("data/hubspot-endpoints.tsv")
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]string
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if strings.HasPrefix(line, "#") || strings.HasPrefix(line, "api\t") {
			continue
		}
		rows = append(rows, strings.Split(line, "\t"))
	}
	return rows
}

// splitAlternatives is the TSV's "a | b+c" read independently of endpointdata.
func splitAlternatives(col string) [][]string {
	var out [][]string
	for _, alt := range strings.Split(col, " | ") {
		if alt != "" {
			out = append(out, strings.Split(alt, "+"))
		}
	}
	return out
}

func TestEndpointIndexHoldsEveryRow(t *testing.T) {
	rows := tsvRows(t)
	ix := Endpoints()
	if ix.Len() != len(rows) || len(rows) < 3000 {
		t.Fatalf("index has %d operations, the TSV %d", ix.Len(), len(rows))
	}
	for i, e := range ix.All() {
		r := rows[i]
		want := Endpoint{API: r[0], Version: r[1], Method: r[2], Path: r[3],
			Scopes: splitAlternatives(r[4]), Legacy: splitAlternatives(r[5]), Tiers: r[6],
			UserLevel: r[7] == "yes", UserLevelAuth: r[7]}
		if !reflect.DeepEqual(e, want) {
			t.Fatalf("row %d:\n got %+v\nwant %+v", i, e, want)
		}
	}
}

// TestMatchEveryTSVPath: each documented path, fed back in, finds its own operation first.
func TestMatchEveryTSVPath(t *testing.T) {
	ix := Endpoints()
	for _, r := range tsvRows(t) {
		ms := ix.Match(r[2], r[3])
		if len(ms) == 0 || ms[0].Endpoint.Method != r[2] || ms[0].Endpoint.Path != r[3] {
			var got string
			if len(ms) > 0 {
				got = ms[0].Endpoint.Method + " " + ms[0].Endpoint.Path
			}
			t.Fatalf("Match(%s %s): first match %q", r[2], r[3], got)
		}
		if !reflect.DeepEqual(ms[0].Endpoint.Scopes, splitAlternatives(r[4])) {
			t.Fatalf("Match(%s %s): scopes %v, want %s", r[2], r[3], ms[0].Endpoint.Scopes, r[4])
		}
	}
}

func TestMatchRules(t *testing.T) {
	ix := Endpoints()
	cases := []struct {
		method, path, wantFirst string
		params                  map[string]string
	}{
		{"GET", "/crm/v3/objects/deals", "GET /crm/v3/objects/0-3", nil},
		{"get", "https://api.hubapi.com/crm/v3/objects/deals?limit=10&after=5", "GET /crm/v3/objects/0-3", nil},
		{"GET", "/crm/v3/objects/deals/", "GET /crm/v3/objects/0-3", nil},
		{"GET", "/crm/v3/objects/0-3/123", "GET /crm/v3/objects/0-3/{dealId}", map[string]string{"dealId": "123"}},
		{"GET", "/crm/v3/objects/contacts/42", "GET /crm/v3/objects/contacts/{contactId}", map[string]string{"contactId": "42"}},
		{"GET", "/crm/v3/objects/2-12345", "GET /crm/v3/objects/{objectType}", map[string]string{"objectType": "2-12345"}},
		{"GET", "api.hubapi.com/crm/objects/2026-03/deals", "GET /crm/objects/2026-03/0-3", nil},
		{"GET", "/marketing/v3/emails/", "GET /marketing/v3/emails/", nil},
		{"GET", "/marketing/v3/emails", "GET /marketing/v3/emails", nil},
	}
	for _, c := range cases {
		ms := ix.Match(c.method, c.path)
		if len(ms) == 0 {
			t.Errorf("Match(%s %s): nothing", c.method, c.path)
			continue
		}
		got := ms[0].Endpoint.Method + " " + ms[0].Endpoint.Path
		if got != c.wantFirst || !reflect.DeepEqual(ms[0].Params, c.params) {
			t.Errorf("Match(%s %s) = %s %v, want %s %v", c.method, c.path, got, ms[0].Params, c.wantFirst, c.params)
		}
	}
	ms := ix.Match("GET", "/crm/v3/objects/deals")
	if len(ms) < 2 || ms[1].Endpoint.Path != "/crm/v3/objects/{objectType}" || ms[1].Params["objectType"] != "deals" {
		t.Errorf("the generic template should follow the literal one: %v", ms)
	}
	for _, bad := range []string{"", "/", "deals", "?x=1", "https://api.hubapi.com", "/no/such/api/at/all"} {
		if ms := ix.Match("GET", bad); len(ms) != 0 {
			t.Errorf("Match(GET %q) = %v, want none", bad, ms[0].Endpoint.Path)
		}
	}
	if ms := ix.Match("", "/crm/v3/objects/0-3"); len(ms) < 2 {
		t.Errorf("an empty method should match every method, got %d", len(ms))
	}
}

func TestObjectTypeIDsAgreeWithTheSpecs(t *testing.T) {
	// The specs name four objects by id; their API names say which.
	for api, id := range map[string]string{"CRM/Deals": "0-3", "CRM/Services": "0-162", "CRM/Courses": "0-410", "CRM/Listings": "0-420"} {
		name := strings.ToLower(strings.TrimPrefix(api, "CRM/"))
		if ObjectTypeID(name) != id || ObjectTypeID(id) != id {
			t.Errorf("ObjectTypeID(%s) = %q, want %s", name, ObjectTypeID(name), id)
		}
	}
	if ObjectTypeID("line_items") != "0-8" || ObjectTypeID("widgets") != "" {
		t.Error("line_items is 0-8 and widgets is no object")
	}
}

func TestNearest(t *testing.T) {
	ix := Endpoints()
	near := ix.Nearest("GET", "/crm/v3/objects/dealz/12", 3)
	if len(near) != 3 || near[0].Path != "/crm/v3/objects/0-3/{dealId}" {
		t.Fatalf("Nearest = %v", near)
	}
	if len(ix.Nearest("GET", "", 3)) != 0 || len(ix.Nearest("GET", "/x", 0)) != 0 {
		t.Error("no path or n=0 gives nothing")
	}
}

func TestGrants(t *testing.T) {
	e := Endpoint{Scopes: [][]string{{"a"}, {"b", "c"}}, Legacy: [][]string{{"old"}}}
	cases := []struct {
		granted []string
		ok      bool
		missing [][]string
	}{
		{[]string{"a"}, true, nil},
		{[]string{"B", " c"}, true, nil},
		{[]string{"old"}, true, nil},
		{[]string{"b"}, false, [][]string{{"a"}, {"c"}, {"old"}}},
		{nil, false, [][]string{{"a"}, {"old"}, {"b", "c"}}},
	}
	for _, c := range cases {
		ok, missing := e.Grants(c.granted)
		if ok != c.ok || !reflect.DeepEqual(missing, c.missing) {
			t.Errorf("Grants(%v) = %v %v, want %v %v", c.granted, ok, missing, c.ok, c.missing)
		}
	}
	if ok, missing := (Endpoint{}).Grants([]string{"oauth"}); ok || missing != nil {
		t.Error("an operation without scopes is never granted by scopes")
	}
}

func TestForScope(t *testing.T) {
	ix := Endpoints()
	deals := ix.ForScope("crm.objects.deals.read")
	if len(deals) == 0 || ix.CountForScope("CRM.objects.deals.read") != len(deals) {
		t.Fatalf("ForScope(deals.read) = %d, count %d", len(deals), ix.CountForScope("crm.objects.deals.read"))
	}
	if !slices.ContainsFunc(deals, func(e Endpoint) bool { return e.Path == "/crm/v3/objects/0-3/{dealId}" && e.Method == "GET" }) {
		t.Error("deals.read should unlock GET /crm/v3/objects/0-3/{dealId}")
	}
	if len(ix.ForScope("no-such-scope")) != 0 {
		t.Error("an unknown scope unlocks nothing")
	}
	legacyOnly := ix.ForScope("media_bridge.read")
	if len(legacyOnly) == 0 {
		t.Error("legacy alternatives count too")
	}
}

func TestTierPhrase(t *testing.T) {
	e := Endpoint{Tiers: "cms:STARTER,crmHub:PROFESSIONAL"}
	if got := e.TierPhrase(); got != "Content Hub Starter or Smart CRM Professional" {
		t.Errorf("TierPhrase = %q", got)
	}
	if (Endpoint{Tiers: "any"}).TierPhrase() != "" || (Endpoint{}).TierNeeds() != nil {
		t.Error("any and empty name no tier")
	}
}

func FuzzMatchEndpoint(f *testing.F) {
	for _, s := range []string{"/crm/v3/objects/deals", "https://api.hubapi.com/crm/v3/objects/0-3/1?x=%zz",
		"//a//b/", "http://", "a.b/c", "/%2F/{x}", "/crm/v3/objects/deals/%"} {
		f.Add("GET", s)
	}
	ix := Endpoints()
	f.Fuzz(func(t *testing.T, method, path string) {
		for _, m := range ix.Match(method, path) {
			if method != "" && !strings.EqualFold(m.Endpoint.Method, strings.TrimSpace(method)) {
				t.Fatalf("method %q matched %s", method, m.Endpoint.Method)
			}
		}
		if len(ix.Nearest(method, path, 2)) > 2 {
			t.Fatal("Nearest returned more than asked")
		}
	})
}

func FuzzDecodeEndpoints(f *testing.F) {
	f.Add(embeddedEndpoints[:200])
	small, err := endpointdata.Encode([]endpointdata.Row{{Method: "GET", Path: "/a", Scopes: "x | y+z"}})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(small))
	f.Fuzz(func(t *testing.T, data string) {
		ix, err := decodeEndpoints(data)
		if err == nil {
			for _, e := range ix.All() {
				_ = e.Path
			}
		}
	})
}

// BenchmarkEndpointsDecode is the one-time cost of the first Endpoints() call, against building the
// scope catalog (the yardstick the TUI already pays at start-up).
func BenchmarkEndpointsDecode(b *testing.B) {
	b.Run("endpoints", func(b *testing.B) {
		for b.Loop() {
			if _, err := decodeEndpoints(embeddedEndpoints); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("catalog-yardstick", func(b *testing.B) {
		for b.Loop() {
			if _, err := catalogFromEntries(generatedEntries); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkEndpointMatch(b *testing.B) {
	ix := Endpoints()
	for b.Loop() {
		if len(ix.Match("GET", "/crm/v3/objects/deals/123")) == 0 {
			b.Fatal("no match")
		}
	}
}

func TestSearchEndpoints(t *testing.T) {
	cat, ix := Default(), Endpoints()
	first := func(q string) string {
		got := cat.SearchEndpoints(ix, q)
		if len(got) == 0 {
			return ""
		}
		return got[0].Name
	}
	cases := map[string]string{
		"/crm/v3/objects/deals":                          "crm.objects.deals.read",
		"https://api.hubapi.com/crm/v3/objects/deals/12": "crm.objects.deals.read",
		"/marketing/v3/transactional/single-email/send":  "transactional-email",
		"/cms/v3/hubdb/tab":                              "hubdb",
	}
	for q, want := range cases {
		if got := first(q); got != want {
			t.Errorf("SearchEndpoints(%q) first = %q, want %q", q, got, want)
		}
	}
	if got := first("/crm/v3/objects/dea"); !strings.HasPrefix(got, "crm.objects.deals.") {
		t.Errorf("a path being typed ranks the scopes of the templates it starts: %q", got)
	}
	deals := cat.SearchEndpoints(ix, "/crm/v3/objects/deals")
	if len(deals) < 2 || deals[1].Name != "crm.objects.deals.write" {
		t.Errorf("GET and POST both count: %v", deals[:2])
	}
	if words := cat.SearchEndpoints(ix, "deals"); !slices.EqualFunc(words, cat.Search("deals"), func(a, b Scope) bool { return a.Name == b.Name }) {
		t.Error("a query of words is the word search")
	}
	if len(cat.SearchEndpoints(nil, "/crm/v3/objects/deals")) != len(cat.Search("/crm/v3/objects/deals")) {
		t.Error("without an index the path search is the word search")
	}
	for q, want := range map[string]bool{"/crm": true, "/": false, "deals": false, "http://x/y": true, " /a ": true} {
		if LooksLikePath(q) != want {
			t.Errorf("LooksLikePath(%q) = %v", q, !want)
		}
	}
}
