package sandbox

import (
	"bytes"
	"encoding/json"
	"flag"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// shape reduces a JSON value to its field names and types, so golden files
// pin each version's response fields without pinning random tokens.
func shape(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, val := range x {
			out[k] = shape(val)
		}
		return out
	case []any:
		if len(x) == 0 {
			return []any{}
		}
		return []any{shape(x[0])}
	}
	return jsonType(v)
}

func shapeOf(t *testing.T, w *httptest.ResponseRecorder) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
		t.Fatalf("%d %q: %v", w.Code, w.Body.String(), err)
	}
	return shape(v)
}

// TestResponseShapesGolden pins the fields and types of every OAuth
// response per version against testdata/shapes.golden.json (-update).
func TestResponseShapesGolden(t *testing.T) {
	got := map[string]any{}
	for _, ext := range []bool{false, true} {
		f := newFixture(t, Options{ExtendedTokenFields: ext})
		for _, v := range allVersions {
			code := f.code(demoQuery(), HubMarketingPro)
			name := "token " + string(v)
			if ext {
				name += " extended"
			}
			got[name] = shapeOf(t, f.exchange(v, code))
		}
	}
	f := newFixture(t, Options{})
	tr := f.tokens(demoQuery(), HubMarketingPro)
	got["v1 access-token info"] = shapeOf(t, f.do("GET", "/oauth/v1/access-tokens/"+tr.AccessToken, nil))
	got["v1 refresh-token info"] = shapeOf(t, f.do("GET", "/oauth/v1/refresh-tokens/"+tr.RefreshToken, nil))
	for _, v := range []apiVersion{versionV3, version202603} {
		got["introspect access "+string(v)] = shapeOf(t, f.introspect(v, "token", tr.AccessToken))
		got["introspect refresh "+string(v)] = shapeOf(t, f.introspect(v, "token", tr.RefreshToken))
		got["introspect inactive "+string(v)] = shapeOf(t, f.introspect(v, "token", "nope"))
		got["error "+string(v)] = shapeOf(t, f.refresh(v, "nope"))
	}
	got["error v1"] = shapeOf(t, f.refresh(versionV1, "nope"))
	got["api 401"] = shapeOf(t, f.do("GET", "/crm/v3/objects/contacts", nil))
	got["api 403"] = shapeOf(t, f.do("GET", "/crm/v3/objects/contacts", nil, "Authorization", "Bearer "+f.tokenWith([]string{"oauth"})))
	got["account details"] = shapeOf(t, f.do("GET", "/account-info/v3/details", nil, "Authorization", "Bearer "+tr.AccessToken))
	got["contacts"] = shapeOf(t, f.do("GET", "/crm/v3/objects/contacts", nil, "Authorization", "Bearer "+tr.AccessToken))

	gotJSON, _ := json.MarshalIndent(got, "", "  ")
	path := filepath.Join("testdata", "shapes.golden.json")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(gotJSON, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run Golden -update)", err)
	}
	if !bytes.Equal(bytes.TrimSpace(want), bytes.TrimSpace(gotJSON)) {
		t.Errorf("response shapes changed; diff against %s:\n%s", path, gotJSON)
	}
}

// introspect posts to the version's introspection endpoint.
func (f *fixture) introspect(v apiVersion, field, token string, extra ...string) *httptest.ResponseRecorder {
	f.t.Helper()
	form := with(url.Values{"client_id": {DemoClientID}, "client_secret": {DemoClientSecret}, field: {token}}, extra...)
	return f.do("POST", "/oauth/"+string(v)+"/token/introspect", form)
}

// tokenWith installs a one-off app requiring exactly scope and returns an
// access token carrying only those scopes.
func (f *fixture) tokenWith(scope []string) string {
	return f.tokenFor(narrowApp, scope, HubFree)
}

// tokenFor installs app on a portal with the given scope and returns the access token.
func (f *fixture) tokenFor(app App, scope []string, hub int) string {
	f.t.Helper()
	q := url.Values{"client_id": {app.ClientID}, "redirect_uri": {DemoRedirectURL}, "scope": {strings.Join(scope, " ")}}
	loc, err := f.s.Consent("/oauth/authorize?"+q.Encode(), hub, "admin", true)
	if err != nil {
		f.t.Fatal(err)
	}
	u, _ := url.Parse(loc)
	w := f.do("POST", "/oauth/v3/token", url.Values{"grant_type": {"authorization_code"}, "client_id": {app.ClientID},
		"client_secret": {app.ClientSecret}, "redirect_uri": {DemoRedirectURL}, "code": {u.Query().Get("code")}})
	var tr tokenResponse
	if err := json.Unmarshal(w.Body.Bytes(), &tr); err != nil || tr.AccessToken == "" {
		f.t.Fatalf("token for %s: %d %s", app.ClientID, w.Code, w.Body.String())
	}
	return tr.AccessToken
}

// specTypes are the JSON types HubSpot's OpenAPI files give each field
// (Auth/Oauth 2026-03: PublicAccessTokenInfoResponse,
// PublicRefreshTokenInfoResponse, SignedAccessToken; Auth/Oauth v1:
// AccessTokenInfoResponse, RefreshTokenInfoResponse and its smaller
// SignedAccessToken); "number" stands for integer.
var specTypes = map[string]map[string]string{
	"access": {"active": "bool", "app_id": "number", "client_id": "string", "expires_in": "number",
		"hub_domain": "string", "hub_id": "number", "is_private_distribution": "bool", "scopes": "array",
		"signed_access_token": "object", "token": "string", "token_type": "string", "token_use": "string",
		"user": "string", "user_id": "number"},
	"refresh": {"active": "bool", "app_id": "number", "client_id": "string", "hub_domain": "string",
		"hub_id": "number", "scopes": "array", "token": "string", "token_type": "string",
		"token_use": "string", "user": "string", "user_id": "number"},
	"v1 access": {"app_id": "number", "expires_in": "number", "hub_domain": "string", "hub_id": "number",
		"is_private_distribution": "bool", "scopes": "array", "signed_access_token": "object", "token": "string",
		"token_type": "string", "user": "string", "user_id": "number"},
	"v1 refresh": {"client_id": "string", "hub_domain": "string", "hub_id": "number", "scopes": "array",
		"token": "string", "token_type": "string", "user": "string", "user_id": "number"},
	"v1 signed": {"appId": "number", "expiresAt": "number", "hubId": "number", "hublet": "string",
		"installingUserId": "number", "isPrivateDistribution": "bool", "isServiceAccount": "bool", "isUserLevel": "bool",
		"newSignature": "string", "scopeToScopeGroupPks": "string", "scopes": "string", "signature": "string",
		"trialScopeToScopeGroupPks": "string", "trialScopes": "string", "userId": "number"},
	"signed": {"appId": "number", "appInstallId": "string", "audience": "string", "expiresAt": "number",
		"hubId": "number", "hublet": "string", "installingUserId": "number", "isPrivateDistribution": "bool",
		"isServiceAccount": "bool", "isUserLevel": "bool", "newSignature": "string",
		"scopeToScopeGroupPks": "string", "scopes": "string", "signature": "string",
		"trialScopeToScopeGroupPks": "string", "trialScopes": "string", "userId": "number"},
}

// jsonType names a decoded JSON value's type.
func jsonType(v any) string {
	switch v.(type) {
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "bool"
	}
	return "null"
}

// checkSpecTypes fails for every field of want that got lacks or types
// differently, and for every field got has that the spec does not list.
func checkSpecTypes(t *testing.T, what string, got map[string]any, want map[string]string) {
	t.Helper()
	for k, typ := range want {
		if g := jsonType(got[k]); g != typ {
			t.Errorf("%s.%s is %s, the spec says %s", what, k, g, typ)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s.%s is not in HubSpot's spec", what, k)
		}
	}
}

// Every introspection field has the type HubSpot's spec gives it
// (signed_access_token.appInstallId is a string there, not a number).
func TestIntrospectionMatchesSpecTypes(t *testing.T) {
	f := newFixture(t, Options{})
	tr := f.tokens(demoQuery(), HubMarketingPro)
	for _, v := range []apiVersion{versionV3, version202603, version202609} {
		access := jsonBody(t, f.introspect(v, "token", tr.AccessToken))
		checkSpecTypes(t, string(v)+" access", access, specTypes["access"])
		signed, _ := access["signed_access_token"].(map[string]any)
		checkSpecTypes(t, string(v)+" signed_access_token", signed, specTypes["signed"])
		checkSpecTypes(t, string(v)+" refresh", jsonBody(t, f.introspect(v, "token", tr.RefreshToken)), specTypes["refresh"])
	}
	// v1 (Auth/Oauth v1 spec: AccessTokenInfoResponse, RefreshTokenInfoResponse, its SignedAccessToken).
	access := jsonBody(t, f.do("GET", "/oauth/v1/access-tokens/"+tr.AccessToken, nil))
	checkSpecTypes(t, "v1 access", access, specTypes["v1 access"])
	signed, _ := access["signed_access_token"].(map[string]any)
	checkSpecTypes(t, "v1 signed_access_token", signed, specTypes["v1 signed"])
	checkSpecTypes(t, "v1 refresh", jsonBody(t, f.do("GET", "/oauth/v1/refresh-tokens/"+tr.RefreshToken, nil)), specTypes["v1 refresh"])
}
