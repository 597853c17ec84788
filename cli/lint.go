package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/hsoauth/hsoauth/scopes"
)

// lintReport is the JSON shape of `hsoauth scopes lint --json`.
type lintReport struct {
	Account      string        `json:"account,omitempty"`
	InstallURL   *installJSON  `json:"install_url,omitempty"`
	Selection    selectionJSON `json:"selection"`
	Findings     []findingJSON `json:"findings"`
	Grant        *grantJSON    `json:"grant,omitempty"`
	InstallFails bool          `json:"install_fails"`
}

// installJSON is what `lint --url` read from the URL besides its scopes (never its state).
type installJSON struct {
	Host        string `json:"host"`
	HubID       string `json:"hub_id,omitempty"`
	ClientID    string `json:"client_id"`
	RedirectURI string `json:"redirect_uri"`
	ComparedApp bool   `json:"compared_with_app"`
}

type selectionJSON struct {
	Required              []string `json:"required"`
	ConditionallyRequired []string `json:"conditionally_required"`
	Optional              []string `json:"optional"`
}

type findingJSON struct {
	Rule     string   `json:"rule"`
	Severity string   `json:"severity"`
	Scopes   []string `json:"scopes"`
	Message  string   `json:"message"`
	Fix      string   `json:"fix"`
}

type grantJSON struct {
	Granted  []string `json:"granted"`
	Dropped  []string `json:"dropped"`
	Fails    bool     `json:"fails"`
	Failures []string `json:"failures"`
}

func runScopesLint(e Env, args []string) int {
	var g globals
	fs := newFlagSet("scopes lint", &g)
	var req, cond, opt listFlag
	fs.Var(&req, "scope", "required `scopes` (comma-separated or repeated)")
	fs.Var(&cond, "conditional-scope", "conditionally required `scopes`")
	fs.Var(&opt, "optional-scope", "optional `scopes`")
	account := fs.String("account", "", "target account `id` for availability and the predicted grant: "+scopes.AccountIDFlagHelp)
	hsmeta := fs.String("app-hsmeta", "", "take the selection from an app-hsmeta.json `file` (its auth block); with --url, compare the URL with it")
	installURL := fs.String("url", "", "lint the scopes of an install `URL` (scope and optional_scope of .../oauth/authorize?...)")
	asJSON := fs.Bool("json", false, "print JSON instead of text")
	if code, ok := parseFlagsAndArgs(e, fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(e, fmt.Sprintf("unexpected argument %q; pass scopes with --scope, --conditional-scope or --optional-scope", fs.Arg(0)))
	}
	if err := checkOfflineGlobals(e, g); err != nil {
		return failure(e, usageCode(err), err)
	}
	flags := scopes.Selection{Required: req, ConditionallyRequired: cond, Optional: opt}
	if *installURL != "" && flags.Len() > 0 {
		return usageError(e, "--url brings its own scopes; leave out --scope, --conditional-scope and --optional-scope")
	}
	var app *scopes.AppAuth
	if *hsmeta != "" {
		a, err := readAppHsmeta(*hsmeta)
		if err != nil {
			return failure(e, ExitFailure, err)
		}
		app = &a
	}
	acct, code, ok := optionalAccount(e, *account)
	if !ok {
		return code
	}
	var rep lintReport
	if *installURL != "" {
		var err error
		if rep, err = lintURLReport(*installURL, app, acct); err != nil {
			return usageError(e, "--url: "+err.Error())
		}
	} else {
		sel := flags
		if app != nil {
			sel = mergeSelection(app.Selection, flags)
		}
		rep = buildLintReport(sel, acct)
	}
	if code := writeReport(e, *asJSON, rep, func(w io.Writer) { writeLintText(w, rep, acct) }); code != ExitOK {
		return code
	}
	if rep.InstallFails {
		return ExitFailure
	}
	return ExitOK
}

// mergeSelection adds the flags' scopes to the file's, so a file can be tried with one more scope.
func mergeSelection(base, extra scopes.Selection) scopes.Selection {
	for _, n := range extra.Required {
		base = base.With(n, scopes.ReqRequired)
	}
	for _, n := range extra.ConditionallyRequired {
		base = base.With(n, scopes.ReqConditional)
	}
	for _, n := range extra.Optional {
		base = base.With(n, scopes.ReqOptional)
	}
	return base
}

// lintURLReport decodes an install URL and lints its scopes, against the app's when given.
func lintURLReport(raw string, app *scopes.AppAuth, acct *scopes.Account) (lintReport, error) {
	u, err := scopes.ParseInstallURL(raw)
	if err != nil {
		return lintReport{}, err
	}
	sel, findings := scopes.Default().LintInstall(u, app, acct)
	rep := lintReportOf(sel, findings, acct)
	rep.InstallURL = &installJSON{Host: u.Host, HubID: u.HubID, ClientID: u.ClientID, RedirectURI: u.RedirectURI, ComparedApp: app != nil}
	return rep, nil
}

// readAppHsmeta reads an app-hsmeta.json file's auth block.
func readAppHsmeta(path string) (scopes.AppAuth, error) {
	data, err := readFile(path)
	if err != nil {
		return scopes.AppAuth{}, err
	}
	auth, err := scopes.ParseAppHsmeta(data)
	if err != nil {
		return auth, fmt.Errorf("%s: %w", path, err)
	}
	return auth, nil
}

// buildLintReport runs the lint and, with an account, the grant prediction.
func buildLintReport(sel scopes.Selection, acct *scopes.Account) lintReport {
	return lintReportOf(sel, scopes.Default().Lint(sel, acct), acct)
}

// lintReportOf reports findings already made and, with an account, the grant prediction.
func lintReportOf(sel scopes.Selection, findings []scopes.Finding, acct *scopes.Account) lintReport {
	cat := scopes.Default()
	rep := lintReport{
		Selection: selectionJSON{nonNil(sel.Required), nonNil(sel.ConditionallyRequired), nonNil(sel.Optional)},
		Findings:  []findingJSON{},
	}
	for _, f := range findings {
		rep.Findings = append(rep.Findings, findingJSON{f.Rule, f.Severity.String(), nonNil(f.Scopes), f.Message, f.Fix})
		if f.Severity == scopes.SevError {
			rep.InstallFails = true
		}
	}
	if acct != nil {
		rep.Account = acct.ID
		gr := cat.Predict(sel.ScopeParam(), sel.OptionalParam(), *acct)
		rep.Grant = &grantJSON{nonNil(gr.Granted), nonNil(gr.Dropped), gr.Fails, nonNil(gr.Failures)}
		rep.InstallFails = rep.InstallFails || gr.Fails
	}
	return rep
}

// writeLintText prints the findings with their fixes, then the predicted grant.
func writeLintText(w io.Writer, rep lintReport, acct *scopes.Account) {
	s := rep.Selection
	fmt.Fprintf(w, "Selection: %d required, %d conditionally required, %d optional\n",
		len(s.Required), len(s.ConditionallyRequired), len(s.Optional))
	if acct != nil {
		fmt.Fprintf(w, "Account:   %s (%s)\n", acct.Name, acct.ID)
	}
	if u := rep.InstallURL; u != nil {
		fmt.Fprintf(w, "URL:       %s", u.Host)
		if u.HubID != "" {
			fmt.Fprintf(w, ", account %s", u.HubID)
		}
		if !u.ComparedApp {
			fmt.Fprint(w, " (pass --app-hsmeta to compare it with the app's configured scopes)")
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
	if len(rep.Findings) == 0 {
		fmt.Fprintln(w, "No findings.")
	}
	for _, f := range rep.Findings {
		fmt.Fprintf(w, "%-7s %s: %s\n", strings.ToUpper(f.Severity), f.Rule, f.Message)
		if f.Fix != "" {
			fmt.Fprintf(w, "        fix: %s\n", f.Fix)
		}
	}
	if rep.Grant == nil {
		fmt.Fprintln(w, "\nPass --account ID to predict what an install would grant (ids: 'hsoauth scopes --account x' lists them).")
		return
	}
	gr := rep.Grant
	fmt.Fprintf(w, "\nPredicted install on %s:\n", rep.Account)
	fmt.Fprintf(w, "  granted: %s\n", orNone(gr.Granted))
	fmt.Fprintf(w, "  dropped: %s\n", orNone(gr.Dropped))
	if gr.Fails {
		fmt.Fprintln(w, "  result:  FAILS — HubSpot shows an error page and never redirects back:")
		for _, f := range gr.Failures {
			fmt.Fprintf(w, "    - %s\n", f)
		}
	} else if urlErrors(rep.Findings) {
		fmt.Fprintln(w, "  result:  FAILS — the account has the scopes, but HubSpot refuses the URL itself (the errors above)")
	} else {
		fmt.Fprintln(w, "  result:  installs")
	}
}

// urlErrors reports whether a finding says the install URL itself is refused (url-* errors), whatever
// the account could grant.
func urlErrors(fs []findingJSON) bool {
	for _, f := range fs {
		if f.Severity == scopes.SevError.String() && strings.HasPrefix(f.Rule, "url-") {
			return true
		}
	}
	return false
}

func orNone(l []string) string {
	if len(l) == 0 {
		return "(none)"
	}
	return strings.Join(l, ", ")
}
