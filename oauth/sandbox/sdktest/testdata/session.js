'use strict';
// session.js gets tokens from an hsoauth sandbox the way an app using HubSpot's SDK does: the SDK builds
// the authorize URL (for app.hubspot.com; only its host is pointed at the sandbox), the sandbox's admin API
// plays the consent page as the portal's Super Admin, and the SDK exchanges the code.

const hubspot = require('@hubspot/api-client');

// consent plays the consent page for an authorize URL and returns the code the redirect carries.
async function consent(base, authorizeUrl, hubId) {
  const res = await fetch(`${base}/_sandbox/consent`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ authorize_url: authorizeUrl, hub_id: hubId, user: 'admin', grant: true }),
  });
  const body = await res.json();
  if (!body.redirect) throw new Error(`consent refused: ${JSON.stringify(body)}`);
  return new URL(body.redirect).searchParams.get('code');
}

// sandboxURL keeps the path and query of a URL the SDK built and points it at the sandbox.
function sandboxURL(base, url) {
  const u = new URL(url);
  return new URL(u.pathname + u.search, base).toString();
}

// authorize builds the authorize URL with the SDK and returns it with the code consent gave.
async function authorize(app, scope, optional, state) {
  const oauth = new hubspot.Client({ basePath: app.base }).oauth;
  const url = oauth.getAuthorizationUrl(app.clientId, app.redirectUri, scope, optional, state);
  const code = await consent(app.base, sandboxURL(app.base, url), app.hubId);
  return { url, code };
}

// tokens runs authorize and the SDK's code exchange.
async function tokens(app, scope, optional) {
  const { code } = await authorize(app, scope, optional);
  const oauth = new hubspot.Client({ basePath: app.base }).oauth;
  return oauth.tokensApi.create('authorization_code', code, app.redirectUri, app.clientId, app.clientSecret);
}

// admin posts JSON to the sandbox's admin API.
async function admin(base, path, body) {
  return fetch(`${base}/_sandbox/${path}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
}

// need reads a required environment variable or stops with the usage line.
function need(name, usage) {
  const v = process.env[name];
  if (!v) {
    console.error(`set ${name}: ${usage}`);
    process.exit(2);
  }
  return v;
}

module.exports = { authorize, tokens, admin, need };
