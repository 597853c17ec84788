package interop

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hsoauth/hsoauth/oauth/sandbox"
)

// clientStep is one line of testdata/node/sandbox-client.mjs: a step of openid-client's flow.
type clientStep struct {
	Step   string         `json:"step"`
	OK     bool           `json:"ok"`
	Error  string         `json:"error"`
	Fields map[string]any `json:"fields"`
	Names  []string       `json:"names"`
}

// openIDClient runs openid-client's flow against a sandbox for one OAuth API version.
func openIDClient(t *testing.T, base, version string, extra ...string) map[string]clientStep {
	t.Helper()
	node, dir := nodeTools(t)
	ctx, cancel := context.WithTimeout(context.Background(), deadline)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, append([]string{"sandbox-client.mjs", base, version}, extra...)...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("sandbox-client.mjs %s: %v\n%s", version, err, stderr.String())
	}
	steps := map[string]clientStep{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var s clientStep
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			t.Fatalf("%s: %v in %q", version, err, sc.Text())
		}
		steps[s.Step] = s
	}
	return steps
}

// An independent client library (openid-client, which checks responses against RFC 6749, 7636, 7662
// and 7009) completes the flow against the sandbox's v3 and 2026-03 endpoints: PKCE and state, the code
// exchange, a single-use code refused with invalid_grant, refresh, RFC 7662 introspection of both
// tokens, RFC 7009 revocation and invalid_grant for the revoked refresh token. The token response's
// scopes come as HubSpot's array, not RFC 6749's scope string, as HubSpot sends them.
func TestOpenIDClientAgainstSandbox(t *testing.T) {
	sb, err := sandbox.New(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	base, err := sb.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = sb.Close(ctx)
	})
	for _, version := range []string{"v3", "2026-03"} {
		steps := openIDClient(t, base, version)
		want := map[string]string{"authorization_code": "", "code_replayed": "invalid_grant", "refresh_token": "",
			"introspect_access": "", "introspect_refresh": "", "revoke": "", "refresh_revoked": "invalid_grant"}
		for name, wantErr := range want {
			s, ok := steps[name]
			if !ok || s.OK != (wantErr == "") || s.Error != wantErr {
				t.Errorf("%s %s: %+v, want ok=%v error %q", version, name, s, wantErr == "", wantErr)
			}
		}
		tok := steps["authorization_code"]
		if !slices.Contains(tok.Names, "scopes") || slices.Contains(tok.Names, "scope") || !strings.EqualFold(tok.Fields["token_type"].(string), "bearer") {
			t.Errorf("%s: token response fields %v: want HubSpot's scopes array and token_type bearer", version, tok.Names)
		}
		if in := steps["introspect_access"]; in.Fields["active"] != true || in.Fields["token_use"] != "access_token" || in.Fields["client_id"] == nil {
			t.Errorf("%s: introspection %v", version, in.Fields)
		}
	}
	// v1 is HubSpot's legacy shape: its token endpoint works for a standard client, but its errors carry
	// no RFC 6749 "error" and its token-info and revocation endpoints put the token in the path, so a
	// standard client cannot use them.
	steps := openIDClient(t, base, "v1")
	if !steps["authorization_code"].OK || !steps["refresh_token"].OK || steps["code_replayed"].Error != "OAUTH_RESPONSE_IS_NOT_CONFORM" || steps["revoke"].OK {
		t.Errorf("v1: %+v", steps)
	}
	// HubSpot reads the client credentials from the form body only: HTTP Basic, which RFC 6749 §2.3.1
	// has every server accept, is refused (invalid_request, HubSpot's BAD_CLIENT_ID).
	if s := openIDClient(t, base, "v3", "basic")["authorization_code"]; s.OK || s.Error != "invalid_request" {
		t.Errorf("client_secret_basic: %+v", s)
	}
}
