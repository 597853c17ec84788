package config

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkParse measures validating a full config, which happens on every
// start and every `config check`.
func BenchmarkParse(b *testing.B) {
	data := []byte(fullFile)
	b.ReportAllocs()
	for b.Loop() {
		if _, errs := parse("config.toml", data); len(errs) > 0 {
			b.Fatal(errs)
		}
	}
}

// BenchmarkParseManyErrors makes sure a large broken file stays fast.
func BenchmarkParseManyErrors(b *testing.B) {
	var sb strings.Builder
	for i := range 2000 {
		fmt.Fprintf(&sb, "[profiles.p%d]\npkce = \"x\"\nunknown_%d = 1\n", i, i)
	}
	data := []byte(sb.String())
	b.ReportAllocs()
	for b.Loop() {
		if _, errs := parse("config.toml", data); len(errs) != 4000 {
			b.Fatalf("got %d errors", len(errs))
		}
	}
}

// BenchmarkFileStorePut is one atomic, fsynced token save.
func BenchmarkFileStorePut(b *testing.B) {
	s, err := openFileStore(StoreOptions{Dir: b.TempDir(), Warn: func(string) {}})
	if err != nil {
		b.Fatal(err)
	}
	rec := canaryRecord()
	for b.Loop() {
		if err := s.Put(&rec); err != nil {
			b.Fatal(err)
		}
	}
}
