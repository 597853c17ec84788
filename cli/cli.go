// Package cli is hsoauth's command line: it parses the subcommands' flags, runs them, and starts the TUI when
// no subcommand is given. It holds no OAuth or catalog logic of its own; it wires config, oauth, the sandbox
// and the scope catalog together and formats their results for people (tables) and scripts (--json).
package cli

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sort"
	"strings"

	flag "github.com/spf13/pflag"

	"github.com/hsoauth/hsoauth/config"
	"github.com/hsoauth/hsoauth/session"
)

// Exit codes, documented in --help and the README so scripts can branch on them.
const (
	ExitOK      = 0 // success
	ExitFailure = 1 // the operation failed (including a lint that predicts a failed install)
	ExitUsage   = 2 // bad flags, arguments or subcommand
	ExitDenied  = 3 // authorization denied or timed out
	ExitNoToken = 4 // no valid token stored
)

// Env is everything the command line may touch of the outside world. main.go fills it from the process;
// tests fill it with buffers and fake environments.
type Env struct {
	Args    []string
	Getenv  func(string) string
	Stdin   io.Reader
	Stdout  io.Writer
	Stderr  io.Writer
	Version string
	// Dirs are the config and state directories (DefaultDirs in main; temp dirs in tests).
	Dirs config.Dirs
}

// command is one subcommand: its name, a one-line summary for --help, and how to run it.
type command struct {
	name    string
	summary string
	run     func(e Env, args []string) int
}

// commands returns the subcommand table in the order --help lists it.
func commands() []command {
	return []command{
		{"scopes", "the scope catalog; scopes lint (a selection or --url), for METHOD PATH, suggest CALLS", runScopes},
		{"sandbox", "run the embedded HubSpot OAuth simulator in the foreground", runSandbox},
		{"url", "print the authorize URL for the profile's scopes", runURL},
		{"login", "run the whole authorization-code flow and store the token", runLogin},
		{"token", "show the stored token and its time left (--header for curl)", runToken},
		{"refresh", "refresh the stored access token now", runRefresh},
		{"inspect", "introspect the stored token: granted vs requested scopes", runInspect},
		{"api", "call a HubSpot API with the stored token: [METHOD] PATH, scopes checked first", runAPI},
		{"revoke", "revoke the stored refresh token at HubSpot", runRevoke},
		{"portals", "list the stored token sets (one per portal)", runPortals},
		{"logout", "forget a stored token locally (does not revoke it)", runLogout},
		{"config", "config init | path | check: manage the config file", runConfig},
		{"version", "print the version", runVersion},
	}
}

// Run executes the command line in e and returns the process exit code.
func Run(e Env) int {
	if e.Getenv == nil {
		e.Getenv = func(string) string { return "" }
	}
	args := e.Args
	if len(args) == 0 {
		return runTUI(e, nil)
	}
	first := args[0]
	switch {
	case first == "-h" || first == "-help" || first == "--help" || first == "help":
		printHelp(e.Stdout, e.Version)
		return ExitOK
	case first == "-v" || first == "-version" || first == "--version":
		return runVersion(e, nil)
	case strings.HasPrefix(first, "-"):
		// Global flags before any subcommand belong to the TUI.
		return runTUI(e, args)
	}
	for _, c := range commands() {
		if c.name == first {
			return c.run(e, args[1:])
		}
	}
	names := make([]string, 0, len(commands()))
	for _, c := range commands() {
		names = append(names, c.name)
	}
	return usageError(e, fmt.Sprintf("unknown subcommand %q%s; run 'hsoauth --help' for the list", first, didYouMean(first, names)))
}

// isCommand reports whether name is a subcommand.
func isCommand(name string) bool {
	for _, c := range commands() {
		if c.name == name {
			return true
		}
	}
	return false
}

func runVersion(e Env, _ []string) int {
	fmt.Fprintf(e.Stdout, "hsoauth %s\n", e.Version)
	return ExitOK
}

// printHelp writes the top-level --help: every subcommand with one line, the global flags and the exit codes.
func printHelp(w io.Writer, version string) {
	fmt.Fprintf(w, "hsoauth %s: explore, test and teach HubSpot OAuth 2.0\n\n", version)
	fmt.Fprintln(w, "Usage:")
	fmt.Fprintln(w, "  hsoauth [--config PATH] [--profile NAME] [--sandbox]   open the TUI in this terminal (the embedded sandbox when no app is configured)")
	fmt.Fprintln(w, "  hsoauth <subcommand> [flags]                           run one step; 'hsoauth <subcommand> --help' for its flags")
	fmt.Fprintln(w, "\nSubcommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nGlobal flags (accepted by every subcommand):")
	fmt.Fprintln(w, "  --config PATH    config file (default $XDG_CONFIG_HOME/hsoauth/config.toml)")
	fmt.Fprintln(w, "  --profile NAME   profile to use (default: the config's default profile; env HSOAUTH_PROFILE)")
	fmt.Fprintln(w, "  --sandbox        use the built-in HubSpot sandbox even when an app is configured")
	fmt.Fprintln(w, "  --sandbox-url U  use a running 'hsoauth sandbox' at base URL U (env HSOAUTH_SANDBOX_URL)")
	fmt.Fprintln(w, "  --api-version V  OAuth API version for this run: v1, v3 or 2026-03 (default: the profile's)")
	fmt.Fprintln(w, "  --verbose        print every HTTP exchange on stderr (secrets masked)")
	fmt.Fprintln(w, "\n  --version, -v    print the version (alone, before any subcommand)")
	fmt.Fprintln(w, "\nExit codes:")
	fmt.Fprintln(w, "  0 ok   1 failure   2 usage error   3 authorization denied or timed out   4 no valid token")
	fmt.Fprintln(w, "\nTokens and the client secret are masked unless you pass --reveal; codes and PKCE verifiers are never")
	fmt.Fprintln(w, "printed (but 'url --json', which hands a script what it needs to finish the flow); an authorize URL")
	fmt.Fprintln(w, "necessarily carries its state.")
}

// usageError prints msg to stderr and returns ExitUsage.
func usageError(e Env, msg string) int {
	fmt.Fprintf(e.Stderr, "hsoauth: %s\n", msg)
	return ExitUsage
}

// failure explains err on stderr, in the words the TUI uses (session.Explain), and returns the exit code
// its outcome calls for: 3 for a denial or a timeout, 4 when a new login is needed, code otherwise.
func failure(e Env, code int, err error) int {
	ex := session.Explain(err)
	fmt.Fprintf(e.Stderr, "hsoauth: %s\n", ex)
	return exitCode(ex.Outcome, code)
}

// exitCode maps an outcome to the documented exit codes; other outcomes keep fallback.
func exitCode(o session.Outcome, fallback int) int {
	switch o {
	case session.OutcomeDenied, session.OutcomeTimedOut:
		return ExitDenied
	case session.OutcomeNoToken:
		return ExitNoToken
	case session.OutcomeCancelled:
		return ExitFailure
	}
	return fallback
}

// parseFlags parses args with fs, refusing positional arguments (no subcommand here takes any), and turns
// the parser's terse errors into usage errors that name the nearest valid flag. It returns ok=false with
// the exit code when the caller should stop.
func parseFlags(e Env, fs *flag.FlagSet, args []string) (code int, ok bool) {
	if code, ok := parseFlagsAndArgs(e, fs, args); !ok {
		return code, false
	}
	if fs.NArg() > 0 {
		return usageError(e, fmt.Sprintf("'%s' takes no arguments, but got %q; flags start with -- (run '%s --help')", commandLine(fs), fs.Arg(0), commandLine(fs))), false
	}
	return 0, true
}

// parseFlagsAndArgs is parseFlags for subcommands that take positional arguments (fs.Args()).
func parseFlagsAndArgs(e Env, fs *flag.FlagSet, args []string) (code int, ok bool) {
	fs.SetOutput(io.Discard)
	fs.SortFlags = true
	if msg := singleDashLong(fs, args); msg != "" {
		return usageError(e, msg), false
	}
	err := fs.Parse(args)
	if help, _ := fs.GetBool("help"); err == nil && help {
		printFlagHelp(e.Stdout, fs)
		return ExitOK, false
	}
	if err == nil {
		return 0, true
	}
	if errors.Is(err, flag.ErrHelp) {
		printFlagHelp(e.Stdout, fs)
		return ExitOK, false
	}
	return usageError(e, flagErrorText(fs, err.Error())), false
}

// printFlagHelp is a subcommand's --help: its flags in --long form, as the top-level --help shows them.
func printFlagHelp(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, "Usage: %s [flags]%s\n\nFlags:\n", commandLine(fs), positionalUsage[fs.Name()])
	type row struct{ left, usage string }
	var rows []row
	width := 0
	fs.VisitAll(func(f *flag.Flag) {
		arg, usage := flag.UnquoteUsage(f)
		left := "--" + f.Name
		if f.Value.Type() != "bool" {
			left += " " + arg
		}
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" && f.DefValue != "[]" && f.Value.Type() != "scopes" {
			usage += " (default " + f.DefValue + ")"
		}
		rows = append(rows, row{left, usage})
		width = max(width, len(left))
	})
	for _, r := range rows {
		fmt.Fprintf(w, "  %-*s  %s\n", width, r.left, r.usage)
	}
}

// positionalUsage is what the subcommands that take arguments take, for their --help.
var positionalUsage = map[string]string{
	"scopes for":     " METHOD PATH",
	"scopes suggest": " [FILE|-]",
	"api":            " [METHOD] PATH",
}

// commandLine is how the user typed the command: "hsoauth" for the TUI's own flags, else "hsoauth NAME".
func commandLine(fs *flag.FlagSet) string {
	if fs.Name() == "hsoauth" {
		return "hsoauth"
	}
	return "hsoauth " + fs.Name()
}

// singleDashLong catches a long flag typed with one dash (-json, -hub-id=5), which the parser would read
// as a run of one-letter flags, and says to use two.
func singleDashLong(fs *flag.FlagSet, args []string) string {
	for _, a := range args {
		if a == "--" {
			return ""
		}
		if len(a) < 3 || a[0] != '-' || a[1] == '-' {
			continue
		}
		name, _, _ := strings.Cut(a[1:], "=")
		if fs.Lookup(name) != nil {
			return fmt.Sprintf("flags take two dashes: --%s, not -%s", name, name)
		}
	}
	return ""
}

// flagErrorText rewrites the parser's messages: an unknown flag names the nearest valid one, and a
// single-dash long flag (-json) says to use two dashes.
func flagErrorText(fs *flag.FlagSet, msg string) string {
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	sort.Strings(names)
	help := fmt.Sprintf("run '%s --help'", commandLine(fs))
	switch {
	case strings.HasPrefix(msg, "unknown flag: --"):
		bad := strings.TrimPrefix(msg, "unknown flag: --")
		return fmt.Sprintf("unknown flag --%s for '%s'%s; %s", bad, commandLine(fs), didYouMeanFlag(bad, names), help)
	case strings.HasPrefix(msg, "unknown shorthand flag: "):
		// -json parses as the shorthands j, s, o, n: the user meant a long flag.
		word := msg[strings.LastIndex(msg, " in -")+len(" in -"):]
		word, _, _ = strings.Cut(word, "=")
		if slices.Contains(names, word) {
			return fmt.Sprintf("flags take two dashes: --%s, not -%s", word, word)
		}
		return fmt.Sprintf("unknown flag -%s for '%s'%s; flags take two dashes; %s", word, commandLine(fs), didYouMeanFlag(word, names), help)
	}
	if m := invalidArgRE.FindStringSubmatch(msg); m != nil {
		// `invalid argument "-1" for "--hub-id" flag: why` reads better as `--hub-id -1: why`.
		return fmt.Sprintf("%s %s: %s; %s", m[2], m[1], m[3], help)
	}
	return msg + "; " + help
}

var invalidArgRE = regexp.MustCompile(`^invalid argument "(.*)" for "(?:-\w, )?(--[\w-]+)" flag: (.*)$`)
