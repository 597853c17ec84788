package sandbox

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkFlow runs one complete flow (authorize, consent, exchange)
// in-process through the handler. Target: well under 2 ms per flow.
func BenchmarkFlow(b *testing.B) {
	f := newFixture(b, Options{})
	q := demoQuery()
	b.ReportAllocs()
	for b.Loop() {
		if w := f.exchange(version202603, f.code(q, HubMarketingPro)); w.Code != 200 {
			b.Fatalf("exchange: %d", w.Code)
		}
	}
}

// BenchmarkConcurrentFlows runs 1,000 complete flows per iteration against
// one real sandbox on loopback, 32 at a time, replays every code once more
// to prove none is ever accepted twice, and reports flows per second.
func BenchmarkConcurrentFlows(b *testing.B) {
	_, base := startSandbox(b, Options{})
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	const flows, workers = 1000, 32
	var total time.Duration
	for b.Loop() {
		var accepted, replayOK atomic.Int64
		codes := sync.Map{}
		jobs := make(chan int)
		var wg sync.WaitGroup
		start := time.Now()
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range jobs {
					code, err := httpFlowCode(client, base)
					if err != nil {
						b.Error(err)
						return
					}
					if _, dup := codes.LoadOrStore(code, true); dup {
						b.Errorf("code issued twice")
					}
					if postExchange(client, base, code) == 200 {
						accepted.Add(1)
					}
					if postExchange(client, base, code) == 200 {
						replayOK.Add(1)
					}
				}
			}()
		}
		for i := range flows {
			jobs <- i
		}
		close(jobs)
		wg.Wait()
		total += time.Since(start)
		if accepted.Load() != flows || replayOK.Load() != 0 {
			b.Fatalf("accepted %d of %d, replays accepted %d", accepted.Load(), flows, replayOK.Load())
		}
	}
	b.ReportMetric(float64(flows*b.N)/total.Seconds(), "flows/s")
}

// httpFlowCode authorizes and grants over HTTP and returns the code.
func httpFlowCode(c *http.Client, base string) (string, error) {
	resp, err := c.Get(base + "/oauth/authorize?" + demoQuery().Encode())
	if err != nil {
		return "", err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	req := resp.Header.Get("X-Sandbox-Request")
	resp, err = c.PostForm(base+"/oauth/authorize/decision", url.Values{
		"request": {req}, "hub_id": {"20000003"}, "user": {"admin"}, "action": {"grant"}})
	if err != nil {
		return "", err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || loc.Query().Get("code") == "" {
		return "", fmt.Errorf("grant: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	return loc.Query().Get("code"), nil
}

func postExchange(c *http.Client, base, code string) int {
	resp, err := c.Post(base+"/oauth/v3/token", "application/x-www-form-urlencoded", strings.NewReader(url.Values{
		"grant_type": {"authorization_code"}, "client_id": {DemoClientID}, "client_secret": {DemoClientSecret},
		"redirect_uri": {DemoRedirectURL}, "code": {code}}.Encode()))
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	var tr tokenResponse
	if json.NewDecoder(resp.Body).Decode(&tr) != nil || (resp.StatusCode == 200 && tr.AccessToken == "") {
		return -1
	}
	return resp.StatusCode
}
