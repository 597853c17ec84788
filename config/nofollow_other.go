//go:build !unix

package config

// noFollow is 0 where open has no such flag; openPrivate's Lstat check stands alone there.
const noFollow = 0

func isLinkLoop(error) bool { return false }
