package scopes

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func seedHsmeta(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "app-hsmeta.json"))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestParseAppHsmetaSeedExample(t *testing.T) {
	a, err := ParseAppHsmeta(seedHsmeta(t))
	if err != nil {
		t.Fatal(err)
	}
	want := AppAuth{Type: "oauth", RedirectURLs: []string{"http://localhost:3000/oauth-callback"},
		Selection: Selection{Required: []string{"crm.objects.contacts.read", "crm.objects.contacts.write"},
			Optional: []string{}, ConditionallyRequired: []string{}}}
	if a.Type != want.Type || !slices.Equal(a.RedirectURLs, want.RedirectURLs) || !a.Selection.Equal(want.Selection) {
		t.Errorf("ParseAppHsmeta = %+v, want %+v", a, want)
	}
}

// TestUpdateAppHsmetaUnchangedIsReindentOnly: writing back what was read
// changes nothing but whitespace.
func TestUpdateAppHsmetaUnchangedIsReindentOnly(t *testing.T) {
	orig := seedHsmeta(t)
	a, err := ParseAppHsmeta(orig)
	if err != nil {
		t.Fatal(err)
	}
	out, err := UpdateAppHsmeta(orig, a)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := json.Indent(&want, bytes.TrimSpace(orig), "", "  "); err != nil {
		t.Fatal(err)
	}
	want.WriteByte('\n')
	if !bytes.Equal(out, want.Bytes()) {
		t.Errorf("re-indent differs:\n got: %s\nwant: %s", out, want.Bytes())
	}
}

// TestUpdateAppHsmetaRoundTrip changes the selection and redirects and
// checks every other field stays byte-identical (after re-indent), in order.
func TestUpdateAppHsmetaRoundTrip(t *testing.T) {
	orig := seedHsmeta(t)
	auth := AppAuth{Type: "static", RedirectURLs: []string{"http://localhost:8765/callback?a=1&b=<2>"},
		Selection: Selection{Required: []string{"oauth", "forms"}, ConditionallyRequired: []string{"automation"}, Optional: []string{"hubdb"}}}
	out, err := UpdateAppHsmeta(orig, auth)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseAppHsmeta(out)
	if err != nil {
		t.Fatalf("re-parse: %v\n%s", err, out)
	}
	if got.Type != "oauth" { // type is not ours to change
		t.Errorf("type = %q", got.Type)
	}
	if !slices.Equal(got.RedirectURLs, auth.RedirectURLs) || !got.Selection.Equal(auth.Selection) {
		t.Errorf("round trip = %+v", got)
	}
	if !bytes.Contains(out, []byte("&b=<2>")) {
		t.Error("URL was HTML-escaped")
	}
	origRoot, _ := decodeObject(orig, "")
	outRoot, _ := decodeObject(out, "")
	assertSameExcept(t, origRoot, outRoot, "config")
	origCfg, _ := decodeObject(mustGet(t, origRoot, "config"), "")
	outCfg, _ := decodeObject(mustGet(t, outRoot, "config"), "")
	assertSameExcept(t, origCfg, outCfg, "auth")
	origAuth, _ := decodeObject(mustGet(t, origCfg, "auth"), "")
	outAuth, _ := decodeObject(mustGet(t, outCfg, "auth"), "")
	assertSameExcept(t, origAuth, outAuth, keyRedirects, keyRequired, keyOptional, keyConditional)
	if !strings.HasPrefix(string(out), "{\n  \"uid\": \"oauth-sample-app\",\n  \"type\": \"app\",\n  \"config\": {\n    \"description\"") {
		t.Errorf("not 2-space indented in original order:\n%s", out)
	}
}

func mustGet(t *testing.T, o object, key string) json.RawMessage {
	t.Helper()
	v, ok := o.get(key)
	if !ok {
		t.Fatalf("missing %s", key)
	}
	return v
}

func assertSameExcept(t *testing.T, a, b object, skip ...string) {
	t.Helper()
	if len(a) != len(b) {
		t.Fatalf("member count %d vs %d", len(a), len(b))
	}
	for i := range a {
		if a[i].key != b[i].key {
			t.Errorf("key %d: %q vs %q (order changed)", i, a[i].key, b[i].key)
		}
		if slices.Contains(skip, a[i].key) {
			continue
		}
		var ca, cb bytes.Buffer
		_ = json.Compact(&ca, a[i].value)
		_ = json.Compact(&cb, b[i].value)
		if !bytes.Equal(ca.Bytes(), cb.Bytes()) {
			t.Errorf("%s changed: %s -> %s", a[i].key, ca.Bytes(), cb.Bytes())
		}
	}
}

func TestUpdateAppHsmetaFromNothing(t *testing.T) {
	for _, existing := range [][]byte{nil, []byte("  \n")} {
		sel := Selection{Required: []string{"oauth"}}
		out, err := UpdateAppHsmeta(existing, AppAuth{RedirectURLs: []string{"http://localhost:3000"}, Selection: sel})
		if err != nil {
			t.Fatal(err)
		}
		a, err := ParseAppHsmeta(out)
		if err != nil {
			t.Fatalf("minimal file does not parse: %v\n%s", err, out)
		}
		if a.Type != "oauth" || !a.Selection.Equal(sel) || len(a.RedirectURLs) != 1 {
			t.Errorf("minimal file = %+v", a)
		}
		if !bytes.Contains(out, []byte(`"optionalScopes": []`)) {
			t.Errorf("empty lists should be [] not null:\n%s", out)
		}
	}
}

func TestUpdateAppHsmetaAddsMissingAuth(t *testing.T) {
	out, err := UpdateAppHsmeta([]byte(`{"uid":"x","config":{"name":"n"},"z":1}`), AppAuth{Type: "static", Selection: Selection{Required: []string{"oauth"}}})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(out, []byte("redirectUrls")) {
		t.Errorf("static auth with no redirects should not get redirectUrls:\n%s", out)
	}
	if !bytes.HasSuffix(bytes.TrimSpace(out), []byte(`"z": 1
}`)) {
		t.Errorf("trailing key moved:\n%s", out)
	}
}

func TestParseAppHsmetaErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"{\n  \"config\": {\n    \"auth\": [1,,]\n  }\n}", "line 3, column 16"},
		{"", "not valid JSON"},
		{`[1]`, "the file must be a JSON object"},
		{`{"uid":"x"}`, `no "config" object`},
		{`{"config":{"name":"x"}}`, `no "config.auth" object`},
		{`{"config":"oops"}`, "config must be a JSON object"},
		{`{"config":{"auth":{"requiredScopes":"oauth"}}}`, "config.auth.requiredScopes must be an array of strings"},
		{`{"config":{"auth":{"optionalScopes":[1]}}}`, "config.auth.optionalScopes must be an array of strings"},
		{`{"config":{"auth":{"type":3}}}`, "config.auth.type must be"},
		{`{"config":{"auth":{"requiredScopes":["a\u001b[2J"]}}}`, "requiredScopes[0] contains a control character"},
	}
	for _, tt := range tests {
		_, err := ParseAppHsmeta([]byte(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseAppHsmeta(%q) error = %v, want %q", tt.in, err, tt.want)
		}
		if err != nil && strings.ContainsRune(err.Error(), '\x1b') {
			t.Errorf("error echoes ESC: %q", err)
		}
	}
	if _, err := UpdateAppHsmeta([]byte("{bad"), AppAuth{}); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("UpdateAppHsmeta(bad) error = %v", err)
	}
}

func TestParseAppHsmetaExactKeys(t *testing.T) {
	a, err := ParseAppHsmeta([]byte(`{"config":{"auth":{"requiredScopes":["a"],"RequiredScopes":["b"],"requiredScopes":["c"]}}}`))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.Selection.Required, []string{"c"}) {
		t.Errorf("Required = %v, want the last exact key", a.Selection.Required)
	}
}

func FuzzParseAppHsmeta(f *testing.F) {
	f.Add(seedHsmeta(f))
	f.Add([]byte(`{"config":{"auth":{"requiredScopes":["a"],"RequiredScopes":["b"]}}}`))
	f.Add([]byte(`{"config":{"auth":{"type":"static","optionalScopes":null}},"config":{"auth":{}}}`))
	f.Add([]byte(`{"a":"\u00e9\ud800","config":{"auth":{"redirectUrls":["x&<>"]}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := ParseAppHsmeta(data)
		if err != nil {
			return
		}
		out, err := UpdateAppHsmeta(data, a)
		if err != nil {
			t.Fatalf("Update of a parsable file failed: %v", err)
		}
		b, err := ParseAppHsmeta(out)
		if err != nil {
			t.Fatalf("Update output does not parse: %v\n%s", err, out)
		}
		if !a.Selection.Equal(b.Selection) || !slices.Equal(a.RedirectURLs, b.RedirectURLs) || a.Type != b.Type {
			t.Fatalf("round trip changed auth: %+v -> %+v", a, b)
		}
	})
}
