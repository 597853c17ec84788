// Command screenshots regenerates the pictures of every TUI screen from the real binary:
//
//	go run ./screenshots
//
// It builds hsoauth, runs it in tmux in its deterministic test mode against the built-in sandbox, walks
// through every screen one key at a time, and writes each screen as NN-name.svg (our own renderer, exact
// cell placement) and NN-name.png (rsvg-convert) into this folder. It installs the Debian packages it needs
// (tmux, librsvg2-bin, fonts-jetbrains-mono) when run as root, and says what to install otherwise.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

func main() {
	out := flag.String("out", "screenshots", "folder to write the SVG and PNG files into")
	noPNG := flag.Bool("svg-only", false, "write only the SVG files (no rsvg-convert needed)")
	flag.Parse()
	if err := run(*out, !*noPNG); err != nil {
		fmt.Fprintln(os.Stderr, "screenshots:", err)
		os.Exit(1)
	}
}

func run(out string, png bool) error {
	if err := ensureTools(png); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "hsoauth-shots-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "hsoauth")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("building hsoauth (run this from the repository root): %w", err)
	}
	shots, err := capture(bin, tmp, 30*time.Second)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for _, s := range shots {
		svgPath := filepath.Join(out, s.name+".svg")
		if err := os.WriteFile(svgPath, s.svg, 0o644); err != nil {
			return err
		}
		if png {
			pngPath := filepath.Join(out, s.name+".png")
			if msg, err := exec.Command("rsvg-convert", "-z", "1.5", "-o", pngPath, svgPath).CombinedOutput(); err != nil {
				return fmt.Errorf("rsvg-convert %s: %v: %s", svgPath, err, msg)
			}
		}
		fmt.Println("wrote", svgPath)
	}
	return nil
}

// ensureTools installs the Debian packages the command needs when it can, or says how.
func ensureTools(png bool) error {
	need := map[string]string{"tmux": "tmux"}
	if png {
		need["rsvg-convert"] = "librsvg2-bin"
	}
	var missing []string
	for bin, pkg := range need {
		if _, err := exec.LookPath(bin); err != nil {
			missing = append(missing, pkg)
		}
	}
	if png {
		if _, err := os.Stat("/usr/share/fonts/truetype/jetbrains-mono"); err != nil {
			missing = append(missing, "fonts-jetbrains-mono")
		}
	}
	if len(missing) == 0 {
		return nil
	}
	if os.Geteuid() != 0 {
		return fmt.Errorf("missing packages; install them with: sudo apt-get install -y %v", missing)
	}
	fmt.Fprintln(os.Stderr, "installing", missing)
	if out, err := exec.Command("apt-get", "update", "-qq").CombinedOutput(); err != nil {
		return fmt.Errorf("apt-get update: %v: %s", err, out)
	}
	args := append([]string{"install", "-y", "-qq", "--no-install-recommends"}, missing...)
	cmd := exec.Command("apt-get", args...)
	cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
	if out, err := cmd.CombinedOutput(); err != nil {
		return errors.New("apt-get install " + fmt.Sprint(missing) + ": " + err.Error() + ": " + string(out))
	}
	return nil
}
