package trace

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/adrg/xdg"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/hsoauth/hsoauth/oauth"
	"github.com/hsoauth/hsoauth/oauth/sandbox"
	"github.com/hsoauth/hsoauth/scopes"
	"github.com/hsoauth/hsoauth/session"
	"github.com/hsoauth/hsoauth/ui/common"
	"github.com/hsoauth/hsoauth/ui/keys"
	"github.com/hsoauth/hsoauth/ui/styles"
	"github.com/hsoauth/hsoauth/ui/uitest"
	"github.com/muesli/termenv"
	"go.uber.org/goleak"
)

func init() {
	lipgloss.SetColorProfile(termenv.Ascii)
	lipgloss.SetHasDarkBackground(true)
	time.Local = time.UTC
}

var t0 = time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)

func newCommon(w, h int) *common.Common {
	return &common.Common{Width: w, Height: h, Styles: styles.New(styles.DefaultPalette(), false),
		Keys: keys.DefaultGlobal(), Now: func() time.Time { return t0 }, Catalog: scopes.Default()}
}

// fixed is a screen fed a deterministic flow: token exchange, a simulator event, an API call.
func fixed(w, h int) Model {
	m := New(newCommon(w, h), Deps{})
	m.f.sim = make(chan sandbox.Event) // pretend sandbox mode: the toggle and counts show
	m.keys.Simulator.SetEnabled(true)
	m.layout()
	evs := []tea.Msg{
		traceEventMsg{from: m.f, ev: oauth.TraceEvent{Time: t0, Method: "POST", URL: "http://127.0.0.1:4321/oauth/v3/token", Status: 200,
			Duration: 12 * time.Millisecond, RequestBody: "grant_type=authorization_code&code=na1-%E2%80%A2%E2%80%A2%E2%80%A2%E2%80%A2&client_id=5a4db0c5",
			ResponseBody: `{"token_type":"bearer","access_token":"COjA••••0KIJ","refresh_token":"na1-••••4e5f","expires_in":1800}`}},
		simEventMsg{from: m.f, ev: sandbox.Event{Seq: 1, Time: t0.Add(time.Millisecond), Method: "POST", Path: "/oauth/v3/token",
			Endpoint: sandbox.EndpointToken, Status: 200, Duration: 3 * time.Millisecond, Summary: "issued tokens for hub 20000002 (code exchange)"}},
		traceEventMsg{from: m.f, ev: oauth.TraceEvent{Time: t0.Add(time.Second), Method: "GET", URL: "http://127.0.0.1:4321/crm/v3/objects/contacts?limit=3",
			Status: 403, Duration: 8 * time.Millisecond, ResponseBody: "{\"status\":\"error\",\"category\":\"MISSING_SCOPES\",\"message\":\"\x1b[31mno scope\"}"}},
	}
	for _, e := range evs {
		m, _ = m.Update(e)
	}
	return m
}

func TestGolden(t *testing.T) {
	for _, sz := range []struct {
		name string
		w, h int
	}{{"60x20", 60, 17}, {"80x24", 80, 21}, {"120x40", 120, 37}} {
		for name, build := range map[string]func() Model{
			"empty":  func() Model { m := New(newCommon(sz.w, sz.h), Deps{}); m.layout(); return m },
			"latest": func() Model { return fixed(sz.w, sz.h) },
			"first":  func() Model { m, _ := press(fixed(sz.w, sz.h), "g"); return m },
			"hidden": func() Model { m, _ := press(fixed(sz.w, sz.h), "s"); return m },
		} {
			t.Run(name+"_"+sz.name, func(t *testing.T) {
				v := build().View()
				for i, l := range strings.Split(v, "\n") {
					if ansi.StringWidth(l) > sz.w || i >= sz.h {
						t.Fatalf("line %d out of the %dx%d area: %q", i, sz.w, sz.h, l)
					}
				}
				if strings.Contains(v, "\x1b[31m") {
					t.Fatal("an escape sequence from a response body reached the screen")
				}
				golden.RequireEqual(t, []byte(v))
			})
		}
	}
}

func press(m Model, k string) (Model, tea.Cmd) {
	if k == "esc" {
		return m.Update(tea.KeyMsg{Type: tea.KeyEsc})
	}
	return m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)})
}

func TestKeys(t *testing.T) {
	m := fixed(80, 21)
	if got := m.all[m.selected()].method; got != "GET" {
		t.Fatalf("the cursor must follow the newest step, on %s", got)
	}
	m, _ = press(m, "k")
	if !m.all[m.selected()].sim {
		t.Fatal("k moves to the simulator event before")
	}
	m, _ = press(m, "s")
	if len(m.shown) != 2 || m.all[m.selected()].sim {
		t.Fatalf("s hides simulator events and keeps the cursor on a shown one: %d shown", len(m.shown))
	}
	m, _ = press(m, "s")
	if len(m.shown) != 3 {
		t.Fatal("s shows them again")
	}
	m.SetReturn(common.ScreenToken)
	_, cmd := press(m, "esc")
	if msg, ok := cmd().(common.NavigateMsg); !ok || msg.To != common.ScreenToken {
		t.Fatalf("esc must go back to the screen the trace was opened from, got %v", cmd())
	}
	if m.Capturing() {
		t.Fatal("the trace never captures the keyboard")
	}
}

func TestForeignMessagesIgnored(t *testing.T) {
	m := fixed(80, 21)
	n := len(m.all)
	other := &feeds{}
	m, cmd := m.Update(traceEventMsg{from: other, ev: oauth.TraceEvent{Time: t0, Method: "GET", URL: "http://x/y"}})
	if len(m.all) != n || cmd != nil {
		t.Fatal("an event of another trace model was taken")
	}
}

func TestFlowAgainstSandbox(t *testing.T) {
	t.Cleanup(func() { goleak.VerifyNone(t) })
	dir := t.TempDir()
	t.Setenv("XDG_STATE_HOME", filepath.Join(dir, "state"))
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	xdg.Reload()
	s, err := session.Open(context.Background(), session.Options{ConfigPath: filepath.Join(dir, "none.toml"), StoreDir: filepath.Join(dir, "state")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(context.Background()) })
	m := New(newCommon(120, 37), Deps{Source: s})
	t.Cleanup(m.Close)

	sel := scopes.Selection{Required: []string{"oauth", "crm.objects.contacts.read"}}
	a, err := s.NewAttempt(context.Background(), sel, 0)
	if err != nil {
		t.Fatal(err)
	}
	code, err := s.ConsentInSandbox(context.Background(), a, sandbox.HubMarketingStarter, "", true)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := s.Complete(context.Background(), a, code)
	if err != nil {
		t.Fatal(err)
	}
	// Run the waiting commands as the program would, re-issuing each after its message.
	msgs := make(chan tea.Msg, 4)
	run := func(c tea.Cmd) {
		if c != nil {
			go func() { msgs <- c() }()
		}
	}
	run(m.Init())
	deadline := time.After(uitest.Deadline(20 * time.Second))
	for !has(m, "/oauth/v3/token", false) || !has(m, "", true) {
		select {
		case msg := <-msgs:
			if b, ok := msg.(tea.BatchMsg); ok {
				for _, c := range b {
					run(c)
				}
				continue
			}
			var cmd tea.Cmd
			m, cmd = m.Update(msg)
			run(cmd)
		case <-deadline:
			t.Fatalf("the trace never showed the exchange:\n%s", m.View())
		}
	}
	m.Close() // the commands still waiting return at once
	v := m.View()
	for _, secret := range []string{rec.AccessToken, rec.RefreshToken, code, a.PKCE.Verifier, sandbox.DemoClientSecret} {
		if strings.Contains(v, secret) {
			t.Fatalf("a secret reached the trace screen:\n%s", v)
		}
	}
}

func has(m Model, target string, sim bool) bool {
	for _, e := range m.all {
		if e.sim == sim && strings.Contains(e.target, target) {
			return true
		}
	}
	return false
}

func TestPrettyBody(t *testing.T) {
	got := PrettyBody(`{"a":1,"b":["x"]}`, 10)
	if strings.Join(got, "\n") != "{\n  \"a\": 1,\n  \"b\": [\n    \"x\"\n  ]\n}" {
		t.Errorf("JSON not indented: %q", got)
	}
	got = PrettyBody("grant_type=refresh_token&refresh_token=na1-%E2%80%A2%E2%80%A2", 10)
	if len(got) != 2 || got[1] != "refresh_token: na1-••" {
		t.Errorf("form body: %q", got)
	}
	got = PrettyBody("line\x1b[2J\x07\tend", 10)
	if got[0] != "line?[2J? end" {
		t.Errorf("control characters must not pass: %q", got)
	}
	got = PrettyBody(strings.Repeat("x\n", 50), 5)
	if len(got) != 5 || got[4] != "… 46 more lines" {
		t.Errorf("bound: %q", got)
	}
}

func FuzzPrettyBody(f *testing.F) {
	for _, s := range []string{`{"a":[1,2,{"b":null}]}`, "a=b&c=%zz", "\x1b]52;c;aGk=\x07", "\xff\xfe", ""} {
		f.Add(s, 7)
	}
	f.Fuzz(func(t *testing.T, body string, n int) {
		n %= 300
		if n < 0 {
			n = -n
		}
		n++
		lines := PrettyBody(body, n)
		if len(lines) > n {
			t.Fatalf("%d lines, bound %d", len(lines), n)
		}
		for _, l := range lines {
			for _, r := range l {
				if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) {
					t.Fatalf("control rune %U in %q", r, l)
				}
			}
		}
	})
}
