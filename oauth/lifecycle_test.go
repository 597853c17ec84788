package oauth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hsoauth/hsoauth/redact"
)

func TestT1_AbsoluteExpiryWithMargin(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	ts := &TokenSet{ExpiresAt: now.Add(30 * time.Minute)}
	margin := 5 * time.Minute
	if ts.NeedsRefresh(now.Add(25*time.Minute-time.Nanosecond), margin) {
		t.Fatal("refresh before the margin")
	}
	if !ts.NeedsRefresh(now.Add(25*time.Minute), margin) || ts.TimeLeft(now.Add(31*time.Minute)) != 0 {
		t.Fatal("no refresh at the margin or after expiry")
	}
	if rolled := (&TokenSet{ExpiresAt: now.Add(48 * time.Hour)}); !rolled.NeedsRefresh(now, margin) {
		t.Fatal("expiry far in the future trusted")
	}
	bodies := map[string]int{`0`: 0, `-5`: 0, `99999999`: int(maxLifetime.Seconds()), `"1800"`: 1800, `1800`: 1800}
	for raw, want := range bodies {
		srv, _ := stubServer(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"access_token":"at-0123456789abcdef","refresh_token":"rt","expires_in":%s}`, raw)
		})
		c := stubClient(t, srv.URL, V3, WithClock(func() time.Time { return now }))
		ts, err := c.Refresh(context.Background(), "rt-0123456789abcdef")
		if err != nil || ts.ExpiresIn != want || !ts.ExpiresAt.Equal(now.Add(time.Duration(want)*time.Second)) {
			t.Errorf("expires_in %s: %v %v", raw, ts, err)
		}
	}
}

func TestT2_Unauthorized401NotRetried(t *testing.T) {
	hub := newFakeHub(t, V3)
	c := stubClient(t, hub.srv.URL, V3)
	resp, err := c.Call(context.Background(), "expired-token-0123456789", "/account-info/v3/details")
	var he *HubSpotError
	if !errors.As(err, &he) || resp.Status != 401 || he.Code() != "EXPIRED_AUTHENTICATION" || !strings.Contains(he.NextStep(), "Refresh") {
		t.Fatalf("%v %v", resp, err)
	}
	if len(hub.requestURLs) != 1 {
		t.Fatalf("401 retried: %d requests", len(hub.requestURLs))
	}
}

func TestT3_RefreshKeepsOrReplacesRefreshToken(t *testing.T) {
	srv, _ := stubServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"access_token":"at-0123456789abcdef","expires_in":1800}`))
	})
	c := stubClient(t, srv.URL, V3)
	ts, err := c.Refresh(context.Background(), "rt-original-0123456789")
	if err != nil || ts.RefreshToken != "rt-original-0123456789" || ts.Rotated {
		t.Fatalf("refresh token not preserved: %v %v", ts, err)
	}
	// rotation with the fake hub is covered by TestFlowRefreshRotation
}

func TestT5_TokensStayOutOfURLsOnV3(t *testing.T) {
	for _, v := range []APIVersion{V3, V202603} {
		hub := newFakeHub(t, v)
		c, ts := runLogin(t, hub, nil)
		ctx := context.Background()
		_, _ = c.Introspect(ctx, ts.AccessToken, AccessToken)
		_, _ = c.Introspect(ctx, ts.RefreshToken, RefreshToken)
		_, _ = c.Refresh(ctx, ts.RefreshToken)
		_ = c.Revoke(ctx, ts.RefreshToken)
		for _, u := range hub.requestURLs {
			if strings.Contains(u, ts.AccessToken) || strings.Contains(u, ts.RefreshToken) || strings.Contains(u, testClientSecret) {
				t.Fatalf("%s: secret in URL %s", v, u)
			}
		}
	}
}

func TestT6_RevokeOutcomesDiffer(t *testing.T) {
	var gotForm string
	ok, _ := stubServer(t, func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		gotForm = r.PostForm.Get("token") + "|" + r.URL.RawQuery
	})
	if err := stubClient(t, ok.URL, V202603).Revoke(context.Background(), "rt-revoke-0123456789"); err != nil || gotForm != "rt-revoke-0123456789|" {
		t.Fatalf("200: %v form %q", err, gotForm)
	}
	bad, _ := stubServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(400)
		_, _ = w.Write([]byte(`{"error":"unsupported_token_type","error_description":"nope"}`))
	})
	down, _ := stubServer(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(503) })
	e1 := stubClient(t, bad.URL, V3).Revoke(context.Background(), "rt-revoke-0123456789")
	e2 := stubClient(t, down.URL, V3).Revoke(context.Background(), "rt-revoke-0123456789")
	if e1 == nil || e2 == nil || e1.Error() == e2.Error() || !strings.Contains(e1.Error(), "unsupported_token_type") {
		t.Fatalf("%v / %v", e1, e2)
	}
}

// F1: a full session with every secret a unique canary; nothing in the
// trace or in any error may contain one.
func TestF1_TraceNeverShowsSecrets(t *testing.T) {
	for _, v := range Versions {
		hub := newFakeHub(t, v)
		trace := NewTrace(100)
		c, ts := runLogin(t, hub, trace)
		ctx := context.Background()
		again, _ := c.Refresh(ctx, ts.RefreshToken)
		_, _ = c.Introspect(ctx, ts.AccessToken, AccessToken)
		_, _ = c.Introspect(ctx, ts.RefreshToken, RefreshToken)
		_, _ = c.Call(ctx, again.AccessToken, "/account-info/v3/details")
		_ = c.Revoke(ctx, ts.RefreshToken)
		_, errRefresh := c.Refresh(ctx, ts.RefreshToken)
		var code string
		hub.mu.Lock()
		for _, f := range hub.tokenForms {
			if f.Get("code") != "" {
				code = f.Get("code")
			}
		}
		verifier := hub.tokenForms[0].Get("code_verifier")
		hub.mu.Unlock()
		secrets := []string{testClientSecret, code, verifier, ts.AccessToken, ts.RefreshToken, again.AccessToken}
		var all strings.Builder
		for _, ev := range trace.Events() {
			fmt.Fprintf(&all, "%+v\n", ev)
		}
		all.WriteString(fmt.Sprint(errRefresh, ts, again))
		for _, s := range secrets {
			if s == "" || strings.Contains(all.String(), s) {
				t.Fatalf("%s: secret %q visible in trace/errors", v, s)
			}
		}
		if len(trace.Events()) < 7 {
			t.Fatalf("%s: only %d events", v, len(trace.Events()))
		}
	}
}

func TestF2_ErrorsCarryNoSecrets(t *testing.T) {
	const canary = "CANARY-body-5f0e1d2c3b4a"
	srv, _ := stubServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(500)
		_, _ = w.Write([]byte("upstream said: " + canary + " " + testClientSecret))
	})
	c := stubClient(t, srv.URL, V3)
	_, err := c.Exchange(context.Background(), "na1-code-0005", "v")
	if err == nil || strings.Contains(err.Error(), canary) || strings.Contains(err.Error(), testClientSecret) {
		t.Fatalf("error leaks: %v", err)
	}
	echo, _ := stubServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(400)
		_, _ = w.Write([]byte(`{"status":"BAD_REFRESH_TOKEN","message":"refresh token rt-echo-0123456789 is invalid"}`))
	})
	_, err = stubClient(t, echo.URL, V1).Refresh(context.Background(), "rt-echo-0123456789")
	if err == nil || strings.Contains(err.Error(), "rt-echo-0123456789") {
		t.Fatalf("echoed token in error: %v", err)
	}
}

func TestF3_SecretHoldersDoNotPrint(t *testing.T) {
	ts := &TokenSet{AccessToken: "AT-canary-0123456789abcdef", RefreshToken: "RT-canary-0123456789abcdef"}
	pk := PKCE{Verifier: "VERIFIER-canary-0123456789abcdef", Challenge: "chal"}
	var buf strings.Builder
	logger := slog.New(slog.NewJSONHandler(&buf, nil))
	logger.Info("x", "ts", ts, "pkce", pk)
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		buf.WriteString(fmt.Sprintf(verb, ts) + fmt.Sprintf(verb, pk))
	}
	for _, s := range []string{ts.AccessToken, ts.RefreshToken, pk.Verifier} {
		if strings.Contains(buf.String(), s) {
			t.Fatalf("printed %s in %s", s, buf.String())
		}
	}
}

func TestF5_SanitizeAndFixedMask(t *testing.T) {
	in := "ok\x1b[31mred\x07\u009b2J\r\nnext\u202etail\xff"
	out := redact.Line(in)
	if strings.ContainsAny(out, "\x1b\x07\u009b\r\n\u202e") || !strings.HasPrefix(out, "ok?[31mred") {
		t.Fatalf("%q", out)
	}
	if got := redact.Text("a\nb\tc\x1b", 100); got != "a\nb\tc?" {
		t.Fatalf("%q", got)
	}
	if len([]rune(redact.Line(strings.Repeat("x", 5000)))) > redact.MaxShown+1 {
		t.Fatal("not bounded")
	}
	short, long := redact.Mask("na1-aaaa-bbbb-8f3e"), redact.Mask("na1-"+strings.Repeat("z", 280)+"8f3e")
	if short != long || short != "na1-••••8f3e" {
		t.Fatalf("mask width depends on length: %q %q", short, long)
	}
	if redact.Mask("tiny") != "••••••••" || redact.Mask("\x1b[31m-0123456789abc") != "••••••••" {
		t.Fatal("short or unsafe secret partly shown")
	}
}

func TestG2_NoMathRand(t *testing.T) {
	for _, f := range goFiles(t) {
		if strings.Contains(f.src, `"math/rand`) {
			t.Fatalf("%s imports math/rand", f.name)
		}
	}
}

// L3: the redirect URI is one constant, sent byte-identical on /authorize and in the token request, for
// every version; HubSpot refuses the exchange otherwise (MISMATCH_REDIRECT_URI_AUTH_CODE).
func TestL3_RedirectURISentIdentically(t *testing.T) {
	for _, v := range Versions {
		hub := newFakeHub(t, v)
		runLogin(t, hub, NewTrace(10))
		hub.mu.Lock()
		seen, forms := hub.authRedirect, hub.tokenForms
		hub.mu.Unlock()
		if seen == "" || len(forms) == 0 || forms[0].Get("redirect_uri") != seen {
			t.Fatalf("%s: authorize sent %q, token request %v: they must be the same string", v, seen, forms)
		}
	}
}
