package config

import (
	"errors"
	"os"
	"os/exec"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zalando/go-keyring"
)

var errNoDBus = errors.New("org.freedesktop.secrets was not provided by any .service files")

type failingKeyring struct{}

func (failingKeyring) Set(string, string, string) error   { return errNoDBus }
func (failingKeyring) Get(string, string) (string, error) { return "", errNoDBus }
func (failingKeyring) Delete(string, string) error        { return errNoDBus }

// slowKeyring hangs until released, like a keyring behind a hidden prompt.
type slowKeyring struct{ release chan struct{} }

func (k slowKeyring) Set(string, string, string) error   { <-k.release; return nil }
func (k slowKeyring) Get(string, string) (string, error) { <-k.release; return "", keyring.ErrNotFound }
func (k slowKeyring) Delete(string, string) error        { <-k.release; return nil }

// smallKeyring refuses items over a size, like Windows Credential Manager.
type smallKeyring struct {
	mu    sync.Mutex
	limit int
	items map[string]string
}

func (k *smallKeyring) Set(s, u, p string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if len(p) > k.limit {
		return keyring.ErrSetDataTooBig
	}
	k.items[s+"|"+u] = p
	return nil
}

func (k *smallKeyring) Get(s, u string) (string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if v, ok := k.items[s+"|"+u]; ok {
		return v, nil
	}
	return "", keyring.ErrNotFound
}

func (k *smallKeyring) Delete(s, u string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	delete(k.items, s+"|"+u)
	return nil
}

func exerciseStore(t *testing.T, s Store) {
	t.Helper()
	a := canaryRecord()
	b := canaryRecord()
	b.HubID, b.ObtainedAt = 7, a.ObtainedAt.Add(time.Minute)
	for _, r := range []*TokenRecord{&a, &b, &a} {
		if err := s.Put(r); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Get("dev", 42)
	if err != nil || !reflect.DeepEqual(*got, a) {
		t.Fatalf("Get = %v, %v", got, err)
	}
	if latest, err := s.Get("dev", 0); err != nil || latest.HubID != 7 {
		t.Fatalf("latest = %v, %v", latest, err)
	}
	if list, err := s.List("dev"); err != nil || len(list) != 2 {
		t.Fatalf("List = %v, %v", list, err)
	}
	if err := s.Delete("dev", 42); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get("dev", 42); !errors.Is(err, ErrNotFound) {
		t.Fatalf("after delete: %v", err)
	}
	if err := s.Delete("dev", 7); err != nil {
		t.Fatal(err)
	}
	if list, err := s.List("dev"); err != nil || len(list) != 0 {
		t.Fatalf("List after deletes = %v, %v", list, err)
	}
}

// busEnv says a session bus exists, so the OS keyring's bus check lets go-keyring's mock through.
var busEnv = envMap(map[string]string{"DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent/bus"})

func TestS1_KeyringMock(t *testing.T) {
	d := isolate(t)
	keyring.MockInit()
	s, err := OpenStore("keyring", StoreOptions{Dir: d.State, Getenv: busEnv})
	if err != nil {
		t.Fatal(err)
	}
	if s.Kind() != "keyring" {
		t.Fatalf("Kind = %s", s.Kind())
	}
	exerciseStore(t, s)
}

func TestS1_KeyringMockFailure(t *testing.T) {
	d := isolate(t)
	keyring.MockInitWithError(errNoDBus)
	t.Cleanup(keyring.MockInit)
	s, err := OpenStore("keyring", StoreOptions{Dir: d.State, Getenv: busEnv})
	if err != nil {
		t.Fatalf("opening must not touch the keyring: %v", err)
	}
	err = Preflight(s)
	var ku *KeyringUnavailableError
	if !errors.As(err, &ku) || !errors.Is(err, ErrKeyringUnavailable) || !strings.Contains(err.Error(), `token_store = "file"`) || !errors.Is(err, errNoDBus) {
		t.Fatalf("want the cause and how to choose the file store, got %v", err)
	}
	if _, err := s.Get("dev", 0); !errors.Is(err, ErrKeyringUnavailable) {
		t.Fatalf("Get: want ErrKeyringUnavailable, got %v", err)
	}
}

// TestKeyringStoreOpensLazily: with the keyring unavailable, opening the store succeeds (so the TUI's
// catalog and review work) and only the token operations report it, with the file store as the fix.
func TestKeyringStoreOpensLazily(t *testing.T) {
	d := isolate(t)
	s, err := OpenStore("keyring", StoreOptions{Dir: d.State, Keyring: failingKeyring{}})
	if err != nil {
		t.Fatalf("OpenStore touched the keyring: %v", err)
	}
	rec := canaryRecord()
	for name, op := range map[string]func() error{
		"Get":       func() error { _, err := s.Get("dev", 42); return err },
		"List":      func() error { _, err := s.List("dev"); return err },
		"Put":       func() error { return s.Put(&rec) },
		"Preflight": func() error { return Preflight(s) },
	} {
		err := op()
		var ku *KeyringUnavailableError
		if !errors.As(err, &ku) || !strings.Contains(ku.Fix(), `token_store = "file"`) {
			t.Errorf("%s: want a KeyringUnavailableError, got %v", name, err)
		}
	}
}

func TestS1_KeyringTimeout(t *testing.T) {
	d := isolate(t)
	k := slowKeyring{release: make(chan struct{})}
	defer close(k.release)
	start := time.Now()
	s, err := OpenStore("keyring", StoreOptions{Dir: d.State, Keyring: k, Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err = Preflight(s); err == nil || !strings.Contains(err.Error(), "no answer within") {
		t.Fatalf("want a timeout error, got %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("timeout took %s", d)
	}
}

func TestS1_KeyringItemTooBig(t *testing.T) {
	d := isolate(t)
	var warnings []string
	kr := &smallKeyring{limit: 900, items: map[string]string{}}
	s, err := OpenStore("keyring", StoreOptions{Dir: d.State, Keyring: kr, Warn: func(w string) { warnings = append(warnings, w) }})
	if err != nil {
		t.Fatal(err)
	}
	rec := canaryRecord()
	for i := 0; i < maxHistory; i++ {
		rec.AddRefresh(RefreshEntry{At: time.Now(), Note: "refreshed by the background refresher"})
	}
	if err := s.Put(&rec); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get("dev", 42)
	if err != nil || got.RefreshToken != canaryRefresh || len(got.History) != 0 || len(warnings) != 1 {
		t.Fatalf("want tokens kept and history dropped with a warning: %v %v %v", got, err, warnings)
	}
	rec.AccessToken = strings.Repeat("a", 2000)
	if err := s.Put(&rec); err == nil || !strings.Contains(err.Error(), "too large") {
		t.Fatalf("want a too-large error naming the file store, got %v", err)
	}
}

func TestKeyringCorruptItemMovedAside(t *testing.T) {
	d := isolate(t)
	kr := &smallKeyring{limit: 1 << 20, items: map[string]string{"hsoauth|dev/5": "{garbage", "hsoauth|dev/index": "[5]"}}
	s, err := OpenStore("keyring", StoreOptions{Dir: d.State, Keyring: kr})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get("dev", 5); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("want ErrCorrupt, got %v", err)
	}
	kept := 0
	for k, v := range kr.items {
		if strings.HasPrefix(k, "hsoauth|dev/5.corrupt-") && v == "{garbage" {
			kept++
		}
	}
	if _, still := kr.items["hsoauth|dev/5"]; still || kept != 1 {
		t.Fatalf("corrupt item should be moved aside: %v", kr.items)
	}
}

// TestS1_RealSecretService round-trips through a real Secret Service. It
// runs in a child process because keyring.MockInit (used by other tests)
// cannot be undone within one process.
func TestS1_RealSecretService(t *testing.T) {
	if os.Getenv("HSOAUTH_TEST_SECRET_SERVICE") != "1" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI must run this test: set HSOAUTH_TEST_SECRET_SERVICE=1 under dbus-run-session with gnome-keyring-daemon unlocked")
		}
		t.Skip("set HSOAUTH_TEST_SECRET_SERVICE=1 (under dbus-run-session with an unlocked gnome-keyring-daemon) to test the real Secret Service")
	}
	if os.Getenv("HSOAUTH_TEST_SS_CHILD") == "1" {
		d := isolate(t)
		s, err := OpenStore("keyring", StoreOptions{Dir: d.State, Getenv: os.Getenv, Service: "hsoauth-test-" + time.Now().Format("150405.000000")})
		if err != nil {
			t.Fatal(err)
		}
		exerciseStore(t, s)
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestS1_RealSecretService$", "-test.v")
	cmd.Env = append(os.Environ(), "HSOAUTH_TEST_SS_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestS1_RealSecretService") {
		t.Fatalf("real Secret Service round-trip failed: %v\n%s", err, out)
	}
}
