package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// Private modes: tokens, state and lock files are for the user alone.
const (
	dirMode  fs.FileMode = 0o700
	fileMode fs.FileMode = 0o600
)

// beforeRename runs after the temp file is written and synced and before it
// is renamed over the target. Tests set it to inject a crash at the one moment
// that decides whether a write is atomic.
var beforeRename func(tmp, final string) error

// ensurePrivateDir creates dir with 0700, or tightens it when it already
// exists with looser bits. It reports whether it had to tighten. A symbolic
// link at dir is refused, never followed.
func ensurePrivateDir(dir string) (tightened bool, err error) {
	if _, err := checkNotLink(dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return false, err
	}
	if err := os.MkdirAll(dir, dirMode); err != nil {
		return false, fmt.Errorf("create %s: %w", dir, err)
	}
	fi, err := checkNotLink(dir)
	if err != nil {
		return false, err
	}
	if !fi.IsDir() {
		return false, fmt.Errorf("%s is not a directory: move it away so hsoauth can keep its private files there", dir)
	}
	return tighten(dir, fi, dirMode)
}

// tighten removes group and other bits from path, which fi describes
// (from Lstat, so a link was already refused). Permission bits mean nothing
// on Windows, where the per-user profile ACL protects the files.
func tighten(path string, fi fs.FileInfo, want fs.FileMode) (bool, error) {
	if runtime.GOOS == "windows" || fi.Mode().Perm()&0o077 == 0 {
		return false, nil
	}
	if err := os.Chmod(path, want); err != nil {
		return false, fmt.Errorf("tighten permissions of %s: %w", path, err)
	}
	return true, nil
}

// writeAtomic replaces path with data so that a reader sees either the old
// file or the new one, never a torn mix: a uniquely named 0600 temp file in
// the same directory, fsync, rename, fsync of the directory. The temp file is
// removed on every error path. With noReplace the rename becomes a hard link
// that fails when path exists, so an existing file is never overwritten.
func writeAtomic(path string, data []byte, noReplace bool) error {
	return writeAtomicMode(path, data, noReplace, fileMode)
}

// WritePrivateFile replaces path atomically with a file of mode 0600, whatever mode an old file there
// had, and refuses to write through a symbolic link: for exports that may hold secrets.
func WritePrivateFile(path string, data []byte) error {
	if fi, err := os.Lstat(path); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		return fmt.Errorf("%s is a symbolic link; name the file itself", path)
	}
	return writeAtomicMode(path, data, false, 0o600)
}

// WriteNewPrivateFile creates path with data, mode 0600, the same crash-safe way, failing with an error
// that wraps fs.ErrExist when path already exists.
func WriteNewPrivateFile(path string, data []byte) error {
	err := writeAtomicMode(path, data, true, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists; rename or move it, then export again: %w", path, err)
	}
	return err
}

// WriteFileAtomic replaces path with data the same crash-safe way the token store writes, keeping an
// existing file's permissions (perm for a new file). The TUI exports app-hsmeta.json through it, so an
// interrupted export never leaves a half-written project file.
func WriteFileAtomic(path string, data []byte, perm fs.FileMode) error {
	if fi, err := os.Stat(path); err == nil {
		perm = fi.Mode().Perm()
	}
	return writeAtomicMode(path, data, false, perm)
}

// writeAtomicMode is writeAtomic with the final file's permissions.
func writeAtomicMode(path string, data []byte, noReplace bool, mode fs.FileMode) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+"-*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(tmp)
		}
	}()
	if err = f.Chmod(mode); err != nil && runtime.GOOS != "windows" {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if _, err = f.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("close %s: %w", path, err)
	}
	if beforeRename != nil {
		if err = beforeRename(tmp, path); err != nil {
			return err
		}
	}
	if err = commit(tmp, path, noReplace); err != nil {
		return err
	}
	syncDir(dir)
	return nil
}

// commit moves the finished temp file into place.
func commit(tmp, path string, noReplace bool) error {
	if !noReplace {
		if err := os.Rename(tmp, path); err != nil {
			return fmt.Errorf("replace %s: %w", path, err)
		}
		return nil
	}
	if err := os.Link(tmp, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s already exists: %w", path, fs.ErrExist)
		}
		return fmt.Errorf("create %s: %w", path, err)
	}
	return os.Remove(tmp)
}

// syncDir makes the rename itself durable. Windows cannot open directories
// for syncing, and a failure here loses durability, not correctness.
func syncDir(dir string) {
	if runtime.GOOS == "windows" {
		return
	}
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	_ = d.Close()
}

// removeStaleTemps deletes temp files a crashed writer left next to path.
// Callers hold the store lock, so no live writer owns them.
func removeStaleTemps(path string) {
	pattern := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+"-*.tmp")
	matches, _ := filepath.Glob(pattern)
	for _, m := range matches {
		if strings.HasSuffix(m, ".tmp") {
			_ = os.Remove(m)
		}
	}
}
