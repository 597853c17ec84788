// Package redact is the one place that makes outside text safe to show and hides secrets. Every string
// that came from HubSpot, the sandbox, a browser, a file or the clipboard passes through Line or Text
// before it reaches a terminal or an error message, and every secret (client secret, tokens, codes,
// state, PKCE verifier) is shown through Mask unless the user explicitly reveals it. It is plain Go with
// no dependencies, so the domain packages and the TUI share it.
package redact

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxShown bounds any single outside string kept for display, so a 10 kB error_description cannot flood
// the terminal.
const MaxShown = 300

// Line makes an outside string safe to print on one terminal line: control characters (C0, DEL, C1 and
// so every escape sequence), bidi controls and line separators become "?", invalid UTF-8 becomes U+FFFD,
// and the result is cut to MaxShown characters with an ellipsis.
func Line(s string) string { return clean(s, false, MaxShown) }

// Cut is Line with its own length limit, for short fields such as a name in a log line.
func Cut(s string, limit int) string { return clean(s, false, limit) }

// Full is Line without the length cut, for panes that wrap long values instead of cutting them. Tabs
// become spaces.
func Full(s string) string { return clean(strings.ReplaceAll(s, "\t", " "), false, -1) }

// Text is Line for multi-line text such as response bodies: newlines and tabs survive, and the cut is at
// limit characters (limit < 0: no cut).
func Text(s string, limit int) string { return clean(s, true, limit) }

func clean(s string, multiline bool, limit int) string {
	var b strings.Builder
	b.Grow(len(s))
	n := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if limit >= 0 && n >= limit {
			b.WriteString("…")
			break
		}
		n++
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case multiline && (r == '\n' || r == '\t'):
			b.WriteRune(r)
		case !Printable(r):
			b.WriteByte('?')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Printable reports whether r may reach a terminal as it is: not a C0 or C1 control, not DEL, not a bidi
// control and not a line or paragraph separator.
func Printable(r rune) bool {
	switch {
	case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
		return false
	case unicode.Is(unicode.Bidi_Control, r) || r == '\u2028' || r == '\u2029':
		return false
	}
	return true
}

// Dots is the fixed-width filler Mask puts where a secret's middle was, so the shown width never
// reveals the secret's length.
const Dots = "••••"

// Mask hides a secret for display while leaving enough to tell two tokens apart: a short prefix and
// suffix around fixed-width dots, e.g. "na1-••••8f3e". Secrets shorter than 16 characters, or with
// characters that are not plain printable ASCII at the edges, are masked completely. "" stays "".
func Mask(secret string) string {
	if secret == "" {
		return ""
	}
	if len(secret) < 16 {
		return Dots + Dots
	}
	head, tail := secret[:4], secret[len(secret)-4:]
	if !PrintableASCII(head) || !PrintableASCII(tail) {
		return Dots + Dots
	}
	return head + Dots + tail
}

// PrintableASCII reports whether s is made only of printable ASCII (0x21-0x7e): what a token, code or
// state must look like before hsoauth keeps it or shows it revealed.
func PrintableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= 0x20 || s[i] >= 0x7f {
			return false
		}
	}
	return true
}
