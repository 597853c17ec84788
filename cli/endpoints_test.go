package cli

import (
	"strings"
	"testing"

	"github.com/hsoauth/hsoauth/oauth"
)

// config check calls an endpoint override valid exactly when the OAuth client accepts it, and names
// the key's line when it does not.
func TestConfigCheckJudgesEndpointsAsTheClientDoes(t *testing.T) {
	for _, raw := range []string{
		"https://auth.example.com/token", "http://127.0.0.1:9400/token", "http://[::1]:9400/token",
		"http://auth.example.com/token", "https://auth.example.com/token?x=1", "https://auth.example.com/t#f",
		"https://u:p@auth.example.com/token", "token", "https://auth.example.com/t?",
	} {
		d := testDirs(t)
		path := writeConfig(t, d, "[profiles.dev]\nclient_id = \"id\"\nclient_secret_env = \"S\"\ntoken_url = \""+raw+"\"\n")
		_, errText, code := runIn(t, d, nil, "config", "check")
		clientOK := oauth.CheckEndpointURL("token_url", raw) == nil
		if (code == ExitOK) != clientOK {
			t.Errorf("%q: config check exit %d, client accepts: %v\n%s", raw, code, clientOK, errText)
		}
		if !clientOK && !strings.Contains(errText, path+":4:1: profiles.dev.token_url") {
			t.Errorf("%q: the refusal is not placed at the key: %s", raw, errText)
		}
	}
}
