package oauth

// help pairs a plain-language cause with the next step for one error code.
type help struct{ cause, next string }

// errorHelp covers the HubSpot and RFC 6749 codes users actually meet; the
// wording is for someone learning OAuth, not for an RFC reader.
var errorHelp = map[string]help{
	"BAD_AUTH_CODE": {
		"The authorization code is unknown or was already used; codes work once.",
		"Sign in again to get a fresh code, and exchange it only once.",
	},
	"EXPIRED_AUTH_CODE": {
		"The authorization code expired before it was exchanged; codes live only minutes.",
		"Sign in again and exchange the new code right away.",
	},
	"MISMATCH_REDIRECT_URI_AUTH_CODE": {
		"The redirect_uri sent with the code differs from the one in the authorize URL.",
		"Use the exact same redirect URL (scheme, host, port and path) in both steps.",
	},
	"BAD_REDIRECT_URI": {
		"HubSpot does not accept this redirect URL for the app.",
		"Register the redirect URL in the app's Auth settings, byte for byte.",
	},
	"BAD_REFRESH_TOKEN": {
		"The refresh token is invalid, expired or revoked (the app may have been uninstalled).",
		"Sign in again to install the app and get a new refresh token.",
	},
	"BAD_CLIENT_ID": {
		"HubSpot does not know this client ID.",
		"Copy the client ID from the app's Auth settings page.",
	},
	"BAD_CLIENT_SECRET": {
		"The client secret does not match the client ID.",
		"Copy the client secret from the app's Auth settings page.",
	},
	"BAD_GRANT_TYPE": {
		"HubSpot does not support this grant type here.",
		"Use authorization_code or refresh_token.",
	},
	"invalid_grant": {
		"The code or refresh token is invalid, expired, already used, or was issued for another redirect URL or PKCE verifier.",
		"Sign in again to get a fresh code or refresh token.",
	},
	"invalid_client": {
		"HubSpot could not authenticate the app (client ID or secret is wrong).",
		"Check the client ID and secret in the app's Auth settings.",
	},
	"invalid_request": {
		"The request was missing a parameter or had a malformed one.",
		"See the request with --verbose (or the flow trace, T, in the TUI).",
	},
	"invalid_scope": {
		"A requested scope is unknown or not configured on the app.",
		"Make the authorize URL's scopes match the app's configured scopes.",
	},
	"access_denied": {
		"The user declined to connect the app.",
		"Start again and choose Connect app / Grant access on HubSpot's page.",
	},
	"EXPIRED_AUTHENTICATION": {
		"The access token has expired (they live 30 minutes).",
		"Refresh the token, then repeat the call.",
	},
	"INVALID_AUTHENTICATION": {
		"HubSpot did not accept the access token.",
		"Refresh the token or sign in again.",
	},
	"MISSING_SCOPES": {
		"The token lacks a scope this API call needs.",
		"Add the scope to the app and the authorize URL, then sign in again.",
	},
}
