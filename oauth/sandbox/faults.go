package sandbox

import (
	"cmp"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/hsoauth/hsoauth/redact"
)

// Endpoint names a kind of sandbox endpoint, so a fault can target, say,
// only the token endpoint while consent keeps working.
type Endpoint string

// The endpoint kinds a fault rule can target. EndpointAny matches them all.
const (
	EndpointAny        Endpoint = ""
	EndpointAuthorize  Endpoint = "authorize"
	EndpointConsent    Endpoint = "consent"
	EndpointToken      Endpoint = "token"
	EndpointIntrospect Endpoint = "introspect"
	EndpointRevoke     Endpoint = "revoke"
	EndpointTokenInfo  Endpoint = "tokeninfo"
	EndpointAPI        Endpoint = "api"
	EndpointAdmin      Endpoint = "admin"
)

// Effect is what an injected fault does; each one rehearses an unhappy path
// a real client must survive.
type Effect string

// The available fault effects.
const (
	// EffectDelay sleeps Delay before answering (slow network or HubSpot).
	EffectDelay Effect = "delay"
	// EffectRateLimit answers 429 with a Retry-After header.
	EffectRateLimit Effect = "rate_limit"
	// EffectServerError answers Status (default 500) with HubSpot's error shape.
	EffectServerError Effect = "server_error"
	// EffectClientError answers Status (400-499, default 400) with HubSpot's error shape and the category
	// HubSpot uses for that status (401 INVALID_AUTHENTICATION, 403 MISSING_SCOPES …).
	EffectClientError Effect = "client_error"
	// EffectExpireCodes makes the token endpoint treat codes as expired.
	EffectExpireCodes Effect = "expire_codes"
	// EffectRevokeRefresh revokes the refresh token presented to a refresh grant.
	EffectRevokeRefresh Effect = "revoke_refresh"
	// EffectRefuseConsent turns a Grant on the consent page into a Deny.
	EffectRefuseConsent Effect = "refuse_consent"
)

// FaultRule injects one effect on one endpoint kind, either for the next
// Count matching requests or, with Count 0, always.
type FaultRule struct {
	Endpoint   Endpoint      `json:"endpoint,omitempty"`
	Effect     Effect        `json:"effect"`
	Delay      time.Duration `json:"delay,omitempty"`
	RetryAfter time.Duration `json:"retry_after,omitempty"`
	// Policy is the HubSpot limit a rate_limit fault reports: SECONDLY (the
	// default), TEN_SECONDLY_ROLLING or DAILY.
	Policy RateLimitPolicy `json:"policy,omitempty"`
	Status int             `json:"status,omitempty"`
	Count  int             `json:"count,omitempty"`
}

// Faults is the set of active fault rules; the zero value injects nothing.
type Faults struct {
	Rules []FaultRule `json:"rules"`
}

// validate rejects rules that could not do what they say.
func (f Faults) validate() error {
	for i, r := range f.Rules {
		switch r.Effect {
		case EffectDelay:
			if r.Delay <= 0 || r.Delay > time.Minute {
				return fmt.Errorf("sandbox: fault %d: delay must be between 0 and 1m", i)
			}
		case EffectServerError:
			if r.Status != 0 && (r.Status < 500 || r.Status > 599) {
				return fmt.Errorf("sandbox: fault %d: status must be 5xx", i)
			}
		case EffectRateLimit:
			if !validPolicy(r.Policy) {
				return fmt.Errorf("sandbox: fault %d: policy must be SECONDLY, TEN_SECONDLY_ROLLING or DAILY", i)
			}
		case EffectClientError:
			if r.Status != 0 && (r.Status < 400 || r.Status > 499 || r.Status == http.StatusTooManyRequests) {
				return fmt.Errorf("sandbox: fault %d: status must be 4xx (use rate_limit for 429)", i)
			}
		case EffectExpireCodes, EffectRevokeRefresh, EffectRefuseConsent:
		default:
			return fmt.Errorf("sandbox: fault %d: unknown effect %q", i, redact.Cut(string(r.Effect), 40))
		}
		if r.Count < 0 {
			return fmt.Errorf("sandbox: fault %d: count must not be negative", i)
		}
	}
	return nil
}

// faultSet is the live, counted copy of the rules.
type faultSet struct {
	mu    sync.Mutex
	rules []FaultRule
}

func (fs *faultSet) set(f Faults) {
	fs.mu.Lock()
	fs.rules = append([]FaultRule(nil), f.Rules...)
	fs.mu.Unlock()
}

func (fs *faultSet) get() Faults {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return Faults{Rules: append([]FaultRule(nil), fs.rules...)}
}

// take consumes the first rule with effect e that matches endpoint ep and
// returns it; counted rules disappear when used up.
func (fs *faultSet) take(ep Endpoint, e Effect) (FaultRule, bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for i, r := range fs.rules {
		if r.Effect != e || (r.Endpoint != EndpointAny && r.Endpoint != ep) {
			continue
		}
		if r.Count > 0 {
			fs.rules[i].Count--
			if fs.rules[i].Count == 0 {
				fs.rules = append(fs.rules[:i], fs.rules[i+1:]...)
			}
		}
		return r, true
	}
	return FaultRule{}, false
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// applyTransport runs the transport-level faults (delay, 429, 5xx) for a
// request to ep and reports whether it already wrote the response. The
// admin API is never faulted, so a trainer can always switch faults off.
func (s *Server) applyTransport(w http.ResponseWriter, r *http.Request, ep Endpoint) (bool, string) {
	if ep == EndpointAdmin {
		return false, ""
	}
	if rule, ok := s.faults.take(ep, EffectDelay); ok {
		t := time.NewTimer(rule.Delay)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
		}
	}
	if rule, ok := s.faults.take(ep, EffectRateLimit); ok {
		secs := writeRateLimited(w, rule.Policy, rule.RetryAfter, s.clock.Now())
		return true, fmt.Sprintf("fault: 429 rate limited (%s), Retry-After %ds", orDefault(string(rule.Policy), string(policySecondly)), secs)
	}
	if rule, ok := s.faults.take(ep, EffectServerError); ok {
		status := rule.Status
		if status == 0 {
			status = http.StatusInternalServerError
		}
		writeJSON(w, status, map[string]any{
			"status": "error", "message": "internal error (injected by the sandbox)",
			"correlationId": newCorrelationID(), "category": "INTERNAL_ERROR",
		})
		return true, fmt.Sprintf("fault: %d server error", status)
	}
	if rule, ok := s.faults.take(ep, EffectClientError); ok {
		status := cmp.Or(rule.Status, http.StatusBadRequest)
		category, msg := clientErrorShape(status)
		writeJSON(w, status, map[string]any{
			"status": "error", "message": msg + " (injected by the sandbox)",
			"correlationId": newCorrelationID(), "category": category,
		})
		return true, fmt.Sprintf("fault: %d client error", status)
	}
	return false, ""
}

// clientErrorShape is the category and message HubSpot sends with a 4xx status.
func clientErrorShape(status int) (category, message string) {
	switch status {
	case http.StatusUnauthorized:
		return "INVALID_AUTHENTICATION", "Authentication credentials not found."
	case http.StatusForbidden:
		return "MISSING_SCOPES", "This app hasn't been granted all required scopes to make this call."
	case http.StatusNotFound:
		return "OBJECT_NOT_FOUND", "Resource not found."
	case http.StatusConflict:
		return "CONFLICT", "The request conflicts with the current state of the resource."
	}
	return "VALIDATION_ERROR", "Invalid input."
}
