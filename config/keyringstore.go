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
// MockInitWithError reach it in tests, after checking that the keyring's
// transport is there: without a D-Bus session bus, go-keyring's D-Bus library
// would run dbus-launch, leaving a bus daemon and a keyring daemon running
// after the command ends, one pair per run.
type osKeyring struct{ getenv func(string) string }

// OSKeyring is the OS keyring (Secret Service, Keychain, Credential Manager)
// behind that check, for reading client secrets. getenv is the process
// environment (main's os.Getenv), where DBUS_SESSION_BUS_ADDRESS is looked
// up; nil means none, so only the per-user runtime directory can show a bus.
func OSKeyring(getenv func(string) string) Keyring { return osKeyring{getenv} }

func (k osKeyring) ready() error {
	getenv := k.getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	return sessionBusProblem(getenv)
}

func (k osKeyring) Set(service, user, password string) error {
	if err := k.ready(); err != nil {
		return err
	}
	return keyring.Set(service, user, password)
}

func (k osKeyring) Get(service, user string) (string, error) {
	if err := k.ready(); err != nil {
		return "", err
	}
	return keyring.Get(service, user)
}

func (k osKeyring) Delete(service, user string) error {
	if err := k.ready(); err != nil {
		return err
	}
	return keyring.Delete(service, user)
}

// ErrKeyringUnavailable is what every *KeyringUnavailableError matches with
// errors.Is, so a screen can tell "choose the file store" from other failures.
var ErrKeyringUnavailable = errors.New("keyring unavailable")

// KeyringUnavailableError says the OS keyring cannot be used and how to keep
// tokens in the file store instead. It is only ever returned by the token
// operations, never by OpenStore, so everything else keeps working.
type KeyringUnavailableError struct {
	Cause    error  // what went wrong, e.g. no D-Bus session bus
	StateDir string // where token_store = "file" would keep the tokens
}

func (e *KeyringUnavailableError) Error() string {
	return fmt.Sprintf("keyring unavailable: %v; %s", e.Cause, e.Fix())
}

// Fix is the next step, on its own for a screen that shows cause and fix apart.
func (e *KeyringUnavailableError) Fix() string {
	return fmt.Sprintf("use token_store = \"file\" in the profile to keep tokens in a 0600 file under %s "+
		"(hsoauth never switches to it on its own)", e.StateDir)
}

func (e *KeyringUnavailableError) Unwrap() error { return e.Cause }

// Is makes errors.Is(err, ErrKeyringUnavailable) true.
func (e *KeyringUnavailableError) Is(target error) bool { return target == ErrKeyringUnavailable }

// keyringStore keeps one keyring item per profile and portal ("dev/123")
// holding the record as JSON, plus a "dev/index" item listing the portals,
// since keyrings cannot enumerate.
type keyringStore struct {
	kr       Keyring
	service  string
	timeout  time.Duration
	fileDir  string
	warn     func(string)
	lockWait time.Duration
}

func openKeyringStore(opts StoreOptions) (*keyringStore, error) {
	kr := opts.Keyring
	if kr == nil {
		kr = osKeyring{opts.Getenv}
	}
	return &keyringStore{kr: kr, service: opts.Service, timeout: opts.Timeout, fileDir: opts.Dir, warn: opts.Warn,
		lockWait: opts.LockWait}, nil
}

// Preflight asks the keyring once, so an unavailable one is reported before
// a login's consent or a refresh's server call, not after.
func (s *keyringStore) Preflight() error {
	if _, err := ensurePrivateDir(s.fileDir); err != nil {
		return err
	}
	if _, err := s.get("__probe__"); err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	return nil
}

// Kind reports "keyring" so status screens can show where tokens live.
func (s *keyringStore) Kind() string { return "keyring" }

// unavailable explains how to choose the file store instead; we never
// switch to it silently.
func (s *keyringStore) unavailable(err error) error {
	return &KeyringUnavailableError{Cause: err, StateDir: s.fileDir}
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
	if err := json.Unmarshal([]byte(v), &sr); err != nil || sr.Profile != profile || sr.HubID != hubID || !sr.validTokens() {
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
