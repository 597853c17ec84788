package cli

import (
	"fmt"
	"slices"

	"github.com/hsoauth/hsoauth/config"
	"github.com/hsoauth/hsoauth/oauth"
	"github.com/hsoauth/hsoauth/oauth/sandbox"
	"github.com/hsoauth/hsoauth/scopes"
	"github.com/hsoauth/hsoauth/session"
)

// flowRules are the checks the flows themselves apply (the OAuth client's, the simulator's), handed to
// `config check` so it calls valid exactly what they accept.
func flowRules() config.Rules {
	return config.Rules{
		RedirectURI:          oauth.CheckRedirectURI,
		OwnServerRedirectURI: oauth.CheckOwnServerRedirectURI,
		ClientID:             oauth.CheckClientID,
		Endpoint:             oauth.CheckEndpointURL,
		Account: func(id string) error {
			_, err := scopes.ParseAccount(id)
			return err
		},
		SandboxApp: func(a config.SandboxApp) error {
			_, err := sandbox.New(sandbox.Options{Apps: session.SandboxApps(config.Sandbox{Apps: []config.SandboxApp{a}})})
			return err
		},
	}
}

func runConfig(e Env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(e.Stdout, "Usage: hsoauth config init [--force] | path | check   [--config PATH]")
		fmt.Fprintln(e.Stdout, "  init   write a commented starter config (never overwrites without --force)")
		fmt.Fprintln(e.Stdout, "  path   print where the config file is read from")
		fmt.Fprintln(e.Stdout, "  check  validate the config file; problems are listed with line and column")
		if len(args) == 0 {
			return ExitUsage
		}
		return ExitOK
	}
	args = verbFirst(args, "init", "path", "check") // hsoauth config --config X check
	var g globals
	fs := newFlagSet("config "+args[0], &g)
	force := fs.Bool("force", false, "init: overwrite an existing file")
	if code, ok := parseFlagsAndArgs(e, fs, args[1:]); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(e, fmt.Sprintf("unexpected argument %q; use --config PATH to name the file", fs.Arg(0)))
	}
	path := g.configPath
	if path == "" {
		p, err := e.Dirs.ConfigFile()
		if err != nil {
			return failure(e, ExitFailure, err)
		}
		path = p
	}
	switch args[0] {
	case "path":
		fmt.Fprintln(e.Stdout, path)
	case "init":
		if err := config.Init(path, *force); err != nil {
			return failure(e, ExitFailure, err)
		}
		fmt.Fprintf(e.Stdout, "Wrote %s. Fill in client_id and where the client secret comes from, then run 'hsoauth config check'.\n", path)
	case "check":
		if _, err := configPath(e, g); err != nil {
			return failure(e, usageCode(err), err)
		}
		problems, err := config.Check(path, flowRules())
		if err != nil {
			return failure(e, ExitFailure, err)
		}
		if len(problems) > 0 {
			var ve config.ValidationErrors = problems
			fmt.Fprintln(e.Stderr, ve.Error())
			return ExitFailure
		}
		fmt.Fprintf(e.Stdout, "%s is valid.\n", path)
	default:
		return usageError(e, fmt.Sprintf("unknown config action %q%s; use init, path or check", args[0], didYouMean(args[0], []string{"init", "path", "check"})))
	}
	return ExitOK
}

// verbFirst moves the first of verbs found in args to the front, so flags may come before the verb.
func verbFirst(args []string, verbs ...string) []string {
	for i, a := range args {
		if slices.Contains(verbs, a) {
			return append([]string{a}, append(append([]string(nil), args[:i]...), args[i+1:]...)...)
		}
	}
	return args
}
