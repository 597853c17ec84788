//go:build unix

package config

import (
	"errors"
	"syscall"
)

// noFollow makes open fail on a symbolic link instead of following it.
const noFollow = syscall.O_NOFOLLOW

func isLinkLoop(err error) bool { return errors.Is(err, syscall.ELOOP) }
