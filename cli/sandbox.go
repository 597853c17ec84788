package cli

import (
	"strings"

	flag "github.com/spf13/pflag"

	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/hsoauth/hsoauth/config"
	"github.com/hsoauth/hsoauth/session"

	"github.com/hsoauth/hsoauth/oauth/sandbox"
)

// applySandboxConfig takes the config's [sandbox] settings for every flag the user did not give.
func applySandboxConfig(opts *sandbox.Options, addr *string, sc config.Sandbox, fs *flag.FlagSet) {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if !set["access-ttl"] && sc.AccessTTL > 0 {
		opts.AccessTTL = sc.AccessTTL
	}
	if !set["rotate-refresh"] {
		opts.RotateRefresh = sc.RotateRefresh
	}
	if !set["deny-redirect"] {
		opts.DenyRedirect = sc.DenyRedirect
	}
	if !set["addr"] && sc.Addr != "" && sc.Addr != "127.0.0.1:0" {
		*addr = sc.Addr
	}
	opts.Apps = session.SandboxApps(sc)
}

// sandboxConfig reads the config's [sandbox] table, or nil when there is no config file.
func sandboxConfig(e Env, g globals) (*config.Sandbox, error) {
	path, err := configPath(e, g)
	if err != nil {
		return nil, err
	}
	cfg, err := config.Load(path, e.Getenv)
	if err != nil || !cfg.Exists {
		return nil, err
	}
	return &cfg.Sandbox, nil
}

// DefaultSandboxAddr is where `hsoauth sandbox` listens unless --addr says otherwise; the README's curl
// walkthrough uses it.
const DefaultSandboxAddr = "127.0.0.1:8421"

func runSandbox(e Env, args []string) int {
	var g globals
	fs := newFlagSet("sandbox", &g)
	addr := fs.String("addr", DefaultSandboxAddr, "loopback `address` to listen on (127.0.0.1:0 picks a free port)")
	ttl := fs.Duration("access-ttl", sandbox.DefaultAccessTTL, "access-token `lifetime`, 1s to 24h (60s makes expiry demos quick)")
	codeTTL := fs.Duration("code-ttl", sandbox.DefaultCodeTTL, "authorization-code `lifetime`, 1s to 1h")
	rotate := fs.Bool("rotate-refresh", false, "hand out a new refresh token on every refresh (HubSpot keeps the same one)")
	denyRedirect := fs.Bool("deny-redirect", false, "on Deny, redirect with error=access_denied (HubSpot shows a page instead)")
	cascade := fs.Bool("revoke-cascades", false, "revoking a refresh token also kills its access tokens")
	extended := fs.Bool("extended-token-fields", false, "add user_id and token_use to token responses")
	asJSON := fs.Bool("json", false, "print one JSON object (base_url, client_id, client_secret, redirect_urls, portals) on the first line")
	if code, ok := parseFlags(e, fs, args); !ok {
		return code
	}
	for _, err := range []error{checkDuration("access-ttl", *ttl, time.Second, maxAccessTTL),
		checkDuration("code-ttl", *codeTTL, time.Second, maxCodeTTL)} {
		if err != nil {
			return usageError(e, err.Error())
		}
	}
	// The config's [sandbox] table gives the defaults (and extra apps); flags given here win.
	opts := sandbox.Options{AccessTTL: *ttl, CodeTTL: *codeTTL, RotateRefresh: *rotate, DenyRedirect: *denyRedirect,
		RevokeCascades: *cascade, ExtendedTokenFields: *extended}
	sc, err := sandboxConfig(e, g)
	if err != nil {
		return failure(e, usageCode(err), err)
	}
	if sc != nil {
		applySandboxConfig(&opts, addr, *sc, fs)
	}
	srv, err := sandbox.New(opts)
	if err != nil {
		return usageError(e, err.Error())
	}
	if _, err := srv.Start(*addr); err != nil {
		if strings.Contains(err.Error(), "loopback") {
			return usageError(e, err.Error()) // a wrong --addr is a usage error
		}
		return failure(e, ExitFailure, err) // a busy port is not
	}
	if *asJSON {
		b, _ := json.Marshal(srv.Info())
		fmt.Fprintln(e.Stdout, string(b))
	} else {
		fmt.Fprint(e.Stdout, srv.Banner())
		fmt.Fprintln(e.Stdout, "\nCtrl-C stops the sandbox.")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	cctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := srv.Close(cctx); err != nil {
		return failure(e, ExitFailure, err)
	}
	if !*asJSON {
		fmt.Fprintln(e.Stderr, "sandbox stopped")
	}
	return ExitOK
}
