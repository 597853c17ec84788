package cli

import (
	flag "github.com/spf13/pflag"

	"context"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/hsoauth/hsoauth/config"
	"github.com/hsoauth/hsoauth/session"

	"github.com/hsoauth/hsoauth/oauth"
)

// withToken runs a subcommand that works on one stored token: it parses --hub-id and the flags that
// extra registers, opens the session, loads the record and calls run, returning its exit code.
func withToken(e Env, name string, args []string, extra func(*flag.FlagSet), run func(*session.Session, *config.TokenRecord) int) int {
	var g globals
	fs := newFlagSet(name, &g)
	hubID := fs.Int("hub-id", 0, "portal `id` (default: the profile's hub_id, else the newest token of the profile)")
	if name != "logout" { // the only token command that stays local
		g.registerHAR(fs)
	}
	if extra != nil {
		extra(fs)
	}
	if code, ok := parseFlags(e, fs, args); !ok {
		return code
	}
	if err := checkHubID("hub-id", *hubID); err != nil {
		return usageError(e, err.Error())
	}
	sess, rec, code := tokenCommand(e, g, *hubID)
	if code != ExitOK {
		return code
	}
	defer sess.Close(context.Background())
	return run(sess, rec)
}

func runRefresh(e Env, args []string) int {
	var asJSON, reveal bool
	return withToken(e, "refresh", args, func(fs *flag.FlagSet) {
		fs.BoolVar(&asJSON, "json", false, "print JSON")
		fs.BoolVar(&reveal, "reveal", false, "print the tokens unmasked")
	}, func(sess *session.Session, rec *config.TokenRecord) int {
		return refresh(e, sess, rec, asJSON, reveal)
	})
}

// refresh renews rec's access token and prints the result.
func refresh(e Env, sess *session.Session, rec *config.TokenRecord, asJSON, reveal bool) int {
	rec, refreshed, err := sess.Refresh(context.Background(), rec.HubID, rec.AccessToken)
	if err != nil {
		return failure(e, usageCode(err), err)
	}
	if !asJSON {
		switch {
		case !refreshed:
			fmt.Fprintln(e.Stdout, "Another hsoauth process refreshed this token a moment ago; showing its result.")
		case len(rec.History) > 0 && rec.History[len(rec.History)-1].Rotated:
			fmt.Fprintf(e.Stdout, "Refreshed. %s rotated the refresh token; the new one is stored.\n", sess.ServerName())
		default:
			fmt.Fprintln(e.Stdout, "Refreshed.")
		}
	}
	return printRecord(e, sess, rec, asJSON, reveal)
}

// inspectJSON is `hsoauth inspect --json`.
type inspectJSON struct {
	Active          bool     `json:"active"`
	Token           string   `json:"token_use"`
	HubID           int      `json:"hub_id"`
	User            string   `json:"user,omitempty"`
	HubDomain       string   `json:"hub_domain,omitempty"`
	AppID           int      `json:"app_id,omitempty"`
	ExpiresIn       int      `json:"expires_in"`
	Granted         []string `json:"granted"`
	Requested       []string `json:"requested"`
	MissingRequired []string `json:"missing_required"`
	DroppedOptional []string `json:"dropped_optional"`
	Extra           []string `json:"extra"`
	// Unreported lists what the server's introspection left out; those values come from the token response.
	Unreported []string `json:"unreported"`
}

func runInspect(e Env, args []string) int {
	var refreshToken, asJSON bool
	return withToken(e, "inspect", args, func(fs *flag.FlagSet) {
		fs.BoolVar(&refreshToken, "refresh-token", false, "introspect the refresh token instead of the access token")
		fs.BoolVar(&asJSON, "json", false, "print JSON")
	}, func(sess *session.Session, rec *config.TokenRecord) int {
		return inspect(e, sess, rec, refreshToken, asJSON)
	})
}

// inspect introspects rec's access (or refresh) token and compares granted with requested scopes.
func inspect(e Env, sess *session.Session, rec *config.TokenRecord, refreshToken, asJSON bool) int {
	kind := oauth.AccessToken
	if refreshToken {
		kind = oauth.RefreshToken
	}
	in, err := sess.Introspect(context.Background(), rec, kind)
	if err != nil {
		if rec.RefreshToken == "" && kind == oauth.RefreshToken {
			return failure(e, ExitNoToken, err) // revoked: there is no refresh token to ask about
		}
		return failure(e, ExitFailure, err)
	}
	j := inspection(sess, rec, in)
	if asJSON {
		if code := writeJSON(e, j); code != ExitOK {
			return code
		}
		if !in.Active {
			return ExitNoToken // the same exit code as the text output: the token is not usable
		}
		return ExitOK
	}
	if !in.Active {
		fmt.Fprintf(e.Stdout, "HubSpot says this %s is not active (expired, revoked or unknown).\n", kind)
		return ExitNoToken
	}
	printInspection(e, kind, j)
	return ExitOK
}

// inspection compares granted with requested scopes. Where the server's introspection left a field out (a
// standard server may send only "active"), the token response's value stands in, so a silent server never
// reads as "nothing granted", "expires now" or "portal 0".
func inspection(sess *session.Session, rec *config.TokenRecord, in *oauth.Introspection) inspectJSON {
	granted, hubID, user, expiresIn := in.Scopes, in.HubID, in.User, in.ExpiresIn
	if !in.Reported("scopes") {
		granted = rec.Scopes
	}
	if !in.Reported("hub_id") {
		hubID = rec.HubID
	}
	if !in.Reported("user") {
		user = rec.User
	}
	if !in.Reported("expires_in") {
		expiresIn = max(int(rec.ExpiresAt.Sub(sess.Now()).Seconds()), 0)
	}
	req, opt := splitRequested(rec.RequestedScopes, rec.OptionalScopes)
	diff := oauth.CompareScopes(req, opt, granted)
	return inspectJSON{Active: in.Active, Token: string(in.Token), HubID: hubID, User: user, HubDomain: in.HubDomain,
		AppID: in.AppID, ExpiresIn: expiresIn, Granted: nonNil(granted), Requested: nonNil(req),
		MissingRequired: nonNil(diff.MissingRequired), DroppedOptional: nonNil(diff.DroppedOptional), Extra: nonNil(diff.Extra),
		Unreported: nonNil(in.Unreported)}
}

// printInspection prints an active token's inspection for people.
func printInspection(e Env, kind oauth.TokenKind, j inspectJSON) {
	tw := tabwriter.NewWriter(e.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "token\t%s, active, expires in %s\n", kind, countdown(secondsDur(j.ExpiresIn)))
	fmt.Fprintf(tw, "portal\t%s\n", portal(j.HubID, j.HubDomain))
	if j.User != "" {
		fmt.Fprintf(tw, "user\t%s\n", j.User)
	}
	fmt.Fprintf(tw, "granted\t%s\n", strings.Join(j.Granted, " "))
	fmt.Fprintf(tw, "requested\t%s\n", strings.Join(j.Requested, " "))
	if len(j.DroppedOptional) > 0 {
		fmt.Fprintf(tw, "dropped\t%s (optional; this portal lacks them)\n", strings.Join(j.DroppedOptional, " "))
	}
	if len(j.MissingRequired) > 0 {
		fmt.Fprintf(tw, "MISSING\t%s (requested but not granted)\n", strings.Join(j.MissingRequired, " "))
	}
	tw.Flush()
	if len(j.Unreported) > 0 {
		fmt.Fprintf(e.Stdout, "The server's introspection did not report %s; those values are from the token response.\n",
			strings.Join(j.Unreported, ", "))
	}
}

func runRevoke(e Env, args []string) int {
	return withToken(e, "revoke", args, nil, func(sess *session.Session, rec *config.TokenRecord) int {
		return revoke(e, sess, rec)
	})
}

// revoke revokes rec's refresh token at HubSpot and says what that does and does not do.
func revoke(e Env, sess *session.Session, rec *config.TokenRecord) int {
	rec, err := sess.Revoke(context.Background(), rec.HubID)
	if err != nil {
		return failure(e, ExitFailure, err)
	}
	fmt.Fprintf(e.Stdout, "Revoked the refresh token%s at %s and removed it here.\n", ofPortal(rec.HubID), sess.ServerName())
	fmt.Fprintf(e.Stdout, "The access token keeps working until it expires in %s%s.\n",
		countdown(max(rec.ExpiresAt.Sub(sess.Now()), 0)), sess.UninstallHint())
	return ExitOK
}

func runLogout(e Env, args []string) int {
	return withToken(e, "logout", args, nil, func(sess *session.Session, rec *config.TokenRecord) int {
		if err := sess.Logout(rec.HubID); err != nil {
			return failure(e, ExitFailure, err)
		}
		fmt.Fprintf(e.Stdout, "Forgot the tokens%s locally. This does not revoke them at %s: run 'hsoauth revoke' first for that.\n",
			ofPortal(rec.HubID), sess.ServerName())
		return ExitOK
	})
}

func runPortals(e Env, args []string) int {
	var g globals
	fs := newFlagSet("portals", &g)
	asJSON := fs.Bool("json", false, "print JSON")
	if code, ok := parseFlags(e, fs, args); !ok {
		return code
	}
	sess, err := openSession(context.Background(), e, g)
	if err != nil {
		return failure(e, usageCode(err), err)
	}
	defer sess.Close(context.Background())
	recs, err := sess.Tokens()
	if err != nil {
		return failure(e, ExitFailure, err)
	}
	if *asJSON {
		out := make([]recordJSON, 0, len(recs))
		for i := range recs {
			out = append(out, toJSON(sess, &recs[i], false))
		}
		return writeJSON(e, out)
	}
	if len(recs) == 0 {
		return failure(e, ExitNoToken, errors.New("no stored tokens for profile "+sess.Profile.Name+"; log in first"))
	}
	tw := tabwriter.NewWriter(e.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "HUB ID\tDOMAIN\tUSER\tEXPIRES IN\tREFRESH")
	for _, r := range recs {
		left := "expired"
		if d := r.ExpiresAt.Sub(sess.Now()); d > 0 {
			left = countdown(d)
		}
		rt := r.RefreshStatus()
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", r.HubID, r.HubDomain, r.User, left, rt)
	}
	tw.Flush()
	return ExitOK
}

// splitRequested separates a record's requested scopes into those sent in scope and in optional_scope.
func splitRequested(requested, optional []string) (req, opt []string) {
	isOpt := map[string]bool{}
	for _, o := range optional {
		isOpt[o] = true
	}
	for _, r := range requested {
		if !isOpt[r] {
			req = append(req, r)
		}
	}
	return req, optional
}
