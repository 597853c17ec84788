package oauth

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestTokensThatAreNotPrintableASCIIAreRefused: an access or refresh token carrying a control sequence
// (an OSC 52 clipboard write, a CSI colour) or non-ASCII bytes is refused when it arrives, on exchange and
// on refresh, so nothing can store it or print it with --reveal.
func TestTokensThatAreNotPrintableASCIIAreRefused(t *testing.T) {
	for _, body := range []string{
		`{"access_token":"at\u001b]52;c;aGk=\u0007","refresh_token":"rt-1","expires_in":1800}`,
		`{"access_token":"at-1","refresh_token":"rt\u001b[31m","expires_in":1800}`,
		`{"access_token":"at-\u00e9","refresh_token":"rt-1","expires_in":1800}`,
		`{"access_token":"at 1","refresh_token":"rt-1","expires_in":1800}`,
	} {
		srv, _ := stubServer(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(body))
		})
		c := stubClient(t, srv.URL, V3)
		var bad *BadTokenError
		if _, err := c.Exchange(context.Background(), "code-1", "verifier"); !errors.As(err, &bad) || !strings.Contains(err.Error(), "control characters") {
			t.Errorf("exchange accepted %s: %v", body, err)
		}
		if _, err := c.Refresh(context.Background(), "rt-0"); !errors.As(err, &bad) {
			t.Errorf("refresh accepted %s: %v", body, err)
		}
	}
	c := stubClient(t, "http://127.0.0.1:1", V3)
	for _, code := range []string{"co\u00e9de", "co\x1bde", "co de"} {
		if _, err := c.Exchange(context.Background(), code, ""); err == nil || !strings.Contains(err.Error(), "malformed") {
			t.Errorf("code %q: %v", code, err)
		}
	}
}

// TestDailyRateLimitStopsAtOnce: a 429 for HubSpot's daily limit (policyName DAILY, a Retry-After of an
// hour or more, or X-HubSpot-RateLimit-Daily-Remaining 0) is answered at once, not retried, and so is a
// 429 asking for longer than the client waits; the error keeps the exact Retry-After and the policy for
// the explanation of when to come back.
func TestDailyRateLimitStopsAtOnce(t *testing.T) {
	cases := []struct {
		name, retryAfter, daily, body, policy string
		after                                 time.Duration
	}{
		{"policy DAILY", "86400", "", `{"status":"error","message":"You have reached your daily limit.","policyName":"DAILY"}`, "DAILY", 24 * time.Hour},
		{"an hour", "3600", "", `{"status":"error","message":"slow down"}`, "", time.Hour},
		{"DAILY without Retry-After", "", "", `{"policyName":"DAILY"}`, "DAILY", 0},
		{"daily budget header", "", "0", `{}`, "", 0},
		{"longer than the client waits", "30", "", `{"policyName":"TEN_SECONDLY_ROLLING"}`, "TEN_SECONDLY_ROLLING", 30 * time.Second},
	}
	for _, tc := range cases {
		srv, n := stubServer(t, func(w http.ResponseWriter, r *http.Request) {
			if tc.retryAfter != "" {
				w.Header().Set("Retry-After", tc.retryAfter)
			}
			if tc.daily != "" {
				w.Header().Set("X-HubSpot-RateLimit-Daily-Remaining", tc.daily)
			}
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte(tc.body))
		})
		c := stubClient(t, srv.URL, V3)
		_, err := c.Introspect(context.Background(), "token-value-123456", AccessToken)
		var he *HubSpotError
		if n.Load() != 1 || !errors.As(err, &he) || he.RetryAfter != tc.after || he.Policy != tc.policy {
			t.Errorf("%s: %d attempts, %v (retry after %v, policy %q)", tc.name, n.Load(), err, he.RetryAfter, he.Policy)
		}
	}
	// A short Retry-After within the client's patience is waited out and retried.
	srv, n := stubServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "0")
		w.WriteHeader(http.StatusTooManyRequests)
	})
	c := stubClient(t, srv.URL, V3)
	if _, err := c.Introspect(context.Background(), "token-value-123456", AccessToken); n.Load() != 4 || !strings.Contains(err.Error(), "HTTP 429") {
		t.Fatalf("short Retry-After: %d attempts, %v", n.Load(), err)
	}
}

// TestIntrospectionSaysWhatTheServerDidNotReport: a standard server's introspection may carry only
// "active"; the fields it left out are listed rather than read as empty scopes or a zero lifetime.
func TestIntrospectionSaysWhatTheServerDidNotReport(t *testing.T) {
	in, err := decodeIntrospection([]byte(`{"active":true}`), AccessToken, false, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(in.Unreported, ",") != "scopes,expires_in,hub_id,user" || in.Reported("scopes") || in.Reported("expires_in") {
		t.Fatalf("unreported = %v", in.Unreported)
	}
	in, _ = decodeIntrospection([]byte(`{"active":true,"scope":"oauth crm.objects.contacts.read","expires_in":60,"hub_id":5,"user":"a@b"}`), AccessToken, false, time.Now())
	if len(in.Unreported) != 0 || strings.Join(in.Scopes, " ") != "oauth crm.objects.contacts.read" {
		t.Fatalf("RFC 7662 scope string: %v %v", in.Scopes, in.Unreported)
	}
}

// TestDeadRefreshTokenRecognised: BAD_REFRESH_TOKEN and invalid_grant on a refresh mean "log in again".
func TestDeadRefreshTokenRecognised(t *testing.T) {
	for body, dead := range map[string]bool{
		`{"status":"BAD_REFRESH_TOKEN","message":"missing or unknown refresh token"}`: true,
		`{"error":"invalid_grant"}`:           true,
		`{"status":"error","message":"oops"}`: false,
	} {
		srv, _ := stubServer(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(body))
		})
		_, err := stubClient(t, srv.URL, V3).Refresh(context.Background(), "rt-0")
		if IsDeadRefreshToken(err) != dead {
			t.Errorf("%s: dead=%v, err %v", body, !dead, err)
		}
	}
	if IsDeadRefreshToken(errors.New("network down")) {
		t.Error("a transport error is not a dead refresh token")
	}
}

// TestClientIDWithSpacesRefused: the client refuses a client ID HubSpot would refuse, before any browser.
func TestClientIDWithSpacesRefused(t *testing.T) {
	for _, id := range []string{"", "  ", "abc def", "abc\t", "ab\u00e9"} {
		if err := CheckClientID(id); err == nil {
			t.Errorf("%q accepted", id)
		}
		if _, err := NewClient(HubSpot(), App{ClientID: id, RedirectURI: DefaultRedirectURI}); err == nil {
			t.Errorf("NewClient accepted %q", id)
		}
	}
	if err := CheckClientID("5a4db0c5-de30-4a11-8c1e-000000000001"); err != nil {
		t.Fatal(err)
	}
}

// FuzzIntrospection: any introspection body decodes without panicking; a field listed as unreported is
// really absent, and no decoded string can carry a control character to the terminal.
func FuzzIntrospection(f *testing.F) {
	f.Add([]byte(`{"active":true}`))
	f.Add([]byte(`{"active":true,"scope":"a b","hub_id":"12","user":"u\u001b[2J"}`))
	f.Add([]byte(`{"active":false,"scopes":["x",1,null]}`))
	f.Add([]byte(`{"active":true,"scope":"openid","exp":1e300,"username":"ada\u0007","client_id":"c"}`))
	f.Add([]byte(`{"active":true,"exp":-5,"username":7}`))
	f.Add([]byte(`{"active":true,"expires_in":1e10}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		in, err := decodeIntrospection(body, AccessToken, false, time.Now())
		if err != nil {
			return
		}
		if in.ExpiresIn < 0 || in.ExpiresIn > int(maxLifetime.Seconds()) {
			t.Fatalf("expires_in %d outside 0..a day", in.ExpiresIn)
		}
		for _, field := range in.Unreported {
			if field == "scopes" && len(in.Scopes) != 0 {
				t.Fatalf("scopes unreported but decoded: %v", in.Scopes)
			}
		}
		for _, s := range append([]string{in.User, in.HubDomain, in.ClientID}, in.Scopes...) {
			if strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
				t.Fatalf("control character in %q", s)
			}
		}
	})
}
