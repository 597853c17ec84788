package oauth

import (
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/hsoauth/hsoauth/redact"
)

// Step names what a trace event is in the OAuth flow, so the diagram can draw it and the narration can
// explain it without guessing from URLs again.
type Step string

// The steps of a HubSpot OAuth flow, front channel (authorize, consent, callback) then back channel.
const (
	StepAuthorize  Step = "authorize"
	StepConsent    Step = "consent"
	StepCallback   Step = "callback"
	StepExchange   Step = "exchange"
	StepRefresh    Step = "refresh"
	StepIntrospect Step = "introspect"
	StepRevoke     Step = "revoke"
	StepAPI        Step = "api"
	StepSandbox    Step = "sandbox" // a trainer's control of the simulator (clock, faults, reset)
)

// Party is one lane of the sequence diagram: who sent or received a step.
type Party string

// The three parties of an authorization-code flow.
const (
	PartyBrowser Party = "Browser"
	PartyApp     Party = "hsoauth"
	PartyHubSpot Party = "HubSpot"
)

// Classify names the step of an HTTP request from its method, URL and form body, and says who sent it
// to whom. The authorize page and the consent decision are the browser's; everything else is the app
// talking to HubSpot.
func Classify(method, rawURL, body string) (Step, Party, Party) {
	path := rawURL
	if u, err := url.Parse(rawURL); err == nil {
		path = u.Path
	}
	switch {
	case strings.HasPrefix(path, "/_sandbox/"):
		return StepSandbox, PartyApp, PartyHubSpot
	case path == "/oauth/authorize/decision":
		return StepConsent, PartyBrowser, PartyHubSpot
	case isAuthorizePath(path):
		return StepAuthorize, PartyBrowser, PartyHubSpot
	case strings.HasSuffix(path, "/token/introspect"):
		return StepIntrospect, PartyApp, PartyHubSpot
	case strings.HasSuffix(path, "/token/revoke"):
		return StepRevoke, PartyApp, PartyHubSpot
	case strings.HasPrefix(path, "/oauth/v1/access-tokens/"):
		return StepIntrospect, PartyApp, PartyHubSpot
	case strings.HasPrefix(path, "/oauth/v1/refresh-tokens/"):
		if method == http.MethodDelete {
			return StepRevoke, PartyApp, PartyHubSpot
		}
		return StepIntrospect, PartyApp, PartyHubSpot
	case strings.HasPrefix(path, "/oauth/") && strings.HasSuffix(path, "/token"):
		if form, err := url.ParseQuery(body); err == nil && form.Get("grant_type") == "refresh_token" {
			return StepRefresh, PartyApp, PartyHubSpot
		}
		return StepExchange, PartyApp, PartyHubSpot
	}
	return StepAPI, PartyApp, PartyHubSpot
}

// classify is Classify for this environment: a request to one of the
// profile's endpoint overrides is that step whatever its path, since a
// standard server's /token or /introspect is not shaped like HubSpot's.
func (e Environment) classify(method, rawURL, body string) (Step, Party, Party) {
	target := rawURL
	if u, err := url.Parse(rawURL); err == nil {
		u.RawQuery, u.Fragment = "", ""
		target = u.String()
	}
	switch target {
	case "":
	case e.Endpoints.Token:
		if form, err := url.ParseQuery(body); err == nil && form.Get("grant_type") == "refresh_token" {
			return StepRefresh, PartyApp, PartyHubSpot
		}
		return StepExchange, PartyApp, PartyHubSpot
	case e.Endpoints.Introspect:
		return StepIntrospect, PartyApp, PartyHubSpot
	case e.Endpoints.Revoke:
		return StepRevoke, PartyApp, PartyHubSpot
	}
	return Classify(method, rawURL, body)
}

// isAuthorizePath matches /oauth/authorize and the account-specific /oauth/{hubId}/authorize.
func isAuthorizePath(p string) bool {
	rest, ok := strings.CutPrefix(p, "/oauth/")
	if !ok {
		return false
	}
	hub, ok := strings.CutSuffix(rest, "authorize")
	return ok && (hub == "" || strings.Count(hub, "/") == 1 && strings.HasSuffix(hub, "/"))
}

// HeaderList turns an http.Header into Header lines sorted by name, so traces and exports are stable.
func HeaderList(h http.Header) []Header {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	sort.Strings(names)
	out := make([]Header, 0, len(names))
	for _, k := range names {
		for _, v := range h[k] {
			out = append(out, Header{Name: k, Value: v})
		}
	}
	return out
}

// maskHeaders masks what a header can carry of a secret: the Authorization credential, cookies, and the
// code, state or token in a Location or Referer URL. Every value is then scrubbed of known secrets.
func (t *Trace) maskHeaders(hs []Header) []Header {
	if len(hs) == 0 {
		return nil
	}
	out := make([]Header, len(hs))
	for i, h := range hs {
		v := h.Value
		switch strings.ToLower(h.Name) {
		case "authorization", "proxy-authorization":
			scheme, cred, ok := strings.Cut(v, " ")
			if ok {
				v = scheme + " " + redact.Mask(cred)
			} else {
				v = redact.Mask(v)
			}
		case "cookie", "set-cookie":
			v = maskCookie(v)
		case "location", "referer", "content-location":
			v = redactURL(v)
		}
		out[i] = Header{Name: redact.Line(h.Name), Value: redact.Cut(t.secrets.scrub(v), 2048)}
	}
	return out
}

// maskCookie keeps cookie names and attributes but masks each value.
func maskCookie(v string) string {
	parts := strings.Split(v, ";")
	for i, p := range parts {
		name, val, ok := strings.Cut(p, "=")
		attr := strings.ToLower(strings.TrimSpace(name))
		if !ok || i > 0 && (attr == "path" || attr == "domain" || attr == "expires" || attr == "max-age" || attr == "samesite") {
			continue
		}
		parts[i] = name + "=" + redact.Mask(val)
	}
	return strings.Join(parts, ";")
}
