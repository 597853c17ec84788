package oauth

import (
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"strings"

	"github.com/hsoauth/hsoauth/redact"
)

// App is what HubSpot knows about an app: its credentials, the redirect URL
// registered in its auth settings, and whether this tool sends PKCE for it.
// PKCE is on unless an app is known to break with it.
type App struct {
	ClientID     string
	ClientSecret string
	RedirectURI  string
	PKCE         bool
}

// String keeps the client secret out of logs and %v output.
func (a App) String() string {
	return fmt.Sprintf("App{ClientID:%s ClientSecret:%s RedirectURI:%s PKCE:%t}",
		redact.Line(a.ClientID), redact.Mask(a.ClientSecret), redact.Line(a.RedirectURI), a.PKCE)
}

// GoString is String for %#v, which would otherwise print the secret.
func (a App) GoString() string { return a.String() }

// DefaultRedirectURI is HubSpot's own example redirect URL (hubspot-cli and
// the project templates use it), and the one every fix message suggests.
const DefaultRedirectURI = "http://localhost:3000/oauth-callback"

// RedirectURIError says what is wrong with a redirect URL and how to fix it,
// so the UI can show both before any browser opens.
type RedirectURIError struct {
	URI    string
	Reason string
	Fix    string
}

// Error joins the reason and the fix into one readable sentence.
func (e *RedirectURIError) Error() string {
	return fmt.Sprintf("redirect URL %q: %s; %s", redact.Line(e.URI), e.Reason, e.Fix)
}

// CheckRedirectURI applies HubSpot's redirect URL rules before anything
// starts: https except for http://localhost, a domain not an IP literal, no
// fragment or credentials, and for localhost an explicit port and a path so
// the callback server knows where to listen.
func CheckRedirectURI(uri string) error { return checkRedirect(uri, false) }

// CheckRedirectURIFor is CheckRedirectURI for env: a profile's own OAuth
// server may also be sent a loopback IP literal (http://127.0.0.1:PORT/path or
// http://[::1]:PORT/path), which RFC 8252 §7.3 recommends for native apps and
// HubSpot refuses.
func CheckRedirectURIFor(env Environment, uri string) error {
	return checkRedirect(uri, env.OwnServer())
}

// CheckOwnServerRedirectURI is CheckRedirectURIFor for any profile that names
// its own OAuth server, for `config check`.
func CheckOwnServerRedirectURI(uri string) error { return checkRedirect(uri, true) }

func checkRedirect(uri string, loopbackIP bool) error {
	fail := func(reason, fix string) error { return &RedirectURIError{URI: uri, Reason: reason, Fix: fix} }
	u, err := url.Parse(uri)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return fail("not an absolute URL", "use something like "+DefaultRedirectURI)
	}
	if u.User != nil || u.Fragment != "" || strings.Contains(uri, "#") {
		return fail("credentials and fragments are not allowed", "remove them")
	}
	host := u.Hostname()
	ip := net.ParseIP(strings.Trim(host, "[]"))
	loopback := strings.EqualFold(host, "localhost") || loopbackIP && ip != nil && ip.IsLoopback()
	if ip != nil && !loopbackIP {
		return fail("HubSpot does not accept "+ip.String()+" in a redirect URL",
			"use http://localhost:"+portOr(u, "3000")+pathOr(u, "/oauth-callback"))
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
	default:
		return fail("the scheme must be https (or http for localhost)", "use "+DefaultRedirectURI)
	}
	if !loopback && loopbackIP {
		return fail("plain http is only for localhost or a loopback address", "use https://"+u.Host+u.Path)
	}
	if !loopback {
		return fail("HubSpot accepts plain http only for localhost", "use https://"+u.Host+u.Path)
	}
	if u.Port() == "" {
		return fail("a localhost redirect URL needs an explicit port", "use http://localhost:3000"+pathOr(u, "/oauth-callback"))
	}
	if n, err := strconv.Atoi(u.Port()); err != nil || n < 1 || n > 65535 {
		return fail("the port must be a number from 1 to 65535", "use http://localhost:3000"+pathOr(u, "/oauth-callback"))
	}
	if u.Path == "" || u.Path == "/" {
		return fail("a localhost redirect URL needs a path for the callback", "use http://localhost:"+u.Port()+"/oauth-callback")
	}
	return nil
}

func portOr(u *url.URL, def string) string {
	if p := u.Port(); p != "" {
		return p
	}
	return def
}

func pathOr(u *url.URL, def string) string {
	if u.Path != "" && u.Path != "/" {
		return u.Path
	}
	return def
}

// LogValue keeps the client secret out of slog output.
func (a App) LogValue() slog.Value { return slog.StringValue(a.String()) }
