package narrate

import (
	"fmt"
	"time"
)

// Token is what the token screen narrates.
type Token struct {
	HasToken           bool
	HubID              int
	Left               time.Duration // until the access token expires; <= 0 expired
	Busy               string        // "refreshing", "introspecting", … while a call runs
	Confirm            bool          // the revoke confirmation is open
	Revoked            bool
	AutoRefresh        bool
	Margin             time.Duration
	Granted, Requested int
	Dropped            int
	Result             string // the last answer's headline ("API call: 200", …), secret-free
	FastForward        time.Duration
}

// Text narrates the token screen.
func (t Token) Text() string {
	switch {
	case !t.HasToken:
		return "No token yet: sign in on the authorize screen, and the tokens HubSpot returns appear here, masked."
	case t.Confirm:
		return "Revoking kills the refresh token at HubSpot: no new access tokens. It does not uninstall the app, and the current access token lives until it expires."
	case t.Busy != "":
		return fmt.Sprintf("hsoauth is %s: watch the call appear on the flow trace (T).", t.Busy)
	}
	life := fmt.Sprintf("The access token for hub %d expires in %s.", t.HubID, spoken(t.Left))
	if t.Left <= 0 {
		life = fmt.Sprintf("The access token for hub %d has expired: API calls now get 401, and a refresh gets a new one.", t.HubID)
	}
	var next string
	switch {
	case t.Revoked:
		next = "Its refresh token is revoked, so this is the last access token until the user signs in again."
	case t.Result != "":
		next = t.Result + "."
	case t.AutoRefresh && t.Left > 0:
		next = fmt.Sprintf("hsoauth refreshes it by itself %s before that.", spoken(t.Margin))
	case t.Dropped > 0:
		next = fmt.Sprintf("HubSpot granted %d of %d requested scopes: %s dropped for this account.", t.Granted, t.Requested, count(t.Dropped, "optional scope was", "optional scopes were"))
	}
	var ff string
	if t.FastForward > 0 {
		ff = fmt.Sprintf("(The sandbox clock runs %s ahead.)", spoken(t.FastForward))
	}
	return join(life, next, ff)
}

// spoken says a duration as a presenter would: whole minutes, or seconds under one minute, so the
// narration changes with the state rather than with every tick.
func spoken(d time.Duration) string {
	switch m := int(d / time.Minute); {
	case m >= 2:
		return fmt.Sprintf("%d minutes", m)
	case m == 1:
		return "1 minute"
	}
	return count(int(d/time.Second), "second", "seconds")
}

// Trace is what the flow trace narrates: the highlighted step.
type Trace struct {
	Steps    int
	Position int // 1-based position of the highlighted step
	Step     string
	From, To string
	Status   int
	Failed   bool
	Note     string // the trace's own plain-words note, secret-free
	Diagram  bool
	Asking   bool
	Panel    string // the control panel's highlighted action, when the panel is open
}

// Text narrates the trace.
func (t Trace) Text() string {
	switch {
	case t.Asking:
		return "Exporting the trace: masked by default; reveal only for your own debugging, never for a file you share."
	case t.Panel != "":
		return "Sandbox control panel: " + t.Panel
	case t.Steps == 0:
		return "The flow trace is empty: each step, in the browser and between hsoauth and HubSpot, appears here as it happens."
	}
	head := fmt.Sprintf("Step %d of %d, %s → %s:", t.Position, t.Steps, t.From, t.To)
	switch {
	case t.Failed && t.Status != 0:
		return join(head, stepMeaning(t.Step), fmt.Sprintf("It failed with %d: see the details.", t.Status))
	case t.Failed:
		return join(head, stepMeaning(t.Step), "It failed before HubSpot answered: see the details.")
	case t.Note != "" && t.Step != "api":
		return join(head, t.Note)
	}
	return join(head, stepMeaning(t.Step))
}

// stepMeaning says what a step is for, in one sentence.
func stepMeaning(step string) string {
	switch step {
	case "authorize":
		return "the browser asks HubSpot to show the consent page for this app and these scopes."
	case "consent":
		return "the user decides, and HubSpot redirects the browser back with a code or an error."
	case "callback":
		return "the browser delivers the code and state to hsoauth's loopback server."
	case "exchange":
		return "hsoauth trades the code, its secret and the PKCE verifier for tokens, server to server."
	case "refresh":
		return "hsoauth trades the refresh token for a new access token, without the user."
	case "introspect":
		return "hsoauth asks HubSpot what the token really grants: portal, user and scopes."
	case "revoke":
		return "hsoauth tells HubSpot to kill the refresh token."
	case "sandbox":
		return "the trainer changed the simulator: clock, faults or reset."
	}
	return "an API call with the access token as a Bearer header."
}
