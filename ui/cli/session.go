package cli

import (
	"context"
	"fmt"

	"github.com/hsoauth/hsoauth/ui/session"
)

// openSession opens the session the global flags describe, printing store notices on stderr.
func openSession(ctx context.Context, e Env, g globals) (*session.Session, error) {
	url := g.sandboxURL
	if url == "" {
		url = e.Getenv("HSOAUTH_SANDBOX_URL")
	}
	return session.Open(ctx, session.Options{
		ConfigPath: g.configPath,
		Profile:    g.profile,
		Getenv:     e.Getenv,
		Sandbox:    g.sandbox,
		SandboxURL: url,
		Warn:       func(msg string) { fmt.Fprintf(e.Stderr, "hsoauth: note: %s\n", msg) },
		TestMode:   testMode(e),
	})
}
