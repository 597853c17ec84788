// Package text holds the string helpers every screen uses to fit styled terminal text into its area:
// padding, cutting with an ellipsis, word wrapping that never breaks a word, URL wrapping at parameter
// boundaries, and clipping a block to a width and height. All of them count cells, not bytes, and keep ANSI
// styles intact (github.com/charmbracelet/x/ansi).
package text

import (
	"regexp"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// Ellipsis marks where a line was cut.
const Ellipsis = "…"

// PadRight pads a (possibly styled) string with spaces to w cells; longer strings are left as they are.
func PadRight(s string, w int) string {
	if n := ansi.StringWidth(s); n < w {
		return s + strings.Repeat(" ", w-n)
	}
	return s
}

// Truncate cuts s to w cells, ending with an ellipsis when something was cut.
func Truncate(s string, w int) string {
	if ansi.StringWidth(s) <= w {
		return s
	}
	return ansi.Truncate(s, max(w, 0), Ellipsis)
}

// Wrap word-wraps s to lines of at most w cells, breaking only at spaces (never at a hyphen: in
// "oauth-callback" or "netstat -ano" it is part of the word). A single word wider than w is cut with an
// ellipsis rather than split: half a word reads as a different word. Existing line breaks and leading
// indentation are kept; ANSI styles pass through (escape sequences hold no spaces).
func Wrap(s string, w int) []string {
	w = max(w, 1)
	var out []string
	for _, line := range strings.Split(s, "\n") {
		out = append(out, wrapLine(line, w)...)
	}
	return carryStyles(out)
}

// sgrRE matches an SGR escape sequence (colours, bold …).
var sgrRE = regexp.MustCompile("\x1b\\[[0-9;:]*m")

// carryStyles makes each line stand alone: a style still open at the end of a line is closed there and
// opened again on the next, so a styled sentence wrapped onto two lines keeps its style on both, however
// the lines are later joined or placed.
func carryStyles(lines []string) []string {
	active := ""
	for i, l := range lines {
		opened := active // what the previous lines left open, before this line's own sequences
		for _, seq := range sgrRE.FindAllString(l, -1) {
			if seq == "\x1b[0m" || seq == "\x1b[m" {
				active = ""
			} else if len(active) < 256 {
				active += seq
			}
		}
		l = opened + l
		if active != "" {
			l += "\x1b[0m"
		}
		lines[i] = l
	}
	return lines
}

// wrapLine wraps one line without breaks.
func wrapLine(line string, w int) []string {
	words := strings.Split(line, " ")
	var out []string
	cur := words[0]
	for _, word := range words[1:] {
		if ansi.StringWidth(cur+" "+word) <= w || strings.TrimSpace(ansi.Strip(cur)) == "" {
			cur += " " + word
			continue
		}
		out = append(out, Truncate(strings.TrimRight(cur, " "), w))
		cur = word
	}
	return append(out, Truncate(strings.TrimRight(cur, " "), w))
}

// WrapAll word-wraps each of lines to w cells.
func WrapAll(lines []string, w int) []string {
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		out = append(out, Wrap(l, w)...)
	}
	return out
}

// WrapURL wraps a plain (unstyled) URL to w cells at its parameter boundaries: after the "?" and each "&",
// and after each "%20" inside a long scope list. Only a piece that is itself wider than w (a very long value) is broken inside,
// since a URL has no spaces; the pieces joined again give back the URL exactly.
func WrapURL(u string, w int) []string {
	w = max(w, 1)
	var lines []string
	line := ""
	for _, piece := range urlPieces(u) {
		if line != "" && ansi.StringWidth(line)+ansi.StringWidth(piece) > w {
			lines = append(lines, line)
			line = ""
		}
		line += piece
		for ansi.StringWidth(line) > w {
			head, rest := cutCells(line, w)
			lines, line = append(lines, head), rest
		}
	}
	if line != "" || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}

// cutCells splits plain text after at most w cells (at least one rune, so a wide rune in a narrow line
// still makes progress).
func cutCells(s string, w int) (string, string) {
	n := 0
	for i, r := range s {
		rw := ansi.StringWidth(string(r))
		if n+rw > w && i > 0 {
			return s[:i], s[i:]
		}
		n += rw
	}
	return s, ""
}

// urlPieces splits u after the first "?", each "&" and each "%20", keeping the separators.
func urlPieces(u string) []string {
	var pieces []string
	if q := strings.IndexByte(u, '?'); q >= 0 {
		pieces, u = append(pieces, u[:q+1]), u[q+1:]
	}
	for len(u) > 0 {
		i := strings.IndexAny(u, "&%")
		for i >= 0 && u[i] == '%' && !strings.HasPrefix(u[i:], "%20") {
			j := strings.IndexAny(u[i+1:], "&%")
			if j < 0 {
				i = -1
				break
			}
			i += 1 + j
		}
		if i < 0 {
			pieces = append(pieces, u)
			break
		}
		end := i + 1
		if u[i] == '%' {
			end = i + 3
		}
		pieces = append(pieces, u[:end])
		u = u[end:]
	}
	return pieces
}

// Fit makes a block exactly h lines of at most w cells: longer lines are cut with an ellipsis, extra lines
// dropped, missing ones added empty.
func Fit(s string, w, h int) string {
	lines := Clip(strings.Split(s, "\n"), h)
	for i, l := range lines {
		lines[i] = Truncate(l, w)
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// Bound cuts a block to at most h lines of at most w cells, with an ellipsis on each cut line; unlike Fit
// it adds no lines.
func Bound(s string, w, h int) string {
	lines := Clip(strings.Split(s, "\n"), h)
	for i, l := range lines {
		lines[i] = Truncate(l, w)
	}
	return strings.Join(lines, "\n")
}

// Clip keeps the first h of lines.
func Clip(lines []string, h int) []string {
	if len(lines) > h {
		return lines[:max(h, 0)]
	}
	return lines
}

// Styled renders each of lines with st, in place, and returns them.
func Styled(st lipgloss.Style, lines []string) []string {
	for i, l := range lines {
		lines[i] = st.Render(l)
	}
	return lines
}

// Pack joins items with sep into lines of at most w cells, never breaking inside an item (an item wider
// than w is cut with an ellipsis): a help line such as "b open browser · a approve" stays readable.
func Pack(items []string, sep string, w int) []string {
	var lines []string
	line := ""
	for _, it := range items {
		it = Truncate(it, w)
		switch {
		case line == "":
			line = it
		case ansi.StringWidth(line+sep+it) <= w:
			line += sep + it
		default:
			lines, line = append(lines, line), it
		}
	}
	return append(lines, line)
}
