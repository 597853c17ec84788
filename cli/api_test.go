package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hsoauth/hsoauth/config"
)

const (
	fakeSecret  = "c0ffee00-5ec2-4e75-9a2b-00000000beef"
	fakeRefresh = "ref-0000-aaaa-bbbb-cccc-000000000001"
	fakeAccess  = "acc-0000-aaaa-bbbb-cccc-000000000001"
)

// fakeAPI plays HubSpot on loopback for `hsoauth api`: the v3 token endpoint (refresh only) and any API
// path, with a bearer check like HubSpot's gateway. It counts refreshes and API requests, so a test can
// prove a call was or was not sent.
type fakeAPI struct {
	srv *httptest.Server

	mu        sync.Mutex
	valid     map[string]bool // access tokens HubSpot takes
	refreshes int
	calls     []seenCall
	refuseAll bool // every token is refused, as for an app that was uninstalled
}

type seenCall struct{ method, uri, auth, ctype, body string }

func newFakeAPI(t *testing.T) *fakeAPI {
	f := &fakeAPI{valid: map[string]bool{fakeAccess: true}}
	f.srv = httptest.NewServer(f)
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	if r.URL.Path == "/oauth/v3/token" {
		f.token(w, r)
		return
	}
	body, _ := io.ReadAll(r.Body)
	f.calls = append(f.calls, seenCall{r.Method, r.RequestURI, r.Header.Get("Authorization"), r.Header.Get("Content-Type"), string(body)})
	tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	switch {
	case !f.valid[tok] || f.refuseAll:
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"status":"error","message":"The OAuth token used to make this call expired 1 minute(s) ago.","correlationId":"0c0ffee0-1111-2222-3333-444444444444","category":"EXPIRED_AUTHENTICATION"}`)
	case strings.HasPrefix(r.URL.Path, "/crm/v3/objects/deals"):
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, `{"status":"error","message":"This app hasn't been granted all required scopes to make this call.","correlationId":"5ca1ab1e-1111-2222-3333-444444444444","errors":[{"message":"One or more of the following scopes are required.","context":{"requiredGranularScopes":["crm.objects.deals.read"]}}],"category":"MISSING_SCOPES"}`)
	case r.Method == http.MethodPost:
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, `{"id":"501","properties":%s}`, body)
	default:
		w.Header().Set("X-HubSpot-RateLimit-Remaining", "99")
		fmt.Fprint(w, `{"results":[{"id":"1","properties":{"email":"ada@example.test"}}],"paging":{"next":{"after":"1"}}}`)
	}
}

// token answers refresh_token grants with a new access token; the refresh token stays (as HubSpot's does).
func (f *fakeAPI) token(w http.ResponseWriter, r *http.Request) {
	if r.FormValue("grant_type") != "refresh_token" || r.FormValue("refresh_token") != fakeRefresh || r.FormValue("client_secret") != fakeSecret {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"status":"BAD_REFRESH_TOKEN","message":"missing or unknown refresh token","correlationId":"1"}`)
		return
	}
	f.refreshes++
	at := fmt.Sprintf("acc-%04d-aaaa-bbbb-cccc-refreshed000", f.refreshes)
	f.valid[at] = true
	_ = json.NewEncoder(w).Encode(map[string]any{"token_type": "bearer", "access_token": at, "refresh_token": fakeRefresh, "expires_in": 1800})
}

func (f *fakeAPI) counts() (refreshes, calls int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.refreshes, len(f.calls)
}

func (f *fakeAPI) last() seenCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[len(f.calls)-1]
}

// apiSetup writes a config whose profile points at the fake into private directories, stores rec in
// their file store, and returns what to run `hsoauth api` with.
type apiSetup struct {
	dirs config.Dirs
	env  map[string]string
}

func apiEnv(t *testing.T, f *fakeAPI, rec *config.TokenRecord) apiSetup {
	t.Helper()
	d := testDirs(t)
	writeConfig(t, d, fmt.Sprintf(`default_profile = "dev"

[profiles.dev]
client_id = "7fff1e36-2d40-4ae1-bbb1-5266d59564fb"
client_secret_env = "TEST_SECRET"
redirect_uri = "http://localhost:3000/oauth-callback"
api_version = "v3"
app_base = %q
api_base = %q
token_store = "file"
`, f.srv.URL, f.srv.URL))
	if rec != nil {
		st, err := config.OpenStore("file", config.StoreOptions{Dir: d.State})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Put(rec); err != nil {
			t.Fatal(err)
		}
	}
	return apiSetup{dirs: d, env: map[string]string{"TEST_SECRET": fakeSecret}}
}

// storedToken is a token of portal 42 that expires in ttl, granted oauth and contacts read.
func storedToken(ttl time.Duration) *config.TokenRecord {
	now := time.Now()
	return &config.TokenRecord{Profile: "dev", HubID: 42, AccessToken: fakeAccess, RefreshToken: fakeRefresh,
		TokenType: "bearer", ExpiresAt: now.Add(ttl), ObtainedAt: now.Add(ttl - 30*time.Minute),
		Scopes:          []string{"oauth", "crm.objects.contacts.read"},
		RequestedScopes: []string{"oauth", "crm.objects.contacts.read", "content"}, OptionalScopes: []string{"content"}}
}

// runAPICmd runs `hsoauth api` in-process in the setup's directories.
func runAPICmd(t *testing.T, a apiSetup, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(Env{
		Args: append([]string{"api"}, args...), Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb,
		Version: "test", Getenv: func(k string) string { return a.env[k] }, Dirs: a.dirs,
	})
	return out.String(), errb.String(), code
}

func TestAPIGetPrettyPrints(t *testing.T) {
	f := newFakeAPI(t)
	env := apiEnv(t, f, storedToken(20*time.Minute))
	out, stderr, code := runAPICmd(t, env, "", "/crm/v3/objects/contacts", "--query", "limit=1", "--query", "properties=email,firstname")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "{\n  \"results\": [\n    {\n      \"id\": \"1\"") {
		t.Fatalf("not indented:\n%s", out)
	}
	got := f.last()
	if got.method != "GET" || got.uri != "/crm/v3/objects/contacts?limit=1&properties=email%2Cfirstname" || got.auth != "Bearer "+fakeAccess {
		t.Fatalf("the fake saw %+v", got)
	}
	if strings.Contains(out+stderr, fakeAccess) || stderr != "" {
		t.Fatalf("stderr %q (the token must never be printed)", stderr)
	}
	compact, _, _ := runAPICmd(t, env, "", "GET", "crm/v3/objects/contacts", "--json")
	if strings.TrimSpace(compact) != `{"results":[{"id":"1","properties":{"email":"ada@example.test"}}],"paging":{"next":{"after":"1"}}}` {
		t.Fatalf("--json: %q", compact)
	}
}

func TestAPIIncludeShowsStatusAndHeaders(t *testing.T) {
	f := newFakeAPI(t)
	env := apiEnv(t, f, storedToken(20*time.Minute))
	out, _, code := runAPICmd(t, env, "", f.srv.URL+"/crm/v3/objects/contacts", "--include")
	if code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	head, body, ok := strings.Cut(out, "\n\n")
	if !ok || !strings.HasPrefix(head, "HTTP/1.1 200 OK\n") || !strings.Contains(head, "X-Hubspot-Ratelimit-Remaining: 99") ||
		!strings.Contains(head, "Content-Type: application/json") || !strings.HasPrefix(body, "{\n") {
		t.Fatalf("--include output:\n%s", out)
	}
	if strings.Contains(strings.ToLower(out), "authorization") {
		t.Fatal("--include shows an Authorization header")
	}
}

func TestAPIPostData(t *testing.T) {
	f := newFakeAPI(t)
	rec := storedToken(20 * time.Minute)
	rec.Scopes = append(rec.Scopes, "crm.objects.contacts.write")
	env := apiEnv(t, f, rec)
	file := filepath.Join(t.TempDir(), "body.json")
	if err := os.WriteFile(file, []byte(`{"email":"file@example.test"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, data := range []struct{ flag, stdin, want string }{
		{`{"email":"lit@example.test"}`, "", "lit@"},
		{"@" + file, "", "file@"},
		{"@-", `{"email":"stdin@example.test"}`, "stdin@"},
	} {
		out, stderr, code := runAPICmd(t, env, data.stdin, "/crm/v3/objects/contacts", "--data", data.flag, "--header", "X-Request-Id: 7")
		if _, calls := f.counts(); calls == 0 {
			t.Fatalf("--data %s: nothing sent; exit %d, stderr %q", data.flag, code, stderr)
		}
		got := f.last()
		if code != ExitOK || got.method != "POST" || got.ctype != "application/json" || !strings.Contains(got.body, data.want) ||
			!strings.Contains(out, `"id": "501"`) {
			t.Fatalf("--data %s: exit %d %s; the fake saw %+v; out %s", data.flag, code, stderr, got, out)
		}
	}
}

func TestAPIRefreshesOnceNearExpiry(t *testing.T) {
	f := newFakeAPI(t)
	env := apiEnv(t, f, storedToken(40*time.Second))
	var wg sync.WaitGroup
	codes := make([]int, 3)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, codes[i] = runAPICmd(t, env, "", "/crm/v3/objects/contacts")
		}()
	}
	wg.Wait()
	refreshes, calls := f.counts()
	if refreshes != 1 || calls != 3 || codes[0]+codes[1]+codes[2] != 0 {
		t.Fatalf("%d refreshes, %d calls, exit codes %v; want one refresh for three concurrent calls", refreshes, calls, codes)
	}
	if got := f.last(); got.auth == "Bearer "+fakeAccess {
		t.Fatal("the call went with the old token")
	}
	st, _ := config.OpenStore("file", config.StoreOptions{Dir: env.dirs.State})
	rec, err := st.Get("dev", 42)
	if err != nil || rec.AccessToken == fakeAccess || len(rec.History) != 1 {
		t.Fatalf("the store keeps %+v, %v", rec, err)
	}
}

func TestAPIRefreshesOnceAfter401(t *testing.T) {
	f := newFakeAPI(t)
	env := apiEnv(t, f, storedToken(20*time.Minute))
	f.mu.Lock()
	f.valid[fakeAccess] = false // HubSpot stopped taking the token before our clock says it expires
	f.mu.Unlock()
	out, stderr, code := runAPICmd(t, env, "", "/crm/v3/objects/contacts")
	refreshes, calls := f.counts()
	if code != ExitOK || refreshes != 1 || calls != 2 || !strings.Contains(out, "ada@") || !strings.Contains(stderr, "refreshed the access token") {
		t.Fatalf("exit %d, %d refreshes, %d calls, stderr %q", code, refreshes, calls, stderr)
	}
	f.mu.Lock()
	f.refuseAll = true
	f.mu.Unlock()
	_, stderr, code = runAPICmd(t, env, "", "/crm/v3/objects/contacts")
	if refreshes, calls = f.counts(); code != ExitNoToken || refreshes != 2 || calls != 4 || !strings.Contains(stderr, "EXPIRED_AUTHENTICATION") ||
		!strings.Contains(stderr, "hsoauth login") || !strings.Contains(stderr, "0c0ffee0-1111") {
		t.Fatalf("a 401 that outlives the refresh: exit %d, %d refreshes, %d calls, stderr %q", code, refreshes, calls, stderr)
	}
}

func TestAPIMissingScopeIsNotSent(t *testing.T) {
	f := newFakeAPI(t)
	env := apiEnv(t, f, storedToken(20*time.Minute))
	_, stderr, code := runAPICmd(t, env, "", "/crm/v3/objects/deals?limit=1")
	if _, calls := f.counts(); calls != 0 || code != ExitFailure {
		t.Fatalf("exit %d, %d calls; want exit 1 and nothing sent", code, calls)
	}
	want := "hsoauth login --hub-id 42 --scope oauth,crm.objects.contacts.read,crm.objects.deals.read --optional-scope content"
	if !strings.Contains(stderr, "crm.objects.deals.read") || !strings.Contains(stderr, want) || !strings.Contains(stderr, "--force") {
		t.Fatalf("stderr %q\nwant the missing scope and %q", stderr, want)
	}
	_, stderr, code = runAPICmd(t, env, "", "--force", "/crm/v3/objects/deals?limit=1")
	if _, calls := f.counts(); calls != 1 || code != ExitFailure {
		t.Fatalf("--force: exit %d, %d calls", code, calls)
	}
	for _, want := range []string{"403 Forbidden", "category:       MISSING_SCOPES", "5ca1ab1e-1111", "sent anyway (--force)", "crm.objects.deals.read"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("--force stderr lacks %q:\n%s", want, stderr)
		}
	}
}

func TestAPIUnknownEndpointWarnsAndSends(t *testing.T) {
	f := newFakeAPI(t)
	env := apiEnv(t, f, storedToken(20*time.Minute))
	_, stderr, code := runAPICmd(t, env, "", "/contacts/v1/lists/all/contacts/all")
	if _, calls := f.counts(); calls != 1 || code != ExitOK || !strings.Contains(stderr, "not in HubSpot's documented API") {
		t.Fatalf("exit %d, %d calls, stderr %q", code, calls, stderr)
	}
}

func TestAPIUsageErrorsAndExitCodes(t *testing.T) {
	f := newFakeAPI(t)
	env := apiEnv(t, f, storedToken(20*time.Minute))
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{}, ExitUsage, "[METHOD] PATH"},
		{[]string{"GET", "/a", "/b"}, ExitUsage, "[METHOD] PATH"},
		{[]string{"/crm/v3/objects/contacts", "--data", `{"a":1,}`}, ExitUsage, "--data is not valid JSON"},
		{[]string{"/crm/v3/objects/contacts", "--data", "{\n  \"a\": tru\n}"}, ExitUsage, "line 2, column"},
		{[]string{"/crm/v3/objects/contacts", "--data", "@"}, ExitUsage, "needs a file name"},
		{[]string{"/crm/v3/objects/contacts", "--data", "@/nonexistent/x.json"}, ExitUsage, "no such file"},
		{[]string{"/x", "--query", "novalue"}, ExitUsage, "is not k=v"},
		{[]string{"/x", "--header", "Authorization: Bearer other"}, ExitUsage, "comes from the stored token"},
		{[]string{"/x", "--header", "no colon"}, ExitUsage, "'Name: value'"},
		{[]string{"FETCH", "/x"}, ExitUsage, "unknown HTTP method"},
		{[]string{"https://evil.example/crm/v3/objects/contacts"}, ExitUsage, "not on this profile's API host"},
		{[]string{"/crm/v3/objects/contacts", "--portal", "7"}, ExitNoToken, "Run hsoauth login"},
		{[]string{"/x", "--bogus"}, ExitUsage, "unknown flag --bogus"},
		{[]string{"/x", "--portal", "-3"}, ExitUsage, "--portal -3"},
		{[]string{"/x", "--portal", "-1"}, ExitUsage, "--portal -1"},
	}
	for _, c := range cases {
		_, stderr, code := runAPICmd(t, env, "", c.args...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("api %q: exit %d, stderr %q; want exit %d mentioning %q", c.args, code, stderr, c.code, c.want)
		}
	}
	if _, calls := f.counts(); calls != 0 {
		t.Fatalf("%d calls reached the fake; usage errors must send nothing", calls)
	}
}

func TestAPIExpiredWithoutRefreshTokenIsExit4(t *testing.T) {
	f := newFakeAPI(t)
	rec := storedToken(-time.Minute)
	rec.RefreshToken = ""
	env := apiEnv(t, f, rec)
	_, stderr, code := runAPICmd(t, env, "", "/crm/v3/objects/contacts")
	if _, calls := f.counts(); code != ExitNoToken || calls != 0 || !strings.Contains(stderr, "hsoauth login") {
		t.Fatalf("exit %d, %d calls, stderr %q", code, calls, stderr)
	}
}
