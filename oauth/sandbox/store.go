package sandbox

import (
	"fmt"
	"strings"
	"sync"
	"time"
)

// DefaultMaxEntries bounds each of the sandbox's tables (pending consent
// pages, codes, refresh tokens, access tokens) unless Options.MaxEntries
// says otherwise. At the cap the oldest entry is forgotten, and whoever
// presents it later gets HubSpot's answer for a dead credential
// (BAD_REFRESH_TOKEN, INVALID_AUTHENTICATION, an expired consent page).
const DefaultMaxEntries = 50000

// expiredGrace is how long an expired access token is remembered, so the
// API can still say "expired N minute(s) ago" instead of "invalid".
const expiredGrace = 24 * time.Hour

// authRequest is a validated authorize request waiting on the consent page.
type authRequest struct {
	id          string
	app         *App
	redirectURI string
	scope       []string // the `scope` parameter, as sent
	optional    []string // the `optional_scope` parameter, as sent
	state       string
	challenge   string // S256 code_challenge, "" without PKCE
	hubID       int    // from /oauth/{hubId}/authorize; 0 lets the user pick
	path        string
	created     time.Time
}

// install is what a grant binds tokens to: app, portal, user, scopes. One
// install is shared by the code, the refresh tokens and the access tokens
// of that grant; gen is the portal's install generation at grant time.
type install struct {
	app    *App
	portal *Portal
	user   User
	scopes []string
	gen    uint64
}

// authCode is an issued, unused authorization code (used codes are deleted).
type authCode struct {
	*install
	redirectURI string
	challenge   string
	expires     time.Time
}

// refreshToken is a long-lived credential; it never expires on its own.
// Revoked ones leave the table; killAccess marks a revocation that also
// kills the access tokens minted from it (Options.RevokeCascades).
type refreshToken struct {
	*install
	token      string
	killAccess bool
}

// accessToken is a short-lived bearer token.
type accessToken struct {
	*install
	rt      *refreshToken
	token   string
	expires time.Time
}

// installKey names an app's install in one portal.
type installKey struct {
	clientID string
	hubID    int
}

// store holds every piece of sandbox state behind one mutex; the critical
// sections are a few map operations, so one lock is fast enough for
// thousands of concurrent flows and makes single-use codes trivially safe.
type store struct {
	mu       sync.Mutex
	max      int
	requests *table[authRequest]
	codes    *table[authCode]
	refresh  *table[refreshToken]
	access   *table[accessToken]
	gens     map[installKey]uint64 // bumped by an uninstall, which kills every token of the install
	// scopeSets interns granted scope lists: most grants of a session share one, and a table full of
	// tokens then holds one copy instead of one per token.
	scopeSets map[string][]string
}

// maxScopeSets bounds scopeSets; past it, lists are stored as they come.
const maxScopeSets = 4096

func newStore(max int) *store {
	st := &store{max: max}
	st.reset()
	return st
}

// reset forgets every request, code and token (admin reset).
func (st *store) reset() {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.requests = newTable(st.max, func(r *authRequest) time.Time { return r.created.Add(requestTTL) })
	st.codes = newTable(st.max, func(c *authCode) time.Time { return c.expires })
	st.refresh = newTable(st.max, func(*refreshToken) time.Time { return time.Time{} })
	st.access = newTable(st.max, func(a *accessToken) time.Time { return a.expires.Add(expiredGrace) })
	st.gens = map[installKey]uint64{}
	st.scopeSets = map[string][]string{}
}

// addRequest stores a pending consent request; at the cap the oldest
// pending page is forgotten, so a flood of authorize calls can never lock
// out the next real login.
func (st *store) addRequest(r *authRequest, now time.Time) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.requests.put(r.id, r, now)
}

// request returns a pending request that has not gone stale.
func (st *store) request(id string, now time.Time) (*authRequest, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	r, ok := st.requests.get(id)
	if !ok || now.Sub(r.created) > requestTTL {
		return nil, false
	}
	return r, true
}

// finishRequest removes a request once granted or denied, so a consent form
// cannot be replayed; it reports whether the request was still pending.
func (st *store) finishRequest(id string) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	_, ok := st.requests.del(id)
	return ok
}

// addCode stores a new authorization code for a new install.
func (st *store) addCode(code string, c *authCode, now time.Time) {
	st.mu.Lock()
	defer st.mu.Unlock()
	c.gen = st.gens[keyOf(c.install)]
	c.scopes = st.internLocked(c.scopes)
	st.codes.put(code, c, now)
}

// internLocked returns the shared copy of a scope list. Callers never modify granted lists.
func (st *store) internLocked(list []string) []string {
	key := strings.Join(list, " ")
	if shared, ok := st.scopeSets[key]; ok {
		return shared
	}
	if len(st.scopeSets) < maxScopeSets {
		st.scopeSets[key] = list
	}
	return list
}

func keyOf(in *install) installKey { return installKey{in.app.ClientID, in.portal.HubID} }

// installedLocked reports whether no uninstall happened since the grant.
func (st *store) installedLocked(in *install) bool { return st.gens[keyOf(in)] == in.gen }

// uninstallLocked kills every token of the app in the portal at once.
func (st *store) uninstallLocked(in *install) { st.gens[keyOf(in)]++ }

// counts reports table sizes for the admin state endpoint.
func (st *store) counts() map[string]int {
	st.mu.Lock()
	defer st.mu.Unlock()
	return map[string]int{
		"pending_requests": st.requests.len(),
		"codes":            st.codes.len(),
		"refresh_tokens":   st.refresh.len(),
		"access_tokens":    st.access.len(),
		"max_entries":      st.max,
		"evicted":          st.requests.evicted + st.codes.evicted + st.refresh.evicted + st.access.evicted,
	}
}

// evictionNote explains, for the event log and error details, that a
// credential may be unknown because the cap pushed it out: "" when the
// relevant table never evicted anything. refresh and code pick the token
// tables; neither means the pending consent pages.
func (st *store) evictionNote(refresh, code bool) string {
	st.mu.Lock()
	defer st.mu.Unlock()
	n, what := st.requests.evicted, "pending consent pages"
	switch {
	case refresh:
		n, what = st.refresh.evicted, "refresh tokens"
	case code:
		n, what = st.codes.evicted, "codes"
	}
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("; the sandbox keeps at most %d %s and has forgotten the %d oldest (raise --max-entries)", st.max, what, n)
}

// liveRefreshLocked returns a refresh token that is neither revoked nor
// uninstalled. Caller holds st.mu.
func (st *store) liveRefreshLocked(token string) (*refreshToken, bool) {
	rt, ok := st.refresh.get(token)
	if !ok || !st.installedLocked(rt.install) {
		return nil, false
	}
	return rt, true
}

// accessLocked finds an access token that was neither revoked nor killed
// by its refresh token's revocation or an uninstall; expired ones are
// returned too (the caller tells them apart). Caller holds st.mu.
func (st *store) accessLocked(token string) (*accessToken, bool) {
	at, ok := st.access.get(token)
	if !ok || at.rt.killAccess || !st.installedLocked(at.install) {
		return nil, false
	}
	return at, true
}

// revokeRefreshLocked revokes a refresh token and, if cascade, the access
// tokens minted from it. Caller holds st.mu.
func (st *store) revokeRefreshLocked(rt *refreshToken, cascade bool) {
	st.refresh.del(rt.token)
	if cascade {
		rt.killAccess = true
	}
}
