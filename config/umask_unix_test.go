//go:build unix

package config

import (
	"syscall"
	"testing"
)

func TestS3_UmaskZeroStillPrivate(t *testing.T) {
	d := isolate(t)
	old := syscall.Umask(0)
	t.Cleanup(func() { syscall.Umask(old) })
	s, _ := openFile(t, d)
	rec := canaryRecord()
	if err := s.Put(&rec); err != nil {
		t.Fatal(err)
	}
	if perm(t, s.path) != 0o600 || perm(t, d.State) != 0o700 {
		t.Fatalf("umask 000: file %o dir %o", perm(t, s.path), perm(t, d.State))
	}
}
