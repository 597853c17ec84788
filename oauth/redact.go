package oauth

import (
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/hsoauth/hsoauth/redact"
)

// sensitiveKeys are the form, query and JSON fields whose values are secrets.
var sensitiveKeys = map[string]bool{
	"access_token": true, "refresh_token": true, "id_token": true, "token": true,
	"client_secret": true, "code": true, "code_verifier": true, "state": true,
	"accesstoken": true, "refreshtoken": true, "clientsecret": true, "codeverifier": true,
	"signature": true, "newsignature": true, "client_assertion": true,
}

func isSensitiveKey(k string) bool { return sensitiveKeys[strings.ToLower(k)] }

var (
	jsonSecretRE = regexp.MustCompile(`"([A-Za-z_]+)"\s*:\s*"((?:[^"\\]|\\.)*)"`)
	v1PathRE     = regexp.MustCompile(`(/(?:access-tokens|refresh-tokens)/)([^/?#]+)`)
)

// redactBody masks sensitive fields in a JSON or form body; anything else
// passes through (and is still scrubbed of known secrets by the caller).
func redactBody(body string) string {
	trimmed := strings.TrimSpace(body)
	if strings.HasPrefix(trimmed, "{") || strings.HasPrefix(trimmed, "[") {
		return jsonSecretRE.ReplaceAllStringFunc(body, func(m string) string {
			sub := jsonSecretRE.FindStringSubmatch(m)
			if !isSensitiveKey(sub[1]) {
				return m
			}
			return `"` + sub[1] + `":"` + redact.Mask(sub[2]) + `"`
		})
	}
	if strings.Contains(body, "=") && !strings.ContainsAny(body, " \n") {
		return redactForm(body)
	}
	return body
}

// redactForm masks sensitive values in key=value&... text, keeping order.
func redactForm(s string) string {
	pairs := strings.Split(s, "&")
	for i, p := range pairs {
		k, v, ok := strings.Cut(p, "=")
		key, err := url.QueryUnescape(k)
		if ok && err == nil && isSensitiveKey(key) {
			val, err := url.QueryUnescape(v)
			if err != nil {
				val = v
			}
			pairs[i] = k + "=" + url.QueryEscape(redact.Mask(val))
		}
	}
	return strings.Join(pairs, "&")
}

// redactURL masks sensitive query values and the token in v1 paths.
func redactURL(raw string) string {
	base, query, hasQuery := strings.Cut(raw, "?")
	base = v1PathRE.ReplaceAllStringFunc(base, func(m string) string {
		sub := v1PathRE.FindStringSubmatch(m)
		tok, err := url.PathUnescape(sub[2])
		if err != nil {
			tok = sub[2]
		}
		return sub[1] + url.PathEscape(redact.Mask(tok))
	})
	if !hasQuery {
		return base
	}
	return base + "?" + redactForm(query)
}

// secretSet remembers the exact secrets a client has handled, so they are
// scrubbed even where no field name gives them away (an error message, a
// body in an unexpected format).
type secretSet struct {
	mu    sync.RWMutex
	vals  map[string]bool
	order []string // insertion order, for evicting the oldest
	// sorted is longest first, so a secret containing another is replaced whole
	sorted []string
}

func newSecretSet() *secretSet { return &secretSet{vals: map[string]bool{}} }

// maxSecrets bounds memory in a session that refreshes for hours; the client
// re-registers its long-lived secrets on every call, so only stale tokens age out.
const maxSecrets = 512

func (s *secretSet) add(v string) {
	if len(v) < 8 {
		return // too short to scrub without mangling ordinary text
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.vals[v] {
		return
	}
	if len(s.order) >= maxSecrets {
		delete(s.vals, s.order[0])
		s.order = s.order[1:]
	}
	s.vals[v] = true
	s.order = append(s.order, v)
	s.sorted = append(s.sorted[:0], s.order...)
	sort.Slice(s.sorted, func(i, j int) bool { return len(s.sorted[i]) > len(s.sorted[j]) })
}

// scrub masks every known secret in text. Masks keep a few characters, and
// those can join neighbouring text into the secret again (think of a secret
// of repeated zeros), so leftovers are blanked fully, and text that still
// contains a secret after that is withheld altogether.
func (s *secretSet) scrub(text string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, v := range s.sorted {
		if strings.Contains(text, v) {
			text = strings.ReplaceAll(text, v, redact.Mask(v))
		}
		if esc := url.QueryEscape(v); esc != v && strings.Contains(text, esc) {
			text = strings.ReplaceAll(text, esc, redact.Mask(v))
		}
		for i := 0; i < 4 && strings.Contains(text, v); i++ {
			text = strings.ReplaceAll(text, v, "[masked]")
		}
	}
	for _, v := range s.sorted {
		if strings.Contains(text, v) {
			return "[withheld: contained a secret]"
		}
	}
	return text
}
