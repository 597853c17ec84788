// Package interop holds only tests: hsoauth's OAuth client run end to end (login by pasted redirect,
// refresh, inspect, revoke) against oauth2-mock-server, an independent standard OAuth 2.0 authorization
// server started with node from testdata/oauth2-mock-server, so the profile keys for other servers
// (authorize_url, token_url, introspect_url, revoke_url) are proven against code hsoauth did not write.
package interop
