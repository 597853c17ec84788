package config

import (
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
)

func checkOneOf(t *table, key, got, example string, allowed ...string) {
	for _, a := range allowed {
		if got == a {
			return
		}
	}
	t.c.add(t.key(key), "got "+quote(got), "one of "+strings.Join(allowed, ", "), example)
}

func checkRange(t *table, key string, d, lo, hi time.Duration, example string) {
	if d < lo || d > hi {
		t.c.add(t.key(key), "got "+d.String(), "a duration from "+lo.String()+" to "+hi.String(), example)
	}
}

func checkPrintable(t *table, key, s, example string) {
	for _, r := range s {
		if !unicode.IsPrint(r) {
			t.c.add(t.key(key), "contains control characters", "printable text", example)
			return
		}
	}
}

// checkRedirectURI applies HubSpot's rule: https anywhere, plain http only
// for the host localhost (not 127.0.0.1), as its changelog of 2018-03-05 says.
// A profile's own server (ownServer) may also get a loopback IP literal, as
// RFC 8252 §7.3 recommends.
func checkRedirectURI(t *table, raw string, ownServer bool) {
	example := `redirect_uri = "` + DefaultRedirectURI + `"`
	u, err := url.Parse(raw)
	switch {
	case err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https"):
		t.c.add(t.key("redirect_uri"), "got "+quote(raw), "an http:// or https:// URL", example)
	case u.User != nil || u.Fragment != "":
		t.c.add(t.key("redirect_uri"), "has a user or #fragment", "a plain URL", example)
	case u.Scheme == "http" && ownServer && !isLoopbackHost(u.Hostname()):
		t.c.add(t.key("redirect_uri"), "uses http with host "+quote(u.Hostname()),
			"https, or http only with localhost or a loopback address", example)
	case u.Scheme == "http" && !ownServer && u.Hostname() != "localhost":
		t.c.add(t.key("redirect_uri"), "uses http with host "+quote(u.Hostname()),
			"https, or http only with host localhost (HubSpot's rule)", example)
	}
}

// checkBaseURL wants https; plain http is allowed only on loopback so a
// profile can point at the local simulator.
func checkBaseURL(t *table, key, raw, def string) {
	example := key + ` = "` + def + `"`
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") || u.User != nil {
		t.c.add(t.key(key), "got "+quote(raw), "an https:// URL", example)
		return
	}
	if u.Scheme == "http" && !isLoopbackHost(u.Hostname()) {
		t.c.add(t.key(key), "uses plain http to "+quote(u.Hostname()), "https (http only for a loopback simulator)", example)
	}
}

// checkEndpointURL is checkBaseURL for a full endpoint URL, which also may not
// carry a query or fragment (parameters are added to it, never merged).
func checkEndpointURL(t *table, key, raw string) {
	example := EndpointExamples[key]
	u, err := url.Parse(raw)
	switch {
	case err != nil || u.Host == "" || u.Opaque != "" || (u.Scheme != "https" && u.Scheme != "http") || u.User != nil:
		t.c.add(t.key(key), "got "+quote(raw), "an absolute https:// URL", example)
	case u.RawQuery != "" || u.Fragment != "" || strings.HasSuffix(raw, "?") || strings.HasSuffix(raw, "#"):
		t.c.add(t.key(key), "has a ?query or #fragment", "the endpoint URL alone (hsoauth adds the parameters)", example)
	case u.Scheme == "http" && !isLoopbackHost(u.Hostname()):
		t.c.add(t.key(key), "uses plain http to "+quote(u.Hostname()), "https (http only for a loopback server)", example)
	}
}

func checkLoopbackAddr(t *table, key, addr string) {
	host, port, err := net.SplitHostPort(addr)
	if n, perr := strconv.Atoi(port); err == nil && (perr != nil || n < 0 || n > 65535) {
		err = perr
		if err == nil {
			err = strconv.ErrRange
		}
	}
	if err != nil || !isLoopbackHost(host) {
		t.c.add(t.key(key), "got "+quote(addr), "a loopback host:port (the simulator never listens on the network)",
			`addr = "127.0.0.1:8765"`)
	}
}

func isLoopbackHost(h string) bool {
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// secretProblem spots a client secret that cannot be real: one copied from a
// screen that masks it, a placeholder, or the client id pasted twice. The
// message never repeats the value.
func secretProblem(secret, clientID string) string {
	s := strings.TrimSpace(secret)
	switch {
	case s == "":
		return "is empty"
	case clientID != "" && strings.EqualFold(s, strings.TrimSpace(clientID)):
		return "equals the client id (the secret is the other value on HubSpot's Auth tab)"
	case looksMasked(s):
		return "looks masked (copied from a screen that hides it), not a real secret"
	}
	return ""
}

func looksMasked(s string) bool {
	if strings.ContainsAny(s, "•●∙·…◦") || strings.Contains(s, "***") {
		return true
	}
	lower := strings.ToLower(s)
	if len(lower) >= 4 && strings.Trim(lower, "x-") == "" {
		return true
	}
	for _, p := range []string{"your-client-secret", "your_client_secret", "<client", "changeme", "redacted"} {
		if strings.Contains(lower, p) {
			return true
		}
	}
	return false
}
