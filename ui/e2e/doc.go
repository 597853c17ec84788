// Package e2e holds end-to-end tests of the real hsoauth binary: the TUI driven in tmux one key at a
// time, and the consent page in a real headless Chromium. They need tmux and chromium (installed by
// .ci/run); without them the tests skip, except in CI (CI=true), where a missing tool fails them.
package e2e
