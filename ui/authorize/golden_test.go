package authorize

import (
	"errors"
	"fmt"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/hsoauth/hsoauth/oauth"
	"github.com/hsoauth/hsoauth/oauth/sandbox"
	"github.com/hsoauth/hsoauth/session"
	"github.com/hsoauth/hsoauth/ui/common"
)

// sizes are the drawing areas of a 60x20 (the smallest supported), an 80x24 and a 120x40 terminal (the
// root takes 3 lines).
var sizes = [][2]int{{60, 17}, {80, 21}, {120, 37}}

// eachSize runs fn for both sizes and compares its view with the golden file.
func eachSize(t *testing.T, fn func(t *testing.T, w, h int) Model) {
	for _, s := range sizes {
		t.Run(fmt.Sprintf("%dx%d", s[0], s[1]+3), func(t *testing.T) {
			v := fn(t, s[0], s[1]).View()
			checkFits(t, v, s[0], s[1])
			golden.RequireEqual(t, []byte(v))
		})
	}
}

func TestGoldenIdle(t *testing.T) {
	eachSize(t, func(t *testing.T, w, h int) Model {
		m := New(newCommon(w, h), Deps{})
		m, _ = m.Update(common.SelectionMsg{Selection: demoSelection()})
		return m
	})
}

func TestGoldenWaiting(t *testing.T) {
	eachSize(t, func(t *testing.T, w, h int) Model {
		m := waiting(t, w, h, Deps{Service: sandboxSession(t), OpenBrowser: func(string) error { return nil }})
		m, _ = m.Update(browserMsg{seq: m.seq})
		m, _ = m.Update(tickMsg{seq: m.seq, now: t0.Add(75 * 1e9)})
		return m
	})
}

func TestGoldenWaitingOverSSH(t *testing.T) {
	eachSize(t, func(t *testing.T, w, h int) Model {
		return waiting(t, w, h, Deps{Service: plainSession(), Remote: oauth.Remote{SSH: true}, Host: "dev@build-box"})
	})
}

func TestGoldenConsent(t *testing.T) {
	eachSize(t, func(t *testing.T, w, h int) Model {
		s := sandboxSession(t)
		m := waiting(t, w, h, Deps{Service: s})
		m, _ = m.Update(portalsMsg{seq: m.seq, portals: mustPortals(t, s)})
		m, _ = press(m, "down")
		m, _ = press(m, "u")
		refusal := &sandbox.ConsentError{Kind: sandbox.ConsentUserNotAllowed, Message: "You don't have permission to install this app.", Detail: "the user lacks App Marketplace Access"}
		m, _ = m.Update(consentMsg{seq: m.seq, err: refusal})
		return m
	})
}

func TestGoldenPaste(t *testing.T) {
	eachSize(t, func(t *testing.T, w, h int) Model {
		m := waiting(t, w, h, Deps{Service: plainSession()})
		m, _ = press(m, "v")
		m, _ = press(m, "http://localhost:3000/oauth-callback?code=na1-secret")
		return m
	})
}

func TestGoldenQR(t *testing.T) {
	eachSize(t, func(t *testing.T, w, h int) Model {
		m := waiting(t, w, h, Deps{Service: plainSession()})
		m, _ = press(m, "Q")
		return m
	})
}

func TestGoldenFailed(t *testing.T) {
	eachSize(t, func(t *testing.T, w, h int) Model {
		m := New(newCommon(w, h), Deps{Service: plainSession()})
		m, _ = m.Update(common.AuthorizeMsg{Selection: demoSelection()})
		busy := &oauth.PortBusyError{Port: "3000", Family: "IPv4 (127.0.0.1)", Holder: "pid 4242 (node)"}
		m, _ = m.Update(startedMsg{seq: m.seq, err: fmt.Errorf("listen: %w", busy)})
		return m
	})
}

func TestGoldenDone(t *testing.T) {
	eachSize(t, func(t *testing.T, w, h int) Model {
		m := waiting(t, w, h, Deps{Service: plainSession()})
		m, _ = m.Update(resultMsg{seq: m.seq, res: session.Result{Code: "na1-code"}})
		rec := &session.TokenRecord{HubID: 20000002, HubDomain: "starter-co.example", User: "admin@starter-co.example"}
		m, _ = m.Update(exchangedMsg{seq: m.seq, rec: rec, err: errors.New("x")})
		return m
	})
}
