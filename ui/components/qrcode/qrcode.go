// Package qrcode renders a URL as a QR code made of half-block characters, so a phone can open the
// authorize URL when the terminal's machine has no browser.
package qrcode

import (
	"strings"

	"rsc.io/qr"
)

// Render encodes text at error-correction level L (the smallest code) and draws two modules per character
// cell, with the quiet zone QR readers need. Width returns how wide the result is.
func Render(text string) (string, error) {
	code, err := qr.Encode(text, qr.L)
	if err != nil {
		return "", err
	}
	const quiet = 2
	n := code.Size
	dark := func(x, y int) bool {
		if x < 0 || y < 0 || x >= n || y >= n {
			return false
		}
		return code.Black(x, y)
	}
	var b strings.Builder
	for y := -quiet; y < n+quiet; y += 2 {
		for x := -quiet; x < n+quiet; x++ {
			top, bottom := dark(x, y), dark(x, y+1)
			switch {
			case top && bottom:
				b.WriteRune(' ')
			case top:
				b.WriteRune('▄')
			case bottom:
				b.WriteRune('▀')
			default:
				b.WriteRune('█')
			}
		}
		b.WriteByte('\n')
	}
	return strings.TrimRight(b.String(), "\n"), nil
}

// Size is the number of columns (and twice the number of rows) Render uses for text, or 0 if it cannot
// be encoded, so a screen can decide whether the code fits before drawing it.
func Size(text string) int {
	code, err := qr.Encode(text, qr.L)
	if err != nil {
		return 0
	}
	return code.Size + 4
}
