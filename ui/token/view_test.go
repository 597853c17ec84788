package token

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/hsoauth/hsoauth/oauth"
)

// sizes are the drawing areas the root leaves at 80x24 and 120x40 (3 chrome lines).
var sizes = []struct {
	name string
	w, h int
}{{"60x20", 60, 17}, {"80x24", 80, 21}, {"120x40", 120, 37}}

func checkSize(t *testing.T, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) > h {
		t.Errorf("view has %d lines, the area is %d", len(lines), h)
	}
	for i, l := range lines {
		if n := ansi.StringWidth(l); n > w {
			t.Errorf("line %d is %d cells wide, the area is %d: %q", i, n, w, l)
		}
	}
}

func TestGolden(t *testing.T) {
	cases := map[string]func(t *testing.T, w, h int) Model{
		"empty": func(t *testing.T, w, h int) Model { return New(newCommon(w, h, nil), Deps{}) },
		"token": func(t *testing.T, w, h int) Model { m, _ := withToken(t, w, h); return m },
		"call": func(t *testing.T, w, h int) Model {
			m, _ := withToken(t, w, h)
			body := `{"portalId":20000002,"accountType":"STANDARD","timeZone":"Europe/Paris","companyCurrency":"EUR","uiDomain":"app.hubspot.com"}`
			m, _ = m.Update(calledMsg{id: m.id, path: pathAccountInfo, resp: &oauth.APIResponse{Status: 200, Body: []byte(body), Duration: 42 * time.Millisecond}})
			return m
		},
		"confirm": func(t *testing.T, w, h int) Model { m, _ := withToken(t, w, h); m, _ = press(m, "x"); return m },
		"presenter": func(t *testing.T, w, h int) Model {
			m, _ := withToken(t, w, h)
			m, _ = press(m, "v")
			m.c.Presenter = true
			return m
		},
		"expiring": func(t *testing.T, w, h int) Model {
			m, _ := withToken(t, w, h)
			m, _ = m.Update(tickMsg{id: m.id, tag: m.tag, now: t0.Add(33*time.Minute + 30*time.Second)})
			return m
		},
	}
	runGoldens(t, cases)
}

// runGoldens compares each case's view at every size with its golden file.
func runGoldens(t *testing.T, cases map[string]func(t *testing.T, w, h int) Model) {
	t.Helper()
	for name, build := range cases {
		for _, sz := range sizes {
			t.Run(name+"_"+sz.name, func(t *testing.T) {
				m := build(t, sz.w, sz.h)
				v := m.View()
				checkSize(t, v, sz.w, sz.h)
				golden.RequireEqual(t, []byte(v))
			})
		}
	}
}

func TestViewNeverShowsSecretsInPresenterMode(t *testing.T) {
	m, _ := withToken(t, 120, 37)
	rec := fixedRecord()
	for range 3 {
		m, _ = press(m, "v")
		m.c.Presenter = true
		v := m.View()
		if strings.Contains(v, rec.AccessToken) || strings.Contains(v, rec.RefreshToken) {
			t.Fatalf("presenter mode revealed a token:\n%s", v)
		}
		m.c.Presenter = false
	}
}
