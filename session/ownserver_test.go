package session

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hsoauth/hsoauth/scopes"
)

// A standard server may leave scope out of its token response when it granted what was asked for (RFC
// 6749 §5.1) and offer no introspection: the stored token then holds the requested scopes, not none,
// so inspect and the API check do not call every scope missing.
func TestOwnServerTokenWithoutScopeGrantsWhatWasAsked(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"access_token":"at-1","token_type":"Bearer","expires_in":600,"refresh_token":"rt-1"}`))
	}))
	defer srv.Close()
	dir := t.TempDir()
	path := filepath.Join(dir, "c.toml")
	body := "[profiles.std]\nclient_id = \"std-client\"\nclient_secret_env = \"S\"\ntoken_store = \"file\"\n" +
		"authorize_url = \"" + srv.URL + "/authorize\"\ntoken_url = \"" + srv.URL + "/token\"\n"
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	getenv := func(k string) string {
		if k == "S" {
			return "std-secret-0123456789"
		}
		return ""
	}
	s, err := Open(context.Background(), Options{ConfigPath: path, Profile: "std", Getenv: getenv, StoreDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(context.Background())
	a, err := s.NewAttempt(context.Background(), scopes.Selection{Required: []string{"openid", "profile"}, Optional: []string{"email"}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(a.URL, srv.URL+"/authorize?") {
		t.Fatalf("authorize URL %s", a.URL)
	}
	rec, err := s.Complete(context.Background(), a, "code-1")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rec.Scopes, " ") != "openid profile" {
		t.Fatalf("stored scopes %q, want the requested scope parameter", rec.Scopes)
	}
}
