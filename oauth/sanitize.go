package oauth

import (
	"strings"

	"github.com/hsoauth/hsoauth/redact"
)

// sanitizeOAuthParam enforces RFC 6749 §4.1.2.1 on error and
// error_description from a redirect: only %x20-21 / %x23-5B / %x5D-7E survive,
// anything else becomes "?", and the value is cut short. Anyone who can reach
// the loopback port can send these values, so they are hostile until proven
// otherwise.
func sanitizeOAuthParam(s string) string {
	var b strings.Builder
	for i := 0; i < len(s) && i < redact.MaxShown; i++ {
		c := s[i]
		if c >= 0x20 && c <= 0x7e && c != '"' && c != '\\' {
			b.WriteByte(c)
		} else {
			b.WriteByte('?')
		}
	}
	if len(s) > redact.MaxShown {
		b.WriteString("...")
	}
	return b.String()
}
