package cli

import (
	"errors"
	"time"

	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hsoauth/hsoauth/ui/uitest"
)

// TestTUIRefusesWithoutTerminal runs hsoauth with no subcommand as `hsoauth > out` and
// `hsoauth </dev/null >out` would: the TUI must not start (nothing drawn into the file, no key reader
// dying on /dev/null); it names the subcommands that do the same job and exits 2.
func TestTUIRefusesWithoutTerminal(t *testing.T) {
	p := newProc(t)
	devnull, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer devnull.Close()
	for name, stdin := range map[string]*os.File{"stdin /dev/null": devnull, "stdin a pipe": nil} {
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			f, err := os.Create(out)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), uitest.Deadline(30*time.Second))
			defer cancel()
			cmd := p.command(ctx)
			var stderr strings.Builder
			cmd.Stdout, cmd.Stderr = f, &stderr
			if stdin != nil {
				cmd.Stdin = stdin
			} else {
				cmd.Stdin = strings.NewReader("q")
			}
			err = cmd.Run()
			_ = f.Close()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != ExitUsage {
				t.Fatalf("want exit 2, got %v\n%s", err, stderr.String())
			}
			if b, _ := os.ReadFile(out); len(b) != 0 {
				t.Fatalf("the TUI drew into the file: %q", b)
			}
			msg := stderr.String()
			for _, want := range []string{"not a terminal", "standard output", "hsoauth url", "hsoauth login --no-browser", "hsoauth token", "hsoauth scopes"} {
				if !strings.Contains(msg, want) {
					t.Errorf("the refusal lacks %q:\n%s", want, msg)
				}
			}
			if strings.Contains(msg, "cancelreader") || strings.Contains(msg, "epoll") {
				t.Fatalf("the key reader still started:\n%s", msg)
			}
		})
	}
}
