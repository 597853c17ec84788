package oauth

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestG1_DependenciesPastKnownCVEs checks the checklist's named minimums: golang.org/x/oauth2 v0.27.0 or
// later (CVE-2025-22868) and, if it is ever used, go-retryablehttp v0.7.7 (CVE-2024-6104). govulncheck,
// the rest of G1, needs the vulnerability database, which this project's machines cannot reach.
func TestG1_DependenciesPastKnownCVEs(t *testing.T) {
	gomod, err := os.ReadFile(filepath.Join("..", "go.mod")) // test binaries carry no dependency list
	if err != nil {
		t.Fatal(err)
	}
	minimum := map[string]string{"golang.org/x/oauth2": "v0.27.0", "github.com/hashicorp/go-retryablehttp": "v0.7.7"}
	found := false
	for _, line := range strings.Split(string(gomod), "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && f[0] == "require" {
			f = f[1:]
		}
		if len(f) < 2 {
			continue
		}
		if want, ok := minimum[f[0]]; ok {
			found = found || f[0] == "golang.org/x/oauth2"
			if compareVersions(f[1], want) < 0 {
				t.Errorf("%s %s is older than %s, which fixes a known CVE", f[0], f[1], want)
			}
		}
	}
	if !found {
		t.Fatal("golang.org/x/oauth2 is not in the build; the exchange depends on it")
	}
	if compareVersions("v0.37.0", "v0.27.0") <= 0 || compareVersions("v0.7.6", "v0.7.7") >= 0 || compareVersions("v1.0.0", "v0.99.0") <= 0 {
		t.Fatal("compareVersions is wrong")
	}
}

// compareVersions compares two vMAJOR.MINOR.PATCH versions (pre-release suffixes ignored): -1, 0 or 1.
func compareVersions(a, b string) int {
	pa, pb := versionParts(a), versionParts(b)
	for i := range pa {
		if pa[i] != pb[i] {
			if pa[i] < pb[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}

func versionParts(v string) [3]int {
	var out [3]int
	for i, p := range strings.SplitN(strings.TrimPrefix(v, "v"), ".", 3) {
		p, _, _ = strings.Cut(p, "-")
		out[i], _ = strconv.Atoi(p)
	}
	return out
}
