package oauth

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/hsoauth/hsoauth/redact"
)

// FuzzCallbackQuery drives the real handler with arbitrary method, path,
// query and Host: it must never accept a code unless everything is exactly
// right, never echo the state, never reflect markup, and the paste path must
// agree with the server.
func FuzzCallbackQuery(f *testing.F) {
	f.Add("GET", "/cb", "code=abc&state=GOODSTATE", "localhost:8000")
	f.Add("GET", "/cb", "error=access_denied", "localhost:8000")
	f.Add("GET", "/cb", "error=access_denied&state=GOODSTATE&error_description=%3Cscript%3E", "[::1]:8000")
	f.Add("GET", "/cb", "code=a&code=b&state=GOODSTATE&state=GOODSTATE", "attacker.example")
	f.Add("POST", "/cb", "code=abc&state=GOODSTATE", "127.0.0.1:8000")
	f.Fuzz(func(t *testing.T, method, path, rawQuery, host string) {
		h := newCallbackHandler("GOODSTATE", "/cb", "8000", 10)
		rec := httptest.NewRecorder()
		req := &http.Request{Method: method, URL: &url.URL{Path: path, RawQuery: rawQuery}, Host: host, Header: http.Header{}}
		h.ServeHTTP(rec, req)
		q, qerr := url.ParseQuery(rawQuery)
		hostOK := host == "localhost:8000" || host == "127.0.0.1:8000" || host == "[::1]:8000"
		queryOK := qerr == nil && len(q["state"]) == 1 && q.Get("state") == "GOODSTATE" &&
			len(q["code"]) <= 1 && len(q["error"]) <= 1 && len(q["error_description"]) <= 1 && len(q["error_uri"]) <= 1
		valid := queryOK && method == "GET" && path == "/cb" && hostOK
		select {
		case res := <-h.result:
			if !valid {
				t.Fatalf("accepted invalid callback %q %q %q %q", method, path, rawQuery, host)
			}
			if res.Code != "" && (res.Code != q.Get("code") || len(q["error"]) != 0) {
				t.Fatalf("wrong code %q", res.Code)
			}
			if res.Err != nil && strings.ContainsFunc(res.Err.Error(), func(r rune) bool { return r < 0x20 || r > 0x7e }) {
				t.Fatalf("unsanitised error %q", res.Err.Error())
			}
		default:
			if valid {
				t.Fatalf("rejected a valid callback %q", rawQuery)
			}
		}
		body := rec.Body.Bytes()
		if bytes.Contains(body, []byte("<script")) || bytes.Contains(body, []byte("GOODSTATE")) {
			t.Fatalf("reflected input: %q", body)
		}
		if path == "/cb" && qerr == nil {
			code, err := ParseRedirected("http://localhost:8000/cb?"+rawQuery, "http://localhost:8000/cb", "GOODSTATE")
			if err == nil && !queryOK && !strings.Contains(rawQuery, "#") {
				t.Fatalf("paste accepted %q -> %q", rawQuery, code)
			}
		}
	})
}

// FuzzDecodeError: any body, any status: no panic, and the error text is one
// bounded line without control characters.
func FuzzDecodeError(f *testing.F) {
	f.Add(400, []byte(`{"status":"BAD_AUTH_CODE","message":"missing or unknown auth code","correlationId":"60270ae6"}`))
	f.Add(400, []byte(`{"error":"invalid_grant","error_description":"refresh token is invalid, expired or revoked","status":"BAD_REFRESH_TOKEN"}`))
	f.Add(403, []byte(`{"category":"MISSING_SCOPES","errors":[{"context":{"requiredGranularScopes":["a","b"]}}]}`))
	f.Add(500, []byte("\x1b[2J<html>"))
	f.Add(400, []byte(`{"message":"\u009b31m\r\n"}`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		e := DecodeError(status, body)
		for _, s := range []string{e.Error(), e.Cause(), e.NextStep()} {
			if strings.ContainsAny(s, "\x1b\r\n\x00\u009b") {
				t.Fatalf("control character in %q", s)
			}
		}
		if len(e.Error()) > 4*redact.MaxShown+200 {
			t.Fatalf("unbounded error text: %d", len(e.Error()))
		}
	})
}

// bodyTransport answers every request with a fixed status and body, in
// memory, so the fuzzer runs the real Exchange path without sockets.
type bodyTransport struct {
	status int
	body   []byte
}

func (b bodyTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		_ = r.Body.Close()
	}
	return &http.Response{StatusCode: b.status, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(bytes.NewReader(b.body)), Request: r}, nil
}

// FuzzTokenJSON feeds arbitrary token responses through Exchange (x/oauth2
// parsing plus our conversion): no panic; success means an access token and
// an expiry within [now, now+maxLifetime]; errors never contain the client
// secret or the code and never carry control characters.
func FuzzTokenJSON(f *testing.F) {
	f.Add(200, []byte(`{"token_type":"bearer","refresh_token":"na1-aaaa","access_token":"xxxx","hub_id":1234567,"scopes":["oauth"],"expires_in":1800}`))
	f.Add(200, []byte(`{"accessToken":"x","expiresIn":1800}`))
	f.Add(200, []byte(`{"error":"invalid_grant"}`))
	f.Add(200, []byte(`{"access_token":"x","expires_in":"99999999999","hub_id":-4,"user_id":"12","scope":"a b"}`))
	f.Add(400, []byte(`{"status":"BAD_AUTH_CODE","message":"code na1-fuzz-code-0001 SECRET-canary-7c3ce02c-0f0c-4c9f-9700-92440c9bdf2d"}`))
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if status < 100 || status > 599 {
			status = 200
		}
		hc := &http.Client{Transport: bodyTransport{status: status, body: body}}
		c, err := NewClient(Environment{AppBase: "https://app.hubspot.com", APIBase: "https://api.hubapi.com", Version: V3},
			App{ClientID: "id", ClientSecret: testClientSecret, RedirectURI: DefaultRedirectURI},
			WithHTTPClient(hc), WithClock(func() time.Time { return now }))
		if err != nil {
			t.Fatal(err)
		}
		ts, err := c.Exchange(context.Background(), "na1-fuzz-code-0001", "")
		if err != nil {
			msg := err.Error()
			if strings.Contains(msg, testClientSecret) || strings.Contains(msg, "na1-fuzz-code-0001") || strings.ContainsAny(msg, "\x1b\r\n") {
				t.Fatalf("error leaks or is unsafe: %q", msg)
			}
			return
		}
		if ts.AccessToken == "" || ts.ExpiresAt.Before(now) || ts.ExpiresAt.After(now.Add(maxLifetime)) || ts.HubID < 0 {
			t.Fatalf("bad token set %v", ts)
		}
	})
}

// FuzzRetryAfter: never negative, never above the ceiling.
func FuzzRetryAfter(f *testing.F) {
	for _, s := range []string{"2", "-1", "86400", "Fri, 31 Dec 1999 23:59:59 GMT", "Sun, 01 Mar 2026 12:00:10 GMT", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		d, _ := parseRetryAfter(v, time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
		if d < 0 || d > retryAfterCeiling {
			t.Fatalf("%q -> %v", v, d)
		}
	})
}

// FuzzRedact: a registered secret never survives in any body or URL shape.
func FuzzRedact(f *testing.F) {
	f.Add("na1-aaaa-bbbb-cccc-dddd", `{"refresh_token":"%s"}`)
	f.Add("CJSP5qf1KhICAQEYs", "https://api.hubapi.com/oauth/v1/access-tokens/%s")
	f.Add("c0de-0123456789", "code=%s&state=x")
	f.Add("weird \x1b secret!!", "error: %s happened")
	f.Fuzz(func(t *testing.T, secret, template string) {
		if len(secret) < 8 || len(secret) > 400 || !strings.Contains(template, "%s") {
			return
		}
		tr := NewTrace(1)
		tr.addSecret(secret)
		text := strings.ReplaceAll(template, "%s", secret)
		tr.record(TraceEvent{URL: text, RequestBody: text, ResponseBody: text, Err: text})
		ev := tr.Events()[0]
		for _, s := range []string{ev.URL, ev.RequestBody, ev.ResponseBody, ev.Err, tr.Redact(text)} {
			if strings.Contains(s, secret) {
				t.Fatalf("secret %q survived in %q", secret, s)
			}
		}
	})
}
