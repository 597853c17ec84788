package cli

import (
	"strings"
	"testing"

	"github.com/hsoauth/hsoauth/scopes"
)

// TestScopesSearchAgreesWithTheCatalog: --search prints scopes.Search's
// ranking, the same function the TUI filter calls.
func TestScopesSearchAgreesWithTheCatalog(t *testing.T) {
	for _, q := range []string{"read and write deals", "deals line items", "custom objects", "cms"} {
		out, _, code := run(t, nil, "scopes", "--search", q, "--json")
		if code != ExitOK {
			t.Fatalf("%q: exit %d", q, code)
		}
		list := decode[[]scopeJSON](t, out)
		want := scopes.Default().Search(q)
		if len(list) != len(want) {
			t.Fatalf("%q: %d results, Search has %d", q, len(list), len(want))
		}
		for i := range want {
			if list[i].Name != want[i].Name {
				t.Errorf("%q: result %d is %s, Search ranks %s", q, i, list[i].Name, want[i].Name)
			}
		}
	}
}

// TestMultiHubAccounts: every command taking --account reads combined ids,
// tells about former hub names, and refuses contradictions with a fix.
func TestMultiHubAccounts(t *testing.T) {
	out, stderr, code := run(t, nil, "scopes", "--json", "--account", "marketing-pro+ops-pro")
	if code != ExitOK || !strings.Contains(stderr, "Operations Hub is now Data Hub") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	have := map[string]bool{}
	for _, s := range decode[[]scopeJSON](t, out) {
		have[s.Name] = true
	}
	if !have["automation"] || have["crm.objects.feedback_submissions.read"] {
		t.Errorf("marketing-pro+ops-pro grants automation, not Service Hub scopes: %v", have)
	}
	// Lint and the prediction evaluate every hub of the account.
	out, _, code = run(t, nil, "scopes", "lint", "--scope", "oauth,automation,crm.objects.feedback_submissions.read",
		"--account", "marketing-pro+service-pro", "--json")
	if code != ExitOK {
		t.Fatalf("lint on marketing-pro+service-pro: exit %d\n%s", code, out)
	}
	_, _, code = run(t, nil, "scopes", "lint", "--scope", "oauth,automation,crm.objects.feedback_submissions.read",
		"--account", "marketing-pro+sales-pro", "--json")
	if code != ExitFailure {
		t.Fatalf("lint on marketing-pro+sales-pro: exit %d, want %d (the install fails)", code, ExitFailure)
	}
	_, stderr, code = run(t, nil, "scopes", "--account", "marketing-pro+marketing-starter")
	if code != ExitUsage || !strings.Contains(stderr, "one tier per hub") {
		t.Fatalf("conflict: exit %d, stderr %q", code, stderr)
	}
}

// TestScopesJSONProvenance: --json says where each availability fact comes
// from, and keeps the older statement a newer source overrode.
func TestScopesJSONProvenance(t *testing.T) {
	out, _, code := run(t, nil, "scopes", "--json", "--search", "content")
	if code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	for _, s := range decode[[]scopeJSON](t, out) {
		if s.Name == "content" {
			if !strings.Contains(s.AvailabilitySource, "2023-24") || len(s.OlderAvailability) == 0 ||
				!strings.Contains(s.OlderAvailability[0], "original scope table") || s.Confidence != "documented" {
				t.Errorf("content provenance = %+v", s)
			}
			return
		}
	}
	t.Fatal("content not found")
}
