package cli

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

// TestScopesForEveryTSVPath: for every documented path, `scopes for` answers with that operation first
// and exactly its alternatives, regular then legacy, read from the TSV here with a parser of its own.
func TestScopesForEveryTSVPath(t *testing.T) {
	data, err := os.ReadFile("../scopes/data/hubspot-endpoints.tsv")
	if err != nil {
		t.Fatal(err)
	}
	split := func(col string) [][]string {
		var out [][]string
		for _, alt := range strings.Split(col, " | ") {
			if alt != "" {
				out = append(out, strings.Split(alt, "+"))
			}
		}
		return out
	}
	n := 0
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if strings.HasPrefix(line, "#") || strings.HasPrefix(line, "api\t") {
			continue
		}
		f := strings.Split(line, "\t")
		rep := buildForReport(f[2], f[3], nil)
		if len(rep.Matches) == 0 || rep.Matches[0].Template != f[3] || rep.Matches[0].Method != f[2] {
			t.Fatalf("scopes for %s %s: first match %+v", f[2], f[3], rep.Matches)
		}
		var regular, legacy [][]string
		for _, a := range rep.Matches[0].Alternatives {
			if a.Legacy {
				legacy = append(legacy, a.Scopes)
			} else {
				regular = append(regular, a.Scopes)
			}
		}
		if !reflect.DeepEqual(regular, split(f[4])) || !reflect.DeepEqual(legacy, split(f[5])) {
			t.Fatalf("scopes for %s %s: %v legacy %v, want %q legacy %q", f[2], f[3], regular, legacy, f[4], f[5])
		}
		n++
	}
	if n < 3000 {
		t.Fatalf("only %d rows checked", n)
	}
}

func TestScopesForCommand(t *testing.T) {
	out, _, code := run(t, nil, "scopes", "for", "get", "https://api.hubapi.com/crm/v3/objects/deals?limit=5", "--account", "free")
	if code != ExitOK || !strings.HasPrefix(out, "GET /crm/v3/objects/0-3  (CRM/Deals, v3)\n  needs crm.objects.deals.read\n") ||
		!strings.Contains(out, "✓ on the account") || !strings.Contains(out, "Also matches (less specific):\nGET /crm/v3/objects/{objectType}") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	out, _, _ = run(t, nil, "scopes", "for", "GET", "/crm/v3/objects/line_items/5")
	if !strings.Contains(out, "  - e-commerce   [legacy scope; ") {
		t.Errorf("a legacy scope should be marked, with the accounts that grant it:\n%s", out)
	}
	out, _, _ = run(t, nil, "scopes", "for", "POST", "/marketing/v3/transactional/single-email/send")
	if !strings.Contains(out, "with the Transactional Email add-on]") || !strings.Contains(out, "API tier (spec): Marketing Hub Professional") {
		t.Errorf("add-ons and the API's tier should be named:\n%s", out)
	}
	out, _, code = run(t, nil, "scopes", "for", "--json", "POST /crm/v3/lists")
	rep := decode[forReport](t, out)
	if code != ExitOK || rep.Matches[0].Summary != "any one of: cms.membership.access_groups.write, crm.lists.write" {
		t.Fatalf("exit %d: %+v", code, rep.Matches)
	}
	out, _, code = run(t, nil, "scopes", "for", "GET", "/crm/v3/objects/dealz/1/x")
	if code != ExitFailure || !strings.Contains(out, "No documented HubSpot operation matches") ||
		!strings.Contains(out, "GET    /crm/v3/objects/0-3/{dealId}") {
		t.Fatalf("unknown endpoint: exit %d\n%s", code, out)
	}
	for _, bad := range [][]string{{}, {"FETCH", "/x"}, {"GET", "deals"}, {"GET", "/a", "/b"}} {
		if _, stderr, code := run(t, nil, append([]string{"scopes", "for"}, bad...)...); code != ExitUsage || stderr == "" {
			t.Errorf("scopes for %v: exit %d, stderr %q; want a usage error", bad, code, stderr)
		}
	}
}

func TestAlternativesPhrase(t *testing.T) {
	cases := map[string][][]string{
		"a":                                  {{"a"}},
		"any one of: a, b":                   {{"a"}, {"b"}},
		"any one of: a; or all of: b + c":    {{"a"}, {"b", "c"}},
		"all of: b + c":                      {{"b", "c"}},
		"all of: b + c; or all of: d + e":    {{"b", "c"}, {"d", "e"}},
		"any one of: a, x; or all of: b + c": {{"a"}, {"b", "c"}, {"x"}},
		"":                                   nil,
	}
	for want, alts := range cases {
		if got := alternativesPhrase(alts); got != want {
			t.Errorf("alternativesPhrase(%v) = %q, want %q", alts, got, want)
		}
	}
}

// TestScopesSearchByPath: --search with an API path ranks the scopes that grant it first, as the TUI does.
func TestScopesSearchByPath(t *testing.T) {
	out, _, code := run(t, nil, "scopes", "--search", "/crm/v3/objects/deals", "--json")
	list := decode[[]scopeJSON](t, out)
	if code != ExitOK || len(list) < 2 || list[0].Name != "crm.objects.deals.read" || list[1].Name != "crm.objects.deals.write" {
		t.Fatalf("exit %d: %+v", code, list)
	}
}
