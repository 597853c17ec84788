package session

import (
	"io"

	"github.com/hsoauth/hsoauth/export"
	"github.com/hsoauth/hsoauth/oauth"
)

// The trace's step types as the screens see them (TraceEvent itself is in types.go).
type (
	// TraceStep names a step (authorize, consent, callback, exchange, …).
	TraceStep = oauth.Step
	// Party is a lane of the sequence diagram.
	Party = oauth.Party
	// Header is one HTTP header line of a step.
	Header = oauth.Header
	// ParamNote explains one parameter of a step.
	ParamNote = oauth.ParamNote
)

// The steps and lanes, re-exported for the screens.
const (
	StepAuthorize  = oauth.StepAuthorize
	StepConsent    = oauth.StepConsent
	StepCallback   = oauth.StepCallback
	StepExchange   = oauth.StepExchange
	StepRefresh    = oauth.StepRefresh
	StepIntrospect = oauth.StepIntrospect
	StepRevoke     = oauth.StepRevoke
	StepAPI        = oauth.StepAPI
	StepSandbox    = oauth.StepSandbox

	PartyBrowser = oauth.PartyBrowser
	PartyApp     = oauth.PartyApp
	PartyHubSpot = oauth.PartyHubSpot
)

// ExplainStep lists what each parameter of a step is, why it is there and what would break without it.
func ExplainStep(ev TraceEvent) []ParamNote { return oauth.ExplainStep(ev) }

// traceFor is the trace to export: masked, or with the secrets when the user asked to reveal them.
func (s *Session) traceFor(reveal bool) []TraceEvent {
	if reveal {
		return s.Trace.Revealed()
	}
	return s.Trace.Events()
}

// ExportHAR writes the trace as HAR 1.2; reveal puts the secrets in (the user's explicit choice).
func (s *Session) ExportHAR(w io.Writer, reveal bool, version string) error {
	return export.WriteHAR(w, s.traceFor(reveal), export.HAROptions{Version: version, Revealed: reveal})
}

// ExportMermaid writes the trace as a Mermaid sequence diagram for slides. Its arrows name paths, never
// values, so there is nothing to reveal.
func (s *Session) ExportMermaid(w io.Writer) error {
	return export.WriteMermaid(w, s.traceFor(false))
}
