package session

import (
	"strings"
	"testing"

	"github.com/hsoauth/hsoauth/oauth"
)

// A refusal hsoauth has no plain-language help for (a standard server's problem detail, an RFC code it
// does not know) keeps the server's own words; a known code keeps hsoauth's words alone.
func TestExplainKeepsTheServersWordsWhenItHasNoHelp(t *testing.T) {
	problem := oauth.DecodeError(400, []byte(`{"title":"Bad Request","detail":"code_challenge required"}`))
	if got := Explain(problem).What; !strings.Contains(got, `It said: "code_challenge required".`) || !strings.Contains(got, "(HTTP 400)") {
		t.Errorf("problem detail: %q", got)
	}
	unknown := oauth.DecodeError(400, []byte(`{"error":"unauthorized_client","error_description":"grant not allowed."}`))
	if got := Explain(unknown).What; !strings.Contains(got, `It said: "grant not allowed".`) || !strings.Contains(got, "unauthorized_client") {
		t.Errorf("unknown RFC code: %q", got)
	}
	known := oauth.DecodeError(400, []byte(`{"status":"BAD_AUTH_CODE","message":"missing or unknown auth code"}`))
	if got := Explain(known).What; strings.Contains(got, "It said") {
		t.Errorf("a known code needs only hsoauth's words: %q", got)
	}
}
