'use strict';
// walk.js drives HubSpot's official Node.js SDK (@hubspot/api-client) through an app's whole life against
// an hsoauth sandbox, with nothing changed but the host: authorize URL, consent, code exchange, refresh,
// token info, CRM, CMS and marketing calls, the error answers, and the SDK's retry on 429. Every answer the
// SDK deserializes is checked against the SDK's own generated model (see typecheck.js).
//
// Usage: SANDBOX_URL=http://127.0.0.1:PORT CLIENT_ID=… CLIENT_SECRET=… HUB_ID=… DEVELOPER_API_KEY=… APP_ID=… node walk.js
// It prints one line per step ("ok step" or "FAIL step: why") and exits 1 when any step failed.

const hubspot = require('@hubspot/api-client');
const { checkModel, known } = require('./typecheck');
const { authorize, admin, need } = require('./session');

const usage = 'SANDBOX_URL=… CLIENT_ID=… CLIENT_SECRET=… HUB_ID=… node walk.js';
const base = need('SANDBOX_URL', usage);
const app = {
  base, clientId: need('CLIENT_ID', usage), clientSecret: need('CLIENT_SECRET', usage),
  hubId: Number(need('HUB_ID', usage)), redirectUri: process.env.REDIRECT_URI || 'http://localhost:3000/oauth-callback',
};
const { clientId, clientSecret, hubId, redirectUri } = app;

let failures = 0;
function ok(step) { console.log(`ok ${step}`); }
function fail(step, why) { failures++; console.log(`FAIL ${step}: ${why}`); }
function expect(step, cond, why) { if (cond) ok(step); else fail(step, why); }

// typed checks the SDK's deserialized answer against its model and reports the result as one step.
function typed(step, obj) {
  if (obj === undefined || obj === null) {
    fail(step, 'the SDK returned nothing');
    return;
  }
  const all = checkModel(obj, obj.constructor ? obj.constructor.name : 'result', []);
  all.filter(known).forEach((p) => console.log(`note ${step}: ${p} (a known difference, see typecheck.js)`));
  const problems = all.filter((p) => !known(p));
  if (problems.length) fail(step, problems.slice(0, 8).join('; '));
  else ok(step);
}

// step runs one SDK call; an exception is a failure of that step and the walk goes on.
async function step(name, fn) {
  try {
    return await fn();
  } catch (e) {
    fail(name, `${e.code || ''} ${e.message ? e.message.split('\n')[0] : e} ${e.body ? JSON.stringify(e.body).slice(0, 300) : ''}`);
    return undefined;
  }
}

// apiError runs a call that must fail and returns the SDK's error (code and parsed body).
async function apiError(name, fn) {
  try {
    await fn();
    fail(name, 'the call succeeded; an error was expected');
    return undefined;
  } catch (e) {
    return e;
  }
}

// authorizeStep builds the authorize URL with the SDK's helper, checks it and plays consent.
async function authorizeStep(scope, optional, state) {
  const { url, code } = await authorize(app, scope, optional, state);
  const u = new URL(url);
  expect('oauth.getAuthorizationUrl', u.pathname === '/oauth/authorize' && u.searchParams.get('client_id') === clientId &&
    u.searchParams.get('scope') === scope, `unexpected URL ${url}`);
  return code;
}

async function oauthSteps() {
  const client = new hubspot.Client({ basePath: base });
  const scope = 'oauth crm.objects.contacts.read crm.objects.contacts.write';
  const optional = 'crm.objects.companies.read crm.objects.companies.write crm.objects.deals.read ' +
    'crm.objects.deals.write crm.objects.owners.read tickets e-commerce content forms';
  const code = await step('consent', () => authorizeStep(scope, optional, 'sdk-state'));
  if (!code) return null;
  const tokens = await step('oauth.tokensApi.create authorization_code', () =>
    client.oauth.tokensApi.create('authorization_code', code, redirectUri, clientId, clientSecret));
  if (!tokens) return null;
  typed('token response model', tokens);
  expect('token response values', tokens.tokenType === 'bearer' && tokens.expiresIn > 0 && tokens.refreshToken,
    `got ${JSON.stringify(tokens)}`);
  const refreshed = await step('oauth.tokensApi.create refresh_token', () =>
    client.oauth.tokensApi.create('refresh_token', undefined, undefined, clientId, clientSecret, tokens.refreshToken));
  if (!refreshed) return null;
  typed('refreshed token model', refreshed);
  const info = await step('oauth.accessTokensApi.get', () => client.oauth.accessTokensApi.get(refreshed.accessToken));
  if (info) {
    typed('access token info model', info);
    expect('access token info values', info.hubId === hubId && info.appId > 0 && info.scopes.includes('oauth') &&
      info.expiresIn > 0 && info.tokenType === 'access', `got ${JSON.stringify(info)}`);
  }
  const rinfo = await step('oauth.refreshTokensApi.get', () => client.oauth.refreshTokensApi.get(refreshed.refreshToken));
  if (rinfo) typed('refresh token info model', rinfo);
  const bad = await apiError('bad code', () =>
    client.oauth.tokensApi.create('authorization_code', 'na1-not-a-code', redirectUri, clientId, clientSecret));
  if (bad) {
    expect('bad code error', bad.code === 400 && bad.body && bad.body.status === 'BAD_AUTH_CODE',
      `got ${bad.code} ${JSON.stringify(bad.body)}`);
  }
  // A second token holding only the required scopes, for the 403 path.
  const narrowCode = await step('narrow consent', () => authorizeStep('oauth crm.objects.contacts.read'));
  const narrow = narrowCode && await step('narrow token', () =>
    client.oauth.tokensApi.create('authorization_code', narrowCode, redirectUri, clientId, clientSecret));
  return { access: refreshed.accessToken, refresh: refreshed.refreshToken, narrow: narrow && narrow.accessToken };
}

// pagingOK checks a page: results typed, paging.next.after a string when there is a next page.
function pagingOK(name, page) {
  if (!page) return;
  typed(`${name} model`, page);
  expect(`${name} has results`, Array.isArray(page.results) && page.results.length > 0, 'empty results');
  if (page.paging && page.paging.next) {
    expect(`${name} paging.next.after`, typeof page.paging.next.after === 'string' && page.paging.next.after !== '',
      `got ${JSON.stringify(page.paging.next)}`);
  }
}

async function contactSteps(c) {
  const api = c.crm.contacts;
  const page = await step('contacts.basicApi.getPage', () => api.basicApi.getPage(2, undefined, ['email', 'firstname']));
  pagingOK('contacts page', page);
  if (page && page.results[0]) {
    const first = page.results[0];
    expect('contact values', typeof first.id === 'string' && first.createdAt instanceof Date &&
      typeof first.properties.email === 'string', `got ${JSON.stringify(first)}`);
    if (page.paging && page.paging.next) {
      const next = await step('contacts.basicApi.getPage after', () => api.basicApi.getPage(2, page.paging.next.after));
      expect('contacts second page differs', next && next.results.length > 0 && next.results[0].id !== first.id,
        'the next page repeats the first');
    }
    const one = await step('contacts.basicApi.getById', () =>
      api.basicApi.getById(first.id, ['email', 'lastname'], ['lastname'], ['companies']));
    if (one) {
      typed('contact by id model', one);
      expect('contact by id values', one.id === first.id && one.properties.email === first.properties.email,
        `got ${JSON.stringify(one)}`);
      const hist = one.propertiesWithHistory && one.propertiesWithHistory.lastname;
      expect('propertiesWithHistory', Array.isArray(hist) && hist.length > 0 && hist[0].timestamp instanceof Date &&
        typeof hist[0].value === 'string', `got ${JSON.stringify(one.propertiesWithHistory)}`);
      const assoc = one.associations && one.associations.companies;
      expect('associations=companies on the record', assoc && assoc.results.length > 0 &&
        typeof assoc.results[0].id === 'string', `got ${JSON.stringify(one.associations)}`);
    }
    const byEmail = await step('contacts.basicApi.getById idProperty=email', () =>
      api.basicApi.getById(first.properties.email, undefined, undefined, undefined, false, 'email'));
    expect('contact by email', byEmail && byEmail.id === first.id, `got ${JSON.stringify(byEmail)}`);
  }
  const created = await step('contacts.basicApi.create', () => api.basicApi.create({
    properties: { email: 'sdk.walker@example.com', firstname: 'Sdk', lastname: 'Walker' }, associations: [],
  }));
  if (created) {
    typed('created contact model', created);
    const upd = await step('contacts.basicApi.update', () =>
      api.basicApi.update(created.id, { properties: { lastname: 'Runner' } }));
    if (upd) {
      typed('updated contact model', upd);
      expect('update applied', upd.properties.lastname === 'Runner', `got ${JSON.stringify(upd.properties)}`);
    }
    const found = await step('contacts.searchApi.doSearch', () => api.searchApi.doSearch({
      filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: 'sdk.walker@example.com' }] }],
      properties: ['email', 'lastname'], limit: 10, after: '0', sorts: [],
    }));
    if (found) {
      typed('search result model', found);
      expect('search finds the new contact', found.total === 1 && found.results[0].id === created.id,
        `got total ${found.total}`);
    }
    const batch = await step('contacts.batchApi.read', () => api.batchApi.read({
      inputs: [{ id: created.id }], properties: ['email'], propertiesWithHistory: [],
    }));
    if (batch) {
      typed('batch read model', batch);
      expect('batch read values', batch.status === 'COMPLETE' && batch.results.length === 1 &&
        batch.startedAt instanceof Date, `got ${JSON.stringify(batch)}`);
    }
    await step('contacts.basicApi.archive', () => api.basicApi.archive(created.id));
    const gone = await apiError('archived contact', () => api.basicApi.getById(created.id));
    if (gone) expect('archived contact is 404', gone.code === 404, `got ${gone.code}`);
  }
  return page && page.results[0] ? page.results[0].id : undefined;
}

async function objectSteps(c, contactId) {
  const kinds = [['companies', c.crm.companies], ['deals', c.crm.deals], ['tickets', c.crm.tickets],
    ['line_items', c.crm.lineItems], ['products', c.crm.products]];
  for (const [name, api] of kinds) {
    const page = await step(`${name}.basicApi.getPage`, () => api.basicApi.getPage(5));
    pagingOK(`${name} page`, page);
    if (page && page.results[0]) {
      const one = await step(`${name}.basicApi.getById`, () => api.basicApi.getById(page.results[0].id));
      if (one) typed(`${name} by id model`, one);
    }
  }
  const writes = [['companies', c.crm.companies, { name: 'Sdk Walker Ltd', domain: 'sdkwalker.example' }],
    ['deals', c.crm.deals, { dealname: 'Sdk deal', amount: '123.45', pipeline: 'default', dealstage: 'appointmentscheduled' }],
    ['tickets', c.crm.tickets, { subject: 'Sdk ticket', hs_pipeline: '0', hs_pipeline_stage: '1' }],
    ['products', c.crm.products, { name: 'Sdk product', price: '9.99' }],
    ['line_items', c.crm.lineItems, { name: 'Sdk line', quantity: '2', price: '9.99' }]];
  for (const [name, api, properties] of writes) {
    const made = await step(`${name}.basicApi.create`, () => api.basicApi.create({ properties, associations: [] }));
    if (!made) continue;
    typed(`created ${name} model`, made);
    const key = Object.keys(properties)[0];
    const upd = await step(`${name}.basicApi.update`, () => api.basicApi.update(made.id, { properties: { [key]: 'Renamed' } }));
    expect(`${name} update applied`, upd && upd.properties[key] === 'Renamed', `got ${JSON.stringify(upd && upd.properties)}`);
    await step(`${name}.basicApi.archive`, () => api.basicApi.archive(made.id));
  }
  const archived = await step('contacts.basicApi.getPage archived', () =>
    c.crm.contacts.basicApi.getPage(10, undefined, undefined, undefined, undefined, true));
  expect('archived page holds the archived contact', archived && archived.results.some((r) => r.archived === true &&
    r.archivedAt instanceof Date), `got ${JSON.stringify(archived && archived.results.map((r) => [r.id, r.archived]))}`);
  const owners = await step('owners.ownersApi.getPage', () => c.crm.owners.ownersApi.getPage(undefined, undefined, 10));
  pagingOK('owners page', owners);
  if (owners && owners.results[0]) {
    const o = await step('owners.ownersApi.getById', () => c.crm.owners.ownersApi.getById(Number(owners.results[0].id)));
    if (o) typed('owner model', o);
    const byUser = await step('owners.ownersApi.getById idProperty=userId', () =>
      c.crm.owners.ownersApi.getById(owners.results[0].userId, 'userId'));
    expect('owner by user id', byUser && byUser.id === owners.results[0].id, `got ${JSON.stringify(byUser)}`);
  }
  if (contactId) {
    const assoc = await step('associations.v4.basicApi.getPage', () =>
      c.crm.associations.v4.basicApi.getPage('contacts', contactId, 'companies', undefined, 10));
    pagingOK('v4 associations page', assoc);
    const batch = await step('associations.v4.batchApi.getPage', () =>
      c.crm.associations.v4.batchApi.getPage('contacts', 'companies', { inputs: [{ id: contactId }] }));
    if (batch) typed('v4 batch associations model', batch);
  }
  const pipelines = await step('pipelines.pipelinesApi.getAll deals', () => c.crm.pipelines.pipelinesApi.getAll('deals'));
  if (pipelines) typed('pipelines model', pipelines);
  const props = await step('properties.coreApi.getAll contacts', () => c.crm.properties.coreApi.getAll('contacts'));
  if (props) typed('properties model', props);
}

// moreSteps covers what SDK users reach for next: the paging helper, batch writes, deal search with sorts,
// one pipeline and property, users, labelled and default v4 associations, and the refresh-token delete.
async function moreSteps(c, contactId) {
  const all = await step('contacts.getAll (follows paging.next.after to the end)', () => c.crm.contacts.getAll(3));
  expect('getAll reaches every contact', all && all.length >= 6 && new Set(all.map((x) => x.id)).size === all.length,
    `got ${all && all.length} contacts`);
  const made = await step('contacts.batchApi.create', () => c.crm.contacts.batchApi.create({ inputs: [
    { properties: { email: 'batch.one@example.com' }, associations: [] },
    { properties: { email: 'batch.two@example.com' }, associations: [] }] }));
  if (made) {
    typed('batch create model', made);
    const ids = made.results.map((r) => r.id);
    const upd = await step('contacts.batchApi.update', () => c.crm.contacts.batchApi.update({
      inputs: ids.map((id) => ({ id, properties: { lastname: 'Batched' } })) }));
    if (upd) expect('batch update applied', upd.results.every((r) => r.properties.lastname === 'Batched'), 'lastname not set');
    await step('contacts.batchApi.archive', () => c.crm.contacts.batchApi.archive({ inputs: ids.map((id) => ({ id })) }));
  }
  const deals = await step('deals.searchApi.doSearch sorted', () => c.crm.deals.searchApi.doSearch({
    filterGroups: [{ filters: [{ propertyName: 'amount', operator: 'GT', value: '0' }] }],
    // The SDK types sorts as strings; its README passes objects, as HubSpot's search reference documents.
    sorts: [{ propertyName: 'amount', direction: 'DESCENDING' }], properties: ['dealname', 'amount'], limit: 3, after: '0',
  }));
  if (deals) {
    typed('deal search model', deals);
    const amounts = deals.results.map((d) => Number(d.properties.amount));
    expect('deal search sorted by amount, descending', amounts.length > 0 && amounts.every((a, i) => i === 0 || amounts[i - 1] >= a),
      `amounts ${amounts}`);
  }
  const pipe = await step('pipelines.pipelinesApi.getById deals default', () => c.crm.pipelines.pipelinesApi.getById('deals', 'default'));
  if (pipe) typed('pipeline model', pipe);
  const stage = await step('pipelines.pipelineStagesApi.getById tickets', () => c.crm.pipelines.pipelineStagesApi.getById('tickets', '0', '1'));
  if (stage) typed('pipeline stage model', stage);
  const hist = await step('deals.batchApi.read propertiesWithHistory', () => c.crm.deals.batchApi.read({
    inputs: [{ id: '301' }], properties: ['amount'], propertiesWithHistory: ['amount'] }));
  expect('batch read history', hist && hist.results[0].propertiesWithHistory &&
    hist.results[0].propertiesWithHistory.amount[0].timestamp instanceof Date, `got ${JSON.stringify(hist && hist.results[0])}`);
  const prop = await step('properties.coreApi.getByName contacts email', () => c.crm.properties.coreApi.getByName('contacts', 'email'));
  if (prop) typed('property model', prop);
  if (contactId) {
    const link = await step('associations.v4.basicApi.createDefault', () =>
      c.crm.associations.v4.basicApi.createDefault('contacts', contactId, 'deals', '302'));
    if (link) typed('default association model', link);
    const labelled = await step('associations.v4.basicApi.create labelled', () => c.crm.associations.v4.basicApi.create(
      'contacts', contactId, 'deals', '302', [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 4 }]));
    if (labelled) typed('labelled association model', labelled);
    await step('associations.v4.basicApi.archive', () => c.crm.associations.v4.basicApi.archive('contacts', contactId, 'deals', '302'));
    const groups = await step('properties.groupsApi.getAll contacts', () => c.crm.properties.groupsApi.getAll('contacts'));
    if (groups) typed('property groups model', groups);
  }
}

// tokenSteps deletes a refresh token through the SDK and checks it no longer refreshes.
async function tokenSteps() {
  const client = new hubspot.Client({ basePath: base });
  const code = await step('consent for the delete', () => authorizeStep('oauth crm.objects.contacts.read'));
  const t = code && await step('token for the delete', () =>
    client.oauth.tokensApi.create('authorization_code', code, redirectUri, clientId, clientSecret));
  if (!t) return;
  await step('oauth.refreshTokensApi.archive', () => client.oauth.refreshTokensApi.archive(t.refreshToken));
  const e = await apiError('refresh after delete', () =>
    client.oauth.tokensApi.create('refresh_token', undefined, undefined, clientId, clientSecret, t.refreshToken));
  if (e) expect('deleted refresh token is refused', e.code === 400, `got ${e.code} ${JSON.stringify(e.body)}`);
}

// developerSteps calls the webhooks API the way the SDK does it for an app developer: with the developer
// account's API key (?hapikey=) and the app's id, no OAuth token.
async function developerSteps() {
  const key = process.env.DEVELOPER_API_KEY;
  const appId = Number(process.env.APP_ID);
  if (!key || !appId) {
    fail('developer API key', 'set DEVELOPER_API_KEY and APP_ID (GET /_sandbox/state and /_sandbox/apps list them)');
    return;
  }
  const dev = new hubspot.Client({ basePath: base, developerApiKey: key });
  const settings = await step('webhooks.settingsApi.getAll', () => dev.webhooks.settingsApi.getAll(appId));
  if (settings) typed('webhook settings model', settings);
  const subs = await step('webhooks.subscriptionsApi.getAll', () => dev.webhooks.subscriptionsApi.getAll(appId));
  if (subs) typed('webhook subscriptions model', subs);
  const wrong = await apiError('wrong developer API key', () =>
    new hubspot.Client({ basePath: base, developerApiKey: 'not-the-key' }).webhooks.settingsApi.getAll(appId));
  if (wrong) expect('wrong key is 401', wrong.code === 401, `got ${wrong.code}`);
}

async function otherSteps(c) {
  const account = await step('apiRequest GET /account-info/v3/details', async () => {
    const res = await c.apiRequest({ method: 'GET', path: '/account-info/v3/details' });
    return res.json();
  });
  expect('account details values', account && account.portalId === hubId && typeof account.timeZone === 'string',
    `got ${JSON.stringify(account)}`);
  const posts = await step('cms.blogs.blogPosts.basicApi.getPage', () => c.cms.blogs.blogPosts.basicApi.getPage());
  if (posts) typed('blog posts model', posts);
  const forms = await step('marketing.forms.formsApi.getPage', () => c.marketing.forms.formsApi.getPage());
  if (forms) typed('forms model', forms);
}

async function errorSteps(tokens) {
  const anon = new hubspot.Client({ basePath: base });
  const e401 = await apiError('no token', () => anon.crm.contacts.basicApi.getPage());
  if (e401) {
    expect('no token is 401 INVALID_AUTHENTICATION', e401.code === 401 && e401.body &&
      e401.body.category === 'INVALID_AUTHENTICATION', `got ${e401.code} ${JSON.stringify(e401.body)}`);
  }
  if (tokens.narrow) {
    const narrow = new hubspot.Client({ basePath: base, accessToken: tokens.narrow });
    const e403 = await apiError('missing scope', () => narrow.crm.companies.basicApi.getPage());
    if (e403) {
      const ctx = e403.body && e403.body.errors && e403.body.errors[0] && e403.body.errors[0].context;
      expect('missing scope is 403 MISSING_SCOPES', e403.code === 403 && e403.body.category === 'MISSING_SCOPES' &&
        ctx && Array.isArray(ctx.requiredGranularScopes), `got ${e403.code} ${JSON.stringify(e403.body)}`);
      if (e403.body && e403.body.constructor && e403.body.constructor.getAttributeTypeMap) typed('403 error model', e403.body);
    }
  }
  const c = new hubspot.Client({ basePath: base, accessToken: tokens.access });
  const e404 = await apiError('unknown path', async () => {
    const res = await c.apiRequest({ method: 'GET', path: '/crm/v3/no-such-thing' });
    if (!res.ok) {
      const err = new Error(`status ${res.status}`);
      err.code = res.status;
      err.body = JSON.parse(await res.text());
      throw err;
    }
  });
  if (e404) {
    expect('unknown path is 404 JSON', e404.code === 404 && e404.body && e404.body.status === 'error' &&
      typeof e404.body.correlationId === 'string', `got ${e404.code} ${e404.message}`);
  }
  const missing = await apiError('unknown contact', () => c.crm.contacts.basicApi.getById('999999999'));
  if (missing) {
    expect('unknown contact is 404 OBJECT_NOT_FOUND', missing.code === 404 && missing.body &&
      missing.body.category === 'OBJECT_NOT_FOUND', `got ${missing.code} ${JSON.stringify(missing.body)}`);
  }
}

// retrySteps injects one 429 (the secondly limit) and checks the SDK's numberOfApiCallRetries gets through.
async function retrySteps(tokens) {
  const fault = await admin(base, 'faults', { rules: [{ endpoint: 'api', effect: 'rate_limit', policy: 'SECONDLY', count: 1 }] });
  expect('inject a 429', fault.ok, `admin API answered ${fault.status}`);
  const c = new hubspot.Client({ basePath: base, accessToken: tokens.access, numberOfApiCallRetries: 2 });
  const page = await step('getPage retried after 429', () => c.crm.contacts.basicApi.getPage(1));
  expect('retry got the page', page && page.results.length === 1, 'no page after the retry');
  const plain = new hubspot.Client({ basePath: base, accessToken: tokens.access });
  await admin(base, 'faults', { rules: [{ endpoint: 'api', effect: 'rate_limit', policy: 'TEN_SECONDLY_ROLLING', count: 1 }] });
  const e429 = await apiError('429 without retries', () => plain.crm.contacts.basicApi.getPage(1));
  if (e429) {
    expect('429 body names the policy', e429.code === 429 && e429.body && e429.body.policyName === 'TEN_SECONDLY_ROLLING',
      `got ${e429.code} ${JSON.stringify(e429.body)}`);
  }
  await admin(base, 'faults', { rules: [{ endpoint: 'api', effect: 'server_error', status: 503, count: 1 }] });
  const again = await step('getPage retried after 503', () => c.crm.contacts.basicApi.getPage(1));
  expect('retry after 503 got the page', again && again.results.length === 1, 'no page after the retry');
  await admin(base, 'faults', { rules: [] });
  const raw = await step('rate-limit headers', () => plain.apiRequest({ method: 'GET', path: '/crm/v3/objects/contacts', qs: { limit: 1 } }));
  if (raw) {
    expect('X-HubSpot-RateLimit headers', raw.headers.get('x-hubspot-ratelimit-max') === '110' &&
      Number(raw.headers.get('x-hubspot-ratelimit-remaining')) > 0, `headers ${JSON.stringify([...raw.headers])}`);
  }
}

// expirySteps moves the sandbox clock past the token's 30 minutes: the SDK gets EXPIRED_AUTHENTICATION, and a
// refresh through the SDK gives a token that works again. It runs last: the clock stays moved.
async function expirySteps(tokens) {
  const moved = await admin(base, 'clock/advance', { by: '31m' });
  expect('advance the clock', moved.ok, `admin API answered ${moved.status}`);
  const c = new hubspot.Client({ basePath: base, accessToken: tokens.access });
  const e = await apiError('expired token', () => c.crm.contacts.basicApi.getPage(1));
  if (e) {
    expect('expired token is 401 EXPIRED_AUTHENTICATION', e.code === 401 && e.body && e.body.category === 'EXPIRED_AUTHENTICATION',
      `got ${e.code} ${JSON.stringify(e.body)}`);
  }
  const fresh = await step('refresh after expiry', () => new hubspot.Client({ basePath: base }).oauth.tokensApi.create(
    'refresh_token', undefined, undefined, clientId, clientSecret, tokens.refresh));
  if (fresh) {
    c.setAccessToken(fresh.accessToken);
    const page = await step('getPage with the refreshed token', () => c.crm.contacts.basicApi.getPage(1));
    expect('refreshed token works', page && page.results.length === 1, 'no page');
  }
}

async function main() {
  const tokens = await oauthSteps();
  if (!tokens) {
    fail('walk', 'no access token, the API steps cannot run');
  } else {
    const c = new hubspot.Client({ basePath: base, accessToken: tokens.access });
    const contactId = await contactSteps(c);
    await objectSteps(c, contactId);
    await moreSteps(c, contactId);
    await tokenSteps();
    await developerSteps();
    await otherSteps(c);
    await errorSteps(tokens);
    await retrySteps(tokens);
    await expirySteps(tokens);
  }
  console.log(failures ? `${failures} step(s) failed` : 'all steps passed');
  process.exit(failures ? 1 : 0);
}

main().catch((e) => {
  console.log(`FAIL walk: ${e.stack || e}`);
  process.exit(1);
});
