package config

import (
	"sort"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/hsoauth/hsoauth/suggest"
)

// checker collects validation errors for one file.
type checker struct {
	file string
	pos  map[string]position
	errs ValidationErrors
}

// at finds where a key is written, falling back to its nearest parent (keys
// inside inline tables) and then to the top of the file.
func (c *checker) at(path toml.Key) position {
	for n := len(path); n > 0; n-- {
		if p, ok := c.pos[path[:n].String()]; ok {
			return p
		}
	}
	return position{1, 1}
}

func (c *checker) add(path toml.Key, problem, expected, example string) {
	p := c.at(path)
	c.errs = append(c.errs, ValidationError{
		File: c.file, Line: p.Line, Col: p.Col, Key: path.String(),
		Problem: problem, Expected: expected, Example: example,
	})
}

// table reads one TOML table against the schema, recording type errors and,
// in done, every key nobody asked for.
type table struct {
	c     *checker
	path  toml.Key
	m     map[string]any
	known []string
}

func (c *checker) table(path toml.Key, m map[string]any) *table {
	return &table{c: c, path: path, m: m}
}

func (t *table) key(k string) toml.Key {
	return append(append(toml.Key{}, t.path...), k)
}

// get returns the raw value and whether it is present, remembering k as known.
func (t *table) get(k string) (any, bool) {
	t.known = append(t.known, k)
	v, ok := t.m[k]
	return v, ok
}

func (t *table) wrongType(k string, v any, expected, example string) {
	t.c.add(t.key(k), "got "+tomlType(v), expected, example)
}

func (t *table) str(k, example string, dst *string) bool {
	v, ok := t.get(k)
	if !ok {
		return false
	}
	s, isStr := v.(string)
	if !isStr {
		t.wrongType(k, v, "a string in quotes", example)
		return false
	}
	*dst = s
	return true
}

func (t *table) boolean(k, example string, dst *bool) {
	v, ok := t.get(k)
	if !ok {
		return
	}
	if b, isBool := v.(bool); isBool {
		*dst = b
		return
	}
	t.wrongType(k, v, "a boolean (true or false)", example)
}

func (t *table) integer(k, example string, dst *int) bool {
	v, ok := t.get(k)
	if !ok {
		return false
	}
	n, isInt := v.(int64)
	if !isInt || int64(int(n)) != n {
		t.wrongType(k, v, "a whole number without quotes", example)
		return false
	}
	*dst = int(n)
	return true
}

// duration reads a Go duration string such as "5m" or "90s".
func (t *table) duration(k, example string, dst *time.Duration) bool {
	var s string
	if !t.str(k, example, &s) {
		return false
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		t.c.add(t.key(k), "got "+quote(s), `a duration such as "30s", "5m" or "1h"`, example)
		return false
	}
	*dst = d
	return true
}

// list reads an array of strings.
func (t *table) list(k, example string, dst *[]string) bool {
	v, ok := t.get(k)
	if !ok {
		return false
	}
	arr, isArr := v.([]any)
	out := make([]string, 0, len(arr))
	for _, e := range arr {
		s, isStr := e.(string)
		if !isStr {
			t.c.add(t.key(k), "got an array holding "+tomlType(e), "an array of strings", example)
			return false
		}
		out = append(out, s)
	}
	if !isArr {
		t.wrongType(k, v, "an array of strings", example)
		return false
	}
	*dst = out
	return true
}

// sub returns a nested table, reporting a wrong type.
func (t *table) sub(k, example string) (*table, bool) {
	v, ok := t.get(k)
	if !ok {
		return nil, false
	}
	m, isMap := v.(map[string]any)
	if !isMap {
		t.wrongType(k, v, "a table", example)
		return nil, false
	}
	return t.c.table(t.key(k), m), true
}

// done reports unknown keys, with a suggestion when one is a near miss.
func (t *table) done() {
	var unknown []string
	for k := range t.m {
		if !contains(t.known, k) {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		problem := "unknown key"
		if s := didYouMean(k, t.known); s != "" {
			problem += ` (did you mean "` + s + `"?)`
		}
		t.c.add(t.key(k), problem, "one of: "+strings.Join(t.known, ", "), "")
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// didYouMean returns the known key k was probably meant to be: the same key but for case, "-" or "_",
// else a near miss.
func didYouMean(k string, known []string) string {
	for _, cand := range known {
		if normKey(cand) == normKey(k) {
			return cand
		}
	}
	return suggest.Nearest(k, known)
}

var keySeparators = strings.NewReplacer("_", "", "-", "")

func normKey(s string) string { return strings.ToLower(keySeparators.Replace(s)) }
