// Package config holds hsoauth's settings and its tokens, and keeps both safe.
//
// Settings live in a TOML file under the XDG config directory. The file is the
// user's: we read it, validate it with file:line:col messages that say what was
// expected and how to fix it, and never rewrite it. A missing file is not an
// error; it means sandbox mode.
//
// Tokens live in the OS keyring by default, or in a 0600 JSON file under the XDG
// state directory when a profile chooses token_store = "file". There is never a
// silent fallback from one to the other. Writes are atomic (temp file, fsync,
// rename, fsync of the directory) and a lock file lets several processes share
// one refresh.
//
// The package imports nothing else of ours and nothing of Bubble Tea, so the CLI,
// the TUI and tests can all use it.
package config
