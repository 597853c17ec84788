package authorize

import (
	"context"
	"errors"

	"github.com/hsoauth/hsoauth/oauth"
	"github.com/hsoauth/hsoauth/oauth/sandbox"
	"github.com/hsoauth/hsoauth/redact"
)

// describe turns an attempt's error into plain words with the next step. Every piece comes from a
// sanitised field or passes through oauth.Sanitize, so nothing from outside can drive the terminal.
func describe(err error) string {
	var (
		hs      *oauth.HubSpotError
		consent *sandbox.ConsentError
		auth    *oauth.AuthError
		busy    *oauth.PortBusyError
		bad     *oauth.RedirectURIError
	)
	switch {
	case err == nil:
		return "The sign-in failed for an unknown reason. Press r to try again."
	case errors.As(err, &consent):
		if consent.Kind == sandbox.ConsentDenied {
			return "Access was denied on the consent page. As on HubSpot, nothing was sent to the app. Press r to try again."
		}
		return "HubSpot's consent page says: " + redact.Line(consent.Message)
	case errors.As(err, &auth):
		if auth.Denied() {
			return "Access was denied on the consent page, so no app was installed. Press r to try again."
		}
		return "HubSpot sent back an error instead of a code: " + auth.Error() + ". Press r to try again."
	case errors.As(err, &hs):
		return redact.Line(hs.Cause() + " " + hs.NextStep())
	case errors.As(err, &busy), errors.As(err, &bad):
		return redact.Line(err.Error())
	case errors.Is(err, oauth.ErrCallbackTimeout):
		return "Timed out waiting for HubSpot to redirect back. Press r to start again, or v next time to paste the redirected URL."
	case errors.Is(err, oauth.ErrTooManyInvalidCallbacks), errors.Is(err, oauth.ErrExchangeUncertain):
		return redact.Line(err.Error())
	case errors.Is(err, context.Canceled):
		return "The sign-in was cancelled. Press r to start again."
	}
	return redact.Line(err.Error()) + ". Press r to try again."
}

// narrationFor is the presenter-mode line for a failed attempt.
func narrationFor(err error) string {
	var (
		consent *sandbox.ConsentError
		auth    *oauth.AuthError
	)
	switch {
	case errors.As(err, &consent) && consent.Kind == sandbox.ConsentDenied, errors.As(err, &auth) && auth.Denied():
		return "The user clicked Deny: HubSpot installs nothing and the app gets no code."
	case errors.Is(err, oauth.ErrCallbackTimeout):
		return "Nobody finished the consent page in time, so this attempt's state is thrown away."
	}
	return "The sign-in stopped; the error says what to change before trying again."
}
