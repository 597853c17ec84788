package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/hsoauth/hsoauth/config"
	"github.com/hsoauth/hsoauth/scopes"
)

// scopeJSON is one catalog entry as `hsoauth scopes --json` prints it; the field names are a stable interface.
type scopeJSON struct {
	Name         string   `json:"name"`
	Group        string   `json:"group"`
	Description  string   `json:"description"`
	APIs         []string `json:"apis"`
	Access       string   `json:"access"`
	Availability string   `json:"availability"`
	AvailableOn  []string `json:"available_on"`
	Sensitivity  string   `json:"sensitivity"`
	Legacy       bool     `json:"legacy"`
	Deprecated   bool     `json:"deprecated"`
	Seed         bool     `json:"seed"`
	Aliases      []string `json:"aliases"`
	Related      []string `json:"related"`
	Notes        []string `json:"notes"`
	// Provenance: where the entry and its availability come from, how sure that is, and what older
	// sources said before a newer one overrode them.
	Source             string   `json:"source"`
	AvailabilitySource string   `json:"availability_source"`
	Confidence         string   `json:"confidence"`
	OlderAvailability  []string `json:"older_availability"`
	LegacyNote         string   `json:"legacy_note,omitempty"`
	DeprecatedSince    string   `json:"deprecated_since,omitempty"`
	Replacements       []string `json:"replacements"`
}

func runScopes(e Env, args []string) int {
	if len(args) > 0 {
		switch args[0] {
		case "lint":
			return runScopesLint(e, args[1:])
		case "for":
			return runScopesFor(e, args[1:])
		case "suggest":
			return runScopesSuggest(e, args[1:])
		}
	}
	var g globals
	fs := newFlagSet("scopes", &g)
	account := fs.String("account", "", "keep only the scopes this account `id` can grant: "+scopes.AccountIDFlagHelp)
	search := fs.String("search", "", "keep only scopes matching `text`, best first: a task in words (\"read and write deals\"), a scope name, or an API path (the scopes that grant it first)")
	asJSON := fs.Bool("json", false, "print a JSON array instead of a table")
	if code, ok := parseFlagsAndArgs(e, fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(e, fmt.Sprintf("unexpected argument %q; did you mean 'hsoauth scopes lint', 'scopes for', 'scopes suggest' or --search %s?", fs.Arg(0), fs.Arg(0)))
	}
	if err := checkOfflineGlobals(e, g); err != nil {
		return failure(e, usageCode(err), err)
	}
	cat := scopes.Default()
	var ix *scopes.EndpointIndex
	if scopes.LooksLikePath(*search) {
		ix = scopes.Endpoints() // decoded only for a path query: "which scopes grant /crm/v3/objects/deals"
	}
	list := cat.SearchEndpoints(ix, *search)
	if *account != "" {
		acct, err := parseAccountFlag(e, *account)
		if err != nil {
			return usageError(e, err.Error())
		}
		list = availableOn(list, acct)
	}
	if *asJSON {
		return writeJSON(e, scopesJSON(list))
	}
	writeScopeTable(e.Stdout, list)
	return ExitOK
}

// parseAccountFlag reads an --account id and tells the user, on stderr, what the parser noticed
// (a former hub name, an ignored term), so a renamed product never passes silently.
func parseAccountFlag(e Env, id string) (scopes.Account, error) {
	a, err := scopes.ParseAccount(id)
	if err != nil {
		return a, err
	}
	for _, n := range a.Notes {
		fmt.Fprintf(e.Stderr, "note: %s\n", n)
	}
	return a, nil
}

// availableOn keeps the scopes acct can grant, in order.
func availableOn(list []scopes.Scope, acct scopes.Account) []scopes.Scope {
	out := list[:0:0]
	for _, s := range list {
		if s.AvailableOn(acct).OK {
			out = append(out, s)
		}
	}
	return out
}

// scopesJSON converts catalog entries to their JSON form, listing the preset accounts that can grant each.
func scopesJSON(list []scopes.Scope) []scopeJSON {
	presets := scopes.Presets()
	out := make([]scopeJSON, 0, len(list))
	for _, s := range list {
		j := scopeJSON{
			Name: s.Name, Group: s.Group, Description: s.Description, APIs: nonNil(s.APIs),
			Access: string(s.Access), Availability: s.Availability.String(), AvailableOn: []string{},
			Sensitivity: string(s.Sensitivity), Legacy: s.Legacy, Deprecated: s.Deprecated, Seed: s.Seed,
			Aliases: nonNil(s.Aliases), Related: nonNil(s.Related), Notes: nonNil(s.Notes),
			Source: s.Provenance.Source, AvailabilitySource: s.Provenance.AvailabilitySource,
			Confidence: string(s.Provenance.Confidence), OlderAvailability: nonNil(s.Provenance.Older),
			LegacyNote: s.LegacyNote, DeprecatedSince: s.DeprecatedSince, Replacements: nonNil(s.Replacements),
		}
		for _, p := range presets {
			if s.AvailableOn(p).OK {
				j.AvailableOn = append(j.AvailableOn, p.ID)
			}
		}
		out = append(out, j)
	}
	return out
}

// nonNil makes empty lists print as [] rather than null, so scripts can iterate without a check.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// writeScopeTable prints the catalog grouped by area: name, access, flags and availability on one line,
// then the description indented under it, so the table reads well at 80 columns and still greps by name.
func writeScopeTable(w io.Writer, list []scopes.Scope) {
	if len(list) == 0 {
		fmt.Fprintln(w, "No scopes match.")
		return
	}
	nameW := 0
	for _, s := range list {
		nameW = max(nameW, len(s.Name))
	}
	nameW = min(nameW, 48)
	group := ""
	for _, s := range list {
		if s.Group != group {
			if group != "" {
				fmt.Fprintln(w)
			}
			group = s.Group
			fmt.Fprintln(w, strings.ToUpper(group))
		}
		fmt.Fprintf(w, "  %-*s  %-5s  %-3s  %s\n", nameW, s.Name, s.Access, scopeFlags(s), s.Availability.String())
		for _, line := range wrapWords(s.Description, 72) {
			fmt.Fprintf(w, "      %s\n", line)
		}
	}
	fmt.Fprintf(w, "\n%d scopes. Flags: S sensitive, H highly sensitive, L legacy, D deprecated, * in HubSpot's original table.\n", len(list))
}

// scopeFlags is the compact flag column of the table.
func scopeFlags(s scopes.Scope) string {
	f := ""
	switch s.Sensitivity {
	case scopes.SensitivitySensitive:
		f += "S"
	case scopes.SensitivityHighly:
		f += "H"
	}
	if s.Legacy {
		f += "L"
	}
	if s.Deprecated {
		f += "D"
	}
	if s.Seed {
		f += "*"
	}
	if f == "" {
		f = "-"
	}
	return f
}

// writeJSON prints v as indented JSON on stdout.
func writeJSON(e Env, v any) int {
	enc := json.NewEncoder(e.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return failure(e, ExitFailure, err)
	}
	return ExitOK
}

// readFile reads a file named on the command line with an error that says which file and why: only a
// regular file, within config's input limits on size and nesting (an app-hsmeta.json is a few KiB).
func readFile(path string) ([]byte, error) {
	b, err := config.ReadInputFile(path, "file")
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%s: no such file; check the path", path)
	}
	return b, err
}

// wrapWords breaks text into lines of at most width runes at spaces (a longer word gets a line of its own).
func wrapWords(text string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		switch {
		case line == "":
			line = word
		case len([]rune(line))+1+len([]rune(word)) <= width:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}
