package oauth

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type srcFile struct{ name, src string }

// goFiles returns the package's non-test Go sources, for source-level rules.
func goFiles(t *testing.T) []srcFile {
	t.Helper()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var out []srcFile
	for _, n := range names {
		if strings.HasSuffix(n, "_test.go") {
			continue
		}
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, srcFile{n, string(b)})
	}
	return out
}
