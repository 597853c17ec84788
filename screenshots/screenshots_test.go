package main

import (
	"time"

	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/hsoauth/hsoauth/ui/uitest"
)

// TestScreenshotsUpToDate regenerates every screen's SVG from the real binary and compares it with the
// file in this folder, so the pictures in the README are what the app shows today. PNGs are made from
// the SVGs by rsvg-convert and are not compared (they depend on the installed font build).
// To update: go run ./screenshots (from the repository root).
func TestScreenshotsUpToDate(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("tmux is required in CI: %v", err)
		}
		t.Skip("tmux is not installed; apt-get install tmux to compare the screenshots")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "hsoauth")
	build := exec.Command("go", "build", "-o", bin, "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	shots, err := capture(bin, tmp, uitest.Deadline(30*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if len(shots) != len(namedSteps()) {
		t.Fatalf("captured %d screens, the tour names %d", len(shots), len(namedSteps()))
	}
	for _, s := range shots {
		want, err := os.ReadFile(s.name + ".svg")
		if err != nil {
			t.Errorf("%s.svg is missing: run go run ./screenshots", s.name)
			continue
		}
		if !bytes.Equal(want, s.svg) {
			_ = os.WriteFile(filepath.Join(os.TempDir(), s.name+".new.svg"), s.svg, 0o644)
			t.Errorf("%s.svg is out of date (the new one is in %s): run go run ./screenshots", s.name, os.TempDir())
		}
	}
}

// namedSteps lists the tour steps that produce a screenshot.
func namedSteps() []step {
	var out []step
	for _, s := range tour {
		if s.shoot != "" {
			out = append(out, s)
		}
	}
	return out
}
