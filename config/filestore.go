package config

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"time"
)

// storeLockWait bounds how long a store write waits for another process.
const storeLockWait = 10 * time.Second

// fileStore keeps every record in one JSON file, 0600 in a 0700 directory,
// replaced atomically under a lock file. It is only used when chosen.
type fileStore struct {
	dir      string
	path     string
	warn     func(string)
	lockWait time.Duration
}

// tokenFile is the JSON document on disk.
type tokenFile struct {
	Version int            `json:"version"`
	Tokens  []storedRecord `json:"tokens"`
}

func openFileStore(opts StoreOptions) (*fileStore, error) {
	// Nothing is created yet: a command that never saves a token (url, token) needs no state directory.
	return &fileStore{dir: opts.Dir, path: filepath.Join(opts.Dir, "tokens.json"), warn: opts.Warn, lockWait: opts.LockWait}, nil
}

// Preflight confirms a save would work now, before a refresh whose rotated
// refresh token must not be lost: the state directory is ours, the token
// file's lock can be taken, and the directory has room for a new copy.
func (s *fileStore) Preflight() error {
	return s.locked(func() error {
		var size int64
		if fi, err := os.Lstat(s.path); err == nil {
			size = fi.Size()
		}
		return probeSpace(s.path, size+4096)
	})
}

// probeSpace writes and syncs n bytes in a temp file beside path (named like
// writeAtomic's, so a crash leaves nothing removeStaleTemps misses), then
// removes it.
func probeSpace(path string, n int64) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+"-*.tmp")
	if err != nil {
		return fmt.Errorf("cannot write in %s (%w): fix it before refreshing, or the new tokens could not be saved", filepath.Dir(path), err)
	}
	defer func() { _ = os.Remove(f.Name()) }()
	_, err = f.Write(make([]byte, n))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("%s has no room for the token file (%w): free some space before refreshing, or the new tokens could not be saved", filepath.Dir(path), err)
	}
	return nil
}

// Kind reports "file" so status screens can show where tokens live.
func (s *fileStore) Kind() string { return "file" }

// Path is the token file, for messages.
func (s *fileStore) Path() string { return s.path }

func (s *fileStore) Get(profile string, hubID int) (*TokenRecord, error) {
	if err := checkKey(profile, hubID); err != nil {
		return nil, err
	}
	recs, err := s.read()
	if err != nil {
		return nil, err
	}
	return pick(recs, profile, hubID)
}

func (s *fileStore) List(profile string) ([]TokenRecord, error) {
	if err := checkKey(profile, 0); err != nil {
		return nil, err
	}
	recs, err := s.read()
	if err != nil {
		return nil, err
	}
	var out []TokenRecord
	for _, r := range recs {
		if r.Profile == profile {
			out = append(out, r.record())
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ObtainedAt.Before(out[j].ObtainedAt) })
	return out, nil
}

func (s *fileStore) Put(r *TokenRecord) error {
	if err := checkKey(r.Profile, r.HubID); err != nil {
		return err
	}
	return s.update(func(recs []storedRecord) ([]storedRecord, error) {
		out := without(recs, r.Profile, r.HubID)
		return append(out, toStored(r)), nil
	})
}

func (s *fileStore) Delete(profile string, hubID int) error {
	if err := checkKey(profile, hubID); err != nil {
		return err
	}
	return s.update(func(recs []storedRecord) ([]storedRecord, error) {
		out := without(recs, profile, hubID)
		if len(out) == len(recs) {
			return nil, ErrNotFound
		}
		return out, nil
	})
}

// update is read-modify-write under the store lock. A corrupt file is moved
// aside (and the user told) so a fresh login can still be saved.
func (s *fileStore) update(change func([]storedRecord) ([]storedRecord, error)) error {
	return s.locked(func() error {
		removeStaleTemps(s.path)
		recs, err := s.readChecked(true)
		if errors.Is(err, ErrCorrupt) {
			s.warn(err.Error())
			recs, err = nil, nil
		}
		if err != nil {
			return err
		}
		if recs, err = change(recs); err != nil {
			return err
		}
		data, err := json.MarshalIndent(tokenFile{Version: 1, Tokens: recs}, "", "  ")
		if err != nil {
			return err
		}
		return writeAtomic(s.path, append(data, '\n'), false)
	})
}

// errRecheck asks for a re-read under the lock before moving a file aside,
// in case a writer replaced it meanwhile.
var errRecheck = errors.New("recheck under lock")

// read reads without the lock (writes are atomic renames), taking it only
// to deal with a corrupt file.
func (s *fileStore) read() ([]storedRecord, error) {
	recs, err := s.readChecked(false)
	if !errors.Is(err, errRecheck) {
		return recs, err
	}
	err = s.locked(func() error {
		recs, err = s.readChecked(true)
		return err
	})
	return recs, err
}

// locked runs fn under the token file's lock, re-checking that the state
// directory is still ours (not swapped for a link) first.
func (s *fileStore) locked(fn func() error) error {
	tightened, err := ensurePrivateDir(s.dir)
	if err != nil {
		return err
	}
	if tightened {
		s.warn(fmt.Sprintf("%s was readable by other users; its permissions are now 0700", s.dir))
	}
	ctx, cancel := context.WithTimeout(context.Background(), s.lockWait)
	defer cancel()
	return withFileLock(ctx, s.path+".lock", fn)
}

// readChecked reads the file after checking who owns it and tightening
// loose permissions (and saying so). Missing means empty. A symbolic link at
// the token file is refused: it is opened without following links, and the
// checks and the chmod act on the opened file itself.
func (s *fileStore) readChecked(locked bool) ([]storedRecord, error) {
	if _, err := checkNotLink(s.dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	f, err := openPrivate(s.path, os.O_RDONLY, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("token file %w", err)
	}
	defer func() { _ = f.Close() }()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("token file %s: %w", s.path, err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("token file %s is not a regular file: remove it and log in again", s.path)
	}
	if ownedByOther(fi) {
		return nil, fmt.Errorf("token file %s belongs to another user; refusing to read it: remove it and log in again", s.path)
	}
	if err := s.tightenOpen(f, fi); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(f, maxTokenFile+1))
	if err != nil || len(data) > maxTokenFile {
		return nil, fmt.Errorf("token file %s cannot be read (%v, or larger than %d KiB); log in again after fixing it", s.path, err, maxTokenFile>>10)
	}
	recs, err := decodeTokenFile(data)
	if err != nil && !locked {
		return nil, errRecheck
	}
	if err != nil {
		return nil, s.moveAside(err)
	}
	return recs, nil
}

// maxTokenFile bounds the token file: a few KiB per portal, and no reader of ours loads a huge file.
const maxTokenFile = 4 << 20

// tightenOpen takes group and other bits off the open token file, and says so.
func (s *fileStore) tightenOpen(f *os.File, fi fs.FileInfo) error {
	if runtime.GOOS == "windows" || fi.Mode().Perm()&0o077 == 0 {
		return nil
	}
	if err := f.Chmod(fileMode); err != nil {
		return fmt.Errorf("tighten permissions of %s: %w", s.path, err)
	}
	s.warn(fmt.Sprintf("%s was readable by other users (%04o); its permissions are now 0600. Consider revoking and logging in again.", s.path, fi.Mode().Perm()))
	return nil
}

// moveAside keeps a corrupt file for inspection and reports ErrCorrupt.
func (s *fileStore) moveAside(cause error) error {
	dest := corruptName(s.path, time.Now())
	if err := os.Rename(s.path, dest); err != nil {
		return fmt.Errorf("%w: %s (%v), and it could not be moved aside: %v", ErrCorrupt, s.path, cause, err)
	}
	return fmt.Errorf("%w: %s (%v) was moved to %s; log in again", ErrCorrupt, s.path, cause, dest)
}

// decodeTokenFile parses and checks the token file. Error text names what
// is wrong but never quotes content, which could hold tokens.
func decodeTokenFile(data []byte) ([]storedRecord, error) {
	var tf tokenFile
	if err := json.Unmarshal(data, &tf); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("invalid JSON at byte %d", se.Offset)
		}
		return nil, errors.New("unexpected JSON structure")
	}
	if tf.Version != 1 {
		return nil, fmt.Errorf("unknown format version %d", tf.Version)
	}
	for _, r := range tf.Tokens {
		if checkKey(r.Profile, r.HubID) != nil {
			return nil, errors.New("a record has a bad profile name or hub id")
		}
		if !r.validTokens() {
			return nil, errors.New("a record holds a token with characters no server sends")
		}
	}
	return tf.Tokens, nil
}

func without(recs []storedRecord, profile string, hubID int) []storedRecord {
	out := make([]storedRecord, 0, len(recs))
	for _, r := range recs {
		if r.Profile != profile || r.HubID != hubID {
			out = append(out, r)
		}
	}
	return out
}

// pick finds one record; hubID 0 means the profile's latest login.
func pick(recs []storedRecord, profile string, hubID int) (*TokenRecord, error) {
	var best *storedRecord
	for i := range recs {
		r := &recs[i]
		if r.Profile != profile || (hubID != 0 && r.HubID != hubID) {
			continue
		}
		if best == nil || r.ObtainedAt.After(best.ObtainedAt) {
			best = r
		}
	}
	if best == nil {
		return nil, ErrNotFound
	}
	rec := best.record()
	return &rec, nil
}
