package oauth

import (
	"errors"
	"strings"
	"unicode"

	"github.com/hsoauth/hsoauth/redact"
)

// CheckClientID applies what HubSpot accepts as a client ID before anything is sent: present, and without
// spaces or control characters (a client ID pasted with a stray space fails only at HubSpot, after the
// browser round trip). `hsoauth config check` runs the same check.
func CheckClientID(id string) error {
	switch {
	case strings.TrimSpace(id) == "":
		return errors.New("the app has no client ID: copy it from the app's Auth settings in HubSpot")
	case strings.ContainsFunc(id, unicode.IsSpace):
		return errors.New("the client ID contains spaces: copy it again from the app's Auth settings in HubSpot")
	case !redact.PrintableASCII(id):
		return errors.New("the client ID contains characters HubSpot never uses in one: copy it again from the app's Auth settings")
	}
	return nil
}
