package session

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hsoauth/hsoauth/oauth/sandbox"
	"github.com/hsoauth/hsoauth/redact"
	"github.com/hsoauth/hsoauth/scopes"
)

// remote is a simulator in another process (`hsoauth sandbox`), driven through its admin API.
type remote struct {
	base string
	hc   *http.Client
	poll time.Duration // how often Subscribe asks for new events

	mu     sync.Mutex
	offset time.Duration // the simulator's clock minus ours, from its last answer
}

// NewRemote connects to the simulator at base (the base_url `hsoauth sandbox` printed) and reads its state
// once, so a wrong URL fails here with a clear message rather than in the middle of a sign-in.
func NewRemote(ctx context.Context, base string, hc *http.Client) (Simulator, error) {
	if hc == nil {
		hc = &http.Client{Timeout: 10 * time.Second}
	}
	r := &remote{base: strings.TrimRight(base, "/"), hc: hc, poll: 500 * time.Millisecond}
	if _, err := r.state(ctx); err != nil {
		return nil, fmt.Errorf("no hsoauth sandbox answers at %s (%w); start one with 'hsoauth sandbox' and pass the base_url it prints", redact.Line(base), err)
	}
	return r, nil
}

// remoteState is the part of GET /_sandbox/state the session reads.
type remoteState struct {
	Now     time.Time        `json:"now"`
	Faults  sandbox.Faults   `json:"faults"`
	Portals []remotePortalJS `json:"portals"`
}

type remotePortalJS struct {
	HubID   int            `json:"hub_id"`
	Domain  string         `json:"domain"`
	Account string         `json:"account"`
	Users   []sandbox.User `json:"users"`
}

func (r *remote) BaseURL() string { return r.base }
func (r *remote) Builtin() bool   { return false }

func (r *remote) Now() time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	return time.Now().Add(r.offset)
}

func (r *remote) setNow(now time.Time) {
	if now.IsZero() {
		return
	}
	r.mu.Lock()
	r.offset = time.Until(now)
	r.mu.Unlock()
}

func (r *remote) state(ctx context.Context) (remoteState, error) {
	var st remoteState
	err := r.do(ctx, http.MethodGet, "/_sandbox/state", nil, &st)
	r.setNow(st.Now)
	return st, err
}

func (r *remote) Portals(ctx context.Context) ([]Portal, error) {
	st, err := r.state(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Portal, 0, len(st.Portals))
	for _, p := range st.Portals {
		acct, err := scopes.ParseAccount(p.Account)
		if err != nil {
			return nil, fmt.Errorf("the sandbox reports portal %d with an account this hsoauth does not know (%s): %w", p.HubID, redact.Cut(p.Account, 60), err)
		}
		out = append(out, Portal{HubID: p.HubID, Domain: redact.Cut(p.Domain, 120), Account: acct, Users: p.Users})
	}
	return out, nil
}

func (r *remote) Consent(ctx context.Context, u string, hubID int, user string, grant bool) (string, error) {
	return sandbox.ConsentHTTP(ctx, r.hc, u, hubID, user, grant)
}

func (r *remote) Advance(ctx context.Context, d time.Duration) (time.Time, error) {
	var out struct {
		Now time.Time `json:"now"`
	}
	if err := r.do(ctx, http.MethodPost, "/_sandbox/clock/advance", map[string]string{"by": d.String()}, &out); err != nil {
		return time.Time{}, err
	}
	r.setNow(out.Now)
	return out.Now, nil
}

func (r *remote) Faults(ctx context.Context) (Faults, error) {
	st, err := r.state(ctx)
	return st.Faults, err
}

func (r *remote) SetFaults(ctx context.Context, f Faults) error {
	if f.Rules == nil {
		f.Rules = []FaultRule{}
	}
	return r.do(ctx, http.MethodPost, "/_sandbox/faults", f, nil)
}

func (r *remote) RegisterApp(ctx context.Context, a SimApp) error {
	body := struct {
		SimApp
		ClientSecret string `json:"client_secret"`
	}{a, a.ClientSecret}
	return r.do(ctx, http.MethodPost, "/_sandbox/apps", body, nil)
}

func (r *remote) Events(ctx context.Context, since int64) ([]SimEvent, error) {
	var out struct {
		Events []SimEvent `json:"events"`
	}
	err := r.do(ctx, http.MethodGet, "/_sandbox/events?since="+strconv.FormatInt(since, 10), nil, &out)
	return out.Events, err
}

// Subscribe polls the event log; a slow reader misses events rather than stalling the poller, as with
// the built-in simulator.
func (r *remote) Subscribe() (<-chan SimEvent, func()) {
	ch := make(chan SimEvent, 256)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	var since int64 // only what happens from now on: read before returning, so nothing after is missed
	if evs, err := r.Events(ctx, 0); err == nil && len(evs) > 0 {
		since = evs[len(evs)-1].Seq
	}
	go func() {
		defer close(done)
		defer close(ch)
		t := time.NewTicker(r.poll)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			evs, _ := r.Events(ctx, since)
			for _, e := range evs {
				since = e.Seq
				if isOwnPoll(e) {
					continue
				}
				select {
				case ch <- e:
				default:
				}
			}
		}
	}()
	var once sync.Once
	return ch, func() { once.Do(func() { cancel(); <-done }) }
}

// isOwnPoll reports whether e is a read of the admin API (this poll, or a state read), which would
// otherwise feed the trace two events a second forever.
func isOwnPoll(e SimEvent) bool {
	return e.Endpoint == sandbox.EndpointAdmin && e.Method == http.MethodGet
}

func (r *remote) Reset(ctx context.Context) error {
	return r.do(ctx, http.MethodPost, "/_sandbox/reset", map[string]string{}, nil)
}

func (r *remote) Close(context.Context) error { return nil }

// maxAdminBody bounds what the session reads from the admin API.
const maxAdminBody = 4 << 20

// do sends one admin call with a JSON body (never a simple form, so no web page can make it) and decodes
// the JSON answer into out.
func (r *remote) do(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, r.base+path, body)
	if err != nil {
		return err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := r.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxAdminBody))
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		var e struct {
			Message string `json:"message"`
		}
		_ = json.Unmarshal(data, &e)
		return fmt.Errorf("the sandbox refused %s %s: HTTP %d %s", method, strings.SplitN(path, "?", 2)[0], resp.StatusCode, redact.Line(e.Message))
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("the sandbox's answer to %s is not what hsoauth expects (is it an hsoauth sandbox?): %w", path, err)
	}
	return nil
}
