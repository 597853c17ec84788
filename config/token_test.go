package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/hsoauth/hsoauth/redact"
)

const (
	canaryAccess  = "CANARY-ACCESS-7f3a9d"
	canaryRefresh = "CANARY-REFRESH-2b8c1e"
)

func canaryRecord() TokenRecord {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	return TokenRecord{Profile: "dev", HubID: 42, HubDomain: "demo.hubspot.com", User: "a@b.c",
		AccessToken: canaryAccess, RefreshToken: canaryRefresh, TokenType: "bearer",
		ExpiresAt: now.Add(30 * time.Minute), ObtainedAt: now, Scopes: []string{"oauth"},
		History: []RefreshEntry{{At: now, ExpiresAt: now.Add(time.Hour), Rotated: true}}}
}

func assertNoCanary(t *testing.T, where, s string) {
	t.Helper()
	if strings.Contains(s, canaryAccess) || strings.Contains(s, canaryRefresh) {
		t.Fatalf("%s leaks a token: %s", where, s)
	}
}

func TestF1_LogsMaskTokens(t *testing.T) {
	rec := canaryRecord()
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	log.Info("saved", "record", rec, "ptr", &rec)
	slog.New(slog.NewTextHandler(&buf, nil)).Info("saved", "record", rec)
	assertNoCanary(t, "slog", buf.String())
	if !strings.Contains(buf.String(), redact.Dots) {
		t.Fatalf("slog output does not show a mask: %s", buf.String())
	}
	js, err := json.Marshal(map[string]any{"r": rec, "list": []TokenRecord{rec}})
	if err != nil {
		t.Fatal(err)
	}
	assertNoCanary(t, "encoding/json", string(js))
}

func TestF2_ErrorsCarryNoSecrets(t *testing.T) {
	d := isolate(t)
	s, err := OpenStore("file", StoreOptions{Dir: d.State})
	if err != nil {
		t.Fatal(err)
	}
	path := s.(*fileStore).Path()
	// A file that is not JSON but holds a token must not appear in the error.
	writeFile(t, path, `{"version":1,"tokens":[{"profile":"dev","access_token":"`+canaryAccess+`"`, 0o600)
	_, err = s.Get("dev", 0)
	if !errors.Is(err, ErrCorrupt) {
		t.Fatalf("want ErrCorrupt, got %v", err)
	}
	assertNoCanary(t, "corrupt-file error", err.Error())
	p := Profile{Name: "dev", ClientID: "id", ClientSecretEnv: "SECRET"}
	_, err = p.ResolveSecret(envMap(map[string]string{"SECRET": "•••" + canaryAccess}), nil)
	if err == nil {
		t.Fatal("a masked env secret must be rejected")
	}
	assertNoCanary(t, "ResolveSecret error", err.Error())
}

func TestF3_RecordCannotBePrinted(t *testing.T) {
	rec := canaryRecord()
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%T %v"} {
		out := fmt.Sprintf(verb, rec) + fmt.Sprintf(verb, &rec) + fmt.Sprintf(verb, []TokenRecord{rec})
		assertNoCanary(t, verb, out)
	}
	txt, _ := rec.MarshalText()
	assertNoCanary(t, "MarshalText", string(txt))
	if !strings.Contains(rec.String(), "HubID:42") {
		t.Fatalf("String should still show non-secret fields: %s", rec)
	}
}

func TestF4_PanicOutputMasked(t *testing.T) {
	if os.Getenv("HSOAUTH_TEST_PANIC") == "1" {
		rec := canaryRecord()
		panic(rec)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestF4_PanicOutputMasked$")
	cmd.Env = append(os.Environ(), "HSOAUTH_TEST_PANIC=1")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatal("the child should have panicked")
	}
	if !strings.Contains(string(out), redact.Dots) {
		t.Fatalf("panic output does not show the masked record:\n%s", out)
	}
	assertNoCanary(t, "panic output", string(out))
}

func TestF5_MaskIsFixedWidthAndOutputIsSanitized(t *testing.T) {
	short, long := redact.Mask("abcd"+strings.Repeat("y", 20)+"wxyz"), redact.Mask(strings.Repeat("z", 400))
	if len(short) != len(long) || short == long {
		t.Fatalf("mask must be fixed-width and still tell tokens apart: %q %q", short, long)
	}
	if redact.Mask("") != "" {
		t.Fatal("an empty token shows as empty")
	}
	e := ValidationError{File: "c.toml", Line: 1, Col: 1, Key: "\x1b]52;c;evil\x07", Problem: "got \x9b31m\nfake: line"}
	out := e.Error()
	if strings.ContainsAny(out, "\x1b\x07\n\u009b") {
		t.Fatalf("control characters reached the terminal: %q", out)
	}
	rec := canaryRecord()
	rec.User = "\x1b[2Jevil"
	if strings.Contains(rec.String(), "\x1b") {
		t.Fatal("String passes ESC through")
	}
}

func TestNeedsRefreshAndHistoryCap(t *testing.T) {
	now := time.Now()
	r := TokenRecord{AccessToken: "a", ExpiresAt: now.Add(5 * time.Minute)}
	if r.NeedsRefresh(now, 4*time.Minute) {
		t.Fatal("5 minutes left with a 4 minute margin is fine")
	}
	if !r.NeedsRefresh(now, 5*time.Minute) || !(&TokenRecord{}).NeedsRefresh(now, 0) {
		t.Fatal("at the margin, or with no token, a refresh is due")
	}
	for i := 0; i < 50; i++ {
		r.AddRefresh(RefreshEntry{Note: fmt.Sprint(i)})
	}
	if len(r.History) != maxHistory || r.History[maxHistory-1].Note != "49" {
		t.Fatalf("history not capped to the newest %d", maxHistory)
	}
}
