package authorize

import "github.com/hsoauth/hsoauth/session"

// narrationFor is the presenter-mode line for a failed attempt.
func narrationFor(o session.Outcome) string {
	switch o {
	case session.OutcomeDenied:
		return "The user clicked Deny: HubSpot installs nothing and the app gets no code."
	case session.OutcomeTimedOut:
		return "Nobody finished the consent page in time, so this attempt's state is thrown away."
	case session.OutcomeConsentError:
		return "HubSpot refused the install on its own consent page; the app never hears about it."
	case session.OutcomeStateMismatch:
		return "The redirect carried another attempt's state: that is how the state parameter stops forged sign-ins."
	}
	return "The sign-in stopped; the error says what to change before trying again."
}
