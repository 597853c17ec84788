package oauth

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxShown bounds any single server- or attacker-supplied string we keep for
// display, so a 10 kB error_description cannot flood the terminal.
const maxShown = 300

// Sanitize makes an outside string safe to print on one terminal line: control
// characters (C0, DEL, C1, ESC sequences) become "?", invalid UTF-8 becomes
// U+FFFD and the result is cut to a few hundred characters. Every string that
// came from HubSpot, a browser or the user's clipboard passes through it before
// reaching an error message or the TUI.
func Sanitize(s string) string {
	return sanitize(s, false, maxShown)
}

// sanitizeText is Sanitize for multi-line text such as response bodies:
// newlines and tabs survive, everything else is treated as in Sanitize.
func sanitizeText(s string, limit int) string {
	return sanitize(s, true, limit)
}

func sanitize(s string, multiline bool, limit int) string {
	var b strings.Builder
	n := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if n >= limit {
			b.WriteString("…")
			break
		}
		n++
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case multiline && (r == '\n' || r == '\t'):
			b.WriteRune(r)
		case unprintable(r):
			b.WriteByte('?')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// sanitizeOAuthParam enforces RFC 6749 §4.1.2.1 on error and
// error_description from a redirect: only %x20-21 / %x23-5B / %x5D-7E survive,
// anything else becomes "?", and the value is cut short. Anyone who can reach
// the loopback port can send these values, so they are hostile until proven
// otherwise.
func sanitizeOAuthParam(s string) string {
	var b strings.Builder
	for i := 0; i < len(s) && i < maxShown; i++ {
		c := s[i]
		if c >= 0x20 && c <= 0x7e && c != '"' && c != '\\' {
			b.WriteByte(c)
		} else {
			b.WriteByte('?')
		}
	}
	if len(s) > maxShown {
		b.WriteString("...")
	}
	return b.String()
}

// maskDots is the fixed-width filler Mask puts where a secret's middle was,
// so the shown width never reveals the secret's length.
const maskDots = "••••"

// Mask hides a secret for display while leaving enough to tell two tokens
// apart: a short prefix and suffix around fixed-width dots, e.g.
// "na1-••••8f3e". Secrets shorter than 16 characters, or with characters
// that are not plain printable ASCII at the edges, are masked completely.
func Mask(secret string) string {
	if len(secret) < 16 {
		return maskDots + maskDots
	}
	head, tail := secret[:4], secret[len(secret)-4:]
	if !printableASCII(head) || !printableASCII(tail) {
		return maskDots + maskDots
	}
	return head + maskDots + tail
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= 0x20 || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

// unprintable is what must never reach a terminal raw: C0 and C1 controls,
// DEL, bidi overrides and the Unicode line separators.
func unprintable(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || unicode.Is(unicode.Bidi_Control, r) || r == '\u2028' || r == '\u2029'
}
