package review

import (
	"strings"
	"testing"
	"time"

	"github.com/hsoauth/hsoauth/ui/uitest"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/hsoauth/hsoauth/oauth"
	"github.com/hsoauth/hsoauth/scopes"
	"github.com/hsoauth/hsoauth/session"
	"github.com/hsoauth/hsoauth/ui/common"
	"github.com/hsoauth/hsoauth/ui/keys"
	"github.com/hsoauth/hsoauth/ui/styles"
	"github.com/muesli/termenv"
)

func init() { lipgloss.SetColorProfile(termenv.Ascii) }

// testClientID is a fixed, made-up client id so golden files stay stable.
const testClientID = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"

// newCommon is a Common for a w x h drawing area.
func newCommon(w, h int) *common.Common {
	return &common.Common{
		Width: w, Height: h, Styles: styles.New(styles.DefaultPalette(), false),
		Keys: keys.DefaultGlobal(), Catalog: scopes.Default(),
	}
}

// fakeSession is a session with HubSpot's real environment and a made-up app: enough for the preview.
func fakeSession() *session.Session {
	app := oauth.App{ClientID: testClientID, RedirectURI: oauth.DefaultRedirectURI, PKCE: true}
	return &session.Session{Client: &oauth.Client{Env: oauth.HubSpot(), App: app}}
}

// demoSelection is the selection of the walkthrough.
func demoSelection() scopes.Selection {
	return scopes.Selection{Required: []string{"oauth", "crm.objects.contacts.read"}, Optional: []string{"automation"}}
}

func account(t testing.TB, id string) scopes.Account {
	t.Helper()
	a, err := scopes.ParseAccount(id)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func newModel(t testing.TB, w, h int) Model {
	t.Helper()
	return New(newCommon(w, h), Deps{Service: fakeSession()}, demoSelection(), account(t, "marketing-starter"))
}

// press sends one key.
func press(m Model, k string) (Model, tea.Cmd) { return m.Update(uitest.Key(k)) }

// collect runs cmd and flattens batches into the messages they produce.
func collect(cmd tea.Cmd) []tea.Msg { return uitest.Run(cmd, time.Second) }

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
