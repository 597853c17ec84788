//go:build !(linux || freebsd || openbsd || netbsd || dragonfly)

package config

// sessionBusProblem has nothing to check where the keyring does not go through D-Bus (macOS Keychain,
// Windows Credential Manager).
func sessionBusProblem(func(string) string) error { return nil }
