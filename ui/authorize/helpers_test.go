package authorize

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hsoauth/hsoauth/ui/uitest"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/hsoauth/hsoauth/oauth"
	"github.com/hsoauth/hsoauth/oauth/sandbox"
	"github.com/hsoauth/hsoauth/scopes"
	"github.com/hsoauth/hsoauth/session"
	"github.com/hsoauth/hsoauth/ui/common"
	"github.com/hsoauth/hsoauth/ui/keys"
	"github.com/hsoauth/hsoauth/ui/styles"
	"github.com/muesli/termenv"
)

func init() { lipgloss.SetColorProfile(termenv.Ascii) }

// t0 is the fixed clock of every test.
var t0 = time.Date(2026, 3, 14, 9, 26, 53, 0, time.UTC)

// fixedState and fixedChallenge make the attempt's URL stable for golden files.
const (
	fixedState     = "Zm9yLXRlc3RzLW9ubHktc3RhdGUtMDEyMzQ1Njc4OWFiY2Rl"
	fixedChallenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
)

func newCommon(w, h int) *common.Common {
	return &common.Common{
		Width: w, Height: h, Styles: styles.New(styles.DefaultPalette(), false),
		Keys: keys.DefaultGlobal(), Catalog: scopes.Default(), Now: func() time.Time { return t0 }, Wall: func() time.Time { return t0 },
	}
}

func demoSelection() scopes.Selection {
	return scopes.Selection{Required: []string{"oauth", "crm.objects.contacts.read"}, Optional: []string{"crm.objects.companies.read"}}
}

// fakeAttempt is an attempt with fixed secrets against a sandbox at a fixed address.
func fakeAttempt(t testing.TB, hubID int) *session.Attempt {
	t.Helper()
	env := oauth.Environment{AppBase: "http://127.0.0.1:8999", APIBase: "http://127.0.0.1:8999", Version: oauth.V3}
	app := oauth.App{ClientID: sandbox.DemoClientID, RedirectURI: sandbox.DemoRedirectURL, PKCE: true}
	sel := demoSelection()
	u, err := oauth.AuthorizeURL(env, app, oauth.AuthRequest{Scopes: sel.ScopeParam(), OptionalScopes: sel.OptionalParam(), HubID: hubID, State: fixedState, Challenge: fixedChallenge})
	if err != nil {
		t.Fatal(err)
	}
	return &session.Attempt{URL: u, State: fixedState, RedirectURI: app.RedirectURI, Selection: sel, HubID: hubID, Started: t0}
}

// sandboxSession is a session whose simulator is built but not listening: enough for its portals.
func sandboxSession(t testing.TB) *session.Session {
	t.Helper()
	srv, err := sandbox.New(sandbox.Options{Clock: sandbox.NewFixedClock(t0)})
	if err != nil {
		t.Fatal(err)
	}
	return &session.Session{Sim: session.NewBuiltin(srv), Catalog: scopes.Default(), Now: func() time.Time { return t0 }}
}

// waiting is a model in the waiting phase of a fixed attempt.
func waiting(t testing.TB, w, h int, deps Deps) Model {
	t.Helper()
	m := New(newCommon(w, h), deps)
	m, _ = m.Update(common.AuthorizeMsg{Selection: demoSelection()})
	m, _ = m.Update(startedMsg{seq: m.seq, flow: fakeFlow(t, deps.Service, 0)})
	return m
}

// fakeFlow waits on a fixed attempt without a callback server, in the given session (for its simulator).
func fakeFlow(t testing.TB, svc Service, hubID int) *session.Flow {
	t.Helper()
	s, ok := svc.(*session.Session)
	if !ok {
		s = plainSession()
	}
	f := s.Resume(context.Background(), fakeAttempt(t, hubID), time.Hour)
	t.Cleanup(f.Close)
	return f
}

func keyMsg(k string) tea.KeyMsg { return uitest.Key(k) }

func press(m Model, k string) (Model, tea.Cmd) { return m.Update(keyMsg(k)) }

// checkFits fails when the view is wider or taller than the drawing area.
func checkFits(t *testing.T, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) > h {
		t.Errorf("view has %d lines, area is %d", len(lines), h)
	}
	for i, l := range lines {
		if n := ansi.StringWidth(l); n > w {
			t.Errorf("line %d is %d wide, area is %d: %q", i, n, w, l)
		}
	}
}

// plainSession is a session talking to "real HubSpot": no simulator to play the consent page.
func plainSession() *session.Session {
	return &session.Session{Catalog: scopes.Default(), Now: func() time.Time { return t0 }}
}

func mustPortals(t testing.TB, s *session.Session) []session.Portal {
	t.Helper()
	ps, err := s.Portals(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return ps
}
