// Package narrate holds every presenter-mode narration in one place: one or two plain sentences per
// screen state, so a trainer's audience can follow what the screen shows and what just happened. Each
// screen fills in the small struct for its state (counts, names, phases; never a secret) and the text
// comes from here, so the wording stays consistent and is tested per state.
package narrate

import (
	"fmt"
	"strings"
	"time"
)

// Catalog is what the catalog screen narrates.
type Catalog struct {
	Account                         string // the target account's name
	Required, Conditional, Optional int
	Errors                          int    // lint findings that would break the install
	Highlight                       string // the scope under the cursor
	HighlightAvailable              bool
	Query                           string // the filter, when one is typed
	Shown                           int    // scopes the filter lets through
	Filtering, Picking, Importing   bool
}

// Text narrates the catalog.
func (c Catalog) Text() string {
	switch {
	case c.Picking:
		return "Picking the target account: each HubSpot product and tier grants different scopes, so the same install can work on one portal and fail on another."
	case c.Importing:
		return "Reading or writing app-hsmeta.json: the app's scope settings, as HubSpot's developer platform stores them."
	case c.Filtering:
		return fmt.Sprintf("Searching the scopes for %q: %s match.", c.Query, count(c.Shown, "scope", "scopes"))
	}
	marked := c.Required + c.Conditional + c.Optional
	if marked == 0 {
		return "HubSpot's scope catalog: what each scope unlocks and which accounts can grant it. Mark the ones the app needs: r required, o optional."
	}
	s := fmt.Sprintf("%s required, %d conditional and %d optional for %s.", count(c.Required, "scope", "scopes"), c.Conditional, c.Optional, c.Account)
	if c.Errors > 0 {
		s += fmt.Sprintf(" %s would make the install fail; the review shows the fix.", count(c.Errors, "problem", "problems"))
	} else if c.Highlight != "" {
		where := "this account can grant it"
		if !c.HighlightAvailable {
			where = "this account cannot grant it"
		}
		s += fmt.Sprintf(" On %s: %s.", c.Highlight, where)
	}
	return s
}

// Review is what the review screen narrates.
type Review struct {
	Required, Optional int // scopes in the URL's scope and optional_scope
	Errors, Warnings   int
	HubID              int
	Fails, Drops       int // account types the install fails on, or drops optional scopes on
	URLError           bool
	EditingHub, QR     bool
}

// Text narrates the review.
func (r Review) Text() string {
	switch {
	case r.URLError:
		return "No authorize URL yet: the selection cannot be sent to HubSpot as it is; the findings say why."
	case r.EditingHub:
		return "Pinning a portal: with a hub id in the path, HubSpot skips its account picker and installs straight into that account."
	case r.QR:
		return "The authorize URL as a QR code: a phone can open HubSpot's consent page without typing it."
	}
	s := fmt.Sprintf("The authorize URL asks for %s and %d optional.", count(r.Required, "required scope", "required scopes"), r.Optional)
	switch {
	case r.Errors > 0:
		s += fmt.Sprintf(" The lint finds %s that HubSpot would refuse: fix them before the browser opens.", count(r.Errors, "problem", "problems"))
	case r.Fails > 0:
		s += fmt.Sprintf(" It would fail on %s, where a required scope is missing.", count(r.Fails, "account type", "account types"))
	case r.Drops > 0:
		s += fmt.Sprintf(" It installs everywhere, but %s would silently drop optional scopes.", count(r.Drops, "account type", "account types"))
	default:
		s += " The lint is clean: enter opens HubSpot's consent page."
	}
	return s
}

// The authorize screen's phases, as narrated.
const (
	PhaseIdle       = "idle"
	PhaseStarting   = "starting"
	PhaseWaiting    = "waiting"
	PhaseExchanging = "exchanging"
	PhaseDone       = "done"
	PhaseFailed     = "failed"
)

// Authorize is what the authorize screen narrates.
type Authorize struct {
	Phase          string
	Port           string
	BrowserOpened  bool
	NoServer       bool // the callback port was busy
	Consent, Paste bool // an overlay is open
	QR             bool
	// Outcome is how a failed attempt ended, in session's words ("denied", "timed_out", …).
	Outcome string
	Left    time.Duration
}

// Text narrates the authorize screen.
func (a Authorize) Text() string {
	switch {
	case a.Consent:
		return "The sandbox's consent page, in the terminal: pick the portal and the user, then grant or deny, as a user would in the browser."
	case a.Paste:
		return "Paste the address the browser ended on: hsoauth checks its state against this attempt before it trusts the code."
	}
	switch a.Phase {
	case PhaseIdle:
		return "Nothing is running yet: enter starts a sign-in with the reviewed URL."
	case PhaseStarting:
		return "Starting the callback server before any browser opens, so HubSpot's redirect can never arrive to a closed port."
	case PhaseExchanging:
		return "HubSpot redirected back with a one-time code; hsoauth now trades it, with its secret and PKCE verifier, for tokens."
	case PhaseDone:
		return "Signed in: the code became an access token and a refresh token, shown on the token screen."
	case PhaseFailed:
		return failedBecause(a.Outcome)
	}
	s := fmt.Sprintf("hsoauth listens on localhost:%s for HubSpot's redirect.", a.Port)
	switch {
	case a.NoServer:
		s = "The callback port is taken, so the redirect cannot reach hsoauth: paste it, or approve in the terminal."
	case a.QR:
		s += " Scan the code to open HubSpot's consent page on a phone."
	case a.BrowserOpened:
		s += " The browser shows HubSpot's consent page: the user picks an account and approves the scopes."
	default:
		s += " Open the URL in a browser to reach HubSpot's consent page."
	}
	if a.Left > 0 {
		s += fmt.Sprintf(" The attempt ends in %s.", a.Left.Round(time.Second))
	}
	return s
}

// failedBecause says what a failed attempt teaches, by how it ended.
func failedBecause(outcome string) string {
	switch outcome {
	case "denied":
		return "The user clicked Deny: HubSpot installs nothing and the app gets no code."
	case "timed_out":
		return "Nobody finished the consent page in time, so this attempt's state is thrown away."
	case "consent_error":
		return "HubSpot refused the install on its own consent page; the app never hears about it."
	case "state_mismatch":
		return "The redirect carried another attempt's state: that is how the state parameter stops forged sign-ins."
	case "port_busy":
		return "Another program holds the callback port, so HubSpot's redirect could not reach hsoauth."
	}
	return "The sign-in stopped; the error above says what to change before trying again."
}

func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// join puts sentences together, skipping empty ones.
func join(parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, " ")
}
