package trace

import (
	"fmt"
	"time"

	"github.com/hsoauth/hsoauth/redact"
	"github.com/hsoauth/hsoauth/session"
)

// stepDetails is the details pane of one step: what happened in plain words, the request as sent with
// its headers, every parameter explained, then the answer. Every field is already masked by the trace.
func stepDetails(ev session.TraceEvent) []string {
	title := stepTitle(ev.Step)
	if ev.From != "" && ev.To != "" {
		title += fmt.Sprintf(" · %s → %s", ev.From, ev.To)
	}
	d := []string{title}
	if ev.Note != "" {
		d = append(d, redact.Full(ev.Note))
	}
	if ev.Inferred {
		d = append(d, "(reconstructed: hsoauth did not see this request on the wire)")
	}
	d = append(d, "", redact.Full(ev.Method)+" "+redact.Full(ev.URL),
		fmt.Sprintf("status %s · %s · at %s", statusText(ev.Status), ev.Duration.Round(time.Millisecond), ev.Time.Local().Format("15:04:05.000")))
	if ev.Err != "" {
		d = append(d, "error: "+redact.Full(ev.Err))
	}
	d = append(d, "", "Request headers")
	d = append(d, indentOr(headerLines(ev.RequestHeaders), "(none recorded)")...)
	if notes := session.ExplainStep(ev); len(notes) > 0 {
		d = append(d, "", "Parameters explained")
		for _, n := range notes {
			d = append(d, "  "+n.Name+" = "+n.Value, "    what: "+n.What)
			if n.Why != "" {
				d = append(d, "    why: "+n.Why)
			}
			if n.Breaking != "" {
				d = append(d, "    without it: "+n.Breaking)
			}
		}
	}
	d = append(d, "", "Request body (secrets masked)")
	d = append(d, indentOr(PrettyBody(ev.RequestBody, maxBodyLines), "(none)")...)
	d = append(d, "", "Response headers")
	d = append(d, indentOr(headerLines(ev.ResponseHeaders), "(none recorded)")...)
	d = append(d, "", "Response body (secrets masked)")
	return append(d, indentOr(PrettyBody(ev.ResponseBody, maxBodyLines), "(none)")...)
}

func headerLines(hs []session.Header) []string {
	out := make([]string, 0, len(hs))
	for _, h := range hs {
		out = append(out, redact.Full(h.Name)+": "+redact.Full(h.Value))
	}
	return out
}

// stepTitle names a step for people: what it is in the OAuth flow.
func stepTitle(s session.TraceStep) string {
	switch s {
	case session.StepAuthorize:
		return "Authorize request"
	case session.StepConsent:
		return "Consent decision"
	case session.StepCallback:
		return "Callback with the code"
	case session.StepExchange:
		return "Code exchange"
	case session.StepRefresh:
		return "Token refresh"
	case session.StepIntrospect:
		return "Introspection"
	case session.StepRevoke:
		return "Revocation"
	case session.StepSandbox:
		return "Sandbox control"
	case session.StepAPI:
		return "API call"
	}
	return "HTTP exchange"
}
