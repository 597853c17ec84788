package oauth

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

func TestDecodeErrorKnownCodes(t *testing.T) {
	cases := []struct {
		status int
		body   string
		code   string
		next   string
	}{
		{400, `{"status":"BAD_AUTH_CODE","message":"missing or unknown auth code","correlationId":"60270ae6"}`, "BAD_AUTH_CODE", "fresh code"},
		{400, `{"status":"EXPIRED_AUTH_CODE","message":"auth code expired"}`, "EXPIRED_AUTH_CODE", "right away"},
		{400, `{"status":"MISMATCH_REDIRECT_URI_AUTH_CODE","message":"x"}`, "MISMATCH_REDIRECT_URI_AUTH_CODE", "exact same redirect"},
		{400, `{"error":"invalid_grant","error_description":"refresh token is invalid, expired or revoked","status":"BAD_REFRESH_TOKEN","message":"m"}`, "BAD_REFRESH_TOKEN", "Sign in again"},
		{400, `{"status":"BAD_CLIENT_ID","message":"missing or unknown client id","error":"invalid_request"}`, "BAD_CLIENT_ID", "client ID"},
		{400, `{"error":"invalid_grant"}`, "invalid_grant", "Sign in again"},
		{400, `{"error":"access_denied"}`, "access_denied", "Connect app"},
		{401, `{"status":"error","message":"The OAuth token used to make this call expired 5 minute(s) ago.","category":"EXPIRED_AUTHENTICATION"}`, "EXPIRED_AUTHENTICATION", "Refresh"},
		{403, `{"status":"error","message":"This app hasn't been granted all required scopes to make this call.","errors":[{"message":"One or more of the following scopes are required.","context":{"requiredGranularScopes":["crm.objects.companies.write"]}}],"category":"MISSING_SCOPES"}`, "MISSING_SCOPES", "crm.objects.companies.write"},
		{502, `<html>bad gateway</html>`, "", "Try again"},
	}
	for _, c := range cases {
		e := DecodeError(c.status, []byte(c.body))
		if e.Code() != c.code || !strings.Contains(e.NextStep(), c.next) || e.Cause() == "" {
			t.Errorf("%s: code %q next %q", c.body, e.Code(), e.NextStep())
		}
		if strings.Contains(e.Error(), "<html>") {
			t.Errorf("raw body echoed: %s", e.Error())
		}
	}
	e := DecodeError(400, []byte(`{"status":"BAD_AUTH_CODE","message":"x","correlationId":"60270ae6"}`))
	if e.Error() != "HubSpot BAD_AUTH_CODE: x (HTTP 400, correlation ID 60270ae6)" {
		t.Fatalf("%q", e.Error())
	}
	if got := DecodeError(400, []byte(`{"message":"\u001b[2Jboom"}`)).Error(); strings.Contains(got, "\x1b") {
		t.Fatalf("escape survived: %q", got)
	}
}

func TestCheckRedirectURI(t *testing.T) {
	good := []string{DefaultRedirectURI, "https://www.example.com/", "https://example.com", "http://LOCALHOST:8080/cb", "https://app.example.com:8443/cb"}
	for _, u := range good {
		if err := CheckRedirectURI(u); err != nil {
			t.Errorf("%s: %v", u, err)
		}
	}
	bad := map[string]string{
		"http://127.0.0.1:3000/oauth-callback": "use http://localhost:3000/oauth-callback",
		"http://[::1]:3000/cb":                 "use http://localhost:3000/cb",
		"http://example.com/cb":                "https://example.com/cb",
		"http://localhost/cb":                  "explicit port",
		"http://localhost:3000":                "needs a path",
		"http://localhost:3000/":               "needs a path",
		"http://localhost:99999/cb":            "",
		"https://example.com/cb#frag":          "fragments",
		"https://u:p@example.com/cb":           "credentials",
		"ftp://example.com/cb":                 "scheme",
		"localhost:3000/cb":                    "",
		"/relative":                            "absolute",
	}
	for u, want := range bad {
		err := CheckRedirectURI(u)
		var re *RedirectURIError
		if !errors.As(err, &re) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v", u, err)
		}
	}
	err := CheckRedirectURI("http://127.0.0.1:3000/oauth-callback").(*RedirectURIError)
	if err.Reason != "HubSpot does not accept 127.0.0.1 in a redirect URL" || err.Fix != "use http://localhost:3000/oauth-callback" {
		t.Fatalf("%+v", err)
	}
}

func TestExplainAuthorizeURL(t *testing.T) {
	u := "https://app.hubspot.com/oauth/123456/authorize?client_id=abc&scope=contacts%20automation&redirect_uri=https://www.example.com/&state=WeHH_yy2irpl8UYAvv-my-long-enough&foo=%1b"
	parts, err := ExplainAuthorizeURL(u)
	if err != nil || len(parts) != 7 {
		t.Fatalf("%v %v", parts, err)
	}
	if parts[1].Name != "account" || parts[1].Value != "123456" || parts[3].Value != "contacts automation" {
		t.Fatalf("%+v", parts)
	}
	if strings.Contains(parts[5].Value, "WeHH_yy2irpl8UYAvv-my-long-enough") || parts[6].Value != "?" || !strings.Contains(parts[6].Meaning, "ignores") {
		t.Fatalf("state or unknown param: %+v %+v", parts[5], parts[6])
	}
	if _, err := ExplainAuthorizeURL("no-host"); err == nil {
		t.Fatal("accepted a non-URL")
	}
	if _, err := ExplainAuthorizeURL("https://app.hubspot.com/oauth/authorize?scope=%zz"); err == nil {
		t.Fatal("accepted a broken escape")
	}
}

func TestDetectRemote(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	read := func(content string) func(string) ([]byte, error) {
		return func(string) ([]byte, error) { return []byte(content), nil }
	}
	noFile := func(string) ([]byte, error) { return nil, os.ErrNotExist }
	if r := DetectRemote(env(map[string]string{"SSH_CONNECTION": "1.2.3.4 5 6.7.8.9 22"}), noFile); !r.SSH || r.WSL {
		t.Fatalf("%+v", r)
	}
	if r := DetectRemote(env(nil), read("5.15.153.1-microsoft-standard-WSL2")); r.SSH || !r.WSL {
		t.Fatalf("%+v", r)
	}
	if r := DetectRemote(env(map[string]string{"WSL_DISTRO_NAME": "Ubuntu"}), nil); !r.WSL {
		t.Fatalf("%+v", r)
	}
	if r := DetectRemote(env(nil), read("6.8.0-generic")); r.SSH || r.WSL {
		t.Fatalf("%+v", r)
	}
}

func TestListeningInodes(t *testing.T) {
	table := "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n" +
		"   0: 0100007F:0BB8 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1 0\n" +
		"   1: 0100007F:0BB8 0100007F:D431 01 00000000:00000000 00:00000000 00000000  1000        0 4343 1 0\n" +
		"   2: 0100007F:0BB9 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4444 1 0\n"
	if got := listeningInodes([]byte(table), 3000); len(got) != 1 || got[0] != "4242" {
		t.Fatalf("%v", got)
	}
	if portHolderFrom(t.TempDir(), 3000) != "" {
		t.Fatal("holder found in an empty /proc")
	}
}

func TestTraceRingAndSubscribe(t *testing.T) {
	tr := NewTrace(2)
	ch, cancel := tr.Subscribe()
	for i := range 3 {
		tr.record(TraceEvent{Time: time.Unix(int64(i), 0), Method: "GET",
			URL:          "https://api.hubapi.com/oauth/v1/access-tokens/CJSP5qf1KhICAQEYs-0123456789?state=abcdefghijklmnopqrstuvwxyz",
			RequestBody:  "grant_type=refresh_token&refresh_token=na1-aaaa-bbbb-cccc-dddd&client_id=x",
			ResponseBody: `{"access_token":"CJSP5qf1KhICAQEYs-0123456789","hub_id":1}`})
	}
	if ev := tr.Events(); len(ev) != 2 || ev[0].Time.Unix() != 1 {
		t.Fatalf("ring: %+v", ev)
	}
	got := <-ch
	if strings.Contains(got.URL, "CJSP5qf1KhICAQEYs-0123456789") || strings.Contains(got.URL, "abcdefghijklmnopqrstuvwxyz") ||
		strings.Contains(got.RequestBody, "na1-aaaa-bbbb-cccc-dddd") || strings.Contains(got.ResponseBody, "CJSP5qf1KhICAQEYs-0123456789") ||
		!strings.Contains(got.RequestBody, "client_id=x") || !strings.Contains(got.ResponseBody, `"hub_id":1`) {
		t.Fatalf("redaction: %+v", got)
	}
	cancel()
	cancel()
	if _, open := <-ch; open {
		// drain buffered events, then the channel must close
		for range ch {
		}
	}
}
