// Package qrcode renders a URL as a QR code made of half-block characters, so a phone can open the
// authorize URL when the terminal's machine has no browser.
//
// A QR reader needs dark modules on a light quiet zone. A terminal's own colours cannot promise that: a
// light theme draws its foreground dark, a dark theme light. So where colours are allowed every cell sets
// both of its colours explicitly (black and white from the 256-colour palette, whose cube entries themes do
// not remap) and the code reads the same in every theme. Without colours (NO_COLOR, a monochrome terminal)
// the glyphs are chosen for the terminal's background, so dark modules are still the dark ones.
package qrcode

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
	"rsc.io/qr"
)

// Quiet is the light margin, in modules, drawn around the code.
const Quiet = 2

// Options say how the terminal draws: with colours, or only with glyphs on a dark or light background.
type Options struct {
	Colour         bool // set both colours of every cell: the code reads the same in every theme
	Basic          bool // with Colour: the terminal has only the 16 basic colours (black, bright white)
	DarkBackground bool // without colours: the terminal's background is dark (its foreground light)
}

// palette is the four escapes of the explicit colours: foreground and background, dark and light.
type palette struct{ fgDark, fgLight, bgDark, bgLight string }

var (
	// cube is black (16) and white (231) of the 256-colour cube, which themes do not remap.
	cube = palette{"\x1b[38;5;16m", "\x1b[38;5;231m", "\x1b[48;5;16m", "\x1b[48;5;231m"}
	// basic is black and bright white of the 16 colours, for terminals that have no others.
	basic = palette{"\x1b[30m", "\x1b[97m", "\x1b[40m", "\x1b[107m"}
)

const reset = "\x1b[0m"

// Render draws text for the terminal lipgloss is set up for: colours unless the profile has none
// (NO_COLOR, a dumb terminal), and otherwise the glyphs for the detected background.
func Render(text string) (string, error) {
	profile := lipgloss.ColorProfile()
	return RenderWith(text, Options{
		Colour:         profile != termenv.Ascii,
		Basic:          profile == termenv.ANSI,
		DarkBackground: lipgloss.HasDarkBackground(),
	})
}

// RenderWith encodes text at error-correction level L (the smallest code) and draws two modules per
// character cell (upper and lower half), with the quiet zone. Width returns how wide the result is.
func RenderWith(text string, o Options) (string, error) {
	code, err := qr.Encode(text, qr.L)
	if err != nil {
		return "", err
	}
	n := code.Size
	dark := func(x, y int) bool { return x >= 0 && y >= 0 && x < n && y < n && code.Black(x, y) }
	p := cube
	if o.Basic {
		p = basic
	}
	var b strings.Builder
	for y := -Quiet; y < n+Quiet; y += 2 {
		if y > -Quiet {
			b.WriteByte('\n')
		}
		fg, bg := "", ""
		for x := -Quiet; x < n+Quiet; x++ {
			top, bottom := dark(x, y), dark(x, y+1)
			if !o.Colour {
				b.WriteRune(glyph(top, bottom, o.DarkBackground))
				continue
			}
			// An upper half block: its foreground is the top module, its background the bottom one.
			// Colours are written only when they change, which keeps a frame small.
			if f := pick(top, p.fgDark, p.fgLight); f != fg {
				fg = f
				b.WriteString(f)
			}
			if g := pick(bottom, p.bgDark, p.bgLight); g != bg {
				bg = g
				b.WriteString(g)
			}
			b.WriteString("▀")
		}
		if o.Colour {
			b.WriteString(reset)
		}
	}
	return b.String(), nil
}

// pick is a when dark, else b.
func pick(dark bool, a, b string) string {
	if dark {
		return a
	}
	return b
}

// glyph is the half-block character for two modules when only the terminal's own colours are there:
// glyphs are drawn in the foreground, so on a dark background they are the light modules, on a light
// background the dark ones.
func glyph(top, bottom, darkBackground bool) rune {
	if darkBackground {
		top, bottom = !top, !bottom
	}
	switch {
	case top && bottom:
		return '█'
	case top:
		return '▀'
	case bottom:
		return '▄'
	}
	return ' '
}

// Place lays out a rendered code and its caption in w x h cells: the caption above the code when both fit,
// else beside it (right of the code, when at least 20 columns are left), the code centred in what remains.
// caption wraps the caption to a width. ok is false when the code itself does not fit.
func Place(code string, caption func(width int) []string, w, h int) (lines []string, ok bool) {
	rows := strings.Split(code, "\n")
	qw := lipgloss.Width(rows[0])
	if qw > w || len(rows) > h {
		return nil, false
	}
	if above := caption(w); len(rows)+len(above) <= h {
		pad := strings.Repeat(" ", (w-qw)/2)
		for _, r := range rows {
			above = append(above, pad+r)
		}
		return above, true
	}
	side := w - qw - 2
	if side < 20 {
		return nil, false
	}
	beside := caption(side)
	for i, r := range rows {
		if i < len(beside) {
			r += "  " + beside[i]
		}
		lines = append(lines, r)
	}
	return lines, true
}
