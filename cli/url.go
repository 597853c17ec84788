package cli

import (
	"context"
	"fmt"

	flag "github.com/spf13/pflag"

	"github.com/hsoauth/hsoauth/scopes"
	"github.com/hsoauth/hsoauth/session"
)

// selectionFlags are the scope flags of url and login.
type selectionFlags struct {
	req, cond, opt listFlag
	from           string
}

func (s *selectionFlags) register(fs *flag.FlagSet) {
	fs.Var(&s.req, "scope", "required `scopes` (comma-separated or repeated; default: the profile's saved selection)")
	fs.Var(&s.cond, "conditional-scope", "conditionally required `scopes` (sent in scope)")
	fs.Var(&s.opt, "optional-scope", "optional `scopes` (sent in optional_scope)")
	fs.StringVar(&s.from, "scopes-from", "", "take the scopes from a `file` ('-' for stdin): the output of 'hsoauth scopes suggest' (text or --json); scope flags add to it")
}

// resolve returns the flags' selection (the --scopes-from file's plus the scope flags'), or the session's
// saved one when no scope flag was given.
func (s *selectionFlags) resolve(e Env, sess *session.Session) (scopes.Selection, error) {
	flags := scopes.Selection{Required: s.req, ConditionallyRequired: s.cond, Optional: s.opt}
	if s.from != "" {
		sel, err := loadScopesFrom(e, s.from)
		return mergeSelection(sel, flags), err
	}
	if flags.Len() == 0 {
		sel, _ := sess.Saved()
		return sel, nil
	}
	return flags, nil
}

// urlJSON is `hsoauth url --json`: everything a script needs to finish the flow itself.
type urlJSON struct {
	URL          string   `json:"url"`
	State        string   `json:"state"`
	CodeVerifier string   `json:"code_verifier,omitempty"`
	RedirectURI  string   `json:"redirect_uri"`
	Scope        []string `json:"scope"`
	Optional     []string `json:"optional_scope"`
}

func runURL(e Env, args []string) int {
	var g globals
	var sf selectionFlags
	fs := newFlagSet("url", &g)
	sf.register(fs)
	var hub hubFlag
	fs.Var(&hub, "hub-id", "portal id for the account-specific URL (/oauth/{hubId}/authorize), skipping the account picker; none for HubSpot's picker (default: the profile's hub_id)")
	hubID := (*int)(&hub)
	state := fs.String("state", "", "use this `state` instead of a fresh random one")
	asJSON := fs.Bool("json", false, "print JSON with the URL, the state and the PKCE verifier needed to finish")
	if code, ok := parseFlags(e, fs, args); !ok {
		return code
	}
	if err := checkHubID("hub-id", *hubID); err != nil {
		return usageError(e, err.Error())
	}
	ctx := context.Background()
	// Building a URL needs neither the client secret nor the token store; the session asks for those only
	// when a step needs them.
	sess, err := openSession(ctx, e, g)
	if err != nil {
		return failure(e, usageCode(err), err)
	}
	defer sess.Close(ctx)
	sel, err := sf.resolve(e, sess)
	if err != nil {
		return failure(e, ExitFailure, err)
	}
	a, err := sess.NewAttempt(ctx, sel, *hubID)
	if err == nil && *state != "" {
		err = sess.WithState(a, *state)
	}
	if err != nil {
		return failure(e, ExitFailure, err)
	}
	if sess.Sim != nil && sess.Sim.Builtin() {
		fmt.Fprintln(e.Stderr, "hsoauth: note: this URL points at a sandbox that stops when this command ends; run 'hsoauth sandbox' and pass --sandbox-url to keep one running")
	}
	if *asJSON {
		return writeJSON(e, urlJSON{URL: a.URL, State: a.State, CodeVerifier: a.PKCE.Verifier, RedirectURI: a.RedirectURI,
			Scope: nonNil(a.Selection.ScopeParam()), Optional: nonNil(a.Selection.OptionalParam())})
	}
	fmt.Fprintln(e.Stdout, a.URL)
	return ExitOK
}
