package oauth

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

func TestL1_BindsOnlyLoopbackLiterals(t *testing.T) {
	port := freePort(t)
	srv := listenTest(t, port, mustState(t), CallbackOptions{})
	addrs := srv.Addrs()
	if len(addrs) != 2 {
		t.Fatalf("want IPv4 and IPv6 listeners, got %v", addrs)
	}
	for _, a := range addrs {
		if ip := a.(*net.TCPAddr).IP; !ip.IsLoopback() {
			t.Fatalf("listening on non-loopback %v", a)
		}
	}
	for _, bad := range []string{"http://0.0.0.0:8080/cb", "http://[::]:8080/cb", "http://192.168.1.2:8080/cb", "http://127.0.0.1:8080/cb", "http://example.com:8080/cb"} {
		if _, err := ListenCallback(context.Background(), bad, mustState(t), CallbackOptions{}); err == nil {
			t.Errorf("ListenCallback accepted %s", bad)
		}
	}
}

func TestL2_PortBusyOnEitherHalf(t *testing.T) {
	for _, family := range []string{"tcp4", "tcp6"} {
		t.Run(family, func(t *testing.T) {
			port := freePort(t)
			host := map[string]string{"tcp4": "127.0.0.1", "tcp6": "::1"}[family]
			squat, err := net.Listen(family, net.JoinHostPort(host, port))
			if err != nil {
				t.Fatal(err)
			}
			defer squat.Close()
			_, err = ListenCallback(context.Background(), redirectFor(port), mustState(t), CallbackOptions{})
			var busy *PortBusyError
			if !errors.As(err, &busy) || busy.Port != port {
				t.Fatalf("want PortBusyError, got %v", err)
			}
			msg := busy.Error()
			if !strings.Contains(msg, "lsof -i :"+port) || !strings.Contains(msg, "pid ") {
				t.Fatalf("message lacks remedy or holder: %s", msg)
			}
			// the other half must have been released
			if l, err := net.Listen("tcp4", "127.0.0.1:"+port); family == "tcp6" && err != nil {
				t.Fatalf("IPv4 half left bound: %v", err)
			} else if err == nil {
				_ = l.Close()
			}
		})
	}
}

func TestL2_NoIPv6FallsBackToIPv4(t *testing.T) {
	port := freePort(t)
	listen := func(ctx context.Context, network, addr string) (net.Listener, error) {
		if network == "tcp6" {
			return nil, &net.OpError{Op: "listen", Net: network, Err: syscall.EADDRNOTAVAIL}
		}
		var lc net.ListenConfig
		return lc.Listen(ctx, network, addr)
	}
	state := mustState(t)
	srv := listenTest(t, port, state, CallbackOptions{Listen: listen})
	if len(srv.Addrs()) != 1 {
		t.Fatalf("want IPv4 only, got %v", srv.Addrs())
	}
	get(t, port, "/oauth-callback?code=abc&state="+state, nil)
	if res, err := srv.Wait(context.Background()); err != nil || res.Code != "abc" {
		t.Fatalf("%+v %v", res, err)
	}
}

func TestL4_PortBusyErrorNamesPortAndFix(t *testing.T) {
	e := &PortBusyError{Port: "3000", Family: "IPv4 (127.0.0.1)", Holder: "pid 42 (node)"}
	want := "port 3000 on localhost IPv4 (127.0.0.1) is already in use by pid 42 (node); stop it, or register and use another redirect URL such as http://localhost:3001/oauth-callback (find the holder with: lsof -i :3000, or netstat -ano on Windows)"
	if e.Error() != want {
		t.Fatalf("got %q", e.Error())
	}
}

func TestL6_PortClosedAfterEveryEnding(t *testing.T) {
	endings := map[string]func(s *CallbackServer, port, state string){
		"success": func(s *CallbackServer, port, state string) { get(t, port, "/oauth-callback?code=c&state="+state, nil) },
		"deny": func(s *CallbackServer, port, state string) {
			get(t, port, "/oauth-callback?error=access_denied&state="+state, nil)
		},
		"close": func(s *CallbackServer, _, _ string) { _ = s.Close() },
	}
	for name, end := range endings {
		t.Run(name, func(t *testing.T) {
			port, state := freePort(t), mustState(t)
			srv := listenTest(t, port, state, CallbackOptions{})
			end(srv, port, state)
			_, _ = srv.Wait(context.Background())
			for _, addr := range []string{"127.0.0.1:" + port, "[::1]:" + port} {
				if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
					_ = c.Close()
					t.Fatalf("%s still accepting after %s", addr, name)
				}
			}
		})
	}
}

func TestL7_TimeoutAndCancellation(t *testing.T) {
	port := freePort(t)
	srv := listenTest(t, port, mustState(t), CallbackOptions{Timeout: 100 * time.Millisecond})
	if _, err := srv.Wait(context.Background()); !errors.Is(err, ErrCallbackTimeout) {
		t.Fatalf("timeout: %v", err)
	}
	port = freePort(t)
	srv = listenTest(t, port, mustState(t), CallbackOptions{})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := srv.Wait(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("wait ctx: %v", err)
	}
	port = freePort(t)
	sctx, scancel := context.WithCancel(context.Background())
	srv2, err := ListenCallback(sctx, redirectFor(port), mustState(t), CallbackOptions{})
	if err != nil {
		t.Fatal(err)
	}
	scancel()
	if _, err := srv2.Wait(context.Background()); !errors.Is(err, context.Canceled) {
		t.Fatalf("server ctx: %v", err)
	}
}

func TestL8_SlowlorisIsCut(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for ReadHeaderTimeout")
	}
	port := freePort(t)
	listenTest(t, port, mustState(t), CallbackOptions{})
	c, err := net.Dial("tcp", "127.0.0.1:"+port)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_, _ = c.Write([]byte("GET / HTTP/1.1\r\n"))
	_ = c.SetReadDeadline(time.Now().Add(8 * time.Second))
	start := time.Now()
	buf := make([]byte, 512)
	for {
		if _, err := c.Read(buf); err != nil {
			break
		}
	}
	if d := time.Since(start); d > 7*time.Second {
		t.Fatalf("connection held %v", d)
	}
}

func TestL9_MinimalRoutingNoRedirect(t *testing.T) {
	port, state := freePort(t), mustState(t)
	srv := listenTest(t, port, state, CallbackOptions{})
	for _, target := range []string{"/favicon.ico", "/oauth-callback/", "/OAUTH-CALLBACK", "/"} {
		if code, _ := get(t, port, target+"?code=x&state="+state, nil); code != 404 {
			t.Errorf("%s: %d", target, code)
		}
	}
	code, body := get(t, port, "/oauth-callback?code=x&state="+state+"&next=https://evil.example", nil)
	if code != 200 || strings.Contains(body, "evil") {
		t.Fatalf("callback with next=: %d %q", code, body)
	}
	if res, err := srv.Wait(context.Background()); err != nil || res.Code != "x" {
		t.Fatalf("%+v %v", res, err)
	}
}

func TestL10_HostHeaderAllowlist(t *testing.T) {
	port, state := freePort(t), mustState(t)
	srv := listenTest(t, port, state, CallbackOptions{})
	if code, _ := get(t, port, "/oauth-callback?code=x&state="+state, map[string]string{"Host": "attacker.example:" + port}); code != 421 {
		t.Fatalf("foreign host: %d", code)
	}
	for _, h := range []string{"127.0.0.1:" + port, "[::1]:" + port} {
		if code, _ := get(t, port, "/oauth-callback?state=wrong", map[string]string{"Host": h}); code != 400 {
			t.Fatalf("host %s rejected before state check: %d", h, code)
		}
	}
	get(t, port, "/oauth-callback?code=good&state="+state, nil)
	if res, err := srv.Wait(context.Background()); err != nil || res.Code != "good" {
		t.Fatalf("%+v %v", res, err)
	}
}

func TestL11_WrongStateFloodThenValid(t *testing.T) {
	port, state := freePort(t), mustState(t)
	srv := listenTest(t, port, state, CallbackOptions{})
	for i := range 5 {
		if code, body := get(t, port, fmt.Sprintf("/oauth-callback?code=evil%d&state=wrong%d", i, i), nil); code != 400 || strings.Contains(body, state) {
			t.Fatalf("wrong state: %d", code)
		}
	}
	if code, _ := get(t, port, "/oauth-callback?error=access_denied", nil); code != 400 {
		t.Fatalf("stateless error accepted: %d", code)
	}
	get(t, port, "/oauth-callback?code=real&state="+state, nil)
	if res, err := srv.Wait(context.Background()); err != nil || res.Code != "real" {
		t.Fatalf("%+v %v", res, err)
	}
}

func TestL11_TooManyInvalidAborts(t *testing.T) {
	port, state := freePort(t), mustState(t)
	srv := listenTest(t, port, state, CallbackOptions{MaxInvalid: 3})
	for range 3 {
		get(t, port, "/oauth-callback?code=x&state=nope", nil)
	}
	_, err := srv.Wait(context.Background())
	if !errors.Is(err, ErrTooManyInvalidCallbacks) || strings.Contains(err.Error(), state) {
		t.Fatalf("got %v", err)
	}
}

func TestL12_FirstValidCallbackWins(t *testing.T) {
	h := newCallbackHandler("GOODSTATE", "/cb", "8000", 10)
	var wg sync.WaitGroup
	var ok, conflict atomic.Int32
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rec := httptest.NewRecorder()
			req := httptest.NewRequest("GET", fmt.Sprintf("http://localhost:8000/cb?code=c%d&state=GOODSTATE", i), nil)
			h.ServeHTTP(rec, req)
			switch rec.Code {
			case 200:
				ok.Add(1)
			case 409:
				conflict.Add(1)
			}
		}()
	}
	wg.Wait()
	if ok.Load() != 1 || conflict.Load() != 49 || len(h.result) != 1 {
		t.Fatalf("ok %d conflict %d results %d", ok.Load(), conflict.Load(), len(h.result))
	}
}
