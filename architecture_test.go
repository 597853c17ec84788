package main

import (
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/hsoauth/hsoauth"

// goList returns each package of the module (path relative to the module, "." for the root) with its
// non-test imports.
func goList(t *testing.T) map[string][]string {
	t.Helper()
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	pkgs := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		rel := strings.TrimPrefix(strings.TrimPrefix(f[0], module), "/")
		if rel == "" {
			rel = "."
		}
		pkgs[rel] = f[1:]
	}
	return pkgs
}

// readmeFolders are the folders the README's architecture table names, as "cli", "ui/components" …
func readmeFolders(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, arch, ok := strings.Cut(string(data), "## Architecture")
	if !ok {
		t.Fatal("README.md has no Architecture section")
	}
	var out []string
	for _, line := range strings.Split(arch, "\n") {
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		first := strings.SplitN(line, "|", 3)[1]
		for _, m := range regexp.MustCompile("`([^`]+)`").FindAllStringSubmatch(first, -1) {
			out = append(out, strings.TrimSuffix(m[1], "/"))
		}
	}
	return out
}

// TestArchitectureMatchesGoList: every package is in the README's table (itself or under a listed folder),
// every listed folder exists, and the house rules hold: no screen imports oauth, oauth/sandbox or config,
// and no domain package imports Bubble Tea or lipgloss.
func TestArchitectureMatchesGoList(t *testing.T) {
	pkgs := goList(t)
	folders := readmeFolders(t)
	for _, f := range folders {
		if f == "main.go" {
			continue
		}
		found := false
		for p := range pkgs {
			found = found || p == f || strings.HasPrefix(p, f+"/")
		}
		if !found {
			t.Errorf("the README lists %s/, which holds no package", f)
		}
	}
	for p := range pkgs {
		if p == "." {
			continue
		}
		listed := slices.ContainsFunc(folders, func(f string) bool { return p == f || strings.HasPrefix(p, f+"/") })
		if !listed {
			t.Errorf("package %s is missing from the README's architecture table", p)
		}
	}
	domain := []string{"scopes", "oauth", "oauth/sandbox", "config", "session", "redact", "suggest", "export"}
	for p, imports := range pkgs {
		for _, imp := range imports {
			if strings.HasPrefix(p, "ui/") && !strings.HasPrefix(p, "ui/e2e") &&
				(imp == module+"/oauth" || imp == module+"/oauth/sandbox" || imp == module+"/config") {
				t.Errorf("screen package %s imports %s; go through session", p, imp)
			}
			if slices.Contains(domain, p) && strings.HasPrefix(imp, "github.com/charmbracelet/") {
				t.Errorf("domain package %s imports %s", p, imp)
			}
		}
	}
}

// TestChecklistIDsExist: every checklist id a test name or a comment cites, such as TestL11_… or "(F2)",
// is defined in SECURITY.md, so no comment points at a rule the repository does not contain.
func TestChecklistIDsExist(t *testing.T) {
	doc, err := os.ReadFile("SECURITY.md")
	if err != nil {
		t.Fatal(err)
	}
	defined := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^\| ([LARHTSFG][0-9]+)[ |]`).FindAllStringSubmatch(string(doc), -1) {
		defined[m[1]] = true
	}
	files, err := exec.Command("git", "ls-files", "*.go").Output()
	if err != nil {
		t.Skipf("not a git checkout: %v", err)
	}
	cite := regexp.MustCompile(`func Test([LARHTSFG][0-9]+)_|\(([LARHTSFG][0-9]+)(?:[,)]| and )|checklist ([LARHTSFG][0-9]+)`)
	for _, f := range strings.Fields(string(files)) {
		src, err := os.ReadFile(f)
		if err != nil {
			continue // deleted in the work tree
		}
		for _, m := range cite.FindAllStringSubmatch(string(src), -1) {
			id := m[1] + m[2] + m[3]
			if !defined[id] {
				t.Errorf("%s cites %s, which SECURITY.md does not define", f, id)
			}
		}
	}
	if len(defined) < 45 {
		t.Fatalf("SECURITY.md defines only %d ids", len(defined))
	}
}
