// Package termshot turns a terminal capture (text with ANSI styles, as `tmux capture-pane -e -N` prints it)
// into an SVG picture of a terminal window. It places every glyph at its exact cell, so columns line up
// whatever the font's quirks, and the output is byte-identical for identical input, which lets a test
// compare the committed screenshots with what the command makes.
package termshot

import (
	"fmt"
	"image/color"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/cellbuf"
)

// Options size and label the picture.
type Options struct {
	Cols, Rows int
	Title      string
	// Light draws text without an explicit colour dark on a light window, as a light terminal theme does
	// (the default is a dark theme).
	Light bool
}

// Geometry of a cell and the window, in SVG user units (px at 1x).
const (
	cellW    = 8.4
	cellH    = 18.0
	fontSize = 14.0
	pad      = 14.0
	titleH   = 30.0
)

// palette is the colours of the window and of text without an explicit colour.
type palette struct{ fg, bg, chrome color.Color }

var (
	dark  = palette{fg: color.RGBA{0xE6, 0xED, 0xF3, 0xFF}, bg: color.RGBA{0x0D, 0x11, 0x17, 0xFF}, chrome: color.RGBA{0x16, 0x1B, 0x22, 0xFF}}
	light = palette{fg: color.RGBA{0x1F, 0x23, 0x28, 0xFF}, bg: color.RGBA{0xFF, 0xFF, 0xFF, 0xFF}, chrome: color.RGBA{0xE8, 0xEA, 0xED, 0xFF}}
)

// SVG renders capture as an SVG document.
func SVG(capture string, o Options) []byte {
	buf := cellbuf.NewBuffer(o.Cols, o.Rows)
	for y, line := range strings.Split(strings.TrimRight(capture, "\n"), "\n") {
		if y >= o.Rows {
			break
		}
		cellbuf.SetContentRect(buf, line, cellbuf.Rect(0, y, o.Cols, 1))
	}
	p := dark
	if o.Light {
		p = light
	}
	w := pad*2 + cellW*float64(o.Cols)
	h := titleH + pad*2 + cellH*float64(o.Rows)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s">`+"\n", num(w), num(h), num(w), num(h))
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" rx="10" fill="%s"/>`+"\n", hex(p.chrome))
	fmt.Fprintf(&b, `<rect x="0" y="%s" width="%s" height="%s" fill="%s"/>`+"\n", num(titleH), num(w), num(h-titleH-10), hex(p.bg))
	fmt.Fprintf(&b, `<rect x="0" y="%s" width="%s" height="10" rx="10" fill="%s"/>`+"\n", num(h-20), num(w), hex(p.bg))
	for i, c := range []string{"#FF5F57", "#FEBC2E", "#28C840"} {
		fmt.Fprintf(&b, `<circle cx="%d" cy="15" r="6" fill="%s"/>`+"\n", 20+i*20, c)
	}
	if o.Title != "" {
		fmt.Fprintf(&b, `<text x="%s" y="20" fill="#8B949E" font-family="JetBrains Mono, DejaVu Sans Mono, monospace" font-size="13" text-anchor="middle">%s</text>`+"\n", num(w/2), escape(o.Title))
	}
	b.WriteString(`<g font-family="JetBrains Mono, DejaVu Sans Mono, monospace" font-size="14">` + "\n")
	for y := 0; y < o.Rows; y++ {
		writeRow(&b, buf, y, o.Cols, p)
	}
	b.WriteString("</g>\n</svg>\n")
	return []byte(b.String())
}

// writeRow draws a row: background rectangles first, then runs of glyphs that share a style.
func writeRow(b *strings.Builder, buf *cellbuf.Buffer, y, cols int, p palette) {
	top := titleH + pad + cellH*float64(y)
	for x := 0; x < cols; {
		c := buf.Cell(x, y)
		n := 1
		if c == nil || c.Style.Bg == nil && !reversed(c) {
			x++
			continue
		}
		bg := background(c, p)
		for x+n < cols {
			d := buf.Cell(x+n, y)
			if d == nil || background(d, p) != bg || d.Style.Bg == nil && !reversed(d) {
				break
			}
			n++
		}
		fmt.Fprintf(b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>`+"\n",
			num(pad+cellW*float64(x)), num(top), num(cellW*float64(n)), num(cellH), bg)
		x += n
	}
	for x := 0; x < cols; {
		c := buf.Cell(x, y)
		if c == nil || c.Rune == 0 || c.Rune == ' ' {
			x++
			continue
		}
		key := styleKey(c, p)
		var xs []string
		var text strings.Builder
		for x < cols {
			d := buf.Cell(x, y)
			if d == nil || d.Rune == 0 || d.Rune == ' ' || styleKey(d, p) != key {
				break
			}
			xs = append(xs, num(pad+cellW*float64(x)))
			text.WriteString(escape(d.String()))
			x += max(d.Width, 1)
		}
		fmt.Fprintf(b, `<text x="%s" y="%s"%s>%s</text>`+"\n", strings.Join(xs, " "), num(top+cellH*0.75), key, text.String())
	}
}

// reversed reports whether a cell has reverse video (the cursor and highlighted bars use it).
func reversed(c *cellbuf.Cell) bool { return c.Style.Attrs&cellbuf.ReverseAttr != 0 }

// background is the fill colour of a cell.
func background(c *cellbuf.Cell, p palette) string {
	if reversed(c) {
		return hex(orDefault(c.Style.Fg, p.fg))
	}
	return hex(orDefault(c.Style.Bg, p.bg))
}

// styleKey is the SVG attributes of a glyph's style; equal keys share a <text> run.
func styleKey(c *cellbuf.Cell, p palette) string {
	fg := orDefault(c.Style.Fg, p.fg)
	if reversed(c) {
		fg = orDefault(c.Style.Bg, p.bg)
	}
	a := c.Style.Attrs
	s := ` fill="` + hex(fg) + `"`
	if a&cellbuf.BoldAttr != 0 {
		s += ` font-weight="bold"`
	}
	if a&cellbuf.FaintAttr != 0 {
		s += ` opacity="0.6"`
	}
	if a&cellbuf.ItalicAttr != 0 {
		s += ` font-style="italic"`
	}
	var deco []string
	if c.Style.UlStyle != ansi.UnderlineNone {
		deco = append(deco, "underline")
	}
	if a&cellbuf.StrikethroughAttr != 0 {
		deco = append(deco, "line-through")
	}
	if len(deco) > 0 {
		s += ` text-decoration="` + strings.Join(deco, " ") + `"`
	}
	return s
}

func orDefault(c ansi.Color, d color.Color) color.Color {
	if c == nil {
		return d
	}
	return c
}

// hex formats a colour as #RRGGBB.
func hex(c color.Color) string {
	r, g, b, _ := c.RGBA()
	return fmt.Sprintf("#%02X%02X%02X", r>>8, g>>8, b>>8)
}

// num formats a coordinate with at most two decimals and no trailing zeros, for stable, small output.
func num(f float64) string {
	s := fmt.Sprintf("%.2f", f)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s
}

// escape makes text safe inside SVG.
func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}
