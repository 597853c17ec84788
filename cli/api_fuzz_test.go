package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/hsoauth/hsoauth/oauth"
)

// FuzzAPIBuildCall feeds arbitrary [METHOD] PATH, --query, --header and --data values to the parser. An
// accepted call has a known method, a body that is valid JSON, the query pair in its path, and headers that
// can neither replace the token nor smuggle a second header; a refused --data names a position inside it.
func FuzzAPIBuildCall(f *testing.F) {
	f.Add("GET", "/crm/v3/objects/contacts", "limit=1", "X-Request-Id: 7", "")
	f.Add("", "crm/v3/objects/contacts?a=b", "properties=email,firstname", "Accept: application/json", `{"properties":{"email":"a@b.test"}}`)
	f.Add("post", "/x", "k=", "X: a\r\nAuthorization: Bearer y", "{\n  \"a\": tru\n}")
	f.Add("PATCH", "/x#frag", "=v", "Authorization: Bearer z", "@-[1,2]")
	f.Fuzz(func(t *testing.T, method, path, query, header, data string) {
		stdin := ""
		if strings.HasPrefix(data, "@") { // never open files named by the fuzzer: read the rest from stdin
			data, stdin = "@-", data[1:]
		}
		fl := apiFlags{data: data, query: []string{query}, header: []string{header}}
		pos := []string{path}
		if method != "" {
			pos = []string{method, path}
		}
		call, err := fl.buildCall(strings.NewReader(stdin), pos)
		if err != nil {
			checkRefusal(t, err, data, stdin)
			return
		}
		r := call.Request
		if !slices.Contains(oauth.APIMethods, r.Method) || (data != "" && !json.Valid(r.Body)) {
			t.Fatalf("accepted method %q body %q", r.Method, r.Body)
		}
		k, v, _ := strings.Cut(query, "=")
		_, raw, _ := strings.Cut(r.Path, "?")
		if q, err := url.ParseQuery(raw); err == nil && !slices.Contains(q[k], v) {
			t.Fatalf("query %q lost in %q", query, r.Path)
		}
		for name, vs := range r.Header {
			if strings.EqualFold(name, "Authorization") || strings.ContainsAny(name+strings.Join(vs, ""), "\r\n\x00") {
				t.Fatalf("accepted header %q: %q", name, vs)
			}
		}
	})
}

// checkRefusal checks that a refused --data points inside the body it refused.
func checkRefusal(t *testing.T, err error, data, stdin string) {
	t.Helper()
	if !strings.Contains(err.Error(), "not valid JSON") {
		return
	}
	body := []byte(data)
	if data == "@-" {
		body = []byte(stdin)
	}
	var line, col int
	if i := strings.LastIndex(err.Error(), " at line "); i < 0 || !scanPos(err.Error()[i:], &line, &col) {
		t.Fatalf("no position in %q", err)
	}
	if line < 1 || line > bytes.Count(body, []byte("\n"))+1 || col < 1 || col > len(body)+1 {
		t.Fatalf("position %d:%d outside %q", line, col, body)
	}
}

// scanPos reads " at line L, column C".
func scanPos(s string, line, col *int) bool {
	var l, c int
	if n, _ := fmt.Sscanf(s, " at line %d, column %d", &l, &c); n != 2 {
		return false
	}
	*line, *col = l, c
	return true
}
