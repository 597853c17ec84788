package cli

import (
	"os"
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

// config check accepts exactly the client authentication methods the client speaks.
func TestConfigCheckJudgesClientAuthAsTheClientDoes(t *testing.T) {
	for _, m := range append(oauth.ClientAuths, "client_secret_jwt", "Basic") {
		d := testDirs(t)
		writeConfig(t, d, "[profiles.dev]\nclient_id = \"id\"\nclient_secret_env = \"S\"\nclient_auth = \""+string(m)+"\"\n")
		_, errText, code := runIn(t, d, nil, "config", "check")
		if clientOK := oauth.CheckClientAuth(m) == nil; (code == ExitOK) != clientOK {
			t.Errorf("%q: config check exit %d, client accepts: %v\n%s", m, code, clientOK, errText)
		}
	}
}

// The README's example profile for another server is a valid config, as config check judges it.
func TestREADMEOtherServersExampleIsValid(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, _ := strings.Cut(string(readme), "#### Other OAuth servers")
	_, block, _ := strings.Cut(section, "```toml\n")
	block, _, ok := strings.Cut(block, "```")
	if !ok || !strings.Contains(block, "token_url") {
		t.Fatal("no toml example in the README's Other OAuth servers section")
	}
	d := testDirs(t)
	writeConfig(t, d, block)
	if out, errText, code := runIn(t, d, nil, "config", "check"); code != ExitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errText)
	}
}

// config check judges a redirect URL by the rules of the profile's server: HubSpot's, or a profile's
// own server's, which also take a loopback IP literal.
func TestConfigCheckJudgesRedirectsByTheProfilesServer(t *testing.T) {
	for _, own := range []bool{false, true} {
		for _, uri := range []string{"http://127.0.0.1:3000/cb", "http://[::1]:3000/cb", "http://localhost:3000/cb", "http://127.0.0.1/cb"} {
			file := "[profiles.dev]\nclient_id = \"id\"\nclient_secret_env = \"S\"\nredirect_uri = \"" + uri + "\"\n"
			want := oauth.CheckRedirectURI(uri) == nil
			if own {
				file += "token_url = \"https://auth.example.com/token\"\n"
				want = oauth.CheckOwnServerRedirectURI(uri) == nil
			}
			d := testDirs(t)
			writeConfig(t, d, file)
			if _, errText, code := runIn(t, d, nil, "config", "check"); (code == ExitOK) != want {
				t.Errorf("own server %v, %s: exit %d, want ok=%v\n%s", own, uri, code, want, errText)
			}
		}
	}
}
