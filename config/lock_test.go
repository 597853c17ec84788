package config

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"
)

// fakeAS plays HubSpot's token endpoint with refresh-token rotation and
// reuse detection: an old refresh token is rejected with invalid_grant.
type fakeAS struct {
	mu        sync.Mutex
	current   string
	refreshes int
	reused    int
}

func (a *fakeAS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	time.Sleep(30 * time.Millisecond) // widen the race window
	a.mu.Lock()
	defer a.mu.Unlock()
	if r.PostForm.Get("refresh_token") != a.current {
		a.reused++
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"error":"invalid_grant"}`))
		return
	}
	a.refreshes++
	a.current = fmt.Sprintf("rt-%d", a.refreshes)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"access_token": fmt.Sprintf("at-%d", a.refreshes), "refresh_token": a.current, "expires_in": 1800})
}

// refreshIfNeeded is the refresher flow the app uses: lock, re-read,
// refresh only if still due, save, unlock.
func refreshIfNeeded(ctx context.Context, stateDir string, s Store, tokenURL string) error {
	return WithLock(ctx, stateDir, "dev", 42, func() error {
		rec, err := s.Get("dev", 42)
		if err != nil {
			return err
		}
		now := time.Now()
		if !rec.NeedsRefresh(now, 5*time.Minute) {
			return nil
		}
		resp, err := http.PostForm(tokenURL, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rec.RefreshToken}})
		if err != nil {
			return err
		}
		defer func() { _ = resp.Body.Close() }()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("refresh: status %d", resp.StatusCode)
		}
		var body struct {
			AccessToken  string `json:"access_token"`
			RefreshToken string `json:"refresh_token"`
			ExpiresIn    int    `json:"expires_in"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
			return err
		}
		rec.AddRefresh(RefreshEntry{At: now, ExpiresAt: now.Add(time.Duration(body.ExpiresIn) * time.Second), Rotated: body.RefreshToken != rec.RefreshToken})
		rec.AccessToken, rec.RefreshToken = body.AccessToken, body.RefreshToken
		rec.ExpiresAt = now.Add(time.Duration(body.ExpiresIn) * time.Second)
		return s.Put(rec)
	})
}

func seedExpired(t *testing.T) (Dirs, Store, *fakeAS, *httptest.Server) {
	t.Helper()
	d := isolate(t)
	s, err := OpenStore("file", StoreOptions{Dir: d.State})
	if err != nil {
		t.Fatal(err)
	}
	rec := canaryRecord()
	rec.RefreshToken, rec.ExpiresAt, rec.History = "rt-0", time.Now().Add(-time.Minute), nil
	if err := s.Put(&rec); err != nil {
		t.Fatal(err)
	}
	as := &fakeAS{current: "rt-0"}
	srv := httptest.NewServer(as)
	t.Cleanup(srv.Close)
	return d, s, as, srv
}

func checkOneRefresh(t *testing.T, s Store, as *fakeAS) {
	t.Helper()
	as.mu.Lock()
	defer as.mu.Unlock()
	if as.refreshes != 1 || as.reused != 0 {
		t.Fatalf("want exactly one refresh and no reuse, got %d refreshes, %d reuses", as.refreshes, as.reused)
	}
	rec, err := s.Get("dev", 42)
	if err != nil || rec.RefreshToken != as.current || len(rec.History) != 1 || !rec.History[0].Rotated {
		t.Fatalf("store must keep the newest refresh token %s: %v %v", as.current, rec, err)
	}
}

func TestT4_ConcurrentRefreshersInSeparateProcesses(t *testing.T) {
	if tokenURL := os.Getenv("HSOAUTH_TEST_REFRESHER"); tokenURL != "" {
		dir := os.Getenv("HSOAUTH_TEST_REFRESHER_DIR")
		s, err := OpenStore("file", StoreOptions{Dir: dir})
		if err == nil {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			err = refreshIfNeeded(ctx, dir, s, tokenURL)
			cancel()
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "refresher:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	d, s, as, srv := seedExpired(t)
	const n = 6
	cmds := make([]*exec.Cmd, n)
	for i := range cmds {
		cmds[i] = exec.Command(os.Args[0], "-test.run=^TestT4_ConcurrentRefreshersInSeparateProcesses$")
		cmds[i].Env = append(os.Environ(), "HSOAUTH_TEST_REFRESHER="+srv.URL, "HSOAUTH_TEST_REFRESHER_DIR="+d.State)
		if err := cmds[i].Start(); err != nil {
			t.Fatal(err)
		}
	}
	for i, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Errorf("refresher %d failed: %v", i, err)
		}
	}
	checkOneRefresh(t, s, as)
}

func TestT4_ConcurrentRefreshersInProcess(t *testing.T) {
	d, s, as, srv := seedExpired(t)
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- refreshIfNeeded(context.Background(), d.State, s, srv.URL)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	checkOneRefresh(t, s, as)
}

func TestWithLockHonoursContext(t *testing.T) {
	d := isolate(t)
	held, release := make(chan struct{}), make(chan struct{})
	go func() {
		_ = WithLock(context.Background(), d.State, "dev", 1, func() error { close(held); <-release; return nil })
	}()
	<-held
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	ran := false
	err := WithLock(ctx, d.State, "dev", 1, func() error { ran = true; return nil })
	close(release)
	if err == nil || ran {
		t.Fatalf("a held lock must block until ctx ends: %v", err)
	}
	if err := WithLock(context.Background(), d.State, "dev", 2, func() error { return nil }); err != nil {
		t.Fatalf("another portal's lock is independent: %v", err)
	}
	if err := WithLock(context.Background(), d.State, "../x", 1, func() error { return nil }); err == nil {
		t.Fatal("bad profile names must be refused")
	}
}
