package cli

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hsoauth/hsoauth/oauth/sandbox"
)

// TestAPIAgainstSandbox logs in to a running sandbox as a script would and calls its API with
// `hsoauth api`: a granted call, a refused pre-flight, the sandbox's own 403 for the same call forced, a
// search with a body, and a
// token the sandbox calls expired (its clock moved on), which is refreshed and the call resent.
func TestAPIAgainstSandbox(t *testing.T) {
	d := testDirs(t)
	srv, err := sandbox.New(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	base, err := srv.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close(context.Background()) })
	env := map[string]string{"HSOAUTH_SANDBOX_URL": base}
	if _, stderr, code := runIn(t, d, env, "login", "--sandbox-consent", "marketing-pro+transactional-email", "--scope", "oauth,crm.objects.contacts.read"); code != ExitOK {
		t.Fatalf("login: exit %d: %s", code, stderr)
	}
	api := func(args ...string) (string, string, int) {
		return runIn(t, d, env, append([]string{"api"}, args...)...)
	}
	out, stderr, code := api("/crm/v3/objects/contacts", "--query", "limit=2")
	if code != ExitOK || !strings.Contains(out, "\"results\": [") || !strings.Contains(out, "@marketing-pro.hsoauth.test") {
		t.Fatalf("contacts: exit %d\n%s\n%s", code, out, stderr)
	}
	_, stderr, code = api("/crm/v3/objects/deals")
	if code != ExitFailure || !strings.Contains(stderr, "hsoauth login --hub-id 20000003 --scope oauth,crm.objects.contacts.read,crm.objects.deals.read") {
		t.Fatalf("pre-flight: exit %d: %s", code, stderr)
	}
	out, stderr, code = api("--force", "/crm/v3/objects/deals")
	if code != ExitFailure || !strings.Contains(stderr, "MISSING_SCOPES") || !strings.Contains(out, "crm.objects.deals.read") {
		t.Fatalf("forced: exit %d\n%s\n%s", code, out, stderr)
	}
	out, stderr, code = api("POST", "/crm/v3/objects/contacts/search", "--data", `{"limit":1}`, "--json")
	if code != ExitOK || !strings.HasPrefix(out, `{"`) || strings.Contains(out, "\n  ") {
		t.Fatalf("search, compact: exit %d\n%s\n%s", code, out, stderr)
	}
	srv.Clock().Advance(31 * time.Minute)
	out, stderr, code = api("/account-info/v3/details")
	if code != ExitOK || !strings.Contains(out, "20000003") || !strings.Contains(stderr, "refreshed the access token") {
		t.Fatalf("after the sandbox clock moved 31 minutes: exit %d\n%s\n%s", code, out, stderr)
	}
}
