package cli

import (
	"io"
	"time"

	"context"
	"fmt"
	"github.com/hsoauth/hsoauth/oauth"

	"github.com/hsoauth/hsoauth/ui/session"
)

// openSession opens the session the global flags describe, printing store notices on stderr. With
// --verbose every HTTP exchange of the session is printed on stderr as it happens, secrets masked.
func openSession(ctx context.Context, e Env, g globals) (*session.Session, error) {
	url := g.sandboxURL
	if url == "" {
		url = e.Getenv("HSOAUTH_SANDBOX_URL")
	}
	sess, err := session.Open(ctx, session.Options{
		ConfigPath: g.configPath,
		Profile:    g.profile,
		Getenv:     e.Getenv,
		Sandbox:    g.sandbox,
		SandboxURL: url,
		Warn:       func(msg string) { fmt.Fprintf(e.Stderr, "hsoauth: note: %s\n", msg) },
		TestMode:   testMode(e),
	})
	if err == nil && g.verbose {
		events, stop := sess.Trace.Subscribe()
		done := make(chan struct{})
		go func() { printTrace(e.Stderr, events); close(done) }()
		sess.AtClose(func() { stop(); <-done }) // print what is still queued before the command ends
	}
	return sess, err
}

// printTrace writes each exchange as it is recorded (the trace masks every secret first) until events closes.
func printTrace(w io.Writer, events <-chan oauth.TraceEvent) {
	for ev := range events {
		fmt.Fprintf(w, "> %s %s\n", ev.Method, ev.URL)
		if ev.RequestBody != "" {
			fmt.Fprintf(w, "> %s\n", ev.RequestBody)
		}
		if ev.Err != "" {
			fmt.Fprintf(w, "< error after %s: %s\n\n", ev.Duration.Round(time.Millisecond), ev.Err)
			continue
		}
		fmt.Fprintf(w, "< %d in %s\n", ev.Status, ev.Duration.Round(time.Millisecond))
		if ev.ResponseBody != "" {
			fmt.Fprintf(w, "< %s\n", ev.ResponseBody)
		}
		fmt.Fprintln(w)
	}
}
