package sandbox

import (
	"sync"
	"time"
)

// maxPending bounds each table; past it, expired entries are swept and, if
// that is not enough, new entries are refused rather than eat memory.
const maxPending = 50000

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

// install is what a grant binds tokens to: app, portal, user, scopes.
type install struct {
	app    *App
	portal *Portal
	user   User
	scopes []string
}

// authCode is an issued authorization code.
type authCode struct {
	install
	redirectURI string
	challenge   string
	expires     time.Time
	used        bool
}

// refreshToken is a long-lived credential; it never expires on its own.
type refreshToken struct {
	install
	token   string
	revoked bool
}

// accessToken is a short-lived bearer token.
type accessToken struct {
	install
	token   string
	refresh string
	expires time.Time
	revoked bool
}

// store holds every piece of sandbox state behind one mutex; the critical
// sections are a few map operations, so one lock is fast enough for
// thousands of concurrent flows and makes single-use codes trivially safe.
type store struct {
	mu       sync.Mutex
	requests map[string]*authRequest
	codes    map[string]*authCode
	refresh  map[string]*refreshToken
	access   map[string]*accessToken
}

func newStore() *store {
	st := &store{}
	st.reset()
	return st
}

// reset forgets every request, code and token (admin reset).
func (st *store) reset() {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.requests = map[string]*authRequest{}
	st.codes = map[string]*authCode{}
	st.refresh = map[string]*refreshToken{}
	st.access = map[string]*accessToken{}
}

// addRequest stores a pending consent request, sweeping stale ones when
// the table is full. It reports false if there is still no room.
func (st *store) addRequest(r *authRequest, now time.Time) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	if len(st.requests) >= maxPending {
		for id, old := range st.requests {
			if now.Sub(old.created) > requestTTL {
				delete(st.requests, id)
			}
		}
		if len(st.requests) >= maxPending {
			return false
		}
	}
	st.requests[r.id] = r
	return true
}

// request returns a pending request that has not gone stale.
func (st *store) request(id string, now time.Time) (*authRequest, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	r, ok := st.requests[id]
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
	_, ok := st.requests[id]
	delete(st.requests, id)
	return ok
}

// addCode stores a new authorization code, sweeping expired ones if full.
func (st *store) addCode(code string, c *authCode, now time.Time) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if len(st.codes) >= maxPending {
		for k, old := range st.codes {
			if now.After(old.expires) || old.used {
				delete(st.codes, k)
			}
		}
	}
	st.codes[code] = c
}

// counts reports table sizes for the admin state endpoint.
func (st *store) counts() map[string]int {
	st.mu.Lock()
	defer st.mu.Unlock()
	return map[string]int{
		"pending_requests": len(st.requests),
		"codes":            len(st.codes),
		"refresh_tokens":   len(st.refresh),
		"access_tokens":    len(st.access),
	}
}

// revokeRefreshLocked revokes a refresh token and, if cascade, the access
// tokens minted from it. Caller holds st.mu.
func (st *store) revokeRefreshLocked(rt *refreshToken, cascade bool) {
	rt.revoked = true
	if !cascade {
		return
	}
	for _, at := range st.access {
		if at.refresh == rt.token {
			at.revoked = true
		}
	}
}
