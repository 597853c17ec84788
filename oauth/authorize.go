package oauth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"

	"github.com/hsoauth/hsoauth/redact"
)

// AuthRequest is what one authorization attempt asks for. Scopes go in
// `scope` (HubSpot treats them as required), OptionalScopes in
// `optional_scope` (silently dropped when the account lacks them). HubID,
// when set, skips HubSpot's account picker. State and Challenge come from
// NewState and PKCEFor, fresh for every attempt.
type AuthRequest struct {
	Scopes         []string
	OptionalScopes []string
	HubID          int
	State          string
	Challenge      string // S256 code challenge; empty means no PKCE
}

// NewState returns 32 bytes from the system CSPRNG, base64url-encoded (43
// characters): well beyond RFC 6749 §10.10's 2^-128 guessing bound, and safe to
// put in a URL unescaped.
func NewState() (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("no randomness for the OAuth state: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b[:]), nil
}

// PKCE holds one attempt's proof key. The verifier is as sensitive as the
// authorization code it protects, so PKCE never prints it.
type PKCE struct {
	Verifier  string
	Challenge string
}

// String shows the public challenge and hides the verifier, so a PKCE value
// that ends up in a log or %v leaks nothing useful.
func (p PKCE) String() string {
	return "PKCE{Verifier:" + redact.Mask(p.Verifier) + " Challenge:" + p.Challenge + " Method:S256}"
}

// GoString is String for %#v.
func (p PKCE) GoString() string { return p.String() }

// PKCEFor makes the S256 pair for a verifier from NewState (43 characters of
// base64url from 32 random bytes, RFC 7636 §4.1), refusing one that is too
// short or has characters outside the unreserved set. The plain method is
// never offered: it would put the verifier itself in the browser's address bar.
func PKCEFor(verifier string) (PKCE, error) {
	if len(verifier) < 43 || len(verifier) > 128 {
		return PKCE{}, errors.New("a PKCE verifier must be 43 to 128 characters (RFC 7636 §4.1)")
	}
	for i := 0; i < len(verifier); i++ {
		if c := verifier[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~", c) >= 0) {
			return PKCE{}, errors.New("a PKCE verifier may hold only letters, digits and -._~ (RFC 7636 §4.1)")
		}
	}
	return PKCE{Verifier: verifier, Challenge: S256Challenge(verifier)}, nil
}

// S256Challenge derives the code_challenge for a verifier (RFC 7636 §4.2);
// exported so tests and the sandbox agree on one implementation.
func S256Challenge(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// AuthorizeURL builds the consent-page URL HubSpot documents: parameters in
// the documented order, scopes joined by %20, redirect_uri readable, and the
// account-specific /oauth/{hubId}/authorize form when HubID is set. Its start
// matches HubSpot's examples byte for byte, so users can compare them; after
// redirect_uri comes response_type=code, which RFC 6749 requires and HubSpot
// ignores.
func AuthorizeURL(env Environment, app App, req AuthRequest) (string, error) {
	if err := env.Validate(); err != nil {
		return "", err
	}
	if err := CheckRedirectURIFor(env, app.RedirectURI); err != nil {
		return "", err
	}
	if strings.TrimSpace(app.ClientID) == "" {
		return "", errors.New("the app has no client ID: copy it from the app's Auth settings in HubSpot")
	}
	if len(req.Scopes) == 0 {
		return "", errors.New("at least one scope is required (HubSpot adds oauth itself)")
	}
	if app.PKCE && req.Challenge == "" {
		return "", errors.New("PKCE is on for this app but the request has no code challenge")
	}
	if req.HubID < 0 {
		return "", errors.New("hub ID must be positive")
	}
	if req.HubID > 0 && env.Endpoints.Authorize != "" {
		return "", ErrHubIDWithAuthorizeURL
	}
	return authorizeBase(env, req.HubID) + "?" + authorizeQuery(app, req), nil
}

// ErrHubIDWithAuthorizeURL refuses a pinned portal on a profile whose
// authorize_url replaces HubSpot's: the portal would go in HubSpot's
// /oauth/{hubId}/authorize path, which another server does not have.
var ErrHubIDWithAuthorizeURL = errors.New("a hub ID pins a HubSpot portal through /oauth/{hubId}/authorize, " +
	"which a profile with authorize_url does not use: remove hub_id from the profile (or pass --hub-id none), or remove authorize_url")

func authorizeBase(env Environment, hubID int) string {
	if env.Endpoints.Authorize != "" {
		return env.Endpoints.Authorize
	}
	base := strings.TrimRight(env.AppBase, "/") + "/oauth/"
	if hubID > 0 {
		base += strconv.Itoa(hubID) + "/"
	}
	return base + "authorize"
}

func authorizeQuery(app App, req AuthRequest) string {
	var b strings.Builder
	add := func(k, v string) {
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(k + "=" + escapeQueryValue(v))
	}
	add("client_id", app.ClientID)
	add("scope", strings.Join(req.Scopes, " "))
	add("redirect_uri", app.RedirectURI)
	// RFC 6749 §4.1.1 makes response_type REQUIRED. HubSpot's examples leave it out and HubSpot ignores
	// it, but a standard authorization server (or a proxy in front of one) refuses a request without it.
	add("response_type", "code")
	if len(req.OptionalScopes) > 0 {
		add("optional_scope", strings.Join(req.OptionalScopes, " "))
	}
	if req.State != "" {
		add("state", req.State)
	}
	if app.PKCE && req.Challenge != "" {
		add("code_challenge", req.Challenge)
		add("code_challenge_method", "S256")
	}
	return b.String()
}

// escapeQueryValue percent-encodes everything but RFC 3986 unreserved
// characters and ":" "/" "@", which are legal in a query and keep
// redirect_uri readable the way HubSpot prints it. Spaces become %20, never "+".
func escapeQueryValue(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUnreserved(c) || c == ':' || c == '/' || c == '@' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

func isUnreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

// LogValue keeps the verifier out of slog output.
func (p PKCE) LogValue() slog.Value { return slog.StringValue(p.String()) }
