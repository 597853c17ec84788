package sandbox

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"
)

// growthMarks are the table sizes at which the growth benchmarks report.
var growthMarks = []int{10000, 50000, 100000}

// growthWindow is how many operations each rate sample spans, ending at a mark.
const growthWindow = 5000

// BenchmarkRefreshGrowth runs 100,000 refresh grants against one sandbox
// with a frozen clock (so no token ever expires and only the cap bounds the
// tables). At 10k, 50k and 100k tokens issued it reports the refresh rate,
// the live heap, the process RSS and the yardstick: the same refresh run
// against a fresh sandbox, interleaved in chunks of 50 operations with the big one so
// both see the same machine load. ratio@Nk is big rate / fresh rate; 1.0
// means the rate does not depend on how many tokens were issued.
func BenchmarkRefreshGrowth(b *testing.B) {
	for b.Loop() {
		runGrowth(b, func() func() {
			f := newFixture(b, Options{})
			rt := f.tokens(demoQuery(), HubMarketingPro).RefreshToken
			return func() {
				if w := f.refresh(version202603, rt); w.Code != http.StatusOK {
					b.Fatalf("refresh: %d %s", w.Code, w.Body.String())
				}
			}
		}, "refresh/s")
	}
}

// BenchmarkFlowGrowth runs 100,000 complete flows (authorize, grant,
// exchange) against one sandbox and reports the same figures as
// BenchmarkRefreshGrowth, in flows per second.
func BenchmarkFlowGrowth(b *testing.B) {
	q := demoQuery()
	for b.Loop() {
		runGrowth(b, func() func() {
			f := newFixture(b, Options{})
			return func() {
				if w := f.exchange(version202603, f.code(q, HubMarketingPro)); w.Code != http.StatusOK {
					b.Fatalf("exchange: %d %s", w.Code, w.Body.String())
				}
			}
		}, "flows/s")
	}
}

// growthChunk is how many operations run on one sandbox before switching
// to the other while measuring at a mark.
const growthChunk = 50

// runGrowth calls one sandbox's op until the last mark. At each mark it
// times growthWindow more operations on it against as many on a fresh
// sandbox, alternating chunks, reports the median of the per-chunk rate
// ratios, and samples memory.
func runGrowth(b *testing.B, newOp func() func(), unit string) {
	b.Helper()
	big := newOp()
	done := 0
	rates, norm := map[int]float64{}, map[int]float64{}
	for _, mark := range growthMarks {
		for ; done < mark-growthWindow; done++ {
			big()
		}
		fresh := newOp()
		var tBig time.Duration
		var ratios []float64
		for ; done < mark; done += growthChunk {
			dBig := timeOps(big, growthChunk)
			dFresh := timeOps(fresh, growthChunk)
			tBig += dBig
			ratios = append(ratios, dFresh.Seconds()/dBig.Seconds())
		}
		heap, rss := memoryNow()
		k := mark / 1000
		rates[mark], norm[mark] = growthWindow/tBig.Seconds(), median(ratios)
		b.ReportMetric(rates[mark], fmt.Sprintf("%s@%dk", unit, k))
		b.ReportMetric(norm[mark], fmt.Sprintf("ratio@%dk", k))
		b.ReportMetric(heap, fmt.Sprintf("heap-MB@%dk", k))
		if rss > 0 {
			b.ReportMetric(rss, fmt.Sprintf("rss-MB@%dk", k))
		}
	}
	// Late against early in this one run: raw (as measured, machine load included) and normalised by
	// the fresh-sandbox yardstick.
	first, last := growthMarks[0], growthMarks[len(growthMarks)-1]
	b.ReportMetric(rates[last]/rates[first], "raw-late/early")
	b.ReportMetric(norm[last]/norm[first], "late/early")
}

// median of the chunk-pair ratios: a burst of other load on the machine
// skews a few pairs, not the median.
func median(xs []float64) float64 {
	slices.Sort(xs)
	return xs[len(xs)/2]
}

// timeOps runs op n times and returns how long that took.
func timeOps(op func(), n int) time.Duration {
	start := time.Now()
	for range n {
		op()
	}
	return time.Since(start)
}

// memoryNow returns the live heap after a collection and the resident set
// size (Linux only; 0 elsewhere), both in MB.
func memoryNow() (heap, rss float64) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	heap = float64(ms.HeapAlloc) / (1 << 20)
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return heap, 0
	}
	for _, line := range bytes.Split(status, []byte("\n")) {
		if rest, ok := bytes.CutPrefix(line, []byte("VmRSS:")); ok {
			kb, _ := strconv.Atoi(string(bytes.TrimSpace(bytes.TrimSuffix(bytes.TrimSpace(rest), []byte("kB")))))
			rss = float64(kb) / 1024
		}
	}
	return heap, rss
}
