package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hsoauth/hsoauth/config"
)

// run executes the command line in-process and returns stdout, stderr and the exit code.
func run(t *testing.T, env map[string]string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	root := t.TempDir()
	code := Run(Env{
		Args: args, Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Version: "test",
		Getenv: func(k string) string { return env[k] },
		Dirs:   config.Dirs{Config: filepath.Join(root, "config"), State: filepath.Join(root, "state")},
	})
	return out.String(), errb.String(), code
}

func TestHelpListsEverySubcommand(t *testing.T) {
	out, _, code := run(t, nil, "--help")
	if code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	for _, c := range commands() {
		if !strings.Contains(out, "  "+c.name+" ") {
			t.Errorf("--help does not list %q", c.name)
		}
	}
	for _, want := range []string{"0 ok", "2 usage error", "3 authorization denied", "4 no valid token"} {
		if !strings.Contains(out, want) {
			t.Errorf("--help lacks exit code %q", want)
		}
	}
}

func TestVersion(t *testing.T) {
	out, _, code := run(t, nil, "--version")
	if code != ExitOK || strings.TrimSpace(out) != "hsoauth test" {
		t.Fatalf("--version = %q, %d", out, code)
	}
}

func TestUsageErrorsNameTheNearestValidOne(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"scopez"}, `did you mean "scopes"`},
		{[]string{"loign"}, `did you mean "login"`},
		{[]string{"scopes", "--acount", "free"}, "did you mean --account"},
		{[]string{"scopes", "--account", "marketing-startr"}, `did you mean "marketing-starter"`},
		{[]string{"scopes", "lint", "--scopes", "x"}, "did you mean --scope"},
		{[]string{"config", "chek"}, `did you mean "check"`},
	}
	for _, c := range cases {
		_, stderr, code := run(t, nil, c.args...)
		if code != ExitUsage || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 mentioning %q", c.args, code, stderr, c.want)
		}
	}
}

// referenceScopes reads the scope names of a reference TSV from the shared folder beside the repo.
func referenceScopes(t *testing.T, name string) []string {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "shared", "reference", name))
	if err != nil {
		t.Skipf("reference data not beside the repo (%v)", err)
	}
	defer f.Close()
	var names []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for first := true; sc.Scan(); first = false {
		if !first {
			names = append(names, strings.SplitN(sc.Text(), "\t", 2)[0])
		}
	}
	return names
}

func TestScopesJSONHoldsEveryReferenceScope(t *testing.T) {
	out, _, code := run(t, nil, "scopes", "--json")
	if code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	var list []scopeJSON
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, s := range list {
		have[s.Name] = true
		if s.Group == "" || s.Description == "" || s.Access == "" || s.Availability == "" || s.Sensitivity == "" ||
			s.AvailabilitySource == "" || s.Confidence == "" || s.Source == "" {
			t.Errorf("%s: empty field in %+v", s.Name, s)
		}
	}
	for _, file := range []string{"scopes.tsv", "seed-scopes.tsv"} {
		for _, n := range referenceScopes(t, file) {
			if !have[n] {
				t.Errorf("%s from %s missing from scopes --json", n, file)
			}
		}
	}
}

// TestScopesAccountMatchesSeedTable checks the example: on marketing-starter the seed table's
// Basic-Marketing scopes are present and the others absent, except where a newer HubSpot table moved
// a scope (content and social need Professional; tickets and e-commerce are on every account; contacts
// was removed).
func TestScopesAccountMatchesSeedTable(t *testing.T) {
	out, _, code := run(t, nil, "scopes", "--json", "--account", "marketing-starter")
	if code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	var list []scopeJSON
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, s := range list {
		have[s.Name] = true
	}
	for _, n := range []string{"forms", "reports", "files", "tickets", "e-commerce"} {
		if !have[n] {
			t.Errorf("%s should be grantable on marketing-starter", n)
		}
	}
	for _, n := range []string{"automation", "content", "social", "transactional-email", "hubdb", "contacts"} {
		if have[n] {
			t.Errorf("%s should not be grantable on marketing-starter", n)
		}
	}
}

func TestScopesSearchAndTable(t *testing.T) {
	out, _, code := run(t, nil, "scopes", "--search", "contacts")
	if code != ExitOK || !strings.Contains(out, "crm.objects.contacts.read") || strings.Contains(out, "hubdb") {
		t.Fatalf("search table: exit %d\n%s", code, out)
	}
	for _, line := range strings.Split(out, "\n") {
		if len([]rune(line)) > 160 {
			t.Errorf("table line too long (%d): %q", len(line), line)
		}
	}
}

func TestScopesUnknownAccountListsValidIDs(t *testing.T) {
	_, stderr, code := run(t, nil, "scopes", "--account", "nope")
	if code != ExitUsage || !strings.Contains(stderr, "marketing-starter") || !strings.Contains(stderr, "all-enterprise") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
}

func TestLintExitCodesAndJSON(t *testing.T) {
	// automation optional on marketing-starter: dropped, install works.
	out, _, code := run(t, nil, "scopes", "lint", "--scope", "oauth,crm.objects.contacts.read", "--optional-scope", "automation", "--account", "marketing-starter", "--json")
	if code != ExitOK {
		t.Fatalf("optional automation: exit %d\n%s", code, out)
	}
	var rep lintReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Grant == nil || rep.InstallFails || strings.Join(rep.Grant.Dropped, ",") != "automation" {
		t.Fatalf("report: %+v", rep)
	}
	// automation required on marketing-starter: the install fails, exit 1, and the text says why.
	out, _, code = run(t, nil, "scopes", "lint", "--scope", "oauth automation", "--account", "marketing-starter")
	if code != ExitFailure || !strings.Contains(out, "FAILS") || !strings.Contains(out, "automation") {
		t.Fatalf("required automation: exit %d\n%s", code, out)
	}
	// An unknown scope is an error finding with a suggestion.
	out, _, code = run(t, nil, "scopes", "lint", "--scope", "oauth,crm.objects.contact.read")
	if code != ExitFailure || !strings.Contains(out, "crm.objects.contacts.read") {
		t.Fatalf("unknown scope: exit %d\n%s", code, out)
	}
}

func TestLintFromAppHsmeta(t *testing.T) {
	path := filepath.Join(t.TempDir(), "app-hsmeta.json")
	data := `{"uid":"x","type":"app","config":{"name":"x","auth":{"type":"oauth","redirectUrls":["http://localhost:3000/oauth-callback"],
"requiredScopes":["oauth","crm.objects.contacts.read"],"optionalScopes":["automation"],"conditionallyRequiredScopes":[]}}}`
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, code := run(t, nil, "scopes", "lint", "--app-hsmeta", path, "--account", "marketing-pro", "--json")
	var rep lintReport
	if code != ExitOK || json.Unmarshal([]byte(out), &rep) != nil || len(rep.Selection.Optional) != 1 || len(rep.Grant.Dropped) != 0 {
		t.Fatalf("exit %d\n%s", code, out)
	}
	_, stderr, code := run(t, nil, "scopes", "lint", "--app-hsmeta", filepath.Join(t.TempDir(), "missing.json"))
	if code != ExitFailure || !strings.Contains(stderr, "no such file") {
		t.Fatalf("missing file: exit %d, %q", code, stderr)
	}
}
