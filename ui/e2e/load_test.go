package e2e

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// loadRate is the request rate of the load benchmark, and loadWindow one iteration's length.
const (
	loadRate   = 400
	loadWindow = time.Second
)

// BenchmarkSandboxLoadCPU runs the TUI on its catalog while outside clients hit its built-in sandbox at 400
// requests a second over loopback, and measures the processor time of the TUI's process (user + system,
// from /proc) over each one-second window. Each iteration first sends the same load to `hsoauth sandbox`
// alone, the yardstick: cpu-% is the TUI's share of one core, sandbox-cpu-% the sandbox's alone,
// x-sandbox their ratio (what the screen adds to serving). The goal is under 10 % of a core. At the end
// the trace screen must account for every request: shown, or counted as dropped.
//
//	go test -run '^$' -bench SandboxLoadCPU ./ui/e2e/
func BenchmarkSandboxLoadCPU(b *testing.B) {
	dir := b.TempDir()
	tuiAddr, aloneAddr := freeAddr(b), freeAddr(b)
	cfg := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(cfg, []byte(fmt.Sprintf("[sandbox]\naddr = %q\n", tuiAddr)), 0o600); err != nil {
		b.Fatal(err)
	}
	env := append(terminalEnv(), "XDG_CONFIG_HOME="+dir+"/c", "XDG_STATE_HOME="+dir+"/s")
	tui := startPTY(b, binary, 120, 40, env, "--config", cfg)
	if _, err := tui.waitFor(catalogMarker(), 10*time.Second); err != nil {
		b.Fatal(err)
	}
	alone := exec.Command(binary, "sandbox", "--addr", aloneAddr)
	alone.Env = env
	if err := alone.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = alone.Process.Kill(); _ = alone.Wait() })
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}, Timeout: 5 * time.Second}
	for _, a := range []string{tuiAddr, aloneAddr} {
		waitListening(b, client, a)
	}
	var tuiCPU, aloneCPU time.Duration
	sent := int64(0)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		aloneCPU += loadWindowCPU(b, client, aloneAddr, alone.Process.Pid, nil)
		tuiCPU += loadWindowCPU(b, client, tuiAddr, tui.cmd.Process.Pid, &sent)
	}
	b.StopTimer()
	window := float64(b.N) * loadWindow.Seconds()
	b.ReportMetric(100*tuiCPU.Seconds()/window, "cpu-%")
	b.ReportMetric(100*aloneCPU.Seconds()/window, "sandbox-cpu-%")
	b.ReportMetric(float64(tuiCPU)/float64(max(aloneCPU, 10*time.Millisecond)), "x-sandbox")
	shown, dropped := traceCounts(b, tui, sent)
	b.ReportMetric(float64(dropped), "dropped")
	b.ReportMetric(float64(max(sent-shown-dropped, 0)), "unaccounted")
	if shown+dropped < sent {
		b.Errorf("the trace shows %d events and counts %d dropped, but %d requests were sent: %d lost without a count",
			shown, dropped, sent, sent-shown-dropped)
	}
}

// freeAddr is a loopback address with a port free right now.
func freeAddr(b *testing.B) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// waitListening waits until a sandbox answers at addr.
func waitListening(b *testing.B, c *http.Client, addr string) {
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := c.Get("http://" + addr + "/_sandbox/state")
		if err == nil {
			_ = resp.Body.Close()
			return
		}
		if time.Now().After(deadline) {
			b.Fatalf("no sandbox answers at %s: %v", addr, err)
		}
		time.Sleep(20 * time.Millisecond) // polling a port that is not open yet; there is nothing to wait on
	}
}

// loadWindowCPU sends loadRate requests a second for loadWindow to addr (each one an API call the sandbox
// logs as an event) and returns the processor time process pid used meanwhile. sent, when not nil, counts
// the requests.
func loadWindowCPU(b *testing.B, c *http.Client, addr string, pid int, sent *int64) time.Duration {
	before, err := procCPU(pid)
	if err != nil {
		b.Fatal(err)
	}
	n := int(loadRate * loadWindow.Seconds())
	jobs := make(chan struct{}, n)
	var failed atomic.Int64
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range jobs {
				resp, err := c.Get("http://" + addr + "/crm/v3/objects/contacts?limit=1")
				if err != nil {
					failed.Add(1)
					continue
				}
				_ = resp.Body.Close()
			}
		}()
	}
	start := time.Now()
	for i := range n {
		time.Sleep(time.Until(start.Add(time.Duration(i) * time.Second / loadRate))) // pacing the load
		jobs <- struct{}{}
	}
	close(jobs)
	wg.Wait()
	after, err := procCPU(pid)
	if err != nil {
		b.Fatal(err)
	}
	if f := failed.Load(); f > 0 {
		b.Fatalf("%d of %d requests to %s failed", f, n, addr)
	}
	if sent != nil {
		*sent += int64(n)
	}
	return after - before
}

var traceHeader = regexp.MustCompile(`(\d+) sandbox events(?: · (\d+) events dropped)?`)

// traceCounts opens the trace screen and waits until it accounts for every sent request (or a deadline);
// it returns the sandbox events it shows and those it counts as dropped.
func traceCounts(b *testing.B, p *ptyApp, sent int64) (shown, dropped int64) {
	if err := p.send("T"); err != nil {
		b.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		m := traceHeader.FindAllStringSubmatch(ansi.Strip(p.output()), -1)
		if len(m) > 0 {
			last := m[len(m)-1]
			shown, _ = strconv.ParseInt(last[1], 10, 64)
			dropped, _ = strconv.ParseInt(last[2], 10, 64)
			if shown+dropped >= sent {
				return shown, dropped
			}
		}
		if time.Now().After(deadline) {
			return shown, dropped
		}
		p.mu.Lock()
		ch := p.changed
		p.mu.Unlock()
		select {
		case <-ch:
		case <-time.After(time.Until(deadline)):
		}
	}
}
