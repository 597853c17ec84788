package sandbox

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

var allVersions = []apiVersion{versionV1, versionV3, version202603}

func TestTokenErrorsPerVersion(t *testing.T) {
	for _, v := range allVersions {
		t.Run(string(v), func(t *testing.T) {
			f := newFixture(t, Options{})
			code := f.code(demoQuery(), HubMarketingPro)
			// The client is checked before anything else.
			wantOAuthError(t, f.exchange(v, code, "client_id", "nope", "grant_type", "bogus"), v, "BAD_CLIENT_ID")
			wantOAuthError(t, f.exchange(v, code, "client_id", ""), v, "BAD_CLIENT_ID")
			wantOAuthError(t, f.exchange(v, code, "client_secret", "wrong"), v, "BAD_CLIENT_SECRET")
			wantOAuthError(t, f.exchange(v, code, "grant_type", "password"), v, "BAD_GRANT_TYPE")
			wantOAuthError(t, f.exchange(v, code, "grant_type", ""), v, "BAD_GRANT_TYPE")
			wantOAuthError(t, f.exchange(v, code, "redirect_uri", "http://localhost:1/x"), v, "BAD_REDIRECT_URI")
			wantOAuthError(t, f.exchange(v, code, "redirect_uri", ""), v, "BAD_REDIRECT_URI")
			wantOAuthError(t, f.exchange(v, "na1-0000-0000-0000-0000-000000000000"), v, "BAD_AUTH_CODE")
			wantOAuthError(t, f.exchange(v, code, "redirect_uri", "http://localhost:8080/callback"), v, "MISMATCH_REDIRECT_URI_AUTH_CODE")
			wantOAuthError(t, f.refresh(v, "na1-dead-beef-0000-0000-000000000000"), v, "BAD_REFRESH_TOKEN")
			wantOAuthError(t, f.refresh(v, ""), v, "BAD_REFRESH_TOKEN")
			if w := f.exchange(v, code); w.Code != http.StatusOK {
				t.Fatalf("valid exchange after failures: %d %s", w.Code, w.Body.String())
			}
			wantOAuthError(t, f.exchange(v, code), v, "BAD_AUTH_CODE") // reuse
		})
	}
}

func TestV1RefreshMessageDiffers(t *testing.T) {
	f := newFixture(t, Options{})
	if m := jsonBody(t, f.refresh(versionV1, "x")); m["message"] != "missing or invalid refresh token" {
		t.Errorf("v1 message %q", m["message"])
	}
	m := jsonBody(t, f.refresh(versionV3, "x"))
	if m["message"] != "refresh token is invalid, expired or revoked" || m["error"] != "invalid_grant" {
		t.Errorf("v3 body %v", m)
	}
}

func TestCodeExpiryOnSandboxClock(t *testing.T) {
	f := newFixture(t, Options{CodeTTL: time.Minute})
	code := f.code(demoQuery(), HubFree)
	f.s.Clock().Advance(61 * time.Second)
	wantOAuthError(t, f.exchange(versionV3, code), versionV3, "EXPIRED_AUTH_CODE")

	f = newFixture(t, Options{Faults: Faults{Rules: []FaultRule{{Endpoint: EndpointToken, Effect: EffectExpireCodes, Count: 1}}}})
	code = f.code(demoQuery(), HubFree)
	wantOAuthError(t, f.exchange(versionV3, code), versionV3, "EXPIRED_AUTH_CODE")
	code = f.code(demoQuery(), HubFree)
	if w := f.exchange(versionV3, code); w.Code != 200 {
		t.Fatalf("count-limited fault should be used up: %d", w.Code)
	}
}

func pkcePair() (verifier, challenge string) {
	verifier = strings.Repeat("abcdefghijk", 5)
	sum := sha256.Sum256([]byte(verifier))
	return verifier, base64.RawURLEncoding.EncodeToString(sum[:])
}

func TestPKCE(t *testing.T) {
	verifier, challenge := pkcePair()
	q := with(demoQuery(), "code_challenge", challenge, "code_challenge_method", "S256")
	f := newFixture(t, Options{})
	code := f.code(q, HubFree)
	wantOAuthError(t, f.exchange(versionV3, code), versionV3, "BAD_CODE_VERIFIER")
	wantOAuthError(t, f.exchange(versionV3, code, "code_verifier", verifier+"x"), versionV3, "BAD_CODE_VERIFIER")
	if w := f.exchange(versionV3, code, "code_verifier", verifier); w.Code != 200 {
		t.Fatalf("right verifier: %d %s", w.Code, w.Body.String())
	}
	strict := App{Name: "strict", ClientID: "strict", ClientSecret: "s", RedirectURLs: []string{DemoRedirectURL},
		Required: []string{"oauth"}, PKCERequired: true}
	f = newFixture(t, Options{Apps: []App{strict}})
	bare := url.Values{"client_id": {"strict"}, "redirect_uri": {DemoRedirectURL}, "scope": {"oauth"}}
	if _, w := f.authorize("/oauth/authorize", bare); w.Code != 400 {
		t.Fatalf("PKCE-required app accepted a URL without challenge: %d", w.Code)
	}
}

func TestRefreshRotation(t *testing.T) {
	for _, rotate := range []bool{false, true} {
		f := newFixture(t, Options{RotateRefresh: rotate})
		tr := f.tokens(demoQuery(), HubFree)
		w := f.refresh(versionV3, tr.RefreshToken)
		var next tokenResponse
		if err := json.Unmarshal(w.Body.Bytes(), &next); err != nil || w.Code != 200 {
			t.Fatalf("refresh: %d %s", w.Code, w.Body.String())
		}
		if next.AccessToken == tr.AccessToken {
			t.Error("refresh returned the same access token")
		}
		if same := next.RefreshToken == tr.RefreshToken; same == rotate {
			t.Errorf("rotate=%v: refresh token same=%v", rotate, same)
		}
		old := f.refresh(versionV3, tr.RefreshToken)
		if rotate {
			wantOAuthError(t, old, versionV3, "BAD_REFRESH_TOKEN")
		} else if old.Code != 200 {
			t.Errorf("without rotation the refresh token must keep working: %d", old.Code)
		}
	}
}

func TestRevokeRefreshFault(t *testing.T) {
	f := newFixture(t, Options{Faults: Faults{Rules: []FaultRule{{Effect: EffectRevokeRefresh, Count: 1}}}})
	tr := f.tokens(demoQuery(), HubFree)
	wantOAuthError(t, f.refresh(versionV3, tr.RefreshToken), versionV3, "BAD_REFRESH_TOKEN")
	wantOAuthError(t, f.refresh(versionV3, tr.RefreshToken), versionV3, "BAD_REFRESH_TOKEN") // stays revoked
}

func TestTokenEndpointFormOnly(t *testing.T) {
	f := newFixture(t, Options{})
	for _, v := range allVersions {
		w := f.do("POST", "/oauth/"+string(v)+"/token", nil, "Content-Type", "application/json")
		if w.Code != http.StatusUnsupportedMediaType {
			t.Errorf("%s JSON body: %d, want 415", v, w.Code)
		}
	}
	if w := f.do("GET", "/oauth/v3/token", nil); w.Code != http.StatusMethodNotAllowed {
		t.Errorf("GET token: %d", w.Code)
	}
}

func TestCredentialSources(t *testing.T) {
	f := newFixture(t, Options{})
	code := f.code(demoQuery(), HubFree)
	// v1's spec allows client_secret in the query; v3 reads the body only.
	noSecret := url.Values{"grant_type": {"authorization_code"}, "client_id": {DemoClientID},
		"redirect_uri": {DemoRedirectURL}, "code": {code}}
	wantOAuthError(t, f.do("POST", "/oauth/v3/token?client_secret="+DemoClientSecret, noSecret), versionV3, "BAD_CLIENT_SECRET")
	if w := f.do("POST", "/oauth/v1/token?client_secret="+DemoClientSecret, noSecret); w.Code != 200 {
		t.Fatalf("v1 query secret: %d %s", w.Code, w.Body.String())
	}
}

// basicHeader builds an Authorization: Basic value from already-encoded halves.
func basicHeader(id, secret string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(id+":"+secret))
}

// HubSpot reads client credentials from the body only: Basic is refused
// with HubSpot's missing-client error unless LenientClientAuth is set, and
// two methods at once are refused in both modes (RFC 6749 §2.3).
func TestClientAuthentication(t *testing.T) {
	strict := newFixture(t, Options{})
	form := func(f *fixture) url.Values {
		return url.Values{"grant_type": {"authorization_code"}, "redirect_uri": {DemoRedirectURL}, "code": {f.code(demoQuery(), HubFree)}}
	}
	basic := basicHeader(DemoClientID, DemoClientSecret)
	w := strict.do("POST", "/oauth/v3/token", form(strict), "Authorization", basic)
	wantOAuthError(t, w, versionV3, "BAD_CLIENT_ID")
	if d := jsonBody(t, w)["error_description"].(string); !strings.Contains(d, "HTTP Basic is not supported") {
		t.Errorf("Basic refusal should say why: %q", d)
	}
	both := form(strict)
	both.Set("client_id", DemoClientID)
	both.Set("client_secret", DemoClientSecret)
	wantOAuthError(t, strict.do("POST", "/oauth/v3/token", both, "Authorization", basic), versionV3, "BAD_CLIENT_AUTH")

	lenient := newFixture(t, Options{LenientClientAuth: true})
	if w := lenient.do("POST", "/oauth/v3/token", form(lenient), "Authorization", basic); w.Code != 200 {
		t.Fatalf("lenient Basic: %d %s", w.Code, w.Body.String())
	}
	// RFC 6749 §2.3.1: both halves are form-encoded before Basic encoding.
	odd := App{Name: "odd", ClientID: "odd id", ClientSecret: "s3cr:t+x", RedirectURLs: []string{DemoRedirectURL}, Required: []string{"oauth"}}
	lenient = newFixture(t, Options{LenientClientAuth: true, Apps: []App{odd}})
	q := url.Values{"client_id": {odd.ClientID}, "redirect_uri": {DemoRedirectURL}, "scope": {"oauth"}}
	oddForm := url.Values{"grant_type": {"authorization_code"}, "redirect_uri": {DemoRedirectURL}, "code": {lenient.code(q, HubFree)}}
	if w := lenient.do("POST", "/oauth/v3/token", oddForm, "Authorization", basicHeader(url.QueryEscape(odd.ClientID), url.QueryEscape(odd.ClientSecret))); w.Code != 200 {
		t.Fatalf("form-decoded Basic: %d %s", w.Code, w.Body.String())
	}
	w = lenient.do("POST", "/oauth/v3/token", form(lenient), "Authorization", basicHeader(DemoClientID, "wrong"))
	if w.Code != 401 || !strings.HasPrefix(w.Header().Get("WWW-Authenticate"), "Basic ") {
		t.Fatalf("wrong Basic secret: %d, WWW-Authenticate %q", w.Code, w.Header().Get("WWW-Authenticate"))
	}
	if m := jsonBody(t, w); m["error"] != "invalid_client" {
		t.Errorf("wrong Basic secret body: %v", m)
	}
	wantOAuthError(t, lenient.do("POST", "/oauth/v3/token", both, "Authorization", basic), versionV3, "BAD_CLIENT_AUTH")
}

func TestExtendedTokenFields(t *testing.T) {
	f := newFixture(t, Options{ExtendedTokenFields: true, AccessTTL: time.Minute})
	m := jsonBody(t, f.exchange(versionV3, f.code(demoQuery(), HubFree)))
	if m["token_use"] != "access_token" || m["user_id"] == nil || m["expires_in"] != 60.0 || m["token_type"] != "bearer" {
		t.Fatalf("extended fields: %v", m)
	}
	if at := m["access_token"].(string); strings.Count(at, ".") != 0 || len(at) > 300 || !strings.HasPrefix(m["refresh_token"].(string), "na1-") {
		t.Errorf("token formats: %v", m)
	}
}
