// Package sandbox is an embedded, loopback-only copy of HubSpot's OAuth 2.0
// surface, so the authorization-code flow can be learnt, demoed and tested
// with no HubSpot account and no network. Fidelity to HubSpot is the
// measure (see shared/reference/hubspot-oauth.md); where HubSpot's
// behaviour is undocumented the sandbox takes the best-documented guess and
// makes it an Option.
//
// # What it serves
//
//	GET  /oauth/authorize                 consent: account picker, then permissions
//	GET  /oauth/{hubId}/authorize         consent for one account (picker skipped)
//	POST /oauth/authorize/decision        the consent form (fields below)
//	POST /oauth/{v1,v3,2026-03,2026-09}/token       authorization_code and refresh_token grants
//	POST /oauth/{v3,2026-03,2026-09}/token/introspect
//	POST /oauth/{v3,2026-03,2026-09}/token/revoke
//	GET  /oauth/v1/access-tokens/{token}  GET|DELETE /oauth/v1/refresh-tokens/{token}
//	GET  /account-info/v3/details         needs the oauth scope
//	GET  /crm/v3/objects/contacts         needs crm.objects.contacts.read (or contacts)
//	DELETE /appinstalls/v3/external-install
//
// Token endpoints take form bodies only (JSON gets 415), check the client
// first and answer errors in each version's shape: v1 {status, message,
// correlationId}; v3 and dated versions add error and error_description.
//
// # The consent form
//
// The authorize page carries the pending request id in a hidden field and
// in the X-Sandbox-Request response header. Post to /oauth/authorize/decision:
//
//	request   the request id (single-use, unguessable: it is also the anti-forgery token)
//	hub_id    the portal's hub id (optional for /oauth/{hubId}/authorize URLs)
//	user      a user's email, or "admin" (Super Admin) / "viewer" (no App Marketplace Access)
//	action    select (show the permissions page), grant, or deny
//
// Grant answers 302 to redirect_uri?code=…&state=…. Deny shows a page and
// sends nothing to the app, as HubSpot; Options.DenyRedirect redirects with
// error=access_denied instead. Failures HubSpot shows on its own page
// (insufficient scopes, scope mismatch, redirect mismatch, account lacks a
// feature, user may not install, developer portal) come back as a 400 page
// with an X-Sandbox-Error header naming the ConsentErrorKind.
//
// # Admin API for trainers
//
// JSON under /_sandbox/, answered only for a loopback Host and a missing or
// loopback Origin:
//
//	GET  /_sandbox/state          base URL, credentials, portals, clock, options, faults, counts
//	GET  /_sandbox/events?since=N the request log (last 1000), secrets masked
//	POST /_sandbox/clock/advance  by=31m (form, query or JSON {"by":"31m"}): fast-forward the clock
//	POST /_sandbox/faults         JSON Faults; replaces the active rules ({"rules":[]} clears)
//	POST /_sandbox/reset          forget codes and tokens, clear faults, undo clock advances
//
// A fault rule: {"endpoint":"token","effect":"rate_limit","retry_after":"30s","count":1}.
// Endpoints: authorize, consent, token, introspect, revoke, tokeninfo, api
// (omit for all). Effects: delay (with "delay":"2s"), rate_limit, server_error
// (with "status":503), expire_codes, revoke_refresh, refuse_consent. count 0
// means always.
//
// # Security of the sandbox itself
//
// It listens on loopback only, renders every reflected value through
// html/template, loads no external resources, sends a strict CSP, and
// never writes a token, code or secret unmasked to its event log. Tokens
// come from crypto/rand; access tokens are opaque (never JWTs) and refresh
// tokens and codes look like HubSpot's na1-… values.
package sandbox
