// Package endpointdata turns the endpoint table (scopes/data/hubspot-endpoints.tsv, one HubSpot API
// operation a row) into the compact form the scopes package embeds, and back. The encoder runs at
// `go generate` time and in the test that keeps the embedded file honest; the decoder runs once, lazily,
// at run time. The compact form keeps only what the app needs at run time (the spec file column is
// dropped) and interns every string and every scope-alternatives set, so a set shared by hundreds of
// operations is stored, and decoded, once.
package endpointdata

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
)

// Row is one operation as the TSV spells it; Scopes and Legacy are the raw alternatives columns
// ("a | b+c").
type Row struct {
	API, Version, Method, Path string
	Scopes, Legacy, Tiers      string
	UserLevel                  string // "yes", "internal" or ""
}

// header is the TSV's column line; ParseTSV insists on it so a reshaped source fails loudly.
const header = "api\tversion\tmethod\tpath\tscopes\tlegacy_scopes\ttiers\tuser_level_auth\tspec_file"

// ParseTSV reads the endpoint table: '#' comment lines, the header, then nine tab-separated columns a row.
func ParseTSV(data []byte) ([]Row, error) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	var rows []Row
	sawHeader := false
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSuffix(sc.Text(), "\r")
		switch {
		case strings.HasPrefix(line, "#"), line == "" && !sawHeader:
			continue
		case !sawHeader:
			if line != header {
				return nil, fmt.Errorf("line %d: want the header %q, got %q", n, header, line)
			}
			sawHeader = true
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 9 {
			return nil, fmt.Errorf("line %d: %d columns, want 9 (%s)", n, len(f), header)
		}
		if f[2] == "" || !strings.HasPrefix(f[3], "/") {
			return nil, fmt.Errorf("line %d: want a method and a path starting with /, got %q %q", n, f[2], f[3])
		}
		rows = append(rows, Row{API: f[0], Version: f[1], Method: f[2], Path: f[3],
			Scopes: f[4], Legacy: f[5], Tiers: f[6], UserLevel: f[7]})
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if !sawHeader {
		return nil, fmt.Errorf("no header line %q", header)
	}
	return rows, nil
}

// Alternatives splits a scopes column: " | " separates alternatives, "+" joins scopes that must all be
// granted together. An empty column has no alternatives.
func Alternatives(col string) [][]string {
	col = strings.TrimSpace(col)
	if col == "" {
		return nil
	}
	var out [][]string
	for _, alt := range strings.Split(col, "|") {
		var all []string
		for _, s := range strings.Split(alt, "+") {
			if s = strings.TrimSpace(s); s != "" {
				all = append(all, s)
			}
		}
		if len(all) > 0 {
			out = append(out, all)
		}
	}
	return out
}
