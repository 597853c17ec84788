package sdktest

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hsoauth/hsoauth/oauth/sandbox"
)

// node finds node and the installed SDK, or skips (fails under CI=true).
func node(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("node")
	why := ""
	switch {
	case err != nil:
		why = "node is not on PATH"
	case exec.Command(bin, "-e", "process.exit(typeof fetch === 'function' ? 0 : 1)").Run() != nil:
		why = "node is older than 18 (the scripts use its built-in fetch)"
	default:
		if _, err := os.Stat(filepath.Join("testdata", "node_modules", "@hubspot", "api-client", "package.json")); err != nil {
			why = "the SDK is not installed: run `npm ci --prefix oauth/sandbox/sdktest/testdata`"
		}
	}
	if why != "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s (CI runs npm ci before the Go tests; see .ci/run)", why)
		}
		t.Skip(why)
	}
	return bin
}

// start runs a sandbox on a free loopback port for one test.
func start(t *testing.T, apps ...sandbox.App) *sandbox.Server {
	t.Helper()
	s, err := sandbox.New(sandbox.Options{Apps: apps})
	if err != nil {
		t.Fatalf("sandbox.New: %v", err)
	}
	if _, err := s.Start("127.0.0.1:0"); err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = s.Close(ctx)
	})
	return s
}

// run runs one script with the sandbox's address and an app's credentials and
// fails the test with the script's output when a step failed.
func run(t *testing.T, bin string, s *sandbox.Server, app sandbox.App, script string, env ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, script)
	cmd.Dir = "testdata"
	cmd.Env = append(os.Environ(), "SANDBOX_URL="+s.BaseURL(), "CLIENT_ID="+app.ClientID,
		"CLIENT_SECRET="+app.ClientSecret, "HUB_ID="+strconv.Itoa(sandbox.HubAllEnterprise),
		"REDIRECT_URI="+sandbox.DemoRedirectURL)
	cmd.Env = append(cmd.Env, env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("node %s: %v\n%s\nstderr:\n%s", script, err, failures(out.String()), errOut.String())
	}
	return out.String()
}

// failures keeps the FAIL and note lines and the summary of a script's output.
func failures(out string) string {
	var keep []string
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "ok ") {
			keep = append(keep, line)
		}
	}
	return strings.Join(keep, "\n")
}

// The SDK's whole app life against the sandbox: OAuth, CRM, CMS, marketing,
// the webhooks API with the developer API key, the error answers and the
// retries on 429 and 503.
func TestSDKWalk(t *testing.T) {
	bin := node(t)
	s := start(t)
	out := run(t, bin, s, s.DemoApp(), "walk.js",
		"DEVELOPER_API_KEY="+sandbox.DemoDeveloperAPIKey, "APP_ID="+strconv.Itoa(sandbox.DemoAppID))
	if !strings.Contains(out, "all steps passed") || strings.Count(out, "\nok ") < 50 {
		t.Fatalf("the walk did not run every step:\n%s", out)
	}
}
