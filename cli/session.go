package cli

import (
	"io"
	"net/url"
	"sort"
	"strings"
	"time"

	"context"
	"fmt"

	"github.com/hsoauth/hsoauth/oauth"

	"github.com/hsoauth/hsoauth/session"
)

// openSession opens the session the global flags describe, printing store notices on stderr. With
// --verbose every HTTP exchange of the session is printed on stderr as it happens, secrets masked.
func openSession(ctx context.Context, e Env, g globals) (*session.Session, error) {
	if err := checkHAR(g); err != nil {
		return nil, err
	}
	url := g.sandboxURL
	if url == "" {
		url = e.Getenv("HSOAUTH_SANDBOX_URL")
	}
	path, err := configPath(e, g)
	if err != nil {
		return nil, err
	}
	sess, err := session.Open(ctx, session.Options{
		Dirs:       e.Dirs,
		ConfigPath: path,
		Profile:    g.profile,
		Getenv:     e.Getenv,
		Sandbox:    g.sandbox,
		SandboxURL: url,
		APIVersion: g.apiVersion,
		Warn:       func(msg string) { fmt.Fprintf(e.Stderr, "hsoauth: note: %s\n", msg) },
		TestMode:   testMode(e),
	})
	if err == nil && g.verbose {
		events, stop := sess.Trace.Subscribe()
		done := make(chan struct{})
		go func() { printTrace(e.Stderr, events); close(done) }()
		sess.AtClose(func() { stop(); <-done }) // print what is still queued before the command ends
	}
	if err == nil {
		writeHARAtClose(e, g, sess)
	}
	return sess, err
}

// printTrace writes each exchange as it is recorded (the trace masks every secret first) until events closes.
func printTrace(w io.Writer, events <-chan oauth.TraceEvent) {
	for ev := range events {
		fmt.Fprintf(w, "# %s: %s → %s\n", ev.Step, ev.From, ev.To)
		if ev.Note != "" {
			fmt.Fprintf(w, "# %s\n", ev.Note)
		}
		fmt.Fprintf(w, "> %s %s\n", ev.Method, ev.URL)
		if ev.RequestBody != "" {
			fmt.Fprintf(w, "> %s\n", readableForm(ev.RequestBody))
		}
		if ev.Err != "" {
			fmt.Fprintf(w, "< error after %s: %s\n\n", ev.Duration.Round(time.Millisecond), ev.Err)
			continue
		}
		if ev.Status == 0 { // a browser step hsoauth did not see answered
			fmt.Fprintln(w)
			continue
		}
		fmt.Fprintf(w, "< %d in %s\n", ev.Status, ev.Duration.Round(time.Millisecond))
		if ev.ResponseBody != "" {
			fmt.Fprintf(w, "< %s\n", ev.ResponseBody)
		}
		fmt.Fprintln(w)
	}
}

// readableForm shows a form-encoded body as name=value pairs without percent-encoding, so the masked
// values read as masked ("5a4d••••0002") rather than as %E2%80%A2; anything else is shown as it is.
func readableForm(body string) string {
	vals, err := url.ParseQuery(body)
	if err != nil || strings.ContainsAny(body, "{[ \n") {
		return body
	}
	keys := make([]string, 0, len(vals))
	for k := range vals {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+"="+strings.Join(vals[k], ","))
	}
	return strings.Join(parts, " ")
}
