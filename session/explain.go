package session

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/hsoauth/hsoauth/config"
	"github.com/hsoauth/hsoauth/oauth"
	"github.com/hsoauth/hsoauth/oauth/sandbox"
	"github.com/hsoauth/hsoauth/redact"
)

// Outcome names how a step ended. It is decided here, once, so the CLI's exit code and the TUI's panel
// always agree on what happened.
type Outcome string

// The outcomes a flow or a token call can end with.
const (
	OutcomeOK            Outcome = "ok"
	OutcomeDenied        Outcome = "denied"         // the user clicked Deny (or a fault refused consent)
	OutcomeTimedOut      Outcome = "timed_out"      // no redirect arrived in time
	OutcomeCancelled     Outcome = "cancelled"      // Ctrl-C, Esc, or the screen moved on
	OutcomePortBusy      Outcome = "port_busy"      // the callback port is taken by another program
	OutcomeBadRedirect   Outcome = "bad_redirect"   // a redirect URL HubSpot or the callback server refuses
	OutcomeStateMismatch Outcome = "state_mismatch" // a redirect of another attempt (or a forgery)
	OutcomeBadPaste      Outcome = "bad_paste"      // pasted text that is neither a redirect nor a code
	OutcomeConsentError  Outcome = "consent_error"  // HubSpot's consent page showed an error
	OutcomeAuthError     Outcome = "auth_error"     // HubSpot redirected back with an error other than a denial
	OutcomeNoToken       Outcome = "no_token"       // nothing stored, or the refresh token is dead: log in
	OutcomeBadRequest    Outcome = "bad_request"    // HubSpot answered 4xx
	OutcomeUnauthorized  Outcome = "unauthorized"   // HubSpot answered 401
	OutcomeForbidden     Outcome = "forbidden"      // HubSpot answered 403 (a missing scope)
	OutcomeRateLimited   Outcome = "rate_limited"   // HubSpot answered 429
	OutcomeServerError   Outcome = "server_error"   // HubSpot answered 5xx
	OutcomeNetwork       Outcome = "network"        // HubSpot could not be reached
	OutcomeFailed        Outcome = "failed"         // anything else
)

// Explanation is one error in plain words: what happened and the concrete next step. The CLI prints it
// on stderr and the TUI in its panels, word for word.
type Explanation struct {
	Outcome Outcome
	What    string // what happened
	Next    string // what to do now
	// RetryAfter is how long HubSpot asked to wait (429), 0 when it did not say.
	RetryAfter time.Duration
}

// String is the explanation as one paragraph.
func (e Explanation) String() string {
	if e.Next == "" {
		return e.What
	}
	return e.What + " " + e.Next
}

// Explain turns any error from a session verb into an Explanation. Every piece comes from a sanitised
// field or passes through redact, so nothing from outside can drive the terminal.
func Explain(err error) Explanation {
	if err == nil {
		return Explanation{Outcome: OutcomeOK}
	}
	for _, f := range []func(error) (Explanation, bool){explainFlow, explainHubSpot, explainTransport} {
		if e, ok := f(err); ok {
			return e
		}
	}
	return Explanation{Outcome: OutcomeFailed, What: sentence(redact.Line(err.Error()))}
}

// explainFlow covers the sign-in's own outcomes.
func explainFlow(err error) (Explanation, bool) {
	var (
		consent *sandbox.ConsentError
		auth    *oauth.AuthError
		busy    *oauth.PortBusyError
		bad     *oauth.RedirectURIError
		keyring *config.KeyringUnavailableError
	)
	switch {
	case errors.As(err, &keyring):
		// Whole, not cut: the fix names the file store and where its file would live.
		return Explanation{Outcome: OutcomeFailed, What: sentence(redact.Full("keyring unavailable: " + keyring.Cause.Error())),
			Next: sentence(redact.Full(keyring.Fix()))}, true
	case errors.As(err, &consent):
		return explainConsent(consent), true
	case errors.As(err, &auth) && auth.Denied():
		return denied(), true
	case errors.As(err, &auth):
		return Explanation{Outcome: OutcomeAuthError, What: "HubSpot sent back an error instead of a code: " + sentence(auth.Error()),
			Next: "Start the sign-in again; if it repeats, check the app's redirect URL and scopes."}, true
	case errors.As(err, &busy):
		return Explanation{Outcome: OutcomePortBusy, What: sentence(busy.Error()),
			Next: "Meanwhile, paste the address the browser ends on."}, true
	case errors.As(err, &bad):
		return Explanation{Outcome: OutcomeBadRedirect, What: sentence(bad.Error())}, true
	case errors.Is(err, oauth.ErrCallbackTimeout):
		return Explanation{Outcome: OutcomeTimedOut, What: "Timed out waiting for HubSpot to redirect back; this attempt's state is thrown away.",
			Next: "Start the sign-in again and finish the consent page in time (or pass a longer --timeout)."}, true
	case errors.Is(err, oauth.ErrStateMismatch):
		return Explanation{Outcome: OutcomeStateMismatch, What: "That redirect belongs to another sign-in attempt (its state does not match this one), so it was refused.",
			Next: "Paste the address from the browser tab of this attempt, or start again."}, true
	case errors.Is(err, oauth.ErrNotARedirect):
		return Explanation{Outcome: OutcomeBadPaste, What: "That is neither the address the browser ended on nor an authorization code.",
			Next: "Copy the whole address from the browser's address bar after HubSpot redirects (it starts with the redirect URL and has ?code=…)."}, true
	case errors.Is(err, oauth.ErrTooManyInvalidCallbacks):
		return Explanation{Outcome: OutcomeStateMismatch, What: "Too many requests with a wrong state reached the callback server, so the sign-in was stopped (something other than HubSpot is calling the port).",
			Next: "Start the sign-in again."}, true
	case errors.Is(err, oauth.ErrExchangeUncertain):
		return Explanation{Outcome: OutcomeNetwork, What: "The code exchange did not complete, and codes work only once.",
			Next: "Sign in again."}, true
	case errors.Is(err, ErrNoToken), errors.Is(err, ErrRefreshDead):
		return Explanation{Outcome: OutcomeNoToken, What: sentence(err.Error()), Next: "Run hsoauth login (or sign in from the TUI)."}, true
	case errors.Is(err, context.Canceled):
		return Explanation{Outcome: OutcomeCancelled, What: "The sign-in was cancelled; no token was stored."}, true
	}
	return Explanation{}, false
}

func denied() Explanation {
	return Explanation{Outcome: OutcomeDenied, What: "Access was denied on the consent page, so nothing was installed and the app got no code.",
		Next: "Start again and choose Grant access / Connect app on the consent page."}
}

// explainConsent is a consent-page error: HubSpot shows it on its own page and never redirects.
func explainConsent(c *sandbox.ConsentError) Explanation {
	if c.Kind == sandbox.ConsentDenied {
		return denied()
	}
	what := "HubSpot's consent page says: " + sentence(redact.Line(c.Message))
	if c.Detail != "" {
		what += " (" + redact.Line(c.Detail) + ")"
	}
	next := "Fix the authorize URL or the app's settings, then start again."
	switch c.Kind {
	case sandbox.ConsentUserNotAllowed:
		next = "Sign in as a Super Admin or a user with App Marketplace access."
	case sandbox.ConsentAccountLacksScope, sandbox.ConsentInsufficientScopes, sandbox.ConsentScopeMismatch:
		next = "Make the URL's scope and optional_scope match the app's scope settings (hsoauth scopes lint shows which), or install into an account that has the missing product."
	case sandbox.ConsentRedirectMismatch:
		next = "Use a redirect URL registered on the app, byte for byte."
	}
	return Explanation{Outcome: OutcomeConsentError, What: what, Next: next}
}

// explainHubSpot covers HubSpot's error answers, by status.
func explainHubSpot(err error) (Explanation, bool) {
	var hs *oauth.HubSpotError
	if !errors.As(err, &hs) {
		return Explanation{}, false
	}
	e := Explanation{What: sentence(hs.Cause()) + hsRef(hs), Next: hs.NextStep()}
	if said := hs.ServerText(); said != "" {
		e.What = sentence(hs.Cause()) + " It said: \"" + strings.TrimSuffix(said, ".") + "\"." + hsRef(hs)
	}
	switch {
	case hs.HTTPStatus == http.StatusTooManyRequests:
		e.Outcome, e.RetryAfter = OutcomeRateLimited, hs.RetryAfter
		e.What = hs.ServerName() + " is rate limiting this app" + policyOf(hs) + "." + hsRef(hs)
		e.Next = waitNext(hs.RetryAfter, hs.Policy)
	case hs.HTTPStatus >= 500:
		e.Outcome = OutcomeServerError
	case hs.HTTPStatus == http.StatusUnauthorized:
		e.Outcome = OutcomeUnauthorized
	case hs.HTTPStatus == http.StatusForbidden:
		e.Outcome = OutcomeForbidden
		if len(hs.Scopes) > 0 {
			e.Next = "Add " + strings.Join(hs.Scopes, " or ") + " to the app's scopes and to the scopes you sign in with (--scope takes the whole list: the ones you have plus this one), then sign in again."
		}
	default:
		e.Outcome = OutcomeBadRequest
	}
	if hs.Code() == "BAD_REFRESH_TOKEN" {
		e.Outcome, e.Next = OutcomeNoToken, "Run hsoauth login (or sign in from the TUI) to install the app again and get a new refresh token."
	}
	return e, true
}

// hsRef names HubSpot's code and correlation id, for a support ticket.
func hsRef(hs *oauth.HubSpotError) string {
	ref := " (HTTP " + fmt.Sprint(hs.HTTPStatus)
	if c := hs.Code(); c != "" {
		ref += " " + c
	}
	if hs.CorrelationID != "" {
		ref += ", correlation ID " + hs.CorrelationID
	}
	return ref + ")"
}

func policyOf(hs *oauth.HubSpotError) string {
	if hs.Policy == "" {
		return ""
	}
	return " (policy " + hs.Policy + ")"
}

// waitNext says how long to wait: HubSpot's Retry-After when it sent one, and for the daily limit when it
// resets (midnight in the portal's time zone, which HubSpot does not send).
func waitNext(after time.Duration, policy string) string {
	switch {
	case strings.EqualFold(policy, "DAILY") || after >= time.Hour:
		if after > 0 {
			return fmt.Sprintf("The app has used its daily API limit; it resets in about %s (at midnight in the portal's time zone). Retrying sooner fails.", roundHuman(after))
		}
		return "The app has used its daily API limit; it resets at midnight in the portal's time zone. Retrying sooner fails."
	case after > 0:
		return fmt.Sprintf("Wait %s, as HubSpot asked (Retry-After), then try again.", roundHuman(after))
	}
	return "Wait about ten seconds (HubSpot's burst limits are per 10 s), then try again."
}

// roundHuman prints a wait like "30s", "5m" or "3h20m".
func roundHuman(d time.Duration) string {
	switch {
	case d < time.Minute:
		return d.Round(time.Second).String()
	case d < time.Hour:
		return strings.TrimSuffix(d.Round(time.Second).String(), "0s")
	}
	return strings.TrimSuffix(d.Round(time.Minute).String(), "0s")
}

// explainTransport covers HubSpot (or the sandbox) being out of reach.
func explainTransport(err error) (Explanation, bool) {
	var (
		dns *net.DNSError
		op  *net.OpError
	)
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return Explanation{Outcome: OutcomeNetwork, What: "HubSpot did not answer in time.", Next: "Check the network (or the sandbox) and try again."}, true
	case errors.As(err, &dns):
		return Explanation{Outcome: OutcomeNetwork, What: "The host " + redact.Line(dns.Name) + " could not be found.",
			Next: "Check the network, or the profile's app_base / api_base."}, true
	case errors.As(err, &op):
		return Explanation{Outcome: OutcomeNetwork, What: "Could not connect: " + sentence(redact.Line(op.Err.Error())),
			Next: "Check that HubSpot (or the sandbox at the configured URL) is reachable, then try again."}, true
	}
	return Explanation{}, false
}

// sentence capitalises s and ends it with a full stop.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	if c := s[0]; c >= 'a' && c <= 'z' {
		s = string(c-'a'+'A') + s[1:]
	}
	if !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "?") {
		s += "."
	}
	return s
}
