package termshot

import (
	"strings"
	"testing"
)

func TestSVGPlacesStyledGlyphs(t *testing.T) {
	capture := "\x1b[1;38;2;255;122;89mhsoauth\x1b[0m  catalog\n\x1b[48;2;1;2;3m  \x1b[0m<&>"
	svg := string(SVG(capture, Options{Cols: 20, Rows: 3, Title: "demo <1>"}))
	for _, want := range []string{
		`fill="#FF7A59" font-weight="bold">hsoauth</text>`, // the bold orange title, one run
		`>catalog</text>`,
		`fill="#010203"`,       // the background rectangle
		`&lt;&amp;&gt;</text>`, // escaped text
		`demo &lt;1&gt;`,       // escaped title
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %q:\n%s", want, svg)
		}
	}
	if again := string(SVG(capture, Options{Cols: 20, Rows: 3, Title: "demo <1>"})); again != svg {
		t.Error("the same capture must give the same bytes")
	}
}

func FuzzSVG(f *testing.F) {
	f.Add("\x1b[31mred\x1b[0m\n\x1b[7mrev\x1b[0m", 10, 3)
	f.Fuzz(func(t *testing.T, capture string, cols, rows int) {
		cols, rows = 1+int(uint(cols)%200), 1+int(uint(rows)%80)
		svg := string(SVG(capture, Options{Cols: cols, Rows: rows}))
		if !strings.HasPrefix(svg, "<svg") || !strings.HasSuffix(svg, "</svg>\n") {
			t.Fatal("not an SVG document")
		}
	})
}
