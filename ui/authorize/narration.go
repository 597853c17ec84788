package authorize

import "github.com/hsoauth/hsoauth/ui/narrate"

// Narration is the presenter-mode line for the attempt's current phase.
func (m Model) Narration() string {
	n := narrate.Authorize{
		Phase: phaseName(m.phase), BrowserOpened: m.browser == "opened on HubSpot's consent page",
		NoServer: m.busy != "", Consent: m.overlay == overlayConsent, Paste: m.overlay == overlayPaste,
		QR: m.showQR, Outcome: string(m.outcome),
	}
	if m.attempt != nil {
		n.Port = m.port()
	}
	return n.Text()
}

func phaseName(p phase) string {
	switch p {
	case phaseStarting:
		return narrate.PhaseStarting
	case phaseWaiting:
		return narrate.PhaseWaiting
	case phaseExchanging:
		return narrate.PhaseExchanging
	case phaseDone:
		return narrate.PhaseDone
	case phaseFailed:
		return narrate.PhaseFailed
	}
	return narrate.PhaseIdle
}
