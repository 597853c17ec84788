package config

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/hsoauth/hsoauth/redact"
)

// ValidationError is one problem in the config file, with everything a user
// needs to fix it without reading docs: where (File, Line, Col), which Key,
// what is wrong (Problem), what was Expected and an Example of a good line.
// Line and Col are 0 when the problem has no place in the file (for example an
// environment variable).
type ValidationError struct {
	File     string
	Line     int
	Col      int
	Key      string
	Problem  string
	Expected string
	Example  string
}

// Error reads like a compiler message so editors and terminals can jump to
// it: "config.toml:12:3: profiles.dev.pkce: expected a boolean (true or
// false), got a string; example: pkce = true". Control characters that came
// from the file are escaped, so printing the error cannot drive the terminal.
func (e ValidationError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", e.Line, e.Col)
	}
	b.WriteString(": ")
	if e.Key != "" {
		b.WriteString(e.Key + ": ")
	}
	switch {
	case e.Expected != "" && strings.HasPrefix(e.Problem, "got "):
		b.WriteString("expected " + e.Expected + ", " + e.Problem)
	case e.Expected != "":
		b.WriteString(e.Problem + "; expected " + e.Expected)
	default:
		b.WriteString(e.Problem)
	}
	if e.Example != "" {
		b.WriteString("; example: " + e.Example)
	}
	return redact.Line(b.String())
}

// ValidationErrors is every problem found in one pass, in file order, so a
// user fixes them all at once instead of one per run.
type ValidationErrors []ValidationError

// Error lists each problem on its own line.
func (es ValidationErrors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

func (es ValidationErrors) sorted() ValidationErrors {
	sort.SliceStable(es, func(i, j int) bool {
		if es[i].Line != es[j].Line {
			return es[i].Line < es[j].Line
		}
		return es[i].Col < es[j].Col
	})
	return es
}

// quote shows a user value in a message: quoted, control characters escaped,
// and cut short so a huge value cannot flood the screen.
func quote(s string) string {
	const limit = 60
	if utf8.RuneCountInString(s) > limit {
		s = string([]rune(s)[:limit]) + "…"
	}
	return fmt.Sprintf("%q", s)
}

// tomlType names a decoded TOML value the way a user would say it.
func tomlType(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case int64:
		return "an integer"
	case float64:
		return "a float"
	case []any:
		return "an array"
	case []map[string]any:
		return "an array of tables"
	case map[string]any:
		return "a table"
	case nil:
		return "nothing"
	}
	return "a date or time"
}
