package sandbox

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// shBlock matches the fenced ```sh blocks of a Markdown file.
var shBlock = regexp.MustCompile("(?s)```sh\n(.*?)```")

// TestWalkthrough runs every sh block of the README's walkthrough section, in order and in
// one bash, against a real sandbox, so the curl walkthrough works when
// pasted. Skipped without bash or curl, except in CI where that fails.
func TestWalkthrough(t *testing.T) {
	for _, tool := range []string{"bash", "curl", "sed", "grep"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is required in CI: %v", tool, err)
			}
			t.Skipf("%s not installed", tool)
		}
	}
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, doc, ok := strings.Cut(string(readme), "<!-- walkthrough:start -->")
	doc, _, ok2 := strings.Cut(doc, "<!-- walkthrough:end -->")
	if !ok || !ok2 {
		t.Fatal("README.md has no walkthrough:start/end markers")
	}
	var script strings.Builder
	for _, m := range shBlock.FindAllStringSubmatch(doc, -1) {
		script.WriteString(m[1])
		script.WriteString("\n")
	}
	if script.Len() == 0 {
		t.Fatal("no sh blocks found")
	}
	_, base := startSandbox(t, Options{})
	body := strings.ReplaceAll(script.String(), "http://127.0.0.1:8421", base)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "-euo", "pipefail", "-c", body)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("walkthrough failed: %v\n%s", err, out)
	}
	t.Logf("walkthrough output:\n%s", out)
}
