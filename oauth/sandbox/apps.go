package sandbox

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/hsoauth/hsoauth/redact"
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
// settings they started with. The demo app's credentials cannot be taken over.
func (s *Server) RegisterApp(a App) error {
	if err := a.validate(); err != nil {
		return err
	}
	s.appsMu.Lock()
	defer s.appsMu.Unlock()
	for i := range s.apps {
		if s.apps[i].ClientID != a.ClientID {
			continue
		}
		if i == 0 && a.ClientSecret != s.apps[0].ClientSecret {
			return fmt.Errorf("sandbox: client id %q is the demo app's; register your app under its own client id", a.ClientID)
		}
		a.AppID = s.apps[i].AppID
		s.apps[i] = a
		return nil
	}
	if a.AppID == 0 {
		a.AppID = DemoAppID + len(s.apps)
	}
	s.apps = append(s.apps, a)
	return nil
}

// appJSON is an app on the admin API: the secret travels in, never out.
type appJSON struct {
	App
	ClientSecret string `json:"client_secret"`
}

// handleApps serves POST /_sandbox/apps: register or update one app (JSON body, App's fields plus
// client_secret; an empty secret means SecretFor(client_id)).
func (s *Server) handleApps(w http.ResponseWriter, r *http.Request) string {
	var in appJSON
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxFormBytes))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		apiError(w, http.StatusBadRequest, "VALIDATION_ERROR", "app: "+redact.Cut(err.Error(), 200), nil)
		return "admin: bad app body"
	}
	app := in.App
	app.ClientSecret = in.ClientSecret
	if app.ClientSecret == "" {
		app.ClientSecret = SecretFor(app.ClientID)
	}
	if err := s.RegisterApp(app); err != nil {
		apiError(w, http.StatusBadRequest, "VALIDATION_ERROR", redact.Cut(err.Error(), 200), nil)
		return "admin: app refused"
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": "registered", "client_id": app.ClientID})
	return "admin: app registered: " + redact.Cut(app.Name, 60)
}

// DefaultDemoApp is the demo app every sandbox serves, with its public credentials, so a client of a
// sandbox in another process can re-register it with other scope settings.
func DefaultDemoApp() App { return demoApp() }
