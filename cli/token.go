package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	flag "github.com/spf13/pflag"

	"github.com/hsoauth/hsoauth/config"
	"github.com/hsoauth/hsoauth/redact"
	"github.com/hsoauth/hsoauth/session"
)

// recordJSON is a stored token as `--json` prints it; tokens are masked unless --reveal.
type recordJSON struct {
	Profile         string        `json:"profile"`
	HubID           int           `json:"hub_id"`
	HubDomain       string        `json:"hub_domain,omitempty"`
	User            string        `json:"user,omitempty"`
	AccessToken     string        `json:"access_token"`
	RefreshToken    string        `json:"refresh_token"`
	TokenType       string        `json:"token_type,omitempty"`
	ExpiresAt       time.Time     `json:"expires_at"`
	ExpiresIn       int           `json:"expires_in"`
	ObtainedAt      time.Time     `json:"obtained_at"`
	Scopes          []string      `json:"scopes"`
	RequestedScopes []string      `json:"requested_scopes"`
	Store           string        `json:"store"`
	Masked          bool          `json:"masked"`
	History         []historyJSON `json:"history"`
}

type historyJSON struct {
	At        time.Time `json:"at"`
	ExpiresAt time.Time `json:"expires_at"`
	Rotated   bool      `json:"rotated"`
	Note      string    `json:"note,omitempty"`
}

// secret returns s, or its masked form unless the user asked to reveal it.
func secret(s string, reveal bool) string {
	if reveal || s == "" {
		return s
	}
	return redact.Mask(s)
}

// toJSON converts a record for printing.
func toJSON(sess *session.Session, r *config.TokenRecord, reveal bool) recordJSON {
	j := recordJSON{
		Profile: r.Profile, HubID: r.HubID, HubDomain: r.HubDomain, User: r.User,
		AccessToken: secret(r.AccessToken, reveal), RefreshToken: secret(r.RefreshToken, reveal), TokenType: r.TokenType,
		ExpiresAt: r.ExpiresAt.UTC(), ExpiresIn: max(int(r.ExpiresAt.Sub(sess.Now()).Seconds()), 0),
		ObtainedAt: r.ObtainedAt.UTC(), Scopes: nonNil(r.Scopes), RequestedScopes: nonNil(r.RequestedScopes),
		Store: sess.Store.Kind(), Masked: !reveal, History: []historyJSON{},
	}
	for _, h := range r.History {
		j.History = append(j.History, historyJSON{h.At.UTC(), h.ExpiresAt.UTC(), h.Rotated, h.Note})
	}
	return j
}

// portal names a portal for people; a server other than HubSpot names none (its tokens are stored as
// portal 0), which reads better said than as "0".
func portal(id int, domain string) string {
	if id == 0 && domain == "" {
		return "none (the server named no HubSpot portal)"
	}
	return strings.TrimSpace(fmt.Sprintf("%d %s", id, domain))
}

// ofPortal is " of portal N" for a HubSpot portal and "" for a token that names none.
func ofPortal(id int) string {
	if id == 0 {
		return ""
	}
	return fmt.Sprintf(" of portal %d", id)
}

// printRecord prints a token record for people or, with asJSON, for scripts.
func printRecord(e Env, sess *session.Session, r *config.TokenRecord, asJSON, reveal bool) int {
	if asJSON {
		return writeJSON(e, toJSON(sess, r, reveal))
	}
	left := r.ExpiresAt.Sub(sess.Now())
	tw := tabwriter.NewWriter(e.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "portal\t%s\n", portal(r.HubID, r.HubDomain))
	if r.User != "" {
		fmt.Fprintf(tw, "user\t%s\n", r.User)
	}
	fmt.Fprintf(tw, "access token\t%s\n", secret(r.AccessToken, reveal))
	if left > 0 {
		fmt.Fprintf(tw, "expires\tin %s (at %s)\n", countdown(left), r.ExpiresAt.Local().Format("15:04:05 MST"))
	} else {
		fmt.Fprintf(tw, "expires\texpired %s ago: run 'hsoauth refresh'\n", countdown(-left))
	}
	rt := secret(r.RefreshToken, reveal)
	if rt == "" {
		rt = "(" + r.RefreshStatus() + ")"
		if r.RefreshDead != "" {
			rt += " " + r.RefreshDead + ": run 'hsoauth login' again"
		}
	}
	fmt.Fprintf(tw, "refresh token\t%s\n", rt)
	fmt.Fprintf(tw, "scopes\t%s\n", strings.Join(r.Scopes, " "))
	fmt.Fprintf(tw, "stored in\t%s (profile %s)\n", sess.Store.Kind(), r.Profile)
	tw.Flush()
	if !reveal {
		fmt.Fprintln(e.Stdout, "Tokens are masked; --reveal shows them.")
	}
	return ExitOK
}

// countdown formats a duration as mm:ss, or h:mm:ss past an hour (a stored token can be hours old).
func countdown(d time.Duration) string {
	s := int(d.Round(time.Second).Seconds())
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%02d:%02d", s/60, s%60)
}

// tokenCommand opens the session for a token subcommand and loads the record of --hub-id.
func tokenCommand(e Env, g globals, hubID int) (*session.Session, *config.TokenRecord, int) {
	sess, err := openSession(context.Background(), e, g)
	if err != nil {
		return nil, nil, failure(e, usageCode(err), err)
	}
	rec, err := sess.Token(hubID)
	if err != nil {
		sess.Close(context.Background())
		if errors.Is(err, session.ErrNoToken) {
			return nil, nil, failure(e, ExitNoToken, noTokenHint(sess, err))
		}
		return nil, nil, failure(e, ExitFailure, err)
	}
	return sess, rec, ExitOK
}

// noTokenHint explains, when there is no token because the run used a throwaway built-in sandbox, how to
// keep one.
func noTokenHint(sess *session.Session, err error) error {
	if sess.Sim != nil && sess.Sim.Builtin() {
		return fmt.Errorf("%w\n(no app is configured, so this ran against a throwaway built-in sandbox whose tokens live only as long as it does; run 'hsoauth sandbox' and pass --sandbox-url to keep one)", err)
	}
	return err
}

func runToken(e Env, args []string) int {
	var asJSON, reveal, header, ifNeeded bool
	return withToken(e, "token", args, func(fs *flag.FlagSet) {
		fs.BoolVar(&asJSON, "json", false, "print JSON")
		fs.BoolVar(&reveal, "reveal", false, "print the tokens unmasked")
		fs.BoolVar(&header, "header", false, "print only the 'Authorization: Bearer …' line for curl (masked unless --reveal)")
		fs.BoolVar(&ifNeeded, "refresh-if-needed", false, "refresh first when the access token expires within the profile's margin")
	}, func(sess *session.Session, rec *config.TokenRecord) int {
		if ifNeeded && rec.RefreshToken != "" && !rec.ExpiresAt.After(sess.Now().Add(sess.Profile.RefreshMargin)) {
			var err error
			if rec, _, err = sess.Refresh(context.Background(), rec.HubID, rec.AccessToken); err != nil {
				return failure(e, usageCode(err), err)
			}
		}
		if !rec.ExpiresAt.After(sess.Now()) {
			fmt.Fprintf(e.Stderr, "hsoauth: the access token expired %s ago; run 'hsoauth refresh' or pass --refresh-if-needed\n", countdown(sess.Now().Sub(rec.ExpiresAt)))
			if !header && !asJSON {
				printRecord(e, sess, rec, false, reveal)
			}
			return ExitNoToken
		}
		if header {
			fmt.Fprintf(e.Stdout, "Authorization: Bearer %s\n", secret(rec.AccessToken, reveal))
			return ExitOK
		}
		return printRecord(e, sess, rec, asJSON, reveal)
	})
}

// secondsDur converts HubSpot's expires_in seconds to a Duration.
func secondsDur(s int) time.Duration { return time.Duration(s) * time.Second }
