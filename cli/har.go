package cli

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/hsoauth/hsoauth/config"
	"github.com/hsoauth/hsoauth/session"
)

// checkHAR refuses a --har path that could not be written at the end, before anything happens, so a
// long login is never lost to a typo in the folder name.
func checkHAR(g globals) error {
	if g.har == "" {
		if g.harReveal {
			return errors.New("--har-reveal needs --har FILE: it says what to put in that file")
		}
		return nil
	}
	dir := filepath.Dir(g.har)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return fmt.Errorf("--har %s: the folder %s does not exist; create it or choose another path", g.har, dir)
	}
	if st, err := os.Stat(g.har); err == nil && st.IsDir() {
		return fmt.Errorf("--har %s is a folder; give a file name such as %s", g.har, filepath.Join(g.har, "hsoauth.har"))
	}
	return nil
}

// writeHARAtClose registers the HAR export to run when the session closes, so it holds every step of
// the command, failures included. The file is 0600 either way: even masked, a trace names the portal.
func writeHARAtClose(e Env, g globals, sess *session.Session) {
	if g.har == "" {
		return
	}
	sess.AtClose(func() {
		var buf bytes.Buffer
		err := sess.ExportHAR(&buf, g.harReveal, e.Version)
		if err == nil {
			err = config.WritePrivateFile(g.har, buf.Bytes()) // 0600 whatever mode a file there had
		}
		if err != nil {
			fmt.Fprintf(e.Stderr, "hsoauth: --har: could not write %s: %v\n", g.har, err)
			return
		}
		what := "secrets masked"
		if g.harReveal {
			what = "SECRETS UNMASKED: do not share it"
		}
		fmt.Fprintf(e.Stderr, "hsoauth: wrote %d steps to %s (HAR 1.2, %s)\n", len(sess.TraceEvents()), g.har, what)
	})
}
