package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestScopesLintURL(t *testing.T) {
	dir := t.TempDir()
	meta := filepath.Join(dir, "app-hsmeta.json")
	err := os.WriteFile(meta, []byte(`{"uid":"a","type":"app","config":{"name":"a","auth":{"type":"oauth",
		"redirectUrls":["http://localhost:3000"],"requiredScopes":["oauth","crm.objects.contacts.read"],
		"optionalScopes":["content"],"conditionallyRequiredScopes":[]}}}`), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	url := "https://app.hubspot.com/oauth/20000003/authorize?client_id=c&state=hush-secret-state&scope=oauth+content&optional_scope=tickets" +
		"&redirect_uri=http%3A%2F%2Flocalhost%3A9999"
	out, _, code := run(t, nil, "scopes", "lint", "--url", url, "--app-hsmeta", meta, "--account", "marketing-pro")
	for _, want := range []string{"URL:       app.hubspot.com, account 20000003",
		"url-missing-required: crm.objects.contacts.read is configured as required",
		"url-wrong-list: content is configured as optional but the URL sends it in scope",
		"url-not-configured: tickets is in the URL's optional_scope",
		`url-redirect-mismatch: redirect_uri "http://localhost:9999" is not one of the app's redirect URLs (http://localhost:3000)`} {
		if !strings.Contains(out, want) {
			t.Errorf("lint --url lacks %q:\n%s", want, out)
		}
	}
	if code != ExitFailure || strings.Contains(out, "hush-secret-state") {
		t.Fatalf("exit %d (want 1), and the state must never be printed:\n%s", code, out)
	}
	out, _, code = run(t, nil, "scopes", "lint", "--json", "--url",
		"app.hubspot.com/oauth/authorize?client_id=c&redirect_uri=http://localhost:3000&scope=oauth%20crm.objects.contacts.read")
	rep := decode[lintReport](t, out)
	if code != ExitOK || rep.InstallURL == nil || rep.InstallURL.ComparedApp || len(rep.Selection.Required) != 2 {
		t.Fatalf("exit %d: %+v", code, rep)
	}
	out, _, code = run(t, nil, "scopes", "lint", "--url", "app.hubspot.com/oauth/authorize?scope=oauth")
	if code != ExitFailure || !strings.Contains(out, "url-missing-param: The URL has no client_id") ||
		!strings.Contains(out, "url-missing-param: The URL has no redirect_uri") {
		t.Fatalf("missing parameters: exit %d\n%s", code, out)
	}
	for _, bad := range [][]string{{"--url", "https://example.com/login"}, {"--url", url, "--scope", "oauth"}} {
		if _, stderr, code := run(t, nil, append([]string{"scopes", "lint"}, bad...)...); code != ExitUsage || stderr == "" {
			t.Errorf("lint %v: exit %d %q, want a usage error", bad, code, stderr)
		}
	}
}
