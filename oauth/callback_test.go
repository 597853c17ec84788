package oauth

import (
	"context"
	"errors"
	"net"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hsoauth/hsoauth/redact"
)

func TestL13_ShutdownDespiteIdlePreconnect(t *testing.T) {
	port, state := freePort(t), mustState(t)
	srv := listenTest(t, port, state, CallbackOptions{})
	idle, err := net.Dial("tcp", "127.0.0.1:"+port)
	if err != nil {
		t.Fatal(err)
	}
	defer idle.Close()
	get(t, port, "/oauth-callback?code=c&state="+state, nil)
	start := time.Now()
	if _, err := srv.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("shutdown took %v", d)
	}
}

func TestL14_SafeLandingPage(t *testing.T) {
	h := newCallbackHandler("GOODSTATE", "/cb", "8000", 10)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "http://localhost:8000/cb?state=GOODSTATE&error=server_error&error_description=%3Cscript%3Ealert(1)%3C/script%3E%1b[2J", nil))
	hd := rec.Header()
	for k, v := range map[string]string{
		"Referrer-Policy": "no-referrer", "Cache-Control": "no-store", "Content-Type": "text/html; charset=utf-8",
		"X-Content-Type-Options":  "nosniff",
		"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
	} {
		if hd.Get(k) != v {
			t.Errorf("%s = %q", k, hd.Get(k))
		}
	}
	body := rec.Body.String()
	if strings.Contains(body, "<script") || strings.Contains(body, "\x1b") || strings.Contains(body, "GOODSTATE") {
		t.Fatalf("unsafe body: %q", body)
	}
	if regexp.MustCompile(`(?i)(src|href|action)=`).MatchString(body) {
		t.Fatalf("page loads or links something: %q", body)
	}
	rec = httptest.NewRecorder()
	h2 := newCallbackHandler("GOODSTATE", "/cb", "8000", 10)
	h2.ServeHTTP(rec, httptest.NewRequest("GET", "http://localhost:8000/cb?state=GOODSTATE&code=SECRETCODE123", nil))
	if strings.Contains(rec.Body.String(), "SECRETCODE123") || !strings.Contains(rec.Body.String(), "Do not share") {
		t.Fatalf("success page: %q", rec.Body.String())
	}
}

func TestL15_NonNavigationFetchRefused(t *testing.T) {
	h := newCallbackHandler("GOODSTATE", "/cb", "8000", 10)
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "http://localhost:8000/cb?state=GOODSTATE&code=x", nil)
	req.Header.Set("Sec-Fetch-Dest", "image")
	h.ServeHTTP(rec, req)
	if rec.Code != 400 || len(h.result) != 0 {
		t.Fatalf("image fetch: %d results %d", rec.Code, len(h.result))
	}
	rec = httptest.NewRecorder()
	req = httptest.NewRequest("GET", "http://localhost:8000/cb?state=GOODSTATE&code=x", nil)
	req.Header.Set("Sec-Fetch-Dest", "document")
	req.Header.Set("Sec-Fetch-Mode", "navigate")
	h.ServeHTTP(rec, req)
	if rec.Code != 200 || len(h.result) != 1 {
		t.Fatalf("navigation: %d", rec.Code)
	}
}

func TestL16_PastePath(t *testing.T) {
	const state = "GOODSTATE-0123456789"
	redirect := "http://localhost:3000/oauth-callback"
	cases := []struct {
		pasted, code string
		ok           bool
	}{
		{redirect + "?code=na1-abc&state=" + state, "na1-abc", true},
		{"  " + redirect + "?state=" + state + "&code=na1-abc\n", "na1-abc", true},
		{"code=na1-abc&state=" + state, "na1-abc", true},
		{"na1-bare-code-0123456789", "na1-bare-code-0123456789", true},
		{"hello", "", false},
		{"localhost:3000/oauth-callback?code=na1-abc&state=" + state, "na1-abc", true},
		{redirect + "?code=na1-abc&state=WRONG", "", false},
		{redirect + "?code=na1-abc", "", false},
		{redirect + "?code=a&code=b&state=" + state, "", false},
		{"https://evil.example/oauth-callback?code=na1-abc&state=" + state, "", false},
		{redirect + "?error=access_denied&state=" + state, "", false},
		{"bare code with spaces", "", false},
		{"", "", false},
	}
	for _, c := range cases {
		code, err := ParseRedirected(c.pasted, redirect, state)
		if (err == nil) != c.ok || code != c.code {
			t.Errorf("%q: code %q err %v", c.pasted, code, err)
		}
		if err != nil && strings.Contains(err.Error(), state) {
			t.Errorf("error echoes state: %v", err)
		}
	}
	_, err := ParseRedirected(redirect+"?error=access_denied&state="+state, redirect, state)
	var ae *AuthError
	if !errors.As(err, &ae) || !ae.Denied() {
		t.Fatalf("paste deny: %v", err)
	}
}

func TestR1_AccessDeniedEndsWithoutTokenRequest(t *testing.T) {
	hub := newFakeHub(t, V202603)
	port, state := freePort(t), mustState(t)
	srv := listenTest(t, port, state, CallbackOptions{})
	get(t, port, "/oauth-callback?error=access_denied&state="+state, nil)
	res, err := srv.Wait(context.Background())
	var ae *AuthError
	if !errors.As(err, &ae) || !ae.Denied() || res.Code != "" || !strings.Contains(ae.Error(), "cancelled") {
		t.Fatalf("%+v %v", res, err)
	}
	if hub.counts() != 0 {
		t.Fatal("token endpoint reached after a denial")
	}
}

func TestR2_ErrorParamsSanitised(t *testing.T) {
	for _, raw := range []string{"\x1b[2J", "\u009b31m", "a\r\nb", `q"uo\te`, strings.Repeat("x", 10000), "\x00\x7f"} {
		out := sanitizeOAuthParam(raw)
		for _, r := range out {
			if r < 0x20 || r > 0x7e || r == '"' || r == '\\' {
				t.Fatalf("%q -> %q keeps %q", raw, out, r)
			}
		}
		if len(out) > redact.MaxShown+3 {
			t.Fatalf("not truncated: %d", len(out))
		}
	}
	res, err := checkCallbackQuery("state=S0123456789abcdef&error=%1b%5B31m&error_description=%C2%9B2J%0Dhi", "S0123456789abcdef")
	if err != nil || res.Err == nil || strings.ContainsAny(res.Err.Error(), "\x1b\r\u009b") {
		t.Fatalf("%+v %v", res, err)
	}
}

func TestR3_MissingCodeIsProtocolError(t *testing.T) {
	for _, q := range []string{"state=S0123456789abcdef", "state=S0123456789abcdef&code=", "state=S0123456789abcdef&code=a%20b"} {
		res, err := checkCallbackQuery(q, "S0123456789abcdef")
		if err != nil || res.Code != "" || res.Err == nil || res.Err.Code != "invalid_response" {
			t.Errorf("%s: %+v %v", q, res, err)
		}
	}
}

func TestR4_DuplicateParametersRejected(t *testing.T) {
	for _, q := range []string{
		"code=a&code=b&state=S0123456789abcdef",
		"code=a&state=S0123456789abcdef&state=S0123456789abcdef",
		"error=x&error=y&state=S0123456789abcdef",
		"code=a&state=S0123456789abcdef&error_description=1&error_description=2",
	} {
		if _, err := checkCallbackQuery(q, "S0123456789abcdef"); !errors.Is(err, ErrStateMismatch) {
			t.Errorf("%s accepted", q)
		}
	}
}
