// Package oauth is hsoauth's HubSpot OAuth 2.0 client: the endpoints of each API version (v1, v3,
// 2026-03), the authorize URL with state and PKCE, the loopback callback server that receives the
// redirect, the code exchange, refresh, introspection and revocation, HubSpot's error bodies decoded
// into typed errors, and a trace of every exchange with its secrets masked. It knows nothing of
// terminals, config files or the sandbox; the session wires it to them. Comments cite the rules of
// SECURITY.md by id, such as (L11) or (F2).
package oauth
