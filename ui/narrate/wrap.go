package narrate

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Wrap breaks text into lines of at most width cells at spaces, so a sentence is never cut mid-word; a
// single word longer than the width is broken hard. It returns at most max lines, the last ending in
// "…" when the text needed more.
func Wrap(text string, width, max int) []string {
	if width < 1 || max < 1 {
		return nil
	}
	var lines []string
	line := ""
	for _, w := range strings.Fields(strings.ToValidUTF8(text, "?")) {
		for ansi.StringWidth(w) > width {
			if line != "" {
				lines, line = append(lines, line), ""
			}
			head := ansi.Truncate(w, width, "")
			if head == "" { // one character wider than the line: it goes on a line of its own
				_, size := utf8.DecodeRuneInString(w)
				head = w[:size]
			}
			lines, w = append(lines, head), w[len(head):]
		}
		switch {
		case line == "":
			line = w
		case ansi.StringWidth(line)+1+ansi.StringWidth(w) <= width:
			line += " " + w
		default:
			lines, line = append(lines, line), w
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	if len(lines) > max {
		lines = lines[:max]
		lines[max-1] = ansi.Truncate(lines[max-1], width-1, "") + "…"
	}
	return lines
}
