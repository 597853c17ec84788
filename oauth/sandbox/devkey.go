package sandbox

import (
	"crypto/subtle"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/hsoauth/hsoauth/redact"
	"github.com/hsoauth/hsoauth/scopes"
)

// DemoDeveloperAPIKey is the developer API key of the sandbox's developer
// account, which owns every app the sandbox serves (Options.DeveloperAPIKey
// replaces it). It is a sandbox-only value, which Info reports.
const DemoDeveloperAPIKey = "5a4db0c5-d3f0-4b1c-8e2d-000000000003"

// developerOperation reports whether an operation is one of the app
// developer APIs (webhooks, timeline templates, CRM cards, calling and
// video-conferencing settings, workflow actions): it names the app in its
// path (or is the CRM cards' sample response) and asks for no scope but the
// developer ones, so HubSpot takes the developer account's API key
// (?hapikey=) for it.
func developerOperation(ep scopes.Endpoint) bool {
	if !strings.Contains(ep.Path, "{appId}") && !strings.Contains(ep.Path, "/cards-dev/") {
		return false
	}
	for _, alt := range ep.Scopes {
		for _, sc := range alt {
			if !strings.HasPrefix(sc, "developers-") && !strings.HasPrefix(sc, "private-apps-") && sc != "portal-developers-access" {
				return false
			}
		}
	}
	return true
}

// serveDeveloperKey answers a call authenticated by ?hapikey= alone: 401
// on an API that takes OAuth tokens only or for a wrong key, 404 for an
// app the developer account does not own, else the operation's sample.
func (s *Server) serveDeveloperKey(w http.ResponseWriter, r *http.Request, m scopes.EndpointMatch, key string) string {
	if !developerOperation(m.Endpoint) {
		apiError(w, http.StatusUnauthorized, "INVALID_AUTHENTICATION",
			"This API does not take a developer API key (hapikey): send an OAuth access token as Authorization: Bearer.", nil)
		return "API call refused: 401, developer API key on an OAuth API"
	}
	if subtle.ConstantTimeCompare([]byte(key), []byte(s.opts.DeveloperAPIKey)) != 1 {
		apiError(w, http.StatusUnauthorized, "INVALID_AUTHENTICATION",
			"The developer API key provided is invalid; the sandbox's is in GET /_sandbox/state (developer_api_key).", nil)
		return "API call refused: 401, unknown developer API key"
	}
	if id, named := m.Params["appId"]; named && !s.ownsApp(id) {
		apiError(w, http.StatusNotFound, "OBJECT_NOT_FOUND",
			fmt.Sprintf("App %s does not belong to the sandbox's developer account; GET /_sandbox/apps lists its app ids.", redact.Cut(id, 40)), nil)
		return "API call refused: 404, app not in the developer account"
	}
	return s.serveSample(w, r, apiCall{ep: m.Endpoint, params: m.Params})
}

// ownsApp reports whether an app id (as a path carries it) is one of the sandbox's apps.
func (s *Server) ownsApp(id string) bool {
	n, err := strconv.Atoi(id)
	if err != nil {
		return false
	}
	for _, a := range s.Apps() {
		if a.AppID == n {
			return true
		}
	}
	return false
}
