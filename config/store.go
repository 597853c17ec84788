package config

import (
	"errors"
	"fmt"
	"time"
)

// Store keeps token records per profile and per portal (hub id). The TUI and
// CLI use it through this interface so the backend is a setting, not code.
type Store interface {
	// Get returns the record for profile and hubID; hubID 0 means the most
	// recently obtained record of the profile, for profiles that do not pin
	// a portal.
	Get(profile string, hubID int) (*TokenRecord, error)
	// Put saves r, replacing the record with the same profile and hub id.
	Put(r *TokenRecord) error
	// Delete removes a record; it returns ErrNotFound when there was none.
	Delete(profile string, hubID int) error
	// List returns the profile's records, oldest login first.
	List(profile string) ([]TokenRecord, error)
	// Kind is "keyring" or "file", for status screens: the user should
	// always be able to see where their tokens are.
	Kind() string
}

var (
	// ErrNotFound means there is no saved token: the user has to log in.
	ErrNotFound = errors.New("no saved token: log in first")
	// ErrCorrupt means a stored record could not be read. The bad data was
	// moved aside, not deleted, and the user has to log in again.
	ErrCorrupt = errors.New("saved tokens could not be read")
)

// Keyring is the part of github.com/zalando/go-keyring the keyring store
// uses. The default calls that package (so keyring.MockInit works in tests);
// a custom one lets tests simulate hangs and size limits.
type Keyring interface {
	Set(service, user, password string) error
	Get(service, user string) (string, error)
	Delete(service, user string) error
}

// StoreOptions tunes OpenStore. Dir is required; the zero value of the rest is right for the app.
type StoreOptions struct {
	// Dir is the state directory (Dirs.State): the token file, the lock files and the keyring store's
	// lock files live in it.
	Dir string
	// Keyring defaults to the OS keyring via go-keyring, behind a check that a D-Bus session bus exists
	// where the keyring needs one (so go-keyring never autolaunches a bus that outlives the command).
	Keyring Keyring
	// Getenv is the process environment (main's os.Getenv), where that check finds
	// DBUS_SESSION_BUS_ADDRESS as the D-Bus library would; nil means none.
	Getenv func(string) string
	// Service is the keyring service name; default "hsoauth".
	Service string
	// Timeout bounds each keyring call, because D-Bus and Keychain prompts
	// can hang; default 3s.
	Timeout time.Duration
	// Warn receives notices the user should see, such as permissions that
	// were tightened or a corrupt file moved aside. nil drops them.
	Warn func(string)
	// LockWait bounds how long a write waits for another process's lock; default 10s.
	LockWait time.Duration
}

// DefaultKeyringTimeout is how long a keyring call may take before we give
// up and say so (gh uses the same).
const DefaultKeyringTimeout = 3 * time.Second

// OpenStore opens the "file" or "keyring" store ("" means keyring). Opening
// touches nothing: the keyring is first asked on the first Get, Put or
// Preflight, so a TUI whose keyring is unavailable still browses scopes and
// reviews URLs. An unavailable keyring then gives a *KeyringUnavailableError
// saying how to choose the file store: it never falls back to a plaintext file
// on its own.
func OpenStore(kind string, opts StoreOptions) (Store, error) {
	if opts.Dir == "" {
		return nil, errNoStateDir
	}
	if opts.LockWait <= 0 {
		opts.LockWait = storeLockWait
	}
	if opts.Service == "" {
		opts.Service = KeyringService
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultKeyringTimeout
	}
	if opts.Warn == nil {
		opts.Warn = func(string) {}
	}
	switch kind {
	case "file":
		return openFileStore(opts)
	case "keyring", "":
		return openKeyringStore(opts)
	}
	return nil, fmt.Errorf("unknown token store %s: use \"keyring\" or \"file\"", quote(kind))
}

// Preflighter is a Store that can confirm, before a server call whose answer must be kept (a refresh
// that may rotate the refresh token), that saving will work: the keyring answers, or the state directory
// is lockable and has room.
type Preflighter interface {
	Preflight() error
}

// Preflight asks s to confirm that a Put would work now; stores that cannot tell pass.
func Preflight(s Store) error {
	if p, ok := s.(Preflighter); ok {
		return p.Preflight()
	}
	return nil
}

// checkKey rejects names that could escape a file name or keyring key.
func checkKey(profile string, hubID int) error {
	if !profileName.MatchString(profile) {
		return fmt.Errorf("bad profile name %s", quote(profile))
	}
	if hubID < 0 {
		return fmt.Errorf("bad hub id %d", hubID)
	}
	return nil
}

// corruptName is where unreadable data is moved, so nothing is ever lost.
func corruptName(base string, now time.Time) string {
	return base + ".corrupt-" + now.UTC().Format("20060102T150405.000000000Z")
}
