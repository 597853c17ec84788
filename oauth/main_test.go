package oauth

import (
	"context"
	"net"
	"net/http"
	"strconv"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// freePort finds a port free on both 127.0.0.1 and [::1].
func freePort(t testing.TB) string {
	t.Helper()
	for range 20 {
		l4, err := net.Listen("tcp4", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := strconv.Itoa(l4.Addr().(*net.TCPAddr).Port)
		l6, err := net.Listen("tcp6", "[::1]:"+port)
		_ = l4.Close()
		if err == nil {
			_ = l6.Close()
			return port
		}
	}
	t.Fatal("no free dual-stack port")
	return ""
}

func redirectFor(port string) string { return "http://localhost:" + port + "/oauth-callback" }

// browser is a fake browser: it follows redirects from the authorize URL to
// the loopback callback and returns the final response.
func browser(t testing.TB, rawURL string) (*http.Response, string) {
	t.Helper()
	hc := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := hc.Get(rawURL)
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	defer resp.Body.Close()
	buf := make([]byte, 64<<10)
	n, _ := resp.Body.Read(buf)
	return resp, string(buf[:n])
}

// get sends one request to the callback server with full control of the host.
func get(t testing.TB, port, target string, hdr map[string]string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, "http://127.0.0.1:"+port+target, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = "localhost:" + port
	for k, v := range hdr {
		if k == "Host" {
			req.Host = v
			continue
		}
		req.Header.Set(k, v)
	}
	hc := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatalf("get %s: %v", target, err)
	}
	defer resp.Body.Close()
	buf := make([]byte, 64<<10)
	n, _ := resp.Body.Read(buf)
	return resp.StatusCode, string(buf[:n])
}

func listenTest(t testing.TB, port, state string, opts CallbackOptions) *CallbackServer {
	t.Helper()
	srv, err := ListenCallback(context.Background(), redirectFor(port), state, opts)
	if err != nil {
		t.Fatalf("ListenCallback: %v", err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return srv
}

func mustState(t testing.TB) string {
	t.Helper()
	s, err := NewState()
	if err != nil {
		t.Fatal(err)
	}
	return s
}
