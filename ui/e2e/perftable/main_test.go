package main

import (
	"strings"
	"testing"
)

const sample = `goos: linux
BenchmarkKeystroke/294/256-2         	    1000	    181748 ns/op	   1035396 bubbles-ns	         0.1753 x-bubbles	   42802 B/op	      81 allocs/op
BenchmarkStrippedBinarySize-2   	       1	 9000 ns/op	        12.91 MiB
PASS
ok  	github.com/hsoauth/hsoauth/ui/catalog	2.300s
`

func TestParse(t *testing.T) {
	r := parse(sample)
	if got := r["Keystroke/294/256"]["x-bubbles"]; got != 0.1753 {
		t.Fatalf("x-bubbles = %v, want 0.1753 (parsed %v)", got, r)
	}
	if got := r["StrippedBinarySize"]["MiB"]; got != 12.91 {
		t.Fatalf("MiB = %v, want 12.91", got)
	}
	if len(r) != 2 {
		t.Fatalf("parsed %d benchmarks, want 2: %v", len(r), r)
	}
}

func TestRowsJudgeGoals(t *testing.T) {
	r := results{"StrippedBinarySize": {"MiB": 12.91}}
	if _, _, _, met := binarySize(r); met {
		t.Fatal("12.91 MiB must miss the 10.1 MiB goal")
	}
	r = results{}
	for _, p := range profiles {
		r["IdleBytes/"+p] = metrics{"B/s": 85, "floor-B/s": 56, "x-floor": 1.5}
	}
	if ours, _, _, met := idle(r); !met || !strings.Contains(ours, "85 / 85 / 85 B/s") {
		t.Fatalf("idle at 85 B/s: %q, met %v", ours, met)
	}
	delete(r, "IdleBytes/256")
	if _, _, _, met := idle(r); met {
		t.Fatal("a profile that reported nothing cannot meet the goal")
	}
}

// FuzzParse feeds arbitrary `go test` output: parse never fails, and every benchmark it reports came from
// a line that starts with Benchmark.
func FuzzParse(f *testing.F) {
	f.Add(sample)
	f.Add("BenchmarkX-2 1 NaN ns/op\nBenchmark 1 2")
	f.Fuzz(func(t *testing.T, out string) {
		for name := range parse(out) {
			if !strings.Contains(out, "Benchmark"+name) {
				t.Fatalf("benchmark %q does not appear in the output", name)
			}
		}
	})
}
