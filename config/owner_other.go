//go:build !unix

package config

import "io/fs"

// ownedByOther is always false where ownership is left to the per-user
// profile ACL (Windows).
func ownedByOther(fs.FileInfo) bool { return false }
