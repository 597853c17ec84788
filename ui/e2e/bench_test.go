package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hsoauth/hsoauth/scopes"
)

// BenchmarkStartupToFirstFrame starts the real binary (sandbox mode, fresh config and state dirs) on a
// 120x40 pseudo-terminal that answers like xterm, and times it until the terminal has received its first
// full frame. Each iteration first does the same with a minimal Bubble Tea list program
// (testdata/minimal), the yardstick: ms is hsoauth's median, minimal-ms the yardstick's, x-minimal their
// ratio (the goal is 1.1 or less).
//
//	go test -run '^$' -bench StartupToFirstFrame ./ui/e2e/
func BenchmarkStartupToFirstFrame(b *testing.B) {
	minimal := buildMinimal(b)
	dir := b.TempDir()
	env := append(terminalEnv(), "XDG_CONFIG_HOME="+dir+"/c", "XDG_STATE_HOME="+dir+"/s")
	var ours, theirs []time.Duration
	for i := 0; i < b.N; i++ {
		theirs = append(theirs, firstFrame(b, minimal, env, minimalMarker(), minimalArgs()...))
		ours = append(ours, firstFrame(b, binary, env, catalogMarker()))
	}
	b.ReportMetric(ms(median(ours)), "ms")
	b.ReportMetric(ms(median(theirs)), "minimal-ms")
	b.ReportMetric(float64(median(ours))/float64(median(theirs)), "x-minimal")
}

// firstFrame runs bin on a 120x40 pty until its output shows marker and returns how long that took.
func firstFrame(b *testing.B, bin string, env []string, marker string, args ...string) time.Duration {
	p := startPTY(b, bin, 120, 40, env, args...)
	d, err := p.waitFor(marker, 10*time.Second)
	if err != nil {
		b.Fatal(err)
	}
	p.kill()
	return d
}

// catalogMarker is what the catalog's first frame says: every scope shown.
func catalogMarker() string {
	n := scopes.Default().Len()
	return fmt.Sprintf("%d of %d scopes", n, n)
}

// minimalArgs make the yardstick list as many items as the catalog has scopes, and minimalMarker is what
// its first frame then says in the list's status bar.
func minimalArgs() []string { return []string{strconv.Itoa(scopes.Default().Len())} }

func minimalMarker() string { return strconv.Itoa(scopes.Default().Len()) + " items" }

// terminalEnv is the environment of a program in an xterm: the PATH and HOME of this one, TERM set.
func terminalEnv() []string {
	return []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "TERM=xterm-256color", "LANG=C.UTF-8"}
}

var (
	minimalOnce sync.Once
	minimalBin  string
	minimalErr  error
)

// buildMinimal builds the yardstick program once per run, as TestMain builds hsoauth.
func buildMinimal(b *testing.B) string {
	minimalOnce.Do(func() {
		minimalBin = filepath.Join(filepath.Dir(binary), "minimal")
		out, err := exec.Command("go", "build", "-o", minimalBin, "./testdata/minimal").CombinedOutput()
		if err != nil {
			minimalErr = fmt.Errorf("building testdata/minimal: %v\n%s", err, out)
		}
	})
	if minimalErr != nil {
		b.Fatal(minimalErr)
	}
	return minimalBin
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// BenchmarkTUISessionPeakRSS plays the whole issue story (catalog, review, consent, token, refresh,
// revoke, trace) in tmux and reports the app's peak resident memory (peak-MB). Each iteration first runs
// the minimal Bubble Tea list program (testdata/minimal) through a short session of its own (scrolling,
// filtering) the same way, the yardstick: minimal-MB, and x-minimal the ratio (the goal is 1.3 or less).
//
//	go test -run '^$' -bench TUISessionPeakRSS ./ui/e2e/
func BenchmarkTUISessionPeakRSS(b *testing.B) {
	minimal := buildMinimal(b)
	peak, floor := 0, 0
	for i := 0; i < b.N; i++ {
		m := startWrapped(b, minimal, 100, 30, nil, minimalArgs()...)
		floor = max(floor, peakKB(b, minimalStory(m)))
		a := startApp(b, 100, 30, nil)
		peak = max(peak, peakKB(b, issueStory(b, a)))
	}
	b.ReportMetric(float64(peak)/1024, "peak-MB")
	b.ReportMetric(float64(floor)/1024, "minimal-MB")
	b.ReportMetric(float64(peak)/float64(floor), "x-minimal")
}

// minimalStory scrolls and filters the minimal program's list, then quits it.
func minimalStory(a *app) string {
	a.see(minimalMarker())
	for range 20 {
		if err := a.Key("Down"); err != nil {
			a.t.Fatal(err)
		}
	}
	a.press("/", "Filter:")
	a.typeText("custom_2", "custom_2")
	a.press("Enter", "crm.objects.custom_2")
	if err := a.Key("q"); err != nil {
		a.t.Fatal(err)
	}
	return a.exited(0)
}

// peakKB reads the wrapper's report of the program's peak resident memory off the final screen.
func peakKB(b *testing.B, screen string) int {
	var kb int
	at := strings.Index(screen, "(peak RSS")
	if at < 0 {
		b.Fatalf("no peak RSS in %q", screen)
	}
	if _, err := fmt.Sscanf(screen[at:], "(peak RSS %d KB)", &kb); err != nil {
		b.Fatalf("no peak RSS in %q: %v", screen, err)
	}
	return kb
}

// BenchmarkStrippedBinarySize builds hsoauth as a release would (CGO_ENABLED=0, -s -w, -trimpath) and
// reports its size in MiB. The goal is 10.1 MiB with the endpoint index included.
//
//	go test -run '^$' -bench StrippedBinarySize ./ui/e2e/
func BenchmarkStrippedBinarySize(b *testing.B) {
	out := filepath.Join(b.TempDir(), "hsoauth")
	for i := 0; i < b.N; i++ {
		build := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", out, "../..")
		build.Env = append(os.Environ(), "CGO_ENABLED=0")
		if msg, err := build.CombinedOutput(); err != nil {
			b.Fatalf("%v\n%s", err, msg)
		}
	}
	fi, err := os.Stat(out)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(fi.Size())/(1<<20), "MiB")
}
