package sandbox

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

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

// mintToken stores an access token with exactly the given scopes on the
// all-enterprise portal, bypassing consent (which would refuse scopes the
// portal's products lack), so a test can reach every operation's answer.
func (f *fixture) mintToken(granted []string) string {
	p, _ := f.s.portal(HubAllEnterprise)
	app, _ := f.s.app(DemoClientID)
	in := &install{app: app, portal: p, user: p.Users[0], scopes: granted}
	tok := newAccessToken(f.s.random)
	f.s.st.mu.Lock()
	defer f.s.st.mu.Unlock()
	in.gen = f.s.st.gens[keyOf(in)]
	f.s.st.access.put(tok, &accessToken{install: in, rt: &refreshToken{install: in}, token: tok,
		expires: f.s.clock.Now().Add(time.Hour)}, f.s.clock.Now())
	return tok
}

// With the scopes its first alternative names, every operation answers:
// never 401, 403, 405 or 5xx, and in JSON unless 204.
func TestEveryIndexedOperationWithItsScopes(t *testing.T) {
	f := newFixture(t, Options{})
	for _, ep := range scopes.Endpoints().All() {
		if strings.HasPrefix(ep.Path, "/oauth/") || strings.HasPrefix(ep.Path, "/appinstalls/") {
			continue
		}
		var granted []string
		for _, alts := range [][][]string{ep.Scopes, ep.Legacy} {
			if len(alts) > 0 && granted == nil {
				granted = alts[0]
			}
		}
		path := paramRe.ReplaceAllString(ep.Path, "1")
		w := f.do(ep.Method, path, nil, "Authorization", "Bearer "+f.mintToken(granted))
		switch w.Code {
		case http.StatusUnauthorized, http.StatusForbidden, http.StatusMethodNotAllowed:
			t.Fatalf("%s %s with %v: %d %s", ep.Method, path, granted, w.Code, w.Body.String())
		}
		if w.Code >= 500 || w.Code != http.StatusNoContent && !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
			t.Fatalf("%s %s: %d %q", ep.Method, path, w.Code, w.Header().Get("Content-Type"))
		}
	}
}
