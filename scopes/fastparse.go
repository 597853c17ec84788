package scopes

import (
	"errors"
	"strings"
	"unicode/utf8"
)

// parseFast reads the embedded catalog at start-up. TOML decoding was most of the time to the TUI's
// first frame (8 ms of about 28), so the catalog gets a reader for exactly the subset catalog.toml uses:
// comments, [[scope]] headers, and `key = "string"`, `key = true|false`, `key = ["…", …]` (arrays may
// span lines). Anything else makes it hand the whole file to ParseCatalog, the full TOML decoder, so a
// future edit can never be misread, only parsed more slowly. FuzzFastDecode checks that whenever the fast
// reader accepts an input, the full decoder reads the same thing.
func parseFast(data []byte) (*Catalog, error) {
	tables, err := fastDecode(string(data))
	if err != nil {
		return ParseCatalog(data)
	}
	return catalogFromDoc(map[string]any{"scope": tables})
}

// errNotSubset means the input uses TOML beyond the fast reader's subset.
var errNotSubset = errors.New("outside the catalog's TOML subset")

// fastDecode decodes the subset into what the TOML decoder would give for it: one map per [[scope]].
func fastDecode(src string) ([]map[string]any, error) {
	if !plainText(src) {
		return nil, errNotSubset
	}
	var tables []map[string]any
	p := fastParser{src: src}
	for {
		p.skipSpaceAndComments()
		if p.pos >= len(p.src) {
			break
		}
		if strings.HasPrefix(p.src[p.pos:], "[[scope]]") {
			p.pos += len("[[scope]]")
			if !p.endOfLine() {
				return nil, errNotSubset
			}
			tables = append(tables, map[string]any{})
			continue
		}
		if len(tables) == 0 {
			return nil, errNotSubset
		}
		key, val, err := p.keyValue()
		if err != nil {
			return nil, err
		}
		if _, dup := tables[len(tables)-1][key]; dup {
			return nil, errNotSubset
		}
		tables[len(tables)-1][key] = val
	}
	if len(tables) == 0 {
		return nil, errNotSubset
	}
	return tables, nil
}

type fastParser struct {
	src string
	pos int
}

// skipSpaceAndComments moves past blank space, line breaks and # comments.
func (p *fastParser) skipSpaceAndComments() {
	for p.pos < len(p.src) {
		switch c := p.src[p.pos]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			p.pos++
		case c == '#':
			for p.pos < len(p.src) && p.src[p.pos] != '\n' {
				p.pos++
			}
		default:
			return
		}
	}
}

// endOfLine consumes trailing blanks and a comment, and reports whether the line ends there.
func (p *fastParser) endOfLine() bool {
	for p.pos < len(p.src) && (p.src[p.pos] == ' ' || p.src[p.pos] == '\t') {
		p.pos++
	}
	if p.pos < len(p.src) && p.src[p.pos] == '#' {
		for p.pos < len(p.src) && p.src[p.pos] != '\n' {
			p.pos++
		}
	}
	return p.pos >= len(p.src) || p.src[p.pos] == '\n' || strings.HasPrefix(p.src[p.pos:], "\r\n")
}

// keyValue reads `key = value` ending its line.
func (p *fastParser) keyValue() (string, any, error) {
	start := p.pos
	for p.pos < len(p.src) && (p.src[p.pos] >= 'a' && p.src[p.pos] <= 'z' || p.src[p.pos] == '_') {
		p.pos++
	}
	key := p.src[start:p.pos]
	if key == "" || !strings.HasPrefix(p.src[p.pos:], " = ") {
		return "", nil, errNotSubset
	}
	p.pos += 3
	val, err := p.value()
	if err != nil || !p.endOfLine() {
		return "", nil, errNotSubset
	}
	return key, val, nil
}

// value reads a string, a boolean or an array of strings.
func (p *fastParser) value() (any, error) {
	rest := p.src[p.pos:]
	switch {
	case strings.HasPrefix(rest, "true"):
		p.pos += 4
		return true, nil
	case strings.HasPrefix(rest, "false"):
		p.pos += 5
		return false, nil
	case strings.HasPrefix(rest, `"`):
		return p.str()
	case strings.HasPrefix(rest, "["):
		return p.array()
	}
	return nil, errNotSubset
}

// str reads a basic string without escapes or control characters (those go to the full decoder).
func (p *fastParser) str() (string, error) {
	p.pos++ // opening quote
	start := p.pos
	for p.pos < len(p.src) {
		switch c := p.src[p.pos]; {
		case c == '"':
			s := p.src[start:p.pos]
			p.pos++
			return s, nil
		case c == '\\' || c < 0x20 || c == 0x7f:
			return "", errNotSubset
		}
		p.pos++
	}
	return "", errNotSubset
}

// array reads ["a", "b",] over any number of lines, with comments between items.
func (p *fastParser) array() ([]any, error) {
	p.pos++ // [
	items := []any{}
	for {
		p.skipSpaceAndComments()
		if p.pos >= len(p.src) {
			return nil, errNotSubset
		}
		if p.src[p.pos] == ']' {
			p.pos++
			return items, nil
		}
		if p.src[p.pos] != '"' {
			return nil, errNotSubset
		}
		s, err := p.str()
		if err != nil {
			return nil, err
		}
		items = append(items, s)
		p.skipSpaceAndComments()
		if p.pos < len(p.src) && p.src[p.pos] == ',' {
			p.pos++
		} else if p.pos >= len(p.src) || p.src[p.pos] != ']' {
			return nil, errNotSubset
		}
	}
}

// plainText reports whether src is valid UTF-8 with no control characters but tab and line breaks (CR
// only before LF), as TOML requires everywhere, comments included.
func plainText(src string) bool {
	if !utf8.ValidString(src) {
		return false
	}
	for i := 0; i < len(src); i++ {
		switch c := src[i]; {
		case c == '\t' || c == '\n':
		case c == '\r':
			if i+1 >= len(src) || src[i+1] != '\n' {
				return false
			}
		case c < 0x20 || c == 0x7f:
			return false
		}
	}
	return true
}
