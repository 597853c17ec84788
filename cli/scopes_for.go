package cli

import (
	"fmt"
	"io"
	"slices"
	"strings"

	flag "github.com/spf13/pflag"

	"github.com/hsoauth/hsoauth/scopes"
)

// forReport is `hsoauth scopes for --json`; the field names are a stable interface.
type forReport struct {
	Method  string         `json:"method"`
	Path    string         `json:"path"`
	Account string         `json:"account,omitempty"`
	Matches []forMatchJSON `json:"matches"`
	Nearest []endpointJSON `json:"nearest,omitempty"`
}

// endpointJSON names one documented operation.
type endpointJSON struct {
	Method   string `json:"method"`
	Template string `json:"template"`
	API      string `json:"api"`
	Version  string `json:"version"`
}

type forMatchJSON struct {
	endpointJSON
	Params       map[string]string `json:"params"`
	Alternatives []alternativeJSON `json:"alternatives"`
	Summary      string            `json:"summary"`
	Tiers        string            `json:"tiers"`
	TierPhrase   string            `json:"tier_phrase,omitempty"`
	UserLevel    bool              `json:"user_level_auth"`
}

// alternativeJSON is one way to be granted the call: every scope in Scopes together.
type alternativeJSON struct {
	Scopes      []string `json:"scopes"`
	Legacy      bool     `json:"legacy"`
	AvailableOn []string `json:"available_on"`         // preset accounts that can grant every scope of it
	GrantedBy   []string `json:"granted_by"`           // per scope: which accounts can grant it, in words
	Retired     []string `json:"retired"`              // scopes the catalog marks legacy or deprecated
	Unknown     []string `json:"unknown"`              // scopes the catalog does not know
	OnAccount   *bool    `json:"on_account,omitempty"` // with --account: can that account grant it
}

func runScopesFor(e Env, args []string) int {
	var g globals
	fs := newFlagSet("scopes for", &g)
	account := fs.String("account", "", "also judge each alternative on this account `id`")
	asJSON := fs.Bool("json", false, "print JSON instead of text")
	pos, code, ok := parseScopeCommand(e, fs, &g, args)
	if !ok {
		return code
	}
	method, path, err := methodAndPath(pos)
	if err != nil {
		return usageError(e, err.Error())
	}
	acct, code, ok := optionalAccount(e, *account)
	if !ok {
		return code
	}
	rep := buildForReport(method, path, acct)
	if code := writeReport(e, *asJSON, rep, func(w io.Writer) { writeForText(w, rep) }); code != ExitOK {
		return code
	}
	if len(rep.Matches) == 0 {
		return ExitFailure
	}
	return ExitOK
}

// writeReport prints v as JSON or, without --json, as text.
func writeReport(e Env, asJSON bool, v any, text func(io.Writer)) int {
	if asJSON {
		return writeJSON(e, v)
	}
	text(e.Stdout)
	return ExitOK
}

// parseScopeCommand parses a scope subcommand's flags (before, between or after its arguments) and holds
// the global flags it takes to what they promise everywhere (checkOfflineGlobals).
func parseScopeCommand(e Env, fs *flag.FlagSet, g *globals, args []string) (pos []string, code int, ok bool) {
	if code, ok := parseFlagsAndArgs(e, fs, args); !ok {
		return nil, code, false
	}
	if err := checkOfflineGlobals(e, *g); err != nil {
		return nil, failure(e, usageCode(err), err), false
	}
	return fs.Args(), 0, true
}

// methodAndPath reads "METHOD PATH", "METHOD URL", one quoted "METHOD PATH" or a URL alone (GET).
func methodAndPath(pos []string) (string, string, error) {
	if len(pos) == 1 {
		pos = strings.Fields(pos[0])
	}
	if len(pos) == 1 && !slices.Contains(scopes.HTTPMethods, strings.ToUpper(pos[0])) {
		return "GET", pos[0], nil
	}
	if len(pos) != 2 {
		return "", "", fmt.Errorf("want METHOD PATH, e.g. 'hsoauth scopes for GET /crm/v3/objects/deals' (got %d arguments)", len(pos))
	}
	m := strings.ToUpper(pos[0])
	if !slices.Contains(scopes.HTTPMethods, m) {
		return "", "", fmt.Errorf("%q is not an HTTP method; want one of %s", pos[0], strings.Join(scopes.HTTPMethods, ", "))
	}
	if !strings.Contains(pos[1], "/") {
		return "", "", fmt.Errorf("%q is not a path; want one like /crm/v3/objects/deals or a full https://api.hubapi.com/... URL", pos[1])
	}
	return m, pos[1], nil
}

// optionalAccount parses --account when given.
func optionalAccount(e Env, id string) (*scopes.Account, int, bool) {
	if id == "" {
		return nil, 0, true
	}
	a, err := parseAccountFlag(e, id)
	if err != nil {
		return nil, usageError(e, err.Error()), false
	}
	return &a, 0, true
}

// buildForReport answers "which scopes grant this call".
func buildForReport(method, path string, acct *scopes.Account) forReport {
	ix := scopes.Endpoints()
	rep := forReport{Method: method, Path: path, Matches: []forMatchJSON{}}
	if acct != nil {
		rep.Account = acct.ID
	}
	for _, m := range ix.Match(method, path) {
		rep.Matches = append(rep.Matches, matchJSON(m, acct))
	}
	if len(rep.Matches) == 0 {
		for _, ep := range ix.Nearest(method, path, 5) {
			rep.Nearest = append(rep.Nearest, endpointOf(ep))
		}
	}
	return rep
}

func endpointOf(ep scopes.Endpoint) endpointJSON {
	return endpointJSON{Method: ep.Method, Template: ep.Path, API: ep.API, Version: ep.Version}
}

func matchJSON(m scopes.EndpointMatch, acct *scopes.Account) forMatchJSON {
	ep := m.Endpoint
	j := forMatchJSON{endpointJSON: endpointOf(ep), Params: m.Params, Alternatives: []alternativeJSON{},
		Summary: alternativesPhrase(ep.Scopes), Tiers: ep.Tiers, TierPhrase: ep.TierPhrase(), UserLevel: ep.UserLevel}
	if j.Params == nil {
		j.Params = map[string]string{}
	}
	for k, alts := range [][][]string{ep.Scopes, ep.Legacy} {
		for _, alt := range alts {
			j.Alternatives = append(j.Alternatives, alternativeOf(alt, k == 1, acct))
		}
	}
	return j
}

// alternativeOf lists where one alternative can be granted.
func alternativeOf(alt []string, legacy bool, acct *scopes.Account) alternativeJSON {
	cat := scopes.Default()
	a := alternativeJSON{Scopes: slices.Clone(alt), Legacy: legacy, AvailableOn: []string{}, GrantedBy: []string{},
		Retired: []string{}, Unknown: []string{}}
	var known []scopes.Scope
	for _, n := range alt {
		s, ok := cat.Lookup(n)
		if !ok {
			a.Unknown = append(a.Unknown, n)
			continue
		}
		known = append(known, s)
		a.GrantedBy = append(a.GrantedBy, s.Availability.String())
		if s.Legacy || s.Deprecated {
			a.Retired = append(a.Retired, n)
		}
	}
	grants := func(x scopes.Account) bool {
		if len(a.Unknown) > 0 {
			return false
		}
		for _, s := range known {
			if !s.AvailableOn(x).OK {
				return false
			}
		}
		return true
	}
	for _, p := range scopes.Presets() {
		if grants(p) {
			a.AvailableOn = append(a.AvailableOn, p.ID)
		}
	}
	if acct != nil {
		ok := grants(*acct)
		a.OnAccount = &ok
	}
	return a
}

// alternativesPhrase spells alternatives out: "any one of: a, b; or all of: c + d".
func alternativesPhrase(alts [][]string) string {
	var singles, sets []string
	for _, alt := range alts {
		if len(alt) == 1 {
			singles = append(singles, alt[0])
		} else {
			sets = append(sets, "all of: "+strings.Join(alt, " + "))
		}
	}
	var parts []string
	switch len(singles) {
	case 0:
	case 1:
		parts = append(parts, singles[0])
		if len(sets) > 0 {
			parts[0] = "any one of: " + singles[0]
		}
	default:
		parts = append(parts, "any one of: "+strings.Join(singles, ", "))
	}
	for i := range sets {
		if len(parts) > 0 || i > 0 {
			sets[i] = "or " + sets[i]
		}
	}
	return strings.Join(append(parts, sets...), "; ")
}

// writeForText prints the matches, most specific first, each alternative with where it can be granted.
func writeForText(w io.Writer, rep forReport) {
	if len(rep.Matches) == 0 {
		fmt.Fprintf(w, "No documented HubSpot operation matches %s %s.\n", rep.Method, rep.Path)
		fmt.Fprintf(w, "(The index holds the %d operations of HubSpot's public API specs; most legacy v1 and v2 APIs are not among them.)\n",
			scopes.Endpoints().Len())
		if len(rep.Nearest) > 0 {
			fmt.Fprintln(w, "Nearest documented operations:")
			for _, n := range rep.Nearest {
				fmt.Fprintf(w, "  %-6s %s  (%s, %s)\n", n.Method, n.Template, n.API, n.Version)
			}
		}
		return
	}
	for i, m := range rep.Matches {
		if i == 1 {
			fmt.Fprintln(w, "\nAlso matches (less specific):")
		}
		writeMatchText(w, m, i == 0)
	}
}

// writeMatchText prints one match; a less specific one with many alternatives gets one line.
func writeMatchText(w io.Writer, m forMatchJSON, first bool) {
	fmt.Fprintf(w, "%s %s  (%s, %s)\n", m.Method, m.Template, m.API, m.Version)
	if len(m.Alternatives) == 0 {
		fmt.Fprintln(w, "  The spec names no OAuth scope: this operation uses another kind of auth (a developer API key or an app token).")
		return
	}
	long := len(m.Alternatives) > 4
	switch {
	case long && !first:
		fmt.Fprintf(w, "  needs any one of %d alternatives; 'hsoauth scopes for %s %s' lists them\n",
			len(m.Alternatives), m.Method, m.Template)
		return
	case long:
		fmt.Fprintf(w, "  needs any one of these %d alternatives:\n", len(m.Alternatives))
	case m.Summary != "":
		fmt.Fprintf(w, "  needs %s\n", m.Summary)
	}
	for _, a := range m.Alternatives {
		fmt.Fprintf(w, "  - %s%s\n", strings.Join(a.Scopes, " + "), alternativeNote(a))
	}
	if m.TierPhrase != "" {
		fmt.Fprintf(w, "  API tier (spec): %s\n", m.TierPhrase)
	}
}

// alternativeNote is the tail of an alternative's line: legacy marks, the account's verdict and which
// accounts can grant it.
func alternativeNote(a alternativeJSON) string {
	var notes []string
	if a.Legacy {
		notes = append(notes, "legacy alternative")
	}
	switch {
	case len(a.Retired) > 0 && len(a.Scopes) == 1:
		notes = append(notes, "legacy scope")
	case len(a.Retired) > 0:
		notes = append(notes, "legacy scope: "+strings.Join(a.Retired, ", "))
	}
	if a.OnAccount != nil {
		if *a.OnAccount {
			notes = append(notes, "✓ on the account")
		} else {
			notes = append(notes, "✗ not on the account")
		}
	}
	switch {
	case len(a.Unknown) > 0:
		notes = append(notes, "not in the catalog: "+strings.Join(a.Unknown, ", "))
	case len(a.Scopes) == 1:
		notes = append(notes, a.GrantedBy[0])
	default:
		parts := make([]string, len(a.Scopes))
		for i, n := range a.Scopes {
			parts[i] = n + ": " + a.GrantedBy[i]
		}
		notes = append(notes, strings.Join(parts, "; "))
	}
	return "   [" + strings.Join(notes, "; ") + "]"
}
