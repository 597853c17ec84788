package oauth

import (
	"cmp"
	"errors"
	"fmt"
	"net"
	"net/url"
	"slices"
	"strings"

	"github.com/hsoauth/hsoauth/redact"
)

// APIVersion names a generation of HubSpot's OAuth token endpoints. The
// generations differ in paths, verbs and error bodies, so the whole client is
// parameterised by it.
type APIVersion string

// The OAuth API versions HubSpot serves. V3 is the default because HubSpot's
// current guide (seed 002) names /oauth/v3/token; V202603 is the dated form of
// the same shape; V1 still works but is being retired.
const (
	V1      APIVersion = "v1"
	V3      APIVersion = "v3"
	V202603 APIVersion = "2026-03"
)

// Versions lists every supported version, oldest first, so menus and flag help
// can offer them without hard-coding the list a second time.
var Versions = []APIVersion{V1, V3, V202603}

// ParseAPIVersion turns user input (a flag or config value) into an
// APIVersion, naming the valid choices when the input is not one of them.
func ParseAPIVersion(s string) (APIVersion, error) {
	v := APIVersion(strings.TrimSpace(strings.ToLower(s)))
	for _, known := range Versions {
		if v == known {
			return v, nil
		}
	}
	return "", fmt.Errorf("unknown OAuth API version %q: use one of v1, v3, 2026-03", redact.Line(s))
}

// Deprecation explains why a version should not be picked for new work; it is
// empty for current versions, so the UI shows a warning only when one applies.
func (v APIVersion) Deprecation() string {
	if v == V1 {
		return "HubSpot retires the v1 OAuth endpoints on 2027-02-16; they also put tokens in URL paths. Use v3 or 2026-03."
	}
	return ""
}

// v1 reports whether the version uses the legacy path-and-verb layout.
func (v APIVersion) v1() bool { return v == V1 }

// Environment says where HubSpot lives for a flow: the app host that serves
// the consent page, the API host that serves tokens and data, and the OAuth API
// version. Overriding the hosts lets the same code talk to the sandbox;
// Endpoints lets it talk to a standard OAuth 2.0 server whose paths are not
// HubSpot's.
type Environment struct {
	AppBase   string
	APIBase   string
	Version   APIVersion
	Endpoints Endpoints
	// ClientAuth is how the client authenticates to the token, introspection
	// and revocation endpoints; "" means ClientSecretPost, HubSpot's only way.
	ClientAuth ClientAuth
}

// ClientAuth names a client authentication method as RFC 8414 metadata
// spells it (token_endpoint_auth_method).
type ClientAuth string

// The two methods RFC 6749 §2.3.1 defines for a client secret. HubSpot reads
// the credentials from the form body only; a standard server must accept HTTP
// Basic and may refuse the body.
const (
	ClientSecretPost  ClientAuth = "client_secret_post"
	ClientSecretBasic ClientAuth = "client_secret_basic"
)

// ClientAuths lists the methods, HubSpot's first, for validation and help.
var ClientAuths = []ClientAuth{ClientSecretPost, ClientSecretBasic}

// CheckClientAuth refuses a method the client cannot use, naming the valid ones.
func CheckClientAuth(m ClientAuth) error {
	if m == "" || slices.Contains(ClientAuths, m) {
		return nil
	}
	return fmt.Errorf("client_auth %q is not a method hsoauth speaks: use client_secret_post (HubSpot) or client_secret_basic", redact.Line(string(m)))
}

// basicAuth reports whether credentials go in an Authorization: Basic header.
func (e Environment) basicAuth() bool { return e.ClientAuth == ClientSecretBasic }

// Endpoints are full URLs that replace the paths HubSpot's layout would give.
// Each is optional: an empty one keeps HubSpot's path for the version. An
// overridden introspection or revocation endpoint is always spoken to the way
// RFC 7662 and RFC 7009 say (a form POST with the token in the body), even on
// v1, because a server that needs the override is not HubSpot.
type Endpoints struct {
	Authorize  string // replaces {app_base}/oauth/authorize
	Token      string // replaces {api_base}/oauth/{version}/token
	Introspect string // replaces {api_base}/oauth/{version}/token/introspect
	Revoke     string // replaces {api_base}/oauth/{version}/token/revoke
}

// list pairs each override with its profile key.
func (ep Endpoints) list() []struct{ key, url string } {
	return []struct{ key, url string }{
		{"authorize_url", ep.Authorize}, {"token_url", ep.Token},
		{"introspect_url", ep.Introspect}, {"revoke_url", ep.Revoke},
	}
}

// CheckEndpointURL applies the client's rules to one endpoint override: an
// absolute https URL (plain http only on loopback) with no credentials, query
// or fragment. `config check` calls it so the file is judged as the flows
// judge it.
func CheckEndpointURL(key, raw string) error {
	if strings.ContainsAny(raw, "?#") {
		return fmt.Errorf("%s %q must not carry a query or a fragment: give the endpoint alone, hsoauth adds the parameters", key, redact.Line(raw))
	}
	return checkBase(key, raw)
}

// HubSpot returns the real HubSpot environment with the default version, so
// callers only override what they mean to change.
func HubSpot() Environment {
	return Environment{AppBase: "https://app.hubspot.com", APIBase: "https://api.hubapi.com", Version: V3}
}

// Validate refuses environments that would send secrets in clear text over a
// network: plain http is accepted only for loopback hosts (the sandbox and test
// servers). It also checks the version so a typo fails before any request.
func (e Environment) Validate() error {
	if _, err := ParseAPIVersion(string(e.Version)); err != nil {
		return err
	}
	if err := checkBase("app host", e.AppBase); err != nil {
		return err
	}
	if err := checkBase("API host", e.APIBase); err != nil {
		return err
	}
	if err := CheckClientAuth(e.ClientAuth); err != nil {
		return err
	}
	for _, ep := range e.Endpoints.list() {
		if ep.url == "" {
			continue
		}
		if err := CheckEndpointURL(ep.key, ep.url); err != nil {
			return err
		}
	}
	return nil
}

func checkBase(what, base string) error {
	u, err := url.Parse(base)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return fmt.Errorf("%s %q is not an absolute URL like https://api.hubapi.com", what, redact.Line(base))
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("%s %q must not carry credentials, a query or a fragment", what, redact.Line(base))
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		if isLoopbackHost(u.Hostname()) {
			return nil
		}
		return fmt.Errorf("%s %q uses plain http on a non-loopback host; use https", what, redact.Line(base))
	}
	return fmt.Errorf("%s %q must use https", what, redact.Line(base))
}

// isLoopbackHost accepts "localhost" and loopback IP literals only.
func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// oauthPath builds /oauth/{version}/{rest} under the API host.
func (e Environment) oauthPath(rest string) string {
	return strings.TrimRight(e.APIBase, "/") + "/oauth/" + string(e.Version) + "/" + rest
}

// TokenURL is the token endpoint: the token_url override, or HubSpot's for
// the environment's version.
func (e Environment) TokenURL() string {
	if e.Endpoints.Token != "" {
		return e.Endpoints.Token
	}
	return e.oauthPath("token")
}

// Errors for a step the profile's own server does not offer: once a profile
// names its server's token or authorize endpoint, hsoauth never guesses
// HubSpot's path for the others there.
var (
	ErrNoIntrospectURL = errors.New("this profile names its own OAuth server (authorize_url or token_url) but no introspect_url: " +
		"add introspect_url if the server offers RFC 7662 introspection")
	ErrNoRevokeURL = errors.New("this profile names its own OAuth server (authorize_url or token_url) but no revoke_url: " +
		"add revoke_url if the server offers RFC 7009 revocation; nothing was changed here ('hsoauth logout' forgets the tokens locally)")
)

// OwnServer reports whether the profile points at a server other than HubSpot
// (it names the server's authorize or token endpoint).
func (e Environment) OwnServer() bool { return e.Endpoints.Authorize != "" || e.Endpoints.Token != "" }

// ServerName is how messages name the authorization server: "HubSpot" (the
// sandbox included), or the host of a profile's own token (else authorize)
// endpoint.
func (e Environment) ServerName() string {
	if label := e.serverLabel(); label != "" {
		return label
	}
	return "HubSpot"
}

// serverLabel is HubSpotError.Server for this environment: "" for HubSpot.
func (e Environment) serverLabel() string {
	if !e.OwnServer() {
		return ""
	}
	u, err := url.Parse(cmp.Or(e.Endpoints.Token, e.Endpoints.Authorize))
	if err != nil || u.Host == "" {
		return "the OAuth server"
	}
	return redact.Line(u.Host)
}

// CanRevoke says, before anything is sent or removed, whether the
// environment has a revocation endpoint (ErrNoRevokeURL when not).
func (e Environment) CanRevoke() error {
	if e.OwnServer() && e.Endpoints.Revoke == "" {
		return ErrNoRevokeURL
	}
	return nil
}

// rfcIntrospect reports whether introspection is a form POST (RFC 7662 and
// HubSpot v3) rather than v1's GET with the token in the path.
func (e Environment) rfcIntrospect() bool { return !e.Version.v1() || e.Endpoints.Introspect != "" }

// rfcRevoke reports whether revocation is a form POST (RFC 7009 and HubSpot
// v3) rather than v1's DELETE with the token in the path.
func (e Environment) rfcRevoke() bool { return !e.Version.v1() || e.Endpoints.Revoke != "" }

// introspectURL returns the introspect_url override, the v3-style
// introspection endpoint, or the v1 metadata endpoint for the given token kind
// (the token then goes in the path, which is exactly why HubSpot retires v1).
func (e Environment) introspectURL(kind TokenKind, token string) (string, error) {
	if e.Endpoints.Introspect != "" {
		return e.Endpoints.Introspect, nil
	}
	if e.OwnServer() {
		return "", ErrNoIntrospectURL
	}
	if !e.Version.v1() {
		return e.oauthPath("token/introspect"), nil
	}
	switch kind {
	case AccessToken:
		return e.oauthPath("access-tokens/" + url.PathEscape(token)), nil
	case RefreshToken:
		return e.oauthPath("refresh-tokens/" + url.PathEscape(token)), nil
	}
	return "", errors.New("token kind must be access_token or refresh_token")
}

// revokeURL returns the revoke_url override or the version's revocation
// endpoint.
func (e Environment) revokeURL(refreshToken string) string {
	if e.Endpoints.Revoke != "" {
		return e.Endpoints.Revoke
	}
	if e.Version.v1() {
		return e.oauthPath("refresh-tokens/" + url.PathEscape(refreshToken))
	}
	return e.oauthPath("token/revoke")
}
