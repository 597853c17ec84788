package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"slices"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/hsoauth/hsoauth/oauth"
	"github.com/hsoauth/hsoauth/redact"
	"github.com/hsoauth/hsoauth/scopes"
	"github.com/hsoauth/hsoauth/session"
	flag "github.com/spf13/pflag"
)

// apiUsage is what --help prints before the flags.
const apiUsage = `hsoauth api [METHOD] PATH [flags]: call HubSpot's API with the stored token.

METHOD defaults to GET (POST with --data). PATH is a path or a full URL on the profile's API host.
The call is checked against HubSpot's documented scopes first; a call the token cannot pass is not
sent (--force sends it). Exit 0 for a 2xx answer, 1 otherwise, 2 for a malformed call, 4 when no
valid token is stored.

  hsoauth api /crm/v3/objects/contacts --query limit=2
  hsoauth api POST /crm/v3/objects/contacts --data '{"properties":{"email":"ada@example.com"}}'
  hsoauth api PATCH /crm/v3/objects/contacts/501 --data @contact.json --include

`

// maxDataBody bounds what --data reads from a file or stdin: HubSpot's batch bodies are far smaller.
const maxDataBody = 4 << 20

// apiFlags are what `hsoauth api` takes besides the global flags.
type apiFlags struct {
	data                   string
	query, header          []string
	asJSON, include, force bool
	hubID                  int
	timeout                time.Duration
	dataSet                bool // --data was given, even empty
}

func (f *apiFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.data, "data", "", "request body: `JSON`, @file, or @- for stdin (the method becomes POST unless given)")
	fs.StringArrayVar(&f.query, "query", nil, "add `k=v` to the query string (repeatable)")
	fs.StringArrayVar(&f.header, "header", nil, "add the header `'K: V'` (repeatable; Authorization comes from the stored token)")
	fs.BoolVar(&f.asJSON, "json", false, "print the JSON body compact, as received, instead of indented")
	fs.BoolVar(&f.include, "include", false, "print the status line and response headers before the body")
	fs.BoolVar(&f.force, "force", false, "send even when the token lacks the scope the endpoint needs")
	fs.IntVar(&f.hubID, "portal", 0, "portal (hub) `id` whose token to use (default: the profile's hub_id, else its newest token)")
	fs.IntVar(&f.hubID, "hub-id", 0, "the same as --portal")
	fs.DurationVar(&f.timeout, "timeout", time.Minute, "give up on the call after this long")
}

// runAPI is `hsoauth api`: it parses the call, opens the session and hands the call to its API verb, the
// one the TUI's try-it pane uses too.
func runAPI(e Env, args []string) int {
	var g globals
	var f apiFlags
	fs := newFlagSet("api", &g)
	g.registerHAR(fs)
	f.register(fs)
	if wantsHelp(args) {
		fmt.Fprint(e.Stdout, apiUsage)
	}
	if code, ok := parseFlagsAndArgs(e, fs, args); !ok {
		return code
	}
	f.dataSet = fs.Changed("data")
	call, err := f.buildCall(e.Stdin, fs.Args())
	if err != nil {
		return usageError(e, err.Error())
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	sess, err := openSession(ctx, e, g)
	if err != nil {
		return failure(e, ExitFailure, err)
	}
	defer sess.Close(context.Background())
	res, err := sess.API(ctx, call)
	return reportAPI(e, sess, res, err, f)
}

// wantsHelp reports whether args ask for --help before any "--".
func wantsHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "--help":
			return true
		}
	}
	return false
}

// buildCall turns the positional arguments and flags into a call: [METHOD] PATH, the query, the headers
// and a body that must be valid JSON.
func (f *apiFlags) buildCall(stdin io.Reader, pos []string) (session.APICall, error) {
	if f.hubID < 0 { // unlike login's --hub-id, there is no "none" here: a call always goes to one portal
		return session.APICall{}, fmt.Errorf("--portal %d is not a portal id; portal ids are positive numbers", f.hubID)
	}
	var method, path string
	switch len(pos) {
	case 1:
		if slices.Contains(scopes.HTTPMethods, strings.ToUpper(pos[0])) {
			return session.APICall{}, fmt.Errorf("%s needs a PATH, for example: hsoauth api %s /crm/v3/objects/contacts", strings.ToUpper(pos[0]), strings.ToUpper(pos[0]))
		}
		path = pos[0]
	case 2:
		method, path = strings.ToUpper(pos[0]), pos[1]
	default:
		return session.APICall{}, errors.New("give the call as [METHOD] PATH, for example: hsoauth api GET /crm/v3/objects/contacts ('hsoauth api --help' lists the flags)")
	}
	req := session.APIRequest{Method: method, Header: http.Header{}}
	var err error
	if req.Path, err = withQuery(path, f.query); err != nil {
		return session.APICall{}, err
	}
	for _, h := range f.header {
		k, v, err := parseHeader(h)
		if err != nil {
			return session.APICall{}, err
		}
		req.Header.Add(k, v)
	}
	if f.dataSet || f.data != "" {
		if f.data == "" {
			return session.APICall{}, errors.New("--data is empty; give the JSON body, @file or @- (standard input)")
		}
		if req.Body, err = readData(stdin, f.data); err != nil {
			return session.APICall{}, err
		}
		if req.Method == "" {
			req.Method = http.MethodPost
		}
	}
	if req.Method == "" {
		req.Method = http.MethodGet
	}
	if err := oauth.CheckAPIRequest(session.APIRequest{Method: req.Method, Path: "/", Header: req.Header}); err != nil {
		return session.APICall{}, err
	}
	return session.APICall{HubID: f.hubID, Request: req, Force: f.force}, nil
}

// withQuery adds each k=v to path's query string, percent-encoded.
func withQuery(path string, pairs []string) (string, error) {
	if len(pairs) == 0 {
		return path, nil
	}
	q := url.Values{}
	for _, p := range pairs {
		k, v, ok := strings.Cut(p, "=")
		if !ok || k == "" {
			return "", fmt.Errorf("--query %q is not k=v (for example --query limit=10)", redact.Line(p))
		}
		q.Add(k, v)
	}
	if strings.Contains(path, "#") {
		return "", errors.New("the path has a #fragment, which is never sent to the server; drop it")
	}
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return path + sep + q.Encode(), nil
}

// parseHeader splits 'Name: value' and refuses what an API call must not carry.
func parseHeader(h string) (string, string, error) {
	k, v, ok := strings.Cut(h, ":")
	k, v = strings.TrimSpace(k), strings.TrimSpace(v)
	if !ok || k == "" {
		return "", "", fmt.Errorf("--header %q is not 'Name: value' (for example --header 'X-Request-Id: 42')", redact.Line(h))
	}
	return k, v, oauth.CheckAPIHeader(k, v)
}

// readData reads --data: JSON as given, @file, or @- (stdin), and checks it is JSON before anything is sent.
func readData(stdin io.Reader, data string) ([]byte, error) {
	body, from := []byte(data), "--data"
	if name, ok := strings.CutPrefix(data, "@"); ok {
		var r io.Reader
		switch name {
		case "-":
			r, from = stdin, "stdin"
		case "":
			return nil, errors.New("--data @ needs a file name, or @- for stdin")
		default:
			fh, err := os.Open(name)
			if err != nil {
				return nil, fmt.Errorf("--data: %w", err)
			}
			defer fh.Close()
			r, from = fh, name
		}
		if r == nil {
			return nil, errors.New("--data @-: there is no stdin to read")
		}
		b, err := io.ReadAll(io.LimitReader(r, maxDataBody+1))
		if err != nil {
			return nil, fmt.Errorf("--data: reading %s: %w", from, err)
		}
		if len(b) > maxDataBody {
			return nil, fmt.Errorf("--data: %s is larger than %d MiB", from, maxDataBody>>20)
		}
		body = b
	}
	return body, session.CheckJSON(from, body)
}

// reportAPI prints the answer (or why there is none) and picks the exit code: 2 for a malformed call, 4
// when no valid token is stored or HubSpot refused the token, 1 for any other failure or non-2xx answer.
func reportAPI(e Env, sess *session.Session, res *session.APIResult, err error, f apiFlags) int {
	if res != nil {
		for _, n := range res.Notes {
			fmt.Fprintf(e.Stderr, "hsoauth: note: %s\n", n)
		}
		if res.Refreshed {
			fmt.Fprintln(e.Stderr, "hsoauth: note: refreshed the access token first (it was about to expire or HubSpot refused it)")
		}
	}
	var callErr *session.CallError
	var scopeErr *session.ScopeError
	switch {
	case errors.As(err, &callErr):
		return usageError(e, callErr.Error())
	case errors.Is(err, session.ErrNoToken):
		return failure(e, ExitNoToken, noTokenHint(sess, err))
	case errors.Is(err, session.ErrTokenExpired):
		return failure(e, ExitNoToken, err)
	case errors.As(err, &scopeErr):
		c := scopeErr.Check
		fmt.Fprintf(e.Stderr, "hsoauth: %s %s needs %s, which this token was not granted; nothing was sent.\n", c.Method, redact.Line(c.Path), c.MissingText())
		fmt.Fprintf(e.Stderr, "  Get it with: %s\n  (--force sends the call anyway)\n", c.Login)
		return ExitFailure
	case res == nil || res.Response == nil:
		return failure(e, ExitFailure, err)
	}
	if code := printResponse(e, sess, res.Response, f); code != ExitOK {
		return code
	}
	return explainStatus(e, res.Response)
}

// printResponse writes the status line and headers (with --include) and the body: JSON indented, or
// compact with --json; anything else with control characters made harmless.
func printResponse(e Env, sess *session.Session, r *session.APIResponse, f apiFlags) int {
	if f.include {
		fmt.Fprintf(e.Stdout, "%s %d %s\n", r.Proto, r.Status, http.StatusText(r.Status))
		keys := make([]string, 0, len(r.Header))
		for k := range r.Header {
			if !strings.EqualFold(k, "Authorization") {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			for _, v := range r.Header[k] {
				fmt.Fprintf(e.Stdout, "%s: %s\n", k, redact.Line(v))
			}
		}
		fmt.Fprintln(e.Stdout)
	}
	body := r.Body
	if len(body) == 0 {
		return ExitOK
	}
	var buf bytes.Buffer
	var err error
	if f.asJSON {
		err = json.Compact(&buf, body)
	} else {
		err = json.Indent(&buf, body, "", "  ")
	}
	out := buf.String()
	if err != nil {
		out = redact.Text(string(body), -1)
	}
	fmt.Fprintln(e.Stdout, sess.Trace.Redact(strings.TrimRight(out, "\n")))
	if r.Truncated {
		fmt.Fprintln(e.Stderr, "hsoauth: note: the response was cut at 1 MiB")
	}
	return ExitOK
}

// explainStatus turns a non-2xx answer into HubSpot's error in plain words on stderr: status, category,
// message, correlation id, what it means and what to do.
func explainStatus(e Env, r *session.APIResponse) int {
	if r.Status < http.StatusBadRequest {
		return ExitOK
	}
	he := r.Error
	fmt.Fprintf(e.Stderr, "hsoauth: HubSpot answered %d %s\n", r.Status, http.StatusText(r.Status))
	if he.Category != "" {
		fmt.Fprintf(e.Stderr, "  category:       %s\n", he.Category)
	}
	if he.Message != "" {
		fmt.Fprintf(e.Stderr, "  message:        %s\n", he.Message)
	}
	if he.CorrelationID != "" {
		fmt.Fprintf(e.Stderr, "  correlation id: %s (quote it to HubSpot support)\n", he.CorrelationID)
	}
	fmt.Fprintf(e.Stderr, "  %s %s\n", he.Cause(), he.NextStep())
	if r.Status == http.StatusUnauthorized {
		fmt.Fprintln(e.Stderr, "  HubSpot does not accept this token any more; run 'hsoauth login'.")
		return ExitNoToken
	}
	return ExitFailure
}
