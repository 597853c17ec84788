// Starts oauth2-mock-server, an independent standard OAuth 2.0 authorization server, on 127.0.0.1 for
// hsoauth's interoperability test, and prints one line, "listening http://127.0.0.1:PORT", once it
// accepts connections. Usage: node mock-server.mjs [port] (default 0: a free port).
//
// Everything the server answers is the library's own, except what it leaves out, added through its
// documented events and nothing else:
//   - revocation is remembered (RFC 7009): a revoked or never-issued refresh token then gets RFC 6749
//     §5.2's invalid_grant from the token endpoint;
//   - introspection (RFC 7662) reports active, scope, exp, client_id, token_type and username for the
//     tokens it issued, and {"active": false} for revoked or unknown ones.
// The library answers introspection with {"active": true} alone and forgets revocations; its authorize
// endpoint redirects at once (no login page), which lets a plain HTTP client play the browser.
import http from "node:http";
import { OAuth2Issuer, OAuth2Service } from "oauth2-mock-server";

const port = Number(process.argv[2] ?? 0);
const issuer = new OAuth2Issuer();
await issuer.keys.generate("RS256");
const service = new OAuth2Service(issuer);

// Refresh tokens this server issued and not yet revoked, with what introspection reports about them.
const live = new Map();
// Access tokens revoked by RFC 7009 requests (the library's JWTs stay valid otherwise).
const revokedAccess = new Set();

service.on("beforeResponse", (response, req) => {
  const body = req.body ?? {};
  if (body.grant_type === "refresh_token" && !live.has(body.refresh_token)) {
    response.statusCode = 400;
    response.body = { error: "invalid_grant", error_description: "The refresh token is invalid or was revoked." };
    return;
  }
  if (body.grant_type === "refresh_token") {
    live.delete(body.refresh_token); // rotated: the old one dies, as RFC 9700 §4.14.2 recommends
  }
  const token = response.body?.refresh_token;
  if (token) {
    live.set(token, { scope: response.body.scope, client_id: body.client_id, exp: Math.floor(Date.now() / 1000) + 86400 });
  }
});

service.on("beforeRevoke", (_response, req) => {
  const token = req.form?.get("token") ?? "";
  if (!live.delete(token)) {
    revokedAccess.add(token);
  }
});

service.on("beforeIntrospect", (response, req) => {
  const token = req.form?.get("token") ?? "";
  if (live.has(token)) {
    response.body = { active: true, token_type: "refresh_token", username: "johndoe", ...live.get(token) };
    return;
  }
  const claims = revokedAccess.has(token) ? null : jwtClaims(token);
  if (!claims || claims.iss !== issuer.url || claims.exp <= Date.now() / 1000) {
    response.body = { active: false };
    return;
  }
  response.body = { active: true, token_type: "access_token", scope: claims.scope, exp: claims.exp,
    client_id: req.form.get("client_id") ?? undefined, username: claims.sub };
});

// jwtClaims reads the payload of one of this server's access tokens (its signature is the library's
// business); null when the token is not a JWT.
function jwtClaims(token) {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  try {
    return JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
  } catch {
    return null;
  }
}

// The library's revoke and introspect handlers never read the request body, so it is read here first
// and handed to the events above; every other request goes to the library untouched.
const server = http.createServer((req, res) => {
  const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
  if (req.method !== "POST" || (path !== "/revoke" && path !== "/introspect")) {
    service.requestHandler(req, res);
    return;
  }
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    req.form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
    service.requestHandler(req, res);
  });
});

server.listen(port, "127.0.0.1", () => {
  issuer.url = `http://127.0.0.1:${server.address().port}`;
  console.log(`listening ${issuer.url}`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
