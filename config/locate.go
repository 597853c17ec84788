package config

import (
	"strings"

	"github.com/BurntSushi/toml"
)

// position is a 1-based line and column in the config file.
type position struct{ Line, Col int }

// keyPositions maps every dotted key path (as toml.Key.String spells it) to
// where its key starts. BurntSushi/toml keeps key positions private, so this
// small scanner finds them; it understands table headers, dotted and quoted
// keys, and skips over strings, arrays and inline tables so their contents are
// never mistaken for keys. It never fails: on anything odd it moves to the
// next line.
func keyPositions(src string) map[string]position {
	s := &keyScanner{src: src, line: 1, col: 1, out: map[string]position{}}
	s.run()
	return s.out
}

type keyScanner struct {
	src       string
	i         int
	line, col int
	table     []string
	out       map[string]position
}

func (s *keyScanner) peek() byte {
	if s.i < len(s.src) {
		return s.src[s.i]
	}
	return 0
}

func (s *keyScanner) next() {
	if s.i >= len(s.src) {
		return
	}
	if s.src[s.i] == '\n' {
		s.line++
		s.col = 1
	} else if s.src[s.i]&0xC0 != 0x80 { // count runes, not bytes
		s.col++
	}
	s.i++
}

func (s *keyScanner) run() {
	for s.i < len(s.src) {
		s.skipSpace(true)
		switch c := s.peek(); {
		case c == 0:
			return
		case c == '#':
			s.skipLine()
		case c == '[':
			s.header()
		default:
			s.keyValue()
		}
	}
}

func (s *keyScanner) skipSpace(newlines bool) {
	for c := s.peek(); c == ' ' || c == '\t' || c == '\r' || (newlines && c == '\n'); c = s.peek() {
		s.next()
	}
}

func (s *keyScanner) skipLine() {
	for s.i < len(s.src) && s.peek() != '\n' {
		s.next()
	}
	s.next()
}

// header reads [a.b] or [[a.b]] and makes it the current table.
func (s *keyScanner) header() {
	pos := position{s.line, s.col}
	s.next()
	if s.peek() == '[' {
		s.next()
	}
	parts, ok := s.key(']')
	if !ok {
		s.skipLine()
		return
	}
	s.table = parts
	s.record(parts, pos)
	s.skipLine()
}

// keyValue reads `a.b = value`, records the key and skips the value.
func (s *keyScanner) keyValue() {
	pos := position{s.line, s.col}
	parts, ok := s.key('=')
	if !ok {
		s.skipLine()
		return
	}
	full := append(append([]string{}, s.table...), parts...)
	s.record(full, pos)
	s.next() // '='
	s.skipValue()
}

func (s *keyScanner) record(parts []string, pos position) {
	k := toml.Key(parts).String()
	if _, dup := s.out[k]; !dup {
		s.out[k] = pos
	}
}

// key reads dotted key parts up to the terminator, leaving it unread.
func (s *keyScanner) key(term byte) ([]string, bool) {
	var parts []string
	for {
		s.skipSpace(false)
		part, ok := s.keyPart()
		if !ok {
			return nil, false
		}
		parts = append(parts, part)
		s.skipSpace(false)
		switch s.peek() {
		case '.':
			s.next()
		case term:
			return parts, true
		default:
			return nil, false
		}
	}
}

func (s *keyScanner) keyPart() (string, bool) {
	switch c := s.peek(); c {
	case '"', '\'':
		return s.quoted(c)
	}
	start := s.i
	for c := s.peek(); isBare(c); c = s.peek() {
		s.next()
	}
	return s.src[start:s.i], s.i > start
}

func isBare(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// quoted reads a one-line quoted key, decoding the common escapes.
func (s *keyScanner) quoted(q byte) (string, bool) {
	s.next()
	var b strings.Builder
	for c := s.peek(); c != q; c = s.peek() {
		if c == 0 || c == '\n' {
			return "", false
		}
		if c == '\\' && q == '"' {
			s.next()
			c = unescape(s.peek())
		}
		b.WriteByte(c)
		s.next()
	}
	s.next()
	return b.String(), true
}

func unescape(c byte) byte {
	switch c {
	case 'n':
		return '\n'
	case 't':
		return '\t'
	case 'r':
		return '\r'
	}
	return c
}

// skipValue moves past a value: strings of all four kinds, and arrays and
// inline tables nested to any depth, which may span lines.
func (s *keyScanner) skipValue() {
	depth := 0
	for s.i < len(s.src) {
		switch c := s.peek(); {
		case c == '"' || c == '\'':
			s.skipString(c)
			continue
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			if depth > 0 {
				depth--
			}
		case c == '#':
			s.skipComment()
			continue
		case c == '\n' && depth == 0:
			s.next()
			return
		}
		s.next()
	}
}

func (s *keyScanner) skipComment() {
	for s.i < len(s.src) && s.peek() != '\n' {
		s.next()
	}
}

// skipString skips a basic, literal or multi-line string.
func (s *keyScanner) skipString(q byte) {
	delim := string(q)
	if strings.HasPrefix(s.src[s.i:], strings.Repeat(delim, 3)) {
		delim = strings.Repeat(delim, 3)
	}
	for range delim {
		s.next()
	}
	for s.i < len(s.src) {
		if q == '"' && s.peek() == '\\' {
			s.next()
			s.next()
			continue
		}
		if len(delim) == 1 && s.peek() == '\n' {
			return // unterminated; the parser reports it
		}
		if strings.HasPrefix(s.src[s.i:], delim) {
			for range delim {
				s.next()
			}
			// A multi-line string may end with up to two extra quotes.
			for len(delim) == 3 && s.peek() == q {
				s.next()
			}
			return
		}
		s.next()
	}
}
