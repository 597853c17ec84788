// Package interop holds only tests, which check hsoauth against OAuth 2.0 code it did not write: its client
// end to end (login by pasted redirect, refresh, inspect, revoke) against oauth2-mock-server, a standard
// authorization server, through the profile keys for other servers (authorize_url, token_url,
// introspect_url, revoke_url); and its HubSpot sandbox against openid-client, a standard client library.
// Both run with node from testdata/node, whose package-lock.json pins them.
package interop
