package sandbox

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/hsoauth/hsoauth/redact"
	"github.com/hsoauth/hsoauth/scopes"
)

// serveAPI answers an API call the gate let through: the modelled APIs
// from the portal's records, every other documented operation with a
// well-formed sample body.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request, c apiCall) string {
	path := r.URL.Path
	if cp, ok := parseCRMPath(path); ok {
		return s.serveCRM(w, r, c, cp)
	}
	if c.ep.API == v3AssociationsAPI {
		apiError(w, http.StatusBadRequest, "VALIDATION_ERROR", "Unable to infer object type from: "+redact.Cut(c.params["objectType"], 80), nil)
		return "associations refused: unknown object type"
	}
	if from, to, ok := assocBatchPath(path); ok && r.Method == http.MethodPost {
		return s.serveAssocBatchRead(w, r, c, from, to)
	}
	if sp, ok := parseSchemaPath(path); ok {
		return s.serveSchema(w, r, c, sp)
	}
	segs := strings.Split(strings.Trim(path, "/"), "/")
	switch {
	case len(segs) == 3 && segs[0] == "account-info" && segs[2] == "details":
		return s.handleAccountInfo(w, c)
	case isOwnersPath(segs):
		return s.handleOwners(w, r, c, segs)
	case len(segs) >= 2 && segs[0] == "contacts" && segs[1] == "v1":
		return s.serveV1Contacts(w, r, c)
	case len(segs) == 4 && segs[0] == "settings" && segs[2] == "users" && r.Method == http.MethodGet && strings.HasSuffix(c.ep.Path, "{userId}"):
		return handleSettingsUser(w, c, segs[3])
	}
	return s.serveSample(w, r, c)
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

// handleAccountInfo serves GET /account-info/{v3,2026-03,…}/details.
func (s *Server) handleAccountInfo(w http.ResponseWriter, c apiCall) string {
	p := c.tok.portal
	writeJSON(w, http.StatusOK, map[string]any{
		"portalId": p.HubID, "accountType": accountType(p.Account.Kind),
		"timeZone": "US/Eastern", "companyCurrency": "USD", "additionalCurrencies": []string{},
		"utcOffset": "-05:00", "utcOffsetMilliseconds": -18000000,
		"uiDomain": "app.hubspot.com", "dataHostingLocation": "na1",
	})
	return fmt.Sprintf("account details read: portal %d", p.HubID)
}

// isOwnersPath matches /crm/v3/owners[/{id}] and /crm/owners/{date}[/{id}].
func isOwnersPath(segs []string) bool {
	return len(segs) >= 3 && len(segs) <= 4 && segs[0] == "crm" &&
		(segs[1] == "v3" && segs[2] == "owners" || segs[1] == "owners")
}

// handleOwners lists the portal's owners (with paging) or reads one.
func (s *Server) handleOwners(w http.ResponseWriter, r *http.Request, c apiCall, segs []string) string {
	owners := sampleOwners(c.tok.portal)
	if len(segs) == 4 {
		// idProperty=userId reads the owner by the user id it belongs to, as HubSpot's owners API allows.
		field := "id"
		if r.URL.Query().Get("idProperty") == "userId" {
			field = "userId"
		}
		for _, o := range owners {
			if fmt.Sprint(o[field]) == segs[3] {
				writeJSON(w, http.StatusOK, o)
				return fmt.Sprintf("owner %s read: portal %d", o["id"], c.tok.portal.HubID)
			}
		}
		apiError(w, http.StatusNotFound, "OBJECT_NOT_FOUND", "resource not found", nil)
		return "owner not found"
	}
	q := r.URL.Query()
	if q.Get("archived") == "true" {
		owners = nil // the sample portals have no deactivated owners
	}
	if email := q.Get("email"); email != "" {
		kept := owners[:0]
		for _, o := range owners {
			if strings.EqualFold(o["email"].(string), email) {
				kept = append(kept, o)
			}
		}
		owners = kept
	}
	limit, after, msg := pageParams(q.Get("limit"), q.Get("after"), 500)
	if msg != "" {
		apiError(w, http.StatusBadRequest, "VALIDATION_ERROR", msg, nil)
		return "owners refused: " + msg
	}
	page, next := pageOf(owners, after, limit)
	body := map[string]any{"results": orEmpty(page)}
	if next != "" {
		body["paging"] = map[string]any{"next": map[string]string{"after": next}}
	}
	writeJSON(w, http.StatusOK, body)
	return fmt.Sprintf("owners listed: portal %d, %d results", c.tok.portal.HubID, len(page))
}

// handleSettingsUser serves GET /settings/v3/users/{userId} from the
// portal's users (the id or, with idProperty=EMAIL, the email).
func handleSettingsUser(w http.ResponseWriter, c apiCall, key string) string {
	for _, u := range c.tok.portal.Users {
		if strconv.Itoa(u.ID) == key || strings.EqualFold(u.Email, key) {
			writeJSON(w, http.StatusOK, map[string]any{"id": strconv.Itoa(u.ID), "email": u.Email, "roleIds": []string{},
				"primaryTeamId": nil, "secondaryTeamIds": []string{}, "superAdmin": u.SuperAdmin})
			return fmt.Sprintf("settings user %d read: portal %d", u.ID, c.tok.portal.HubID)
		}
	}
	apiError(w, http.StatusNotFound, "OBJECT_NOT_FOUND", "resource not found", map[string]any{"context": map[string][]string{"userId": {key}}})
	return "settings user not found"
}

// handleUninstall serves DELETE /appinstalls/v3/external-install: the app
// uninstalls itself from the portal, which kills all of its tokens there.
func (s *Server) handleUninstall(w http.ResponseWriter, r *http.Request) string {
	tok, why := s.authorizeToken(w, r)
	if tok == nil {
		return why
	}
	if why := s.gateScopes(w, scopes.Endpoint{Method: r.Method, Path: r.URL.Path, Scopes: [][]string{{"oauth"}}}, tok.scopes); why != "" {
		return why
	}
	s.st.mu.Lock()
	s.st.uninstallLocked(tok.install)
	s.st.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
	return fmt.Sprintf("app uninstalled: portal %d, all its tokens revoked", tok.portal.HubID)
}
