package oauth

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/hsoauth/hsoauth/redact"
)

// ParamNote explains one parameter of a traced step the way a trainer would: what it is, why the flow
// sends it, and what would break without it. Value is the trace's (masked) value.
type ParamNote struct {
	Name, Value         string
	What, Why, Breaking string
}

// paramNote is the knowledge behind ParamNote, by parameter or header name.
type paramNote struct{ what, why, breaking string }

var paramNotes = map[string]paramNote{
	"client_id": {"Your app's public id, from its Auth settings.",
		"HubSpot must know which app asks, to show its name and check its redirect URLs and scopes.",
		"HubSpot cannot tell which app this is and shows an error page instead of consent."},
	"redirect_uri": {"Where HubSpot sends the browser back with the code.",
		"It must match a redirect URL registered on the app, byte for byte; the exchange repeats it.",
		"HubSpot refuses the authorize request, or the exchange fails with a redirect mismatch."},
	"scope": {"The required scopes, space-separated.",
		"The user approves exactly these; the token can do no more.",
		"Without oauth in it, or with a scope the app does not configure, HubSpot shows an install error."},
	"optional_scope": {"Scopes the app can live without.",
		"HubSpot grants them only where the account has the product, and drops them silently elsewhere.",
		"Nothing breaks; the app just never gets those scopes, even on accounts that have them."},
	"state": {"A one-time random value, echoed back on the redirect.",
		"The callback is accepted only when it matches: a forged redirect (CSRF) carries the wrong one.",
		"An attacker could log your app into their HubSpot account by sending you their own code."},
	"code_challenge": {"PKCE: the SHA-256 of a secret verifier that stays in this terminal.",
		"HubSpot remembers it and only hands out tokens to whoever shows the matching verifier.",
		"A stolen code (from a log, a proxy or another app on the machine) could be exchanged by anyone."},
	"code_challenge_method": {"How the challenge was made: S256.",
		"The plain method would send the verifier itself, defeating PKCE.",
		"HubSpot would assume plain and the exchange would fail the verifier check."},
	"code": {"The one-time authorization code the consent produced.",
		"It proves the user agreed; the app trades it for tokens within minutes, once.",
		"There is nothing to exchange: no tokens."},
	"grant_type": {"Which OAuth grant this token call is: authorization_code or refresh_token.",
		"The same endpoint serves both; this says which other fields to check.",
		"HubSpot answers 400: it cannot tell what is being asked."},
	"client_secret": {"Your app's secret, sent only from the app to HubSpot, never through the browser.",
		"It proves the token request comes from the app, not from whoever holds a code.",
		"HubSpot refuses the call (BAD_CLIENT_ID or invalid client)."},
	"code_verifier": {"PKCE: the secret whose hash was sent as code_challenge.",
		"Only the terminal that started the sign-in knows it, so only it can use the code.",
		"With PKCE on, HubSpot refuses the exchange."},
	"refresh_token": {"The long-lived token that buys new access tokens.",
		"Access tokens last 30 minutes; this renews them without asking the user again.",
		"The user has to sign in again when the access token expires."},
	"token": {"The token being introspected or revoked.",
		"These endpoints act on one token, named in the body rather than the URL (v1 put it in the path).",
		"HubSpot answers 400: no token to look at."},
	"token_type_hint": {"Says whether token is an access or a refresh token.",
		"It saves HubSpot a lookup and picks the right answer shape.",
		"HubSpot guesses; the answer may describe the token differently."},
	"authorization": {"The header that carries the access token: Bearer ….",
		"API calls prove what they may do with it; no cookies, no client secret.",
		"HubSpot answers 401 INVALID_AUTHENTICATION."},
	"location": {"Where the answer sends the browser next.",
		"On the consent page it is the redirect URL with the code and state: that is the callback.",
		"The browser stays on HubSpot and the app never hears of the decision."},
	"error": {"Why HubSpot sent the browser back without a code (access_denied: the user refused).",
		"The app must tell the user instead of waiting forever.",
		"The app would wait for a code that never comes."},
	"access_token": {"The short-lived token API calls carry as Authorization: Bearer ….",
		"It proves what the app may do, for 30 minutes, without the client secret.",
		"The app cannot call HubSpot's APIs."},
	"expires_in": {"Seconds until the access token stops working.",
		"The app refreshes before then instead of waiting for a 401.",
		"The app would learn of the expiry only from a failed call."},
	"token_type": {"How to send the access token: bearer, in the Authorization header.", "", ""},
	"hub_id":     {"The HubSpot account (portal) the user picked: the token works there only.", "", ""},
	"scopes": {"What the token may really do: the required scopes plus the optional ones this account has.",
		"Optional scopes may be missing here: compare with what was asked for.",
		"The app would assume scopes it does not have and meet 403 MISSING_SCOPES."},
	"active": {"Whether HubSpot still accepts the token.", "", ""},
	"category": {"HubSpot's error category (BAD_AUTH_CODE, EXPIRED_AUTHENTICATION, MISSING_SCOPES, …).",
		"It says what to fix; the message says it for people.", ""},
	"action": {"The button the user pressed on the consent page: grant or deny.", "", ""},
}

// ExplainStep lists the parameters of a step worth teaching, in the order they appear: the query, the
// form body, then the headers that matter (Authorization, Location).
func ExplainStep(ev TraceEvent) []ParamNote {
	var out []ParamNote
	add := func(name, value string) {
		if n, ok := paramNotes[strings.ToLower(name)]; ok {
			out = append(out, ParamNote{Name: redact.Line(name), Value: redact.Line(value), What: n.what, Why: n.why, Breaking: n.breaking})
		}
	}
	if u, err := url.Parse(ev.URL); err == nil {
		ForEachPair(u.RawQuery, add)
	}
	if !strings.HasPrefix(strings.TrimSpace(ev.RequestBody), "{") {
		ForEachPair(ev.RequestBody, add)
	}
	for _, h := range ev.RequestHeaders {
		if strings.EqualFold(h.Name, "Authorization") {
			add(h.Name, h.Value)
		}
	}
	for _, h := range ev.ResponseHeaders {
		if strings.EqualFold(h.Name, "Location") {
			add(h.Name, h.Value)
		}
	}
	forEachJSONField(ev.ResponseBody, add)
	return out
}

// answerFields are the fields of HubSpot's token, introspection and error answers worth explaining, in
// the order they are taught.
var answerFields = []string{"access_token", "refresh_token", "expires_in", "token_type", "hub_id", "scopes", "active", "category"}

// forEachJSONField calls f with each of answerFields a JSON object body has, its value as text.
func forEachJSONField(body string, f func(name, value string)) {
	var m map[string]any
	if !strings.HasPrefix(strings.TrimSpace(body), "{") || json.Unmarshal([]byte(body), &m) != nil {
		return
	}
	for _, k := range answerFields {
		v, ok := m[k]
		if !ok {
			continue
		}
		switch v := v.(type) {
		case string:
			f(k, v)
		case []any:
			parts := make([]string, 0, len(v))
			for _, x := range v {
				parts = append(parts, fmt.Sprint(x))
			}
			f(k, strings.Join(parts, " "))
		default:
			f(k, fmt.Sprint(v))
		}
	}
}

// ForEachPair calls f with each decoded name and value of a query or form body, in order; a pair whose
// name cannot be decoded is skipped, a value that cannot be decoded is given as it is.
func ForEachPair(q string, f func(name, value string)) {
	for _, kv := range strings.Split(q, "&") {
		if kv == "" {
			continue
		}
		k, v, _ := strings.Cut(kv, "=")
		name, err := url.QueryUnescape(k)
		if err != nil {
			continue
		}
		if val, err := url.QueryUnescape(v); err == nil {
			v = val
		}
		f(name, v)
	}
}
