package session

import (
	"sort"
	"sync"

	"github.com/hsoauth/hsoauth/config"
)

// memStore keeps the tokens of an in-process simulator in memory: they are worthless once it stops, so
// writing them anywhere would only leave litter that looks like credentials.
type memStore struct {
	mu   sync.Mutex
	recs map[string]map[int]config.TokenRecord
}

func newMemStore() *memStore { return &memStore{recs: map[string]map[int]config.TokenRecord{}} }

func (m *memStore) Kind() string { return "memory" }

func (m *memStore) Get(profile string, hubID int) (*config.TokenRecord, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	byHub := m.recs[profile]
	if hubID != 0 {
		r, ok := byHub[hubID]
		if !ok {
			return nil, config.ErrNotFound
		}
		return cloneRecord(r), nil
	}
	var newest *config.TokenRecord
	for _, r := range byHub {
		if newest == nil || r.ObtainedAt.After(newest.ObtainedAt) {
			newest = cloneRecord(r)
		}
	}
	if newest == nil {
		return nil, config.ErrNotFound
	}
	return newest, nil
}

func (m *memStore) Put(r *config.TokenRecord) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.recs[r.Profile] == nil {
		m.recs[r.Profile] = map[int]config.TokenRecord{}
	}
	m.recs[r.Profile][r.HubID] = *cloneRecord(*r)
	return nil
}

func (m *memStore) Delete(profile string, hubID int) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.recs[profile][hubID]; !ok {
		return config.ErrNotFound
	}
	delete(m.recs[profile], hubID)
	return nil
}

func (m *memStore) List(profile string) ([]config.TokenRecord, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]config.TokenRecord, 0, len(m.recs[profile]))
	for _, r := range m.recs[profile] {
		out = append(out, *cloneRecord(r))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ObtainedAt.Before(out[j].ObtainedAt) })
	return out, nil
}

// cloneRecord copies a record so callers never share slices with the store.
func cloneRecord(r config.TokenRecord) *config.TokenRecord {
	r.Scopes = append([]string(nil), r.Scopes...)
	r.RequestedScopes = append([]string(nil), r.RequestedScopes...)
	r.OptionalScopes = append([]string(nil), r.OptionalScopes...)
	r.History = append([]config.RefreshEntry(nil), r.History...)
	return &r
}
