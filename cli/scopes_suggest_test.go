package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hsoauth/hsoauth/scopes"
)

// runStdin is run with stdin.
func runStdin(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(Env{Args: args, Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Version: "test",
		Getenv: func(string) string { return "" }})
	return out.String(), errb.String(), code
}

const dealCalls = "GET /crm/v3/objects/deals\nPOST /crm/v3/objects/deals/search\nGET https://api.hubapi.com/crm/v3/objects/line_items/9?archived=false\n"

func TestScopesSuggest(t *testing.T) {
	out, stderr, code := runStdin(t, dealCalls, "scopes", "suggest", "--account", "sales-pro")
	want := "# 3 calls; 2 scopes cover them (the smallest possible).\n" +
		"oauth                        # HubSpot gives it to every app; keep it required\n" +
		"crm.objects.deals.read       # GET /crm/v3/objects/deals; POST /crm/v3/objects/deals/search\n" +
		"crm.objects.line_items.read  # GET https://api.hubapi.com/crm/v3/objects/line_items/9?archived=false\n"
	if code != ExitOK || !strings.HasPrefix(out, want) || !strings.Contains(out, "# Predicted install on sales-pro:") {
		t.Fatalf("exit %d, stderr %q:\n%s", code, stderr, out)
	}
	out, _, code = runStdin(t, dealCalls+"GET /nowhere/v3/at-all\n", "scopes", "suggest", "-", "--json")
	rep := decode[suggestReport](t, out)
	if code != ExitFailure || len(rep.Uncovered) != 1 || rep.Uncovered[0].Call != 3 || len(rep.Uncovered[0].Nearest) == 0 ||
		!slices.Equal(rep.Selection.Required, []string{"oauth", "crm.objects.deals.read", "crm.objects.line_items.read"}) ||
		!rep.Exact || rep.Calls[0].Template != "/crm/v3/objects/0-3" {
		t.Fatalf("exit %d: %+v", code, rep)
	}
	har := `{"log":{"entries":[{"request":{"method":"GET","url":"https://api.hubapi.com/crm/v3/owners/1"}},
		{"request":{"method":"GET","url":"https://cdn.example.com/app.js"}}]}}`
	out, _, code = runStdin(t, har, "scopes", "suggest")
	if code != ExitOK || !strings.Contains(out, "# 1 HAR entries to other hosts were left out.") ||
		!strings.Contains(out, "crm.objects.owners.read") {
		t.Fatalf("HAR: exit %d\n%s", code, out)
	}
	for _, bad := range [][]string{{"a", "b"}, {"--account", "nope"}} {
		if _, _, code := runStdin(t, dealCalls, append([]string{"scopes", "suggest"}, bad...)...); code != ExitUsage {
			t.Errorf("suggest %v: exit %d, want 2", bad, code)
		}
	}
	for _, in := range []string{"", "FETCH /x\n"} {
		if _, stderr, code := runStdin(t, in, "scopes", "suggest"); code != ExitFailure || !strings.Contains(strings.ToLower(stderr), "stdin") {
			t.Errorf("suggest of %q: exit %d, stderr %q", in, code, stderr)
		}
	}
}

func TestParseScopesFrom(t *testing.T) {
	out, _, _ := runStdin(t, dealCalls, "scopes", "suggest")
	sel, err := parseScopesFrom([]byte(out))
	want := []string{"oauth", "crm.objects.deals.read", "crm.objects.line_items.read"}
	if err != nil || !slices.Equal(sel.Required, want) || sel.Len() != 3 {
		t.Fatalf("text: %v %v", sel, err)
	}
	js, _, _ := runStdin(t, dealCalls, "scopes", "suggest", "--json")
	if sel, err = parseScopesFrom([]byte(js)); err != nil || !slices.Equal(sel.Required, want) {
		t.Fatalf("json: %v %v", sel, err)
	}
	sel, err = parseScopesFrom([]byte(`{"required":["oauth"],"optional":["content"]}`))
	if err != nil || !sel.Equal(scopes.Selection{Required: []string{"oauth"}, Optional: []string{"content"}}) {
		t.Fatalf("bare selection: %v %v", sel, err)
	}
	for _, bad := range []string{"", "# only a comment", "read deals please!", "{", `{"selection":{}}`, `{"required":["a b"]}`} {
		if _, err := parseScopesFrom([]byte(bad)); err == nil {
			t.Errorf("parseScopesFrom(%q) should fail", bad)
		}
	}
}

func FuzzParseScopesFrom(f *testing.F) {
	for _, s := range []string{"oauth\ncrm.objects.deals.read  # GET /x", `{"selection":{"required":["oauth"]}}`, "a,b c\r\n#x", "{}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sel, err := parseScopesFrom(data)
		if err != nil {
			return
		}
		if sel.Len() == 0 || checkScopeNames(sel) != nil {
			t.Fatalf("accepted %v", sel)
		}
	})
}

// TestURLTakesScopesFromSuggest hands suggest's output straight to url, as text and as JSON.
func TestURLTakesScopesFromSuggest(t *testing.T) {
	dir := t.TempDir()
	text, _, _ := runStdin(t, dealCalls, "scopes", "suggest")
	js, _, _ := runStdin(t, dealCalls, "scopes", "suggest", "--json")
	for name, content := range map[string]string{"s.txt": text, "s.json": js} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		p := newProc(t)
		out, stderr, code := p.run("", "url", "--sandbox", "--json", "--scopes-from", path, "--optional-scope", "content")
		u := decode[urlJSON](t, out)
		if code != ExitOK || !slices.Equal(u.Scope, []string{"oauth", "crm.objects.deals.read", "crm.objects.line_items.read"}) ||
			!slices.Equal(u.Optional, []string{"content"}) {
			t.Fatalf("%s: exit %d, %s: %+v", name, code, stderr, u)
		}
	}
	p := newProc(t)
	if _, stderr, code := p.run("", "url", "--sandbox", "--scopes-from", filepath.Join(dir, "missing")); code != ExitFailure ||
		!strings.Contains(stderr, "no such file") {
		t.Fatalf("missing file: exit %d, %q", code, stderr)
	}
}

// TestTUIStartsFromScopesFrom: the TUI's --scopes-from becomes the profile's selection, which is what the
// TUI (and a later url without scope flags) starts from.
func TestTUIStartsFromScopesFrom(t *testing.T) {
	path := filepath.Join(t.TempDir(), "scopes.txt")
	if err := os.WriteFile(path, []byte("oauth\ncrm.objects.deals.read  # GET /crm/v3/objects/deals\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	p := newProc(t, "HSOAUTH_BENCH_FIRST_FRAME=1", "HSOAUTH_TEST_MODE=1")
	if _, stderr, code := p.run("", "--sandbox", "--scopes-from", path); code != ExitOK {
		t.Fatalf("TUI with --scopes-from: exit %d: %s", code, stderr)
	}
	out, _, _ := p.run("", "url", "--sandbox", "--json")
	if u := decode[urlJSON](t, out); !slices.Equal(u.Scope, []string{"oauth", "crm.objects.deals.read"}) {
		t.Fatalf("the saved selection: %+v", u)
	}
	if _, stderr, code := p.run("", "--sandbox", "--scopes-from", path+".missing"); code != ExitFailure || !strings.Contains(stderr, "no such file") {
		t.Fatalf("a missing file: exit %d %q", code, stderr)
	}
}
