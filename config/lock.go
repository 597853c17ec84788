package config

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// lockPoll is how often a waiting process retries the lock.
const lockPoll = 20 * time.Millisecond

// WithLock runs fn while holding an exclusive lock for one profile and
// portal, shared by every hsoauth process of this user. A refresher takes
// it, re-reads the store, refreshes only if the token still needs it, saves,
// and releases: so the TUI and a script refreshing at once make one refresh
// and keep the newest refresh token. The lock is a dedicated file in the
// private state directory stateDir (never the token file, never /tmp). It
// waits until ctx is done.
func WithLock(ctx context.Context, stateDir, profile string, hubID int, fn func() error) error {
	if err := checkKey(profile, hubID); err != nil {
		return err
	}
	if stateDir == "" {
		return errNoStateDir
	}
	if _, err := ensurePrivateDir(stateDir); err != nil {
		return err
	}
	dir := filepath.Join(stateDir, "locks")
	if _, err := ensurePrivateDir(dir); err != nil {
		return err
	}
	return withFileLock(ctx, filepath.Join(dir, fmt.Sprintf("%s-%d.lock", profile, hubID)), fn)
}

// withFileLock holds an OS lock (flock or LockFileEx) on path around fn. The
// OS drops the lock if the process dies, so a crash never leaves it stuck.
func withFileLock(ctx context.Context, path string, fn func() error) error {
	f, err := openPrivate(path, os.O_RDWR|os.O_CREATE, fileMode)
	if errors.Is(err, ErrSymlink) {
		return fmt.Errorf("lock file %w", err)
	}
	if err != nil {
		return fmt.Errorf("open lock %s: %w", path, err)
	}
	defer func() { _ = f.Close() }()
	for {
		ok, err := tryLock(f)
		if err != nil {
			return fmt.Errorf("lock %s: %w", path, err)
		}
		if ok {
			break
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("another hsoauth process holds %s: %w", path, ctx.Err())
		case <-time.After(lockPoll):
		}
	}
	defer func() { _ = unlock(f) }()
	return fn()
}
