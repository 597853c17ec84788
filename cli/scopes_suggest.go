package cli

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/hsoauth/hsoauth/scopes"
)

// suggestReport is `hsoauth scopes suggest --json`; --scopes-from reads its selection back.
type suggestReport struct {
	Account   string          `json:"account,omitempty"`
	Calls     []callJSON      `json:"calls"`
	Scopes    []coverJSON     `json:"scopes"`
	Uncovered []uncoveredJSON `json:"uncovered"`
	Exact     bool            `json:"exact"`
	Selection selectionJSON   `json:"selection"`
	Lint      lintReport      `json:"lint"`
	Skipped   int             `json:"skipped_har_entries,omitempty"`
}

type callJSON struct {
	Method   string `json:"method"`
	Path     string `json:"path"`
	Line     int    `json:"line"`
	Template string `json:"template,omitempty"`
	API      string `json:"api,omitempty"`
}

type coverJSON struct {
	Name      string `json:"name"`
	Calls     []int  `json:"calls"`
	Legacy    bool   `json:"legacy"`
	Sensitive bool   `json:"sensitive"`
}

type uncoveredJSON struct {
	Call    int            `json:"call"`
	Reason  string         `json:"reason"`
	Nearest []endpointJSON `json:"nearest"`
}

// maxCallFile bounds what suggest reads.
const maxCallFile = 64 << 20

func runScopesSuggest(e Env, args []string) int {
	var g globals
	fs := newFlagSet("scopes suggest", &g)
	account := fs.String("account", "", "prefer scopes this account `id` can grant and lint the result against it")
	asJSON := fs.Bool("json", false, "print JSON instead of text")
	pos, code, ok := parseScopeCommand(e, fs, &g, args)
	if !ok {
		return code
	}
	if len(pos) > 1 {
		return usageError(e, fmt.Sprintf("want one call list (a FILE or - for stdin), got %d arguments", len(pos)))
	}
	acct, code, ok := optionalAccount(e, *account)
	if !ok {
		return code
	}
	name := "-"
	if len(pos) == 1 {
		name = pos[0]
	}
	data, err := readInput(e, name)
	if err != nil {
		return failure(e, ExitFailure, err)
	}
	list, err := scopes.ParseCalls(data)
	if err != nil {
		return failure(e, ExitFailure, fmt.Errorf("%s: %w", inputName(name), err))
	}
	if len(list.Calls) == 0 {
		return failure(e, ExitFailure, fmt.Errorf("%s: no calls; give one METHOD PATH a line, URLs, or a HAR file", inputName(name)))
	}
	rep := buildSuggestReport(list, acct)
	if code := writeReport(e, *asJSON, rep, func(w io.Writer) { writeSuggestText(w, rep, acct) }); code != ExitOK {
		return code
	}
	if len(rep.Uncovered) > 0 || rep.Lint.InstallFails {
		return ExitFailure
	}
	return ExitOK
}

func inputName(name string) string {
	if name == "-" {
		return "stdin"
	}
	return name
}

// readInput reads a named file, or stdin for "-", up to maxCallFile bytes.
func readInput(e Env, name string) ([]byte, error) {
	if name != "-" {
		return readFile(name)
	}
	data, err := io.ReadAll(io.LimitReader(e.Stdin, maxCallFile+1))
	if err == nil && len(data) > maxCallFile {
		err = fmt.Errorf("stdin is larger than %d MiB", maxCallFile>>20)
	}
	return data, err
}

// buildSuggestReport covers the calls and lints oauth plus the cover as required scopes.
func buildSuggestReport(list scopes.CallList, acct *scopes.Account) suggestReport {
	res := scopes.Endpoints().Cover(list.Calls, scopes.Default(), acct)
	rep := suggestReport{Calls: []callJSON{}, Scopes: []coverJSON{}, Uncovered: []uncoveredJSON{}, Exact: res.Exact,
		Skipped: list.Skipped}
	for i, c := range list.Calls {
		j := callJSON{Method: c.Method, Path: c.Path, Line: c.Line}
		if m := res.Matched[i]; m.Path != "" {
			j.Template, j.API = m.Path, m.API
		}
		rep.Calls = append(rep.Calls, j)
	}
	for _, s := range res.Scopes {
		rep.Scopes = append(rep.Scopes, coverJSON{Name: s.Name, Calls: s.Calls, Legacy: s.Legacy, Sensitive: s.Sensitive})
	}
	for _, u := range res.Uncovered {
		j := uncoveredJSON{Call: u.Call, Reason: u.Reason, Nearest: []endpointJSON{}}
		for _, n := range u.Nearest {
			j.Nearest = append(j.Nearest, endpointOf(n))
		}
		rep.Uncovered = append(rep.Uncovered, j)
	}
	sel := scopes.Selection{Required: suggestedRequired(res.Names())}
	rep.Lint = buildLintReport(sel, acct)
	rep.Selection, rep.Account = rep.Lint.Selection, rep.Lint.Account
	return rep
}

// suggestedRequired is oauth (HubSpot gives it to every app; install URLs without it have failed)
// followed by the cover.
func suggestedRequired(cover []string) []string {
	if slices.Contains(cover, "oauth") {
		return slices.Clone(cover)
	}
	return append([]string{"oauth"}, cover...)
}

// writeSuggestText prints one scope a line with the calls it covers as a comment, so the output is both
// readable and a valid --scopes-from file; everything else is a # comment.
func writeSuggestText(w io.Writer, rep suggestReport, acct *scopes.Account) {
	proof := "the smallest possible"
	if !rep.Exact {
		proof = "the best found before the search budget ran out; a smaller one may exist"
	}
	fmt.Fprintf(w, "# %d calls; %d scopes cover them (%s).\n", len(rep.Calls), len(rep.Scopes), proof)
	if rep.Skipped > 0 {
		fmt.Fprintf(w, "# %d HAR entries to other hosts were left out.\n", rep.Skipped)
	}
	width := len("oauth")
	for _, s := range rep.Scopes {
		width = max(width, len(s.Name))
	}
	if !slices.ContainsFunc(rep.Scopes, func(s coverJSON) bool { return s.Name == "oauth" }) {
		fmt.Fprintf(w, "%-*s  # HubSpot gives it to every app; keep it required\n", width, "oauth")
	}
	for _, s := range rep.Scopes {
		calls := make([]string, len(s.Calls))
		for i, c := range s.Calls {
			calls[i] = rep.Calls[c].Method + " " + rep.Calls[c].Path
		}
		fmt.Fprintf(w, "%-*s  # %s%s\n", width, s.Name, scopeTags(s), strings.Join(calls, "; "))
	}
	if len(rep.Uncovered) > 0 {
		fmt.Fprintln(w, "# Not covered by any scope:")
		for _, u := range rep.Uncovered {
			c := rep.Calls[u.Call]
			fmt.Fprintf(w, "#   %s %s (line %d): %s\n", c.Method, c.Path, c.Line, u.Reason)
			for _, n := range u.Nearest {
				fmt.Fprintf(w, "#     nearest: %s %s\n", n.Method, n.Template)
			}
		}
	}
	var b strings.Builder
	writeLintText(&b, rep.Lint, acct)
	fmt.Fprintln(w, "#\n# Lint of these as the required scopes:")
	for _, line := range strings.Split(strings.TrimRight(b.String(), "\n"), "\n") {
		fmt.Fprintln(w, strings.TrimRight("# "+line, " "))
	}
	fmt.Fprintln(w, "#\n# Save this output and pass it on: hsoauth url --scopes-from FILE (or login, or the TUI).")
}

func scopeTags(s coverJSON) string {
	var t []string
	if s.Legacy {
		t = append(t, "legacy")
	}
	if s.Sensitive {
		t = append(t, "sensitive")
	}
	if len(t) == 0 {
		return ""
	}
	return "(" + strings.Join(t, ", ") + ") "
}
