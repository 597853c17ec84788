// Package text holds the small string helpers every screen needs for aligned, styled terminal text.
package text

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// PadRight pads a (possibly styled) string with spaces to w cells; longer strings are left as they are.
func PadRight(s string, w int) string {
	if n := ansi.StringWidth(s); n < w {
		return s + strings.Repeat(" ", w-n)
	}
	return s
}
