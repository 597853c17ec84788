// Package sandbox is an embedded, loopback-only copy of HubSpot's OAuth 2.0
// surface and API gateway, so the authorization-code flow and API calls
// can be learnt, demoed and tested with no HubSpot account and no network.
// Fidelity to HubSpot is the measure (see shared/reference/hubspot-oauth.md);
// where HubSpot's behaviour is undocumented the sandbox takes the
// best-documented guess and makes it an Option.
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
//	DELETE /appinstalls/{v3,2026-03}/external-install
//	every operation of HubSpot's endpoint index (scopes.Endpoints), plus the
//	legacy /contacts/v1/… endpoints and the v3 association paths
//
// Token endpoints take form bodies only (JSON gets 415), check the client
// first and answer errors in each version's shape: v1 {status, message,
// correlationId}; v3 and dated versions add error and error_description.
// Client credentials go in the form body, as HubSpot documents: HTTP Basic
// is refused (BAD_CLIENT_ID, with the reason), and so is sending both
// (RFC 6749 §2.3). Options.LenientClientAuth accepts Basic, form-decoding
// both halves (§2.3.1) and answering a wrong one 401 with WWW-Authenticate.
//
// # The API
//
// A call outside the sandbox's own routes is looked up in the endpoint
// index, a trailing slash ignored; a /…/v3/… path that HubSpot's current
// specs spell with the version after the API's name (/settings/v3/users is
// /settings/users/2026-03), as older clients and HubSpot's SDKs still call
// it, is found under that spelling. No operation: 404 (405 with Allow for a wrong method) in HubSpot's
// error shape {status, message, correlationId, category}. Then, as
// HubSpot's gateway: 401 INVALID_AUTHENTICATION for a missing, unknown or
// revoked token, EXPIRED_AUTHENTICATION for an expired one, 403
// MISSING_SCOPES when no alternative of the operation's scopes is granted
// whole (errors[].context.requiredGranularScopes lists what would grant
// it). Authenticated answers carry X-HubSpot-RateLimit-Max, -Remaining,
// -Interval-Milliseconds, -Secondly and -Secondly-Remaining (110 per 10 s
// per app and portal; no Daily headers, which HubSpot sends to private apps
// only); Options.EnforceRateLimits answers 429 past the budget, and past
// 4 CRM searches a second.
//
// The app developer APIs (an {appId} in the path, developer scopes only:
// webhooks, timeline templates, CRM cards, calling settings, workflow
// actions) also take the developer account's API key as ?hapikey= with no
// bearer token, as HubSpot's SDKs send it: DemoDeveloperAPIKey unless
// Options.DeveloperAPIKey says otherwise (Info, hsoauth sandbox --json and
// GET /_sandbox/state show it). A wrong key, or a key on an OAuth API, is
// 401; an app id the sandbox does not serve is 404.
//
// What answers: contacts, companies, deals, tickets, line items and
// products keep deterministic sample records per portal (list with paging,
// read by id or idProperty, search, create, update, archive, batch read,
// create, update and archive, v3 and v4 associations; v3 and dated paths);
// their pipelines and property definitions, owners, the portal's users
// (settings users API), account details and the Contacts v1 endpoints
// read the same sample. Writes stay in memory, at most 10,000 per portal, and go with a
// reset. The v4 batch association read answers from the same records. Every
// other documented operation answers a generic shape marked by the X-Sandbox-Sample header: an empty
// page for a list or a search, a minimal object otherwise, with the status HubSpot documents for the
// kind of call (201 for a create, 200 for a batch read or a merge, 204 for an archive or a DELETE), and
// for a few operations SDKs read strictly a hand-written answer (samples.go).
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
// with X-Sandbox-Error naming the ConsentErrorKind, X-Sandbox-Message with
// HubSpot's words and X-Sandbox-Detail with the cause ("required scope
// crm.objects.contacts.read is missing from the scope parameter");
// ConsentHTTP turns those into a *ConsentError. Options.ErrorRedirect
// sends them to a registered redirect URL instead, with error
// (invalid_scope, access_denied, invalid_request) and error_description
// holding the page's words and the cause, for clients that only see the
// callback.
//
// # Admin API for trainers and test harnesses
//
// JSON under /_sandbox/. Writes must send Content-Type: application/json
// (or come from a browser page of the sandbox itself, Sec-Fetch-Site:
// same-origin), so no cross-site form can reach them:
//
//	GET  /_sandbox/state          base URL, version, apps, portals, clock, options, faults, table counts
//	GET  /_sandbox/events?since=N the request log (last 1000), secrets masked
//	GET  /_sandbox/apps           every app with credentials and scope settings
//	POST /_sandbox/apps           register an app: {"client_id","redirect_urls","required_scopes",
//	                              "conditionally_required_scopes","optional_scopes","name","client_secret",
//	                              "pkce_required"}; a missing secret is SecretFor(client_id)
//	PUT  /_sandbox/apps/{clientId}/scopes   replace the three scope lists
//	GET  /_sandbox/portals        the test portals and their users
//	POST /_sandbox/consent        {"authorize_url","hub_id","user","grant"}: play the consent page;
//	                              answers {"redirect": URL} or {"error": {kind, message, detail}}
//	POST /_sandbox/clock/advance  {"by":"31m"}: fast-forward the clock
//	POST /_sandbox/faults         Faults; replaces the active rules ({"rules":[]} clears)
//	POST /_sandbox/reset          forget codes, tokens and API writes, clear faults, undo clock advances
//
// A fault rule: {"endpoint":"token","effect":"rate_limit","retry_after":"30s","count":1}.
// Endpoints: authorize, consent, token, introspect, revoke, tokeninfo, api
// (omit for all). Effects: delay (with "delay":"2s"), rate_limit (with
// "policy": SECONDLY, TEN_SECONDLY_ROLLING or DAILY; Retry-After defaults
// to 1 s, 10 s or the time to midnight), server_error (with "status":503),
// expire_codes, revoke_refresh, refuse_consent. count 0 means always.
//
// # Security and bounds of the sandbox itself
//
// It listens on loopback only (a name such as localhost that resolves
// elsewhere is refused after binding) and answers only to a Host naming
// loopback or its listen address, which defeats DNS rebinding. The consent
// form and the admin API refuse a cross-site Origin, "null" included. It
// renders every reflected value through html/template, loads no external
// resources, sends a strict CSP, and never writes a token, code or secret
// unmasked to its event log. Tokens come from crypto/rand; access tokens
// are opaque (never JWTs) and refresh tokens and codes look like HubSpot's
// na1-… values.
//
// Every table (pending consent pages, codes, refresh tokens, access
// tokens) forgets entries by age through a time-ordered queue and, at
// Options.MaxEntries (default 50,000), the oldest first, both in amortised
// constant time; a forgotten credential gets HubSpot's answer for a dead
// one. BenchmarkRefreshGrowth and BenchmarkFlowGrowth show the rate and the
// memory staying flat to 100,000 tokens.
package sandbox
