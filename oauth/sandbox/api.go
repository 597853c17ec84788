package sandbox

import (
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/hsoauth/hsoauth/scopes"
)

// authorizeAPI checks the bearer token of an API call the way HubSpot's
// gateway does: 401 INVALID_AUTHENTICATION or EXPIRED_AUTHENTICATION, then
// 403 MISSING_SCOPES if none of anyOf was granted. On failure it has
// written the response and returns nil.
func (s *Server) authorizeAPI(w http.ResponseWriter, r *http.Request, anyOf ...string) (*accessToken, string) {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || token == "" {
		apiError(w, http.StatusUnauthorized, "INVALID_AUTHENTICATION",
			"Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview", nil)
		return nil, "API call refused: 401, no bearer token"
	}
	now := s.clock.Now()
	s.st.mu.Lock()
	at, found := s.st.accessLocked(token)
	var snapshot accessToken
	if found {
		snapshot = *at
	}
	s.st.mu.Unlock()
	switch {
	case !found:
		apiError(w, http.StatusUnauthorized, "INVALID_AUTHENTICATION",
			"The OAuth token used to make this call is invalid or has been revoked.", nil)
		return nil, "API call refused: 401, token unknown or revoked"
	case !now.Before(snapshot.expires):
		mins := int(math.Ceil(now.Sub(snapshot.expires).Minutes()))
		apiError(w, http.StatusUnauthorized, "EXPIRED_AUTHENTICATION",
			fmt.Sprintf("The OAuth token used to make this call expired %d minute(s) ago.", mins), nil)
		return nil, fmt.Sprintf("API call refused: 401, token expired %d minute(s) ago", mins)
	}
	for _, want := range anyOf {
		if slices.Contains(snapshot.scopes, want) {
			return &snapshot, ""
		}
	}
	apiError(w, http.StatusForbidden, "MISSING_SCOPES",
		"This app hasn't been granted all required scopes to make this call.", map[string]any{
			"errors": []map[string]any{{
				"message": "One or more of the following scopes are required.",
				"context": map[string][]string{"requiredGranularScopes": anyOf},
			}},
		})
	return nil, "API call refused: 403, missing scope " + strings.Join(anyOf, " or ")
}

// accountType maps the portal kind to account-info's accountType values.
func accountType(k scopes.AccountKind) string {
	switch k {
	case scopes.KindTest:
		return "DEVELOPER_TEST"
	case scopes.KindDeveloper:
		return "APP_DEVELOPER"
	}
	return "STANDARD"
}

// handleAccountInfo serves GET /account-info/v3/details (needs oauth).
func (s *Server) handleAccountInfo(w http.ResponseWriter, r *http.Request) string {
	at, why := s.authorizeAPI(w, r, "oauth")
	if at == nil {
		return why
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"portalId": at.portal.HubID, "accountType": accountType(at.portal.Account.Kind),
		"timeZone": "US/Eastern", "companyCurrency": "USD", "additionalCurrencies": []string{},
		"utcOffset": "-05:00", "utcOffsetMilliseconds": -18000000,
		"uiDomain": "app.hubspot.com", "dataHostingLocation": "na1",
	})
	return fmt.Sprintf("account details read: portal %d", at.portal.HubID)
}

// sampleContacts are the same three people in every portal, at its domain.
var sampleContacts = [][3]string{{"Ada", "Lovelace", "ada"}, {"Grace", "Hopper", "grace"}, {"Alan", "Turing", "alan"}}

// handleContacts serves GET /crm/v3/objects/contacts (needs
// crm.objects.contacts.read or the legacy contacts scope).
func (s *Server) handleContacts(w http.ResponseWriter, r *http.Request) string {
	at, why := s.authorizeAPI(w, r, "crm.objects.contacts.read", "contacts")
	if at == nil {
		return why
	}
	const stamp = "2026-01-15T09:30:00.000Z"
	results := make([]map[string]any, 0, len(sampleContacts))
	for i, c := range sampleContacts {
		id := strconv.Itoa(101 + i)
		results = append(results, map[string]any{
			"id": id,
			"properties": map[string]string{
				"createdate": stamp, "email": c[2] + "@" + at.portal.Domain, "firstname": c[0],
				"hs_object_id": id, "lastmodifieddate": stamp, "lastname": c[1],
			},
			"createdAt": stamp, "updatedAt": stamp, "archived": false,
		})
	}
	writeJSON(w, http.StatusOK, map[string]any{"results": results})
	return fmt.Sprintf("contacts listed: portal %d, %d results", at.portal.HubID, len(results))
}

// handleUninstall serves DELETE /appinstalls/v3/external-install: the app
// uninstalls itself from the portal, which kills all of its tokens there.
func (s *Server) handleUninstall(w http.ResponseWriter, r *http.Request) string {
	at, why := s.authorizeAPI(w, r, "oauth")
	if at == nil {
		return why
	}
	s.st.mu.Lock()
	s.st.uninstallLocked(at.install)
	s.st.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
	return fmt.Sprintf("app uninstalled: portal %d, all its tokens revoked", at.portal.HubID)
}
