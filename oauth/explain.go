package oauth

import (
	"errors"
	"net/url"
	"strconv"
	"strings"

	"github.com/hsoauth/hsoauth/redact"
)

// URLPart is one labelled piece of an authorize URL, for the review screen
// that teaches what each parameter does. Values are sanitised for the
// terminal and the state is masked.
type URLPart struct {
	Name    string
	Value   string
	Meaning string
}

var paramMeanings = map[string]string{
	"client_id":             "Identifies your app; copy it from the app's Auth settings.",
	"scope":                 "Required scopes, space-separated (%20). Every scope the app marks as required must be here, or HubSpot shows an error.",
	"optional_scope":        "Optional scopes. HubSpot drops them silently if the chosen account lacks the product; check the token's scopes afterwards.",
	"redirect_uri":          "Where HubSpot sends the browser back with ?code=. Must match a redirect URL registered on the app, byte for byte.",
	"response_type":         "Always code: the authorization-code flow. RFC 6749 requires it; HubSpot ignores it, standard OAuth servers refuse a URL without it.",
	"state":                 "A one-time random value echoed back on the redirect; the callback is refused unless it matches (CSRF protection).",
	"code_challenge":        "PKCE: SHA-256 of a secret verifier kept in this terminal. The code is useless without the verifier.",
	"code_challenge_method": "PKCE method; always S256 (the plain method would expose the verifier).",
}

// ExplainAuthorizeURL splits an authorize URL into labelled parts: the host,
// the account-specific path when present, then each query parameter in
// order. Unknown parameters are listed too, marked as ignored by HubSpot, so a
// pasted URL is explained rather than rejected.
func ExplainAuthorizeURL(u string) ([]URLPart, error) {
	parsed, err := url.Parse(u)
	if err != nil || parsed.Host == "" {
		return nil, errors.New("not an absolute URL")
	}
	parts := []URLPart{{Name: "host", Value: redact.Line(parsed.Scheme + "://" + parsed.Host),
		Meaning: "HubSpot's app host, which shows the consent page."}}
	parts = append(parts, explainPath(parsed.Path))
	for _, kv := range strings.Split(parsed.RawQuery, "&") {
		if kv == "" {
			continue
		}
		k, v, _ := strings.Cut(kv, "=")
		name, err1 := url.QueryUnescape(k)
		value, err2 := url.PathUnescape(v)
		if err1 != nil || err2 != nil {
			return nil, errors.New("the query has a broken %-escape")
		}
		parts = append(parts, explainParam(name, value))
	}
	return parts, nil
}

func explainPath(path string) URLPart {
	rest, ok := strings.CutPrefix(path, "/oauth/")
	if ok {
		if hub, ok := strings.CutSuffix(rest, "/authorize"); ok {
			if _, err := strconv.Atoi(hub); err == nil {
				return URLPart{Name: "account", Value: hub,
					Meaning: "Account-specific form: HubSpot skips the account picker and installs into this hub ID."}
			}
		}
		if rest == "authorize" {
			return URLPart{Name: "path", Value: path,
				Meaning: "Generic form: the user picks which HubSpot account to connect."}
		}
	}
	return URLPart{Name: "path", Value: redact.Line(path),
		Meaning: "Not a HubSpot authorize path; expected /oauth/authorize or /oauth/{hubId}/authorize."}
}

func explainParam(name, value string) URLPart {
	meaning, known := paramMeanings[name]
	if !known {
		meaning = "Not a documented HubSpot parameter; HubSpot ignores it."
	}
	if name == "state" {
		value = redact.Mask(value)
	}
	return URLPart{Name: redact.Line(name), Value: redact.Line(value), Meaning: meaning}
}
