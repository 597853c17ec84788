// Drives hsoauth's HubSpot sandbox with openid-client, an independent OAuth 2.0 client library, and prints
// one JSON line per step: {"step", "ok", and either "fields" (the answer's field names and a few values,
// never a token) or "error" (the OAuth error code the library read, or its own code)}.
// Usage: node sandbox-client.mjs BASE_URL VERSION [basic]   (VERSION: v1, v3 or 2026-03; basic: send the
// credentials in an HTTP Basic header, client_secret_basic, instead of the form body)
// The demo app's credentials are the sandbox's public ones; the consent page is played through the
// sandbox's decision form, as a browser would submit it, granting as portal 20000003's Super Admin.
import * as client from "openid-client";

const [base, version, auth] = process.argv.slice(2);
const CLIENT_ID = "5a4db0c5-de30-4a11-8c1e-000000000001";
const SECRET = "5a4db0c5-5ec2-4e75-9a2b-000000000002";
const REDIRECT = "http://localhost:3000/oauth-callback";
const server = {
  issuer: base,
  authorization_endpoint: `${base}/oauth/authorize`,
  token_endpoint: `${base}/oauth/${version}/token`,
  introspection_endpoint: `${base}/oauth/${version}/token/introspect`,
  revocation_endpoint: `${base}/oauth/${version}/token/revoke`,
};
// HubSpot reads client credentials from the form body only (client_secret_post).
const method = auth === "basic" ? client.ClientSecretBasic(SECRET) : client.ClientSecretPost(SECRET);
const config = new client.Configuration(server, CLIENT_ID, SECRET, method);
client.allowInsecureRequests(config); // the sandbox is plain http on loopback

function report(step, ok, extra) {
  console.log(JSON.stringify({ step, ok, ...extra }));
}

async function step(name, f) {
  try {
    const v = await f();
    const fields = v && typeof v === "object" ? Object.fromEntries(Object.entries(v)
      .filter(([k]) => !/token$/.test(k) || k === "token_type")
      .map(([k, x]) => [k, typeof x === "object" ? "…" : x])) : {};
    report(name, true, { fields, names: v && typeof v === "object" ? Object.keys(v).sort() : [] });
    return v;
  } catch (e) {
    report(name, false, { error: e.error ?? e.code ?? e.name });
    return null;
  }
}

const verifier = client.randomPKCECodeVerifier();
const state = client.randomState();
const authURL = client.buildAuthorizationUrl(config, {
  redirect_uri: REDIRECT, scope: "oauth crm.objects.contacts.read", state,
  code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: "S256",
});
const page = await fetch(authURL, { redirect: "manual" });
const decision = await fetch(`${base}/oauth/authorize/decision`, {
  method: "POST", redirect: "manual",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams({ request: page.headers.get("x-sandbox-request") ?? "", hub_id: "20000003", user: "admin", action: "grant" }),
});
const callback = new URL(decision.headers.get("location") ?? REDIRECT);
const checks = { pkceCodeVerifier: verifier, expectedState: state };

const tokens = await step("authorization_code", () => client.authorizationCodeGrant(config, callback, checks));
if (!tokens) process.exit(0);
await step("code_replayed", () => client.authorizationCodeGrant(config, callback, checks));
await step("refresh_token", () => client.refreshTokenGrant(config, tokens.refresh_token));
await step("introspect_access", () => client.tokenIntrospection(config, tokens.access_token));
await step("introspect_refresh", () => client.tokenIntrospection(config, tokens.refresh_token, { token_type_hint: "refresh_token" }));
await step("revoke", () => client.tokenRevocation(config, tokens.refresh_token, { token_type_hint: "refresh_token" }));
await step("refresh_revoked", () => client.refreshTokenGrant(config, tokens.refresh_token));
