package sandbox

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/hsoauth/hsoauth/redact"
)

// maxApps bounds the apps registered at run time through the admin API.
const maxApps = 100

// decodeAdmin reads a JSON admin body strictly, answering 400 itself.
func decodeAdmin(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxFormBytes))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		apiError(w, http.StatusBadRequest, "VALIDATION_ERROR", "body: "+redact.Cut(err.Error(), 200), nil)
		return false
	}
	return true
}

// handleListApps serves GET /_sandbox/apps: every app with its credentials and scopes.
func (s *Server) handleListApps(w http.ResponseWriter, r *http.Request) string {
	writeJSON(w, http.StatusOK, map[string]any{"apps": s.Info().Apps})
	return "admin: apps listed"
}

// handleRegisterApp serves POST /_sandbox/apps: register an app, as
// creating one in a HubSpot developer account would, or update the one
// with that client id (201 for a new app, 200 for an update). A missing
// client_secret gets SecretFor(client_id).
func (s *Server) handleRegisterApp(w http.ResponseWriter, r *http.Request) string {
	var in AppInfo // the shape GET lists; source and app_id are the sandbox's to set
	if !decodeAdmin(w, r, &in) {
		return "admin: bad app body"
	}
	if in.ClientSecret == "" {
		in.ClientSecret = SecretFor(in.ClientID)
	}
	if in.Name == "" {
		in.Name = in.ClientID
	}
	app := App{Name: in.Name, ClientID: in.ClientID, ClientSecret: in.ClientSecret, RedirectURLs: in.RedirectURLs,
		Required: in.Required, Conditional: in.Conditional, Optional: in.Optional, PKCERequired: in.PKCERequired,
		Source: cmp.Or(in.Source, "admin API")}
	_, existed := s.app(app.ClientID)
	if err := s.RegisterApp(app); err != nil {
		apiError(w, http.StatusBadRequest, "VALIDATION_ERROR", redact.Cut(err.Error(), 300), nil)
		return "admin: app refused: " + redact.Cut(err.Error(), 120)
	}
	registered, _ := s.app(app.ClientID)
	status := http.StatusCreated
	if existed {
		status = http.StatusOK
	}
	writeJSON(w, status, appInfo(*registered))
	return fmt.Sprintf("admin: app %q registered", redact.Cut(app.Name, 60))
}

// handleAppScopes serves PUT /_sandbox/apps/{clientId}/scopes: replace an
// app's three scope lists, as saving its Auth settings would.
func (s *Server) handleAppScopes(w http.ResponseWriter, r *http.Request) string {
	var in struct {
		Required    []string `json:"required_scopes"`
		Conditional []string `json:"conditionally_required_scopes"`
		Optional    []string `json:"optional_scopes"`
	}
	if !decodeAdmin(w, r, &in) {
		return "admin: bad scopes body"
	}
	id := r.PathValue("clientId")
	if err := s.ConfigureApp(id, in.Required, in.Conditional, in.Optional); err != nil {
		status := http.StatusBadRequest
		if _, ok := s.app(id); !ok {
			status = http.StatusNotFound
		}
		apiError(w, status, "VALIDATION_ERROR", redact.Cut(err.Error(), 300), nil)
		return "admin: scopes refused"
	}
	app, _ := s.app(id)
	writeJSON(w, http.StatusOK, appInfo(*app))
	return fmt.Sprintf("admin: scopes of %q configured", redact.Cut(app.Name, 60))
}

// handlePortals serves GET /_sandbox/portals.
func (s *Server) handlePortals(w http.ResponseWriter, r *http.Request) string {
	writeJSON(w, http.StatusOK, map[string]any{"portals": s.Info().Portals})
	return "admin: portals listed"
}

// handleConsent serves POST /_sandbox/consent: play the consent page for
// an authorize URL as Server.Consent does, answering the redirect or what
// the page would have shown, with its reason.
func (s *Server) handleConsent(w http.ResponseWriter, r *http.Request) string {
	var in struct {
		AuthorizeURL string `json:"authorize_url"`
		HubID        int    `json:"hub_id"`
		User         string `json:"user"`
		Grant        bool   `json:"grant"`
	}
	if !decodeAdmin(w, r, &in) {
		return "admin: bad consent body"
	}
	loc, err := s.Consent(in.AuthorizeURL, in.HubID, in.User, in.Grant)
	var cerr *ConsentError
	if errors.As(err, &cerr) {
		writeJSON(w, http.StatusOK, map[string]any{"error": map[string]string{"kind": string(cerr.Kind), "message": cerr.Message, "detail": cerr.Detail}})
		return "admin: consent played: " + string(cerr.Kind)
	}
	writeJSON(w, http.StatusOK, map[string]string{"redirect": loc})
	return "admin: consent played: redirect"
}
