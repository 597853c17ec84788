package sandbox

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/hsoauth/hsoauth/scopes"
)

// paramRe matches a {param} of a path template.
var paramRe = regexp.MustCompile(`\{[^}]+\}`)

// Every operation of the endpoint index answers as HubSpot's gateway does:
// without a token 401 INVALID_AUTHENTICATION, with a token granted only
// oauth 403 MISSING_SCOPES (or an answer, when oauth grants it or the
// operation documents no scope), always in JSON, never a 404, 405 or 5xx.
func TestEveryIndexedOperation(t *testing.T) {
	f := newFixture(t, Options{})
	oauthOnly := f.tokenWith([]string{"oauth"})
	seen := 0
	for _, ep := range scopes.Endpoints().All() {
		if strings.HasPrefix(ep.Path, "/oauth/") || strings.HasPrefix(ep.Path, "/appinstalls/") {
			continue // the sandbox's own routes, tested on their own
		}
		path := paramRe.ReplaceAllString(ep.Path, "1")
		seen++
		w := f.do(ep.Method, path, nil)
		if w.Code != http.StatusUnauthorized || jsonBody(t, w)["category"] != "INVALID_AUTHENTICATION" {
			t.Fatalf("%s %s without a token: %d %s", ep.Method, path, w.Code, w.Body.String())
		}
		w = f.do(ep.Method, path, nil, "Authorization", "Bearer "+oauthOnly)
		granted, _ := ep.Grants([]string{"oauth"})
		switch {
		case w.Code >= 500 || w.Code == http.StatusNotFound && !strings.Contains(w.Body.String(), "OBJECT_NOT_FOUND") || w.Code == http.StatusMethodNotAllowed:
			t.Fatalf("%s %s: %d %s", ep.Method, path, w.Code, w.Body.String())
		case ep.HasScopes() && !granted && w.Code != http.StatusForbidden:
			t.Fatalf("%s %s with only oauth: %d, want 403 MISSING_SCOPES", ep.Method, path, w.Code)
		}
		if w.Code != http.StatusNoContent && !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
			t.Fatalf("%s %s: Content-Type %q", ep.Method, path, w.Header().Get("Content-Type"))
		}
	}
	if seen < 3000 {
		t.Fatalf("only %d operations walked", seen)
	}
}
