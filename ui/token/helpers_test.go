package token

import (
	"io"
	"sync"
	"testing"
	"time"

	"github.com/hsoauth/hsoauth/ui/uitest"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/hsoauth/hsoauth/config"
	"github.com/hsoauth/hsoauth/scopes"
	"github.com/hsoauth/hsoauth/ui/common"
	"github.com/hsoauth/hsoauth/ui/keys"
	"github.com/hsoauth/hsoauth/ui/styles"
	"github.com/muesli/termenv"
)

func init() {
	lipgloss.SetColorProfile(termenv.Ascii)
	lipgloss.SetHasDarkBackground(true)
	time.Local = time.UTC
}

var t0 = time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)

// newCommon is a drawing area of w x h with a fixed clock.
func newCommon(w, h int, now func() time.Time) *common.Common {
	if now == nil {
		now = func() time.Time { return t0 }
	}
	return &common.Common{Width: w, Height: h, Styles: styles.New(styles.DefaultPalette(), false),
		Keys: keys.DefaultGlobal(), Now: now, Catalog: scopes.Default()}
}

// fixedRecord is a deterministic token record: obtained at t0, refreshed once with rotation.
func fixedRecord() *config.TokenRecord {
	return &config.TokenRecord{
		Profile: "sandbox", HubID: 20000002, HubDomain: "demo-marketing-starter.sandbox.hubspot.test", User: "admin@example.test",
		AccessToken: "COjA4ZKtMxIHAAEAQAAAARiCv40KIJ", RefreshToken: "na1-7c3e-1f2a-4b9d-8e6f-0a1b2c3d4e5f",
		TokenType: "bearer", ObtainedAt: t0, ExpiresAt: t0.Add(35 * time.Minute),
		Scopes:          []string{"oauth", "crm.objects.contacts.read"},
		RequestedScopes: []string{"oauth", "crm.objects.contacts.read", "automation"},
		History:         []config.RefreshEntry{{At: t0.Add(5 * time.Minute), ExpiresAt: t0.Add(35 * time.Minute), Rotated: true, Note: "refresh token rotated: the new one replaced the old"}},
	}
}

func fixedSelection() scopes.Selection {
	return scopes.Selection{Required: []string{"oauth", "crm.objects.contacts.read"}, Optional: []string{"automation"}}
}

// copier records what the screen asked to copy.
type copier struct {
	mu   sync.Mutex
	what []string
	text []string
}

func (c *copier) copy(_ io.Writer, what, text string) tea.Cmd {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.what = append(c.what, what)
	c.text = append(c.text, text)
	return func() tea.Msg { return common.StatusMsg{Text: "copied the " + what} }
}

// withToken is a screen showing fixedRecord at now = t0+15m (20 of 30 minutes left).
func withToken(t testing.TB, w, h int) (Model, *copier) {
	t.Helper()
	cp := &copier{}
	m := New(newCommon(w, h, nil), Deps{Copy: cp.copy})
	m, cmd := m.Update(common.TokenMsg{Record: fixedRecord(), Requested: fixedSelection()})
	if cmd == nil {
		t.Fatal("a new record must start the countdown")
	}
	m, _ = m.Update(tickMsg{id: m.id, tag: m.tag, now: t0.Add(15 * time.Minute)})
	return m, cp
}

func press(m Model, k string) (Model, tea.Cmd) { return m.Update(uitest.Key(k)) }

// drain collects a command's results; ticks, which sleep a second, are left behind.
func drain(cmd tea.Cmd) []tea.Msg { return uitest.Run(cmd, 300*time.Millisecond) }
