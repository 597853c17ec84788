package sandbox

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// signedAccessToken mirrors the v1/introspect `signed_access_token` object;
// HubSpot's spec marks every field required. Values are opaque stand-ins.
type signedAccessToken struct {
	ExpiresAt                 int64  `json:"expiresAt"`
	Scopes                    string `json:"scopes"`
	HubID                     int    `json:"hubId"`
	UserID                    int    `json:"userId"`
	AppID                     int    `json:"appId"`
	AppInstallID              string `json:"appInstallId,omitempty"` // v3 and later only, as their specs
	Audience                  string `json:"audience,omitempty"`     // v3 and later only
	InstallingUserID          int    `json:"installingUserId"`
	IsServiceAccount          bool   `json:"isServiceAccount"`
	Signature                 string `json:"signature"`
	ScopeToScopeGroupPks      string `json:"scopeToScopeGroupPks"`
	NewSignature              string `json:"newSignature"`
	Hublet                    string `json:"hublet"`
	TrialScopes               string `json:"trialScopes"`
	TrialScopeToScopeGroupPks string `json:"trialScopeToScopeGroupPks"`
	IsUserLevel               bool   `json:"isUserLevel"`
	IsPrivateDistribution     bool   `json:"isPrivateDistribution"`
}

// accessInfo is the v1 GET /access-tokens body and, with Active, ClientID
// and TokenUse, the v3 introspection body for an access token.
type accessInfo struct {
	Active                *bool             `json:"active,omitempty"`
	Token                 string            `json:"token"`
	User                  string            `json:"user"`
	HubDomain             string            `json:"hub_domain"`
	Scopes                []string          `json:"scopes"`
	HubID                 int               `json:"hub_id"`
	AppID                 int               `json:"app_id"`
	ClientID              string            `json:"client_id,omitempty"`
	ExpiresIn             int64             `json:"expires_in"`
	UserID                int               `json:"user_id"`
	TokenType             string            `json:"token_type"`
	TokenUse              string            `json:"token_use,omitempty"`
	IsPrivateDistribution bool              `json:"is_private_distribution"`
	SignedAccessToken     signedAccessToken `json:"signed_access_token"`
}

// refreshInfo is the v1 GET /refresh-tokens body and, with the extra
// fields, the v3 introspection body for a refresh token.
type refreshInfo struct {
	Active    *bool    `json:"active,omitempty"`
	Token     string   `json:"token"`
	User      string   `json:"user"`
	HubDomain string   `json:"hub_domain"`
	Scopes    []string `json:"scopes"`
	HubID     int      `json:"hub_id"`
	AppID     int      `json:"app_id,omitempty"`
	ClientID  string   `json:"client_id"`
	UserID    int      `json:"user_id"`
	TokenType string   `json:"token_type"`
	TokenUse  string   `json:"token_use,omitempty"`
}

// opaque derives a stable, meaningless string from a token (signatures).
func opaque(label, token string) string {
	sum := sha256.Sum256([]byte(label + token))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// describeAccess builds the metadata for a live access token.
func describeAccess(at *accessToken, now time.Time) accessInfo {
	return accessInfo{
		Token: at.token, User: at.user.Email, HubDomain: at.portal.Domain,
		Scopes: append([]string{}, at.scopes...), HubID: at.portal.HubID, AppID: at.app.AppID,
		ExpiresIn: int64(at.expires.Sub(now) / time.Second), UserID: at.user.ID, TokenType: "access",
		SignedAccessToken: signedAccessToken{
			ExpiresAt: at.expires.UnixMilli(), Scopes: opaque("scopes", strings.Join(at.scopes, " ")),
			HubID: at.portal.HubID, UserID: at.user.ID, AppID: at.app.AppID,
			AppInstallID: strconv.Itoa(at.portal.HubID%100000*100 + at.app.AppID%100), Audience: "na1",
			InstallingUserID: at.user.ID, Signature: opaque("sig", at.token),
			ScopeToScopeGroupPks: opaque("pks", strings.Join(at.scopes, " ")),
			NewSignature:         opaque("newsig", at.token), Hublet: "na1",
		},
	}
}

// describeRefresh builds the metadata for a live refresh token.
func describeRefresh(rt *refreshToken) refreshInfo {
	return refreshInfo{
		Token: rt.token, User: rt.user.Email, HubDomain: rt.portal.Domain,
		Scopes: append([]string{}, rt.scopes...), HubID: rt.portal.HubID,
		ClientID: rt.app.ClientID, UserID: rt.user.ID, TokenType: "refresh",
	}
}

// liveAccess returns an unexpired, unrevoked access token.
func (s *Server) liveAccess(token string, now time.Time) (*accessToken, bool) {
	at, ok := s.st.accessLocked(token)
	if !ok || !now.Before(at.expires) {
		return nil, false
	}
	return at, true
}

// handleAccessTokenInfo serves the deprecated GET /oauth/v1/access-tokens/{token}.
// Unknown, expired and revoked tokens get 404 (HubSpot's answer is a guess).
func (s *Server) handleAccessTokenInfo(w http.ResponseWriter, r *http.Request) string {
	now := s.clock.Now()
	s.st.mu.Lock()
	at, ok := s.liveAccess(r.PathValue("token"), now)
	var info accessInfo
	if ok {
		info = describeAccess(at, now)
		// v1's SignedAccessToken schema has neither field.
		info.SignedAccessToken.AppInstallID, info.SignedAccessToken.Audience = "", ""
	}
	s.st.mu.Unlock()
	if !ok {
		apiError(w, http.StatusNotFound, "OBJECT_NOT_FOUND", "access token not found, expired or revoked", nil)
		return "v1 access-token info: token unknown, expired or revoked"
	}
	writeJSON(w, http.StatusOK, info)
	return fmt.Sprintf("v1 access-token info: portal %d, %ds left", info.HubID, info.ExpiresIn)
}

// handleRefreshTokenInfo serves the deprecated GET /oauth/v1/refresh-tokens/{token}.
func (s *Server) handleRefreshTokenInfo(w http.ResponseWriter, r *http.Request) string {
	s.st.mu.Lock()
	rt, ok := s.st.liveRefreshLocked(r.PathValue("token"))
	var info refreshInfo
	if ok {
		info = describeRefresh(rt)
	}
	s.st.mu.Unlock()
	if !ok {
		errBadRefresh.write(w, versionV1)
		return "v1 refresh-token info: token unknown or revoked"
	}
	writeJSON(w, http.StatusOK, info)
	return fmt.Sprintf("v1 refresh-token info: portal %d", info.HubID)
}

// handleV1Delete serves DELETE /oauth/v1/refresh-tokens/{token}: 204, and
// (as HubSpot documents) access tokens live on unless RevokeCascades.
func (s *Server) handleV1Delete(w http.ResponseWriter, r *http.Request) string {
	s.st.mu.Lock()
	rt, ok := s.st.liveRefreshLocked(r.PathValue("token"))
	if ok {
		s.st.revokeRefreshLocked(rt, s.opts.RevokeCascades)
	}
	s.st.mu.Unlock()
	if !ok {
		errBadRefresh.write(w, versionV1)
		return "v1 refresh-token delete: token unknown or revoked"
	}
	w.WriteHeader(http.StatusNoContent)
	return fmt.Sprintf("refresh token revoked (v1 delete): portal %d", rt.portal.HubID)
}
