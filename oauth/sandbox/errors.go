package sandbox

import (
	"fmt"
	"net/http"
)

// apiVersion is a generation of HubSpot's OAuth token API.
type apiVersion string

const (
	versionV1     apiVersion = "v1"
	versionV3     apiVersion = "v3"
	version202603 apiVersion = "2026-03"
	version202609 apiVersion = "2026-09"
)

// oauthError is a token-endpoint failure: HubSpot's status code name, its
// message, and the RFC 6749 error that v3 and the dated versions add.
type oauthError struct {
	httpStatus int
	status     string
	message    string
	rfc        string
	// v1Message replaces message on v1 where the wording differs.
	v1Message string
	// description replaces error_description on v3 and later when set.
	description string
}

// oauthErrorBody is the wire shape. v1 carries status, message and
// correlationId; v3 and later add error and error_description.
type oauthErrorBody struct {
	Status           string `json:"status"`
	Message          string `json:"message"`
	CorrelationID    string `json:"correlationId"`
	Error            string `json:"error,omitempty"`
	ErrorDescription string `json:"error_description,omitempty"`
}

// The token-endpoint errors the sandbox can return. Names and messages
// follow hubspot-oauth.md §3.3; those HubSpot never published are guesses
// in the same style (BAD_CLIENT_SECRET, BAD_CODE_VERIFIER, the EXPIRED and
// MISMATCH messages).
var (
	errBadClientID = oauthError{400, "BAD_CLIENT_ID", "missing or unknown client id", "invalid_request", "", ""}
	errBadSecret   = oauthError{400, "BAD_CLIENT_SECRET", "missing or invalid client secret", "invalid_client", "", ""}
	errBadGrant    = oauthError{400, "BAD_GRANT_TYPE", "missing or unknown grant type", "unsupported_grant_type", "", ""}
	errBadRedirect = oauthError{400, "BAD_REDIRECT_URI", "missing or invalid redirect uri", "invalid_request", "", ""}
	errBadCode     = oauthError{400, "BAD_AUTH_CODE", "missing or unknown auth code", "invalid_grant", "", ""}
	errExpiredCode = oauthError{400, "EXPIRED_AUTH_CODE", "auth code expired", "invalid_grant", "", ""}
	errMismatch    = oauthError{400, "MISMATCH_REDIRECT_URI_AUTH_CODE",
		"redirect uri does not match the one used to create the auth code", "invalid_grant", "", ""}
	errBadVerifier = oauthError{400, "BAD_CODE_VERIFIER",
		"code_verifier is missing or does not match the code_challenge", "invalid_grant", "", ""}
	errBadRefresh = oauthError{400, "BAD_REFRESH_TOKEN", "refresh token is invalid, expired or revoked",
		"invalid_grant", "missing or invalid refresh token", ""}
	errBadToken = oauthError{400, "BAD_TOKEN", "missing token", "invalid_request", "", ""}
)

// write sends e in v's shape.
func (e oauthError) write(w http.ResponseWriter, v apiVersion) {
	body := oauthErrorBody{Status: e.status, Message: e.message, CorrelationID: newCorrelationID()}
	if v == versionV1 {
		if e.v1Message != "" {
			body.Message = e.v1Message
		}
	} else {
		body.Error, body.ErrorDescription = e.rfc, e.message
		if e.description != "" {
			body.ErrorDescription = e.description
		}
	}
	if e.httpStatus == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Basic realm="HubSpot OAuth sandbox"`)
	}
	writeJSON(w, e.httpStatus, body)
}

// summary is the event-log line for a failed call.
func (e oauthError) summary(what string) string {
	return fmt.Sprintf("%s refused: %s (%s)", what, e.status, e.message)
}

// apiError writes HubSpot's generic API error shape (used by the API
// endpoints and for requests the OAuth endpoints cannot even parse).
func apiError(w http.ResponseWriter, status int, category, message string, extra map[string]any) {
	id := w.Header().Get("X-HubSpot-Correlation-Id")
	if id == "" {
		id = newCorrelationID()
	}
	body := map[string]any{
		"status": "error", "message": message,
		"correlationId": id, "category": category,
	}
	for k, v := range extra {
		body[k] = v
	}
	writeJSON(w, status, body)
}
