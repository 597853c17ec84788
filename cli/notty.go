package cli

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/charmbracelet/x/term"
)

// notTerminal names the standard streams that are not a terminal ("standard output", …), "" when both
// are. The TUI draws on stdout and reads keys from stdin: into a file it writes escape codes, and from
// /dev/null or a closed pipe it cannot read keys at all.
func notTerminal(stdin io.Reader, stdout io.Writer) string {
	var not []string
	if !isTerminal(stdin) {
		not = append(not, "standard input")
	}
	if !isTerminal(stdout) {
		not = append(not, "standard output")
	}
	return strings.Join(not, " and ")
}

// isTerminal reports whether a stream is a file that is a terminal.
func isTerminal(stream any) bool {
	f, ok := stream.(*os.File)
	return ok && f != nil && term.IsTerminal(f.Fd())
}

// refuseWithoutTerminal says why the TUI did not start and which subcommands do its job without a
// terminal, and returns the usage exit code.
func refuseWithoutTerminal(e Env, what string) int {
	verb := "is"
	if strings.Contains(what, " and ") {
		verb = "are"
	}
	fmt.Fprintf(e.Stderr, "hsoauth: the terminal UI did not start: %s %s not a terminal.\n", what, verb)
	fmt.Fprintln(e.Stderr, "Every step has a subcommand that works without one:")
	for _, c := range withoutTerminal {
		fmt.Fprintf(e.Stderr, "  %-46s %s\n", c[0], c[1])
	}
	fmt.Fprintln(e.Stderr, "Run 'hsoauth --help' for every subcommand, or run hsoauth in a terminal for the TUI.")
	return ExitUsage
}

// withoutTerminal are the subcommands that do the TUI's job without a terminal, with what each does.
var withoutTerminal = [][2]string{
	{"hsoauth scopes [--search TEXT] [--account ID]", "the scope catalog; 'scopes lint' checks a selection"},
	{"hsoauth url --scope a,b [--optional-scope c]", "print the authorize URL"},
	{"hsoauth login --no-browser --scope a,b", "sign in: print the URL, paste the redirect on stdin"},
	{"hsoauth token [--json]", "the stored token, masked, with the time left"},
	{"hsoauth refresh | inspect | revoke | portals", "the rest of the flow"},
	{"hsoauth sandbox", "the HubSpot simulator in the foreground"},
}
