package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/zalando/go-keyring"
)

// osKeyring calls go-keyring's package functions, so keyring.MockInit and
// MockInitWithError reach it in tests.
type osKeyring struct{}

func (osKeyring) Set(service, user, password string) error {
	return keyring.Set(service, user, password)
}
func (osKeyring) Get(service, user string) (string, error) { return keyring.Get(service, user) }
func (osKeyring) Delete(service, user string) error        { return keyring.Delete(service, user) }

// keyringStore keeps one keyring item per profile and portal ("dev/123")
// holding the record as JSON, plus a "dev/index" item listing the portals,
// since keyrings cannot enumerate.
type keyringStore struct {
	kr      Keyring
	service string
	timeout time.Duration
	fileDir string
	warn    func(string)
}

func openKeyringStore(opts StoreOptions) (*keyringStore, error) {
	kr := opts.Keyring
	if kr == nil {
		kr = osKeyring{}
	}
	s := &keyringStore{kr: kr, service: opts.Service, timeout: opts.Timeout, fileDir: opts.Dir, warn: opts.Warn}
	// Probe now so an unavailable keyring is reported before a login, not
	// after the user has consented in the browser.
	if _, err := s.get("__probe__"); err != nil && !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	return s, nil
}

// Kind reports "keyring" so status screens can show where tokens live.
func (s *keyringStore) Kind() string { return "keyring" }

// unavailable explains how to choose the file store instead; we never
// switch to it silently.
func (s *keyringStore) unavailable(err error) error {
	return fmt.Errorf("OS keyring unavailable: %w. Where there is no keyring (SSH, containers, headless Linux), "+
		"set token_store = \"file\" in the profile to keep tokens in a 0600 file under %s", err, s.fileDir)
}

// call runs one keyring operation with the timeout.
func (s *keyringStore) call(op func() (string, error)) (string, error) {
	type result struct {
		v   string
		err error
	}
	ch := make(chan result, 1)
	go func() {
		v, err := op()
		ch <- result{v, err}
	}()
	timer := time.NewTimer(s.timeout)
	defer timer.Stop()
	select {
	case r := <-ch:
		if errors.Is(r.err, keyring.ErrNotFound) {
			return "", ErrNotFound
		}
		if r.err != nil && !errors.Is(r.err, keyring.ErrSetDataTooBig) {
			return "", s.unavailable(r.err)
		}
		return r.v, r.err
	case <-timer.C:
		return "", s.unavailable(fmt.Errorf("no answer within %s (is it locked, or is its unlock prompt hidden?)", s.timeout))
	}
}

func (s *keyringStore) get(user string) (string, error) {
	return s.call(func() (string, error) { return s.kr.Get(s.service, user) })
}

func (s *keyringStore) set(user, value string) error {
	_, err := s.call(func() (string, error) { return "", s.kr.Set(s.service, user, value) })
	return err
}

func (s *keyringStore) del(user string) error {
	_, err := s.call(func() (string, error) { return "", s.kr.Delete(s.service, user) })
	return err
}

func itemName(profile string, hubID int) string { return profile + "/" + strconv.Itoa(hubID) }

func (s *keyringStore) Get(profile string, hubID int) (*TokenRecord, error) {
	if err := checkKey(profile, hubID); err != nil {
		return nil, err
	}
	if hubID != 0 {
		return s.getItem(profile, hubID)
	}
	recs, err := s.List(profile)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, ErrNotFound
	}
	return &recs[len(recs)-1], nil
}

// getItem reads one record, moving an unreadable one aside.
func (s *keyringStore) getItem(profile string, hubID int) (*TokenRecord, error) {
	user := itemName(profile, hubID)
	v, err := s.get(user)
	if err != nil {
		return nil, err
	}
	var sr storedRecord
	if err := json.Unmarshal([]byte(v), &sr); err != nil || sr.Profile != profile || sr.HubID != hubID {
		return nil, s.moveAside(user, v)
	}
	r := sr.record()
	return &r, nil
}

func (s *keyringStore) moveAside(user, value string) error {
	dest := corruptName(user, time.Now())
	if err := s.set(dest, value); err != nil {
		return fmt.Errorf("%w: keyring item %s, and it could not be moved aside: %v", ErrCorrupt, user, err)
	}
	_ = s.del(user)
	return fmt.Errorf("%w: keyring item %s was moved to %s; log in again", ErrCorrupt, user, dest)
}

func (s *keyringStore) List(profile string) ([]TokenRecord, error) {
	ids, err := s.index(profile)
	if err != nil {
		return nil, err
	}
	var out []TokenRecord
	for _, id := range ids {
		r, err := s.getItem(profile, id)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, *r)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ObtainedAt.Before(out[j].ObtainedAt) })
	return out, nil
}
