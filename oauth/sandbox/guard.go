package sandbox

import (
	"mime"
	"net"
	"net/http"
	"strings"

	"github.com/hsoauth/hsoauth/redact"
)

// requestProblem is the sandbox's guard against other web pages and DNS
// rebinding, run before every handler. Every route answers only to a Host
// that names loopback or the address the sandbox listens on. The
// state-changing browser-facing endpoints (consent decision, admin API)
// also refuse a cross-site Origin, where "null" (a sandboxed iframe, a
// file: page) counts as cross-site. Admin writes must moreover be
// something no cross-site form can send: Content-Type application/json,
// or a browser's Sec-Fetch-Site: same-origin.
func (s *Server) requestProblem(r *http.Request, ep Endpoint) string {
	if !s.hostAllowed(r.Host) {
		return "the sandbox answers only to a loopback Host such as 127.0.0.1 or localhost, got " + redact.Cut(r.Host, 80)
	}
	if ep != EndpointAdmin && ep != EndpointConsent {
		return ""
	}
	if o := r.Header.Get("Origin"); o != "" && !loopbackOrigin(o) {
		return "cross-origin requests are refused (Origin " + redact.Cut(o, 80) + ")"
	}
	if ep == EndpointAdmin && r.Method != http.MethodGet && r.Method != http.MethodHead && !adminWriteAllowed(r) {
		return "admin calls must send Content-Type: application/json (or come from the sandbox's own pages)"
	}
	return ""
}

// adminWriteAllowed reports whether an admin write carries proof that it
// is not a cross-site form post: a non-simple content type, which a
// browser only sends after a CORS preflight the sandbox never approves, or
// the browser's own same-origin marker.
func adminWriteAllowed(r *http.Request) bool {
	if r.Header.Get("Sec-Fetch-Site") == "same-origin" {
		return true
	}
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && mt == "application/json"
}

// hostAllowed accepts loopback names and addresses, with any port, and
// the host the sandbox was started on.
func (s *Server) hostAllowed(hostport string) bool {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = hostport
	}
	if isLoopbackHost(host) {
		return true
	}
	base := strings.TrimPrefix(s.BaseURL(), "http://")
	return base != "" && strings.EqualFold(hostport, base)
}

// loopbackOrigin reports whether an Origin header names a loopback site;
// "null" and anything unparsable do not.
func loopbackOrigin(origin string) bool {
	rest, ok := cutScheme(origin)
	if !ok {
		return false
	}
	host, _, err := net.SplitHostPort(rest)
	if err != nil {
		host = rest
	}
	return isLoopbackHost(host)
}

func cutScheme(origin string) (string, bool) {
	for _, p := range []string{"http://", "https://"} {
		if len(origin) > len(p) && origin[:len(p)] == p {
			return origin[len(p):], true
		}
	}
	return "", false
}
