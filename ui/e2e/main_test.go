package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/hsoauth/hsoauth/screenshots/tmux"
	"github.com/hsoauth/hsoauth/ui/uitest"
)

// binary is the hsoauth binary built once for the package's tests.
var binary string

func TestMain(m *testing.M) {
	if bin := os.Getenv("HSOAUTH_E2E_WRAP"); bin != "" {
		os.Exit(wrap(bin, os.Args[1:]))
	}
	dir, err := os.MkdirTemp("", "hsoauth-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "hsoauth")
	build := exec.Command("go", "build", "-o", binary, "../..")
	build.Env = append(os.Environ(), "CGO_ENABLED=0") // as a release is built: static, no libc to load
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building hsoauth:", err)
		os.Exit(1)
	}
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// wrap runs the app on the terminal it was given, then reports how it ended and its peak resident memory
// (getrusage's maxrss) and keeps the pane alive for the test to read.
func wrap(bin string, args []string) int {
	cmd := exec.Command(bin, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = os.Environ()
	_ = cmd.Run()
	code, peak := -1, int64(0)
	if st := cmd.ProcessState; st != nil {
		code = st.ExitCode()
		if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
			peak = ru.Maxrss
		}
	}
	fmt.Printf("hsoauth exited with status %d (peak RSS %d KB)\n", code, peak)
	time.Sleep(10 * time.Minute)
	return 0
}

// needTool skips when a tool is missing, except in CI where .ci/run installs it and a miss is a failure.
func needTool(t testing.TB, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required in CI (.ci/run installs it): %v", name, err)
		}
		t.Skipf("%s is not installed; install it (apt-get install %s) to run this end-to-end test", name, name)
	}
}

// app is the TUI running in tmux with private config and state dirs.
type app struct {
	*tmux.Session
	t   testing.TB
	dir string
}

// startApp runs hsoauth (test mode, sandbox) in a w x h tmux window; extra args and env are appended.
func startApp(t testing.TB, w, h int, env []string, args ...string) *app {
	t.Helper()
	return startWrapped(t, binary, w, h, env, args...)
}

// startWrapped runs bin as startApp runs hsoauth.
func startWrapped(t testing.TB, bin string, w, h int, env []string, args ...string) *app {
	t.Helper()
	needTool(t, "tmux")
	dir := t.TempDir()
	env = append([]string{"XDG_CONFIG_HOME=" + dir + "/config", "XDG_STATE_HOME=" + dir + "/state",
		"HSOAUTH_TEST_MODE=1", "BROWSER=/bin/false", "NO_COLOR="}, env...)
	// This test binary runs the app and stays alive after it, printing the exit code and peak memory:
	// tmux marks a dead pane's cursor hidden, so the terminal's state can only be judged in a live pane.
	env = append(env, "HSOAUTH_E2E_WRAP="+bin)
	s, err := tmux.Start(tmux.Options{Width: w, Height: h, Env: env, Command: append([]string{os.Args[0]}, args...), Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return &app{Session: s, t: t, dir: dir}
}

// wait bounds every wait for the screen: generous, and longer in CI (uitest.Deadline), since a loaded
// 2-core machine can take seconds to draw a frame; the waits poll, so they cost nothing when fast.
var wait = uitest.Deadline(30 * time.Second)

// see waits until the screen shows want, failing the test with the screen if it does not.
func (a *app) see(want string) string {
	a.t.Helper()
	screen, err := a.WaitFor(want, wait)
	if err != nil {
		a.t.Fatal(err)
	}
	return screen
}

// press sends one key and waits until the screen shows want.
func (a *app) press(key, want string) string {
	a.t.Helper()
	if err := a.Key(key); err != nil {
		a.t.Fatal(err)
	}
	return a.see(want)
}

// typeText types literal text into a focused input and waits for want.
func (a *app) typeText(text, want string) {
	a.t.Helper()
	if err := a.Type(text); err != nil {
		a.t.Fatal(err)
	}
	a.see(want)
}

// quitClean sends key, waits for the program to end, and checks the exit code and the terminal.
func (a *app) quitClean(key string, wantCode int) {
	a.t.Helper()
	if err := a.Key(key); err != nil {
		a.t.Fatal(err)
	}
	a.exited(wantCode)
}

// exited waits for the app to end with wantCode and checks it left the terminal clean.
func (a *app) exited(wantCode int) string {
	a.t.Helper()
	screen := a.see(fmt.Sprintf("hsoauth exited with status %d ", wantCode))
	if ok, why := a.TerminalRestored(); !ok {
		a.t.Fatalf("terminal not restored after exit: %s\n%s", why, screen)
	}
	return screen
}
