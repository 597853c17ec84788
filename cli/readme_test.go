package cli

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hsoauth/hsoauth/ui/uitest"
)

// TestREADMEScriptedFlow runs the README's scripted-flow block with bash, with `hsoauth` on PATH standing
// for this test binary, on a free port instead of 8421, so the documented script keeps working.
func TestREADMEScriptedFlow(t *testing.T) {
	for _, tool := range []string{"bash", "curl"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is required in CI: %v", tool, err)
			}
			t.Skipf("%s not installed; the README flow needs it", tool)
		}
	}
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(readme), "<!-- cli-flow:start -->")
	block, _, ok2 := strings.Cut(block, "<!-- cli-flow:end -->")
	m := regexp.MustCompile("(?s)```sh\n(.*?)```").FindStringSubmatch(block)
	if !ok || !ok2 || m == nil {
		t.Fatal("README.md has no cli-flow block")
	}
	bin := t.TempDir()
	wrapper := fmt.Sprintf("#!/bin/sh\nHSOAUTH_TEST_MAIN=1 exec %q \"$@\"\n", os.Args[0])
	if err := os.WriteFile(filepath.Join(bin, "hsoauth"), []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := fmt.Sprint(l.Addr().(*net.TCPAddr).Port)
	_ = l.Close()
	script := strings.ReplaceAll(m[1], "127.0.0.1:8421", "127.0.0.1:"+port)
	ctx, cancel := context.WithTimeout(context.Background(), uitest.Deadline(60*time.Second))
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "-euo", "pipefail", "-c", script)
	dir := t.TempDir()
	cmd.Env = append(os.Environ(), "PATH="+bin+":"+os.Getenv("PATH"), "XDG_CONFIG_HOME="+dir+"/c", "XDG_STATE_HOME="+dir+"/s",
		"HSOAUTH_SANDBOX_URL=", "BROWSER=/bin/false")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("README flow failed: %v\n%s", err, out)
	}
	for _, want := range []string{"dropped", "feedback_submissions", `"results"`, "Refreshed", "Revoked", "exit 4"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("README flow output lacks %q:\n%s", want, out)
		}
	}
}
