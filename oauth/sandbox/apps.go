package sandbox

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
)

// SecretFor is the sandbox-only client secret of an app registered from a profile: derived from the
// client id, so `hsoauth sandbox` (registering every profile at start) and `hsoauth login --sandbox-url`
// (registering one at run time) agree on it without the profile's real HubSpot secret ever reaching the
// simulator.
func SecretFor(clientID string) string {
	sum := sha256.Sum256([]byte("hsoauth-sandbox-secret:" + clientID))
	return "sandbox-" + hex.EncodeToString(sum[:12])
}

// RegisterApp adds an app, or replaces the settings of the app with the same client id, as saving an
// app's Auth tab in HubSpot's developer settings would. Requests already on the consent page keep the
// settings they started with. The demo app's credentials cannot be taken over, and at most maxApps apps
// can be added.
func (s *Server) RegisterApp(a App) error {
	if err := a.validate(); err != nil {
		return err
	}
	s.appsMu.Lock()
	defer s.appsMu.Unlock()
	for i, old := range s.apps {
		if old.ClientID != a.ClientID {
			continue
		}
		if i == 0 && a.ClientSecret != old.ClientSecret {
			return fmt.Errorf("sandbox: client id %q is the demo app's; register your app under its own client id", a.ClientID)
		}
		a.AppID = old.AppID
		a.Source = cmp.Or(a.Source, old.Source)
		s.apps[i] = &a
		return nil
	}
	if len(s.apps) > maxApps {
		return fmt.Errorf("sandbox: %d apps are registered, the most it holds; restart the sandbox to start again", maxApps)
	}
	apps, err := addApp(s.apps, a)
	if err != nil {
		return err
	}
	s.apps = apps
	return nil
}

// DefaultDemoApp is the demo app every sandbox serves, with its public credentials, so a client of a
// sandbox in another process can re-register it with other scope settings.
func DefaultDemoApp() App { return demoApp() }
