package qrcode

import (
	"image/color"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/cellbuf"
	"github.com/hsoauth/hsoauth/screenshots/termshot"
	"rsc.io/qr"
)

const testURL = "https://app.hubspot.com/oauth/authorize?client_id=5a4db0c5-de30-4a11-8c1e-000000000001" +
	"&scope=oauth%20crm.objects.contacts.read&redirect_uri=http://localhost:3000/oauth-callback&response_type=code" +
	"&state=Zm9yLXRlc3RzLW9ubHktc3RhdGUtMDEyMzQ1Njc4OWFiY2Rl"

// theme is a terminal's own colours: what a cell without an explicit colour shows.
type theme struct {
	name   string
	fg, bg color.Color
	dark   bool
}

var themes = []theme{
	{"dark", color.RGBA{0xE6, 0xED, 0xF3, 0xFF}, color.RGBA{0x0D, 0x11, 0x17, 0xFF}, true},
	{"light", color.RGBA{0x1F, 0x23, 0x28, 0xFF}, color.RGBA{0xFF, 0xFF, 0xFF, 0xFF}, false},
}

// modules reads a rendering back as the terminal shows it: for each module, whether it looks dark.
func modules(t *testing.T, rendered string, th theme) [][]bool {
	t.Helper()
	rows := strings.Split(rendered, "\n")
	w := ansi.StringWidth(rows[0])
	buf := cellbuf.NewBuffer(w, len(rows))
	for y, line := range rows {
		cellbuf.SetContentRect(buf, line, cellbuf.Rect(0, y, w, 1))
	}
	out := make([][]bool, 2*len(rows))
	for y := range out {
		out[y] = make([]bool, w)
	}
	isDark := func(c color.Color) bool {
		r, g, b, _ := c.RGBA()
		return (299*r+587*g+114*b)/1000 < 0x8000
	}
	for y := range rows {
		for x := 0; x < w; x++ {
			c := buf.Cell(x, y)
			fg, bg := th.fg, th.bg
			if c.Style.Fg != nil {
				fg = c.Style.Fg
			}
			if c.Style.Bg != nil {
				bg = c.Style.Bg
			}
			top, bottom := bg, bg
			switch c.Rune {
			case '█':
				top, bottom = fg, fg
			case '▀':
				top = fg
			case '▄':
				bottom = fg
			}
			out[2*y][x], out[2*y+1][x] = isDark(top), isDark(bottom)
		}
	}
	return out
}

// TestQRDarkModulesOnLightQuietZoneInEveryTheme: read back as a dark and as a light terminal shows it, the
// rendering has dark modules exactly where the code has them and a light quiet zone around it, with
// colours and, without them, for the background the terminal has.
func TestQRDarkModulesOnLightQuietZoneInEveryTheme(t *testing.T) {
	code, err := qr.Encode(testURL, qr.L)
	if err != nil {
		t.Fatal(err)
	}
	for _, th := range themes {
		for _, o := range []Options{{Colour: true}, {Colour: true, Basic: true}, {DarkBackground: th.dark}} {
			colour := o.Colour
			s, err := RenderWith(testURL, o)
			if err != nil {
				t.Fatal(err)
			}
			got := modules(t, s, th)
			for y := -Quiet; y < code.Size+Quiet; y++ {
				for x := -Quiet; x < code.Size+Quiet; x++ {
					want := x >= 0 && y >= 0 && x < code.Size && y < code.Size && code.Black(x, y)
					if got[y+Quiet][x+Quiet] != want {
						t.Fatalf("%s theme, colour %v: module (%d,%d) dark=%v, want %v", th.name, colour, x, y, !want, want)
					}
				}
			}
		}
	}
}

// TestQRDecodesWithZbarInEveryTheme renders the code as the screenshots are rendered (capture -> SVG ->
// PNG with rsvg-convert), on a dark and on a light terminal, and decodes it with zbarimg. It needs
// zbar-tools and librsvg2-bin: outside CI it skips without them; in CI (.ci/run installs them) it fails.
func TestQRDecodesWithZbarInEveryTheme(t *testing.T) {
	for _, tool := range []string{"zbarimg", "rsvg-convert"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is required in CI (.ci/run installs it): %v", tool, err)
			}
			t.Skipf("%s is not installed (apt-get install zbar-tools librsvg2-bin)", tool)
		}
	}
	dir := t.TempDir()
	for _, th := range themes {
		for _, colour := range []bool{true, false} {
			s, err := RenderWith(testURL, Options{Colour: colour, DarkBackground: th.dark})
			if err != nil {
				t.Fatal(err)
			}
			rows := strings.Split(s, "\n")
			// A margin of the terminal's own background around the code, as on a screen.
			margin := strings.Repeat(" ", 4)
			capture := strings.Repeat("\n", 2)
			for _, r := range rows {
				capture += margin + r + "\n"
			}
			cols, lines := ansi.StringWidth(rows[0])+8, len(rows)+4
			svg := termshot.SVG(capture, termshot.Options{Cols: cols, Rows: lines, Light: !th.dark})
			name := filepath.Join(dir, th.name+map[bool]string{true: "-colour", false: "-glyphs"}[colour])
			if err := os.WriteFile(name+".svg", svg, 0o644); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.Command("rsvg-convert", "-z", "2", "-o", name+".png", name+".svg").CombinedOutput(); err != nil {
				t.Fatalf("rsvg-convert: %v\n%s", err, out)
			}
			out, err := exec.Command("zbarimg", "--quiet", "--raw", name+".png").Output()
			if got := strings.TrimSpace(string(out)); err != nil || got != testURL {
				t.Errorf("%s theme, colour %v: zbarimg read %q (%v), want the URL", th.name, colour, got, err)
			}
		}
	}
}
