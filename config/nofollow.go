package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// ErrSymlink means one of hsoauth's private files or directories is a symbolic link. The stores never
// follow one: a link planted at the token file, a lock file or the state directory would otherwise have
// hsoauth chmod and write whatever it points at.
var ErrSymlink = errors.New("is a symbolic link, which hsoauth never follows for its private files")

func symlinkError(path string) error {
	return fmt.Errorf("%s %w: remove the link (or point the state directory elsewhere) and try again", path, ErrSymlink)
}

// openPrivate opens one of our private files without following a link at its last component.
func openPrivate(path string, flag int, perm fs.FileMode) (*os.File, error) {
	if fi, err := os.Lstat(path); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		return nil, symlinkError(path)
	}
	f, err := os.OpenFile(path, flag|noFollow, perm)
	if isLinkLoop(err) {
		return nil, symlinkError(path) // swapped for a link between the check and the open
	}
	return f, err
}

// checkNotLink refuses a path whose last component is a symbolic link; a missing path passes.
func checkNotLink(path string) (fs.FileInfo, error) {
	fi, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		return nil, symlinkError(path)
	}
	return fi, nil
}
