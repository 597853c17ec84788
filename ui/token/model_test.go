package token

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/hsoauth/hsoauth/ui/common"
)

func TestRevealCyclesAndCopiesRealTokens(t *testing.T) {
	m, cp := withToken(t, 80, 21)
	rec := fixedRecord()
	if strings.Contains(m.View(), rec.AccessToken) {
		t.Fatal("the access token must start masked")
	}
	m, _ = press(m, "v")
	if !strings.Contains(m.View(), rec.AccessToken) || strings.Contains(m.View(), rec.RefreshToken) {
		t.Fatal("first v reveals the access token only")
	}
	m, _ = press(m, "v")
	if strings.Contains(m.View(), rec.AccessToken) || !strings.Contains(m.View(), rec.RefreshToken) {
		t.Fatal("second v reveals the refresh token only")
	}
	m, _ = press(m, "v")
	if v := m.View(); strings.Contains(v, rec.AccessToken) || strings.Contains(v, rec.RefreshToken) {
		t.Fatal("third v masks both again")
	}
	for _, k := range []string{"y", "Y", "u"} {
		if _, cmd := press(m, k); cmd == nil {
			t.Fatalf("%s returned no command", k)
		}
	}
	want := []string{rec.AccessToken, rec.RefreshToken, `curl -H "Authorization: Bearer ` + rec.AccessToken + `" https://api.hubapi.com/account-info/v3/details`}
	for i, w := range want {
		if cp.text[i] != w {
			t.Errorf("copy %d (%s) = %q, want %q", i, cp.what[i], cp.text[i], w)
		}
	}
}

func TestPresenterModeRefusesReveal(t *testing.T) {
	m, _ := withToken(t, 80, 21)
	m.c.Presenter = true
	m, cmd := press(m, "v")
	if m.reveal != revealNone {
		t.Fatal("presenter mode revealed a token")
	}
	if msgs := drain(cmd); len(msgs) != 1 || msgs[0].(common.StatusMsg).Level != common.LevelWarn {
		t.Fatalf("want one warning, got %v", msgs)
	}
	if m.Keys().(KeyMap).Reveal.Enabled() {
		t.Error("reveal must be disabled in presenter mode")
	}
	if !m.Keys().(KeyMap).CopyAccess.Enabled() {
		t.Error("copying stays allowed in presenter mode")
	}
}

func TestStaleTicksAreIgnored(t *testing.T) {
	m, _ := withToken(t, 80, 21)
	before := m.now
	m2, cmd := m.Update(tickMsg{id: m.id, tag: m.tag - 1, now: before.Add(time.Minute)})
	if cmd != nil || !m2.now.Equal(before) {
		t.Fatal("a tick of an older chain moved the countdown")
	}
	m2, cmd = m.Update(tickMsg{id: m.id + 1000, tag: m.tag, now: before.Add(time.Minute)})
	if cmd != nil || !m2.now.Equal(before) {
		t.Fatal("another model's tick moved the countdown")
	}
	m2, cmd = m.Update(tickMsg{id: m.id, tag: m.tag, now: before.Add(time.Second)})
	if cmd == nil || !m2.now.Equal(before.Add(time.Second)) {
		t.Fatal("a current tick must move the countdown and schedule the next one")
	}
	// A second record does not start a second chain.
	if _, cmd := m2.Update(common.TokenMsg{Record: fixedRecord()}); cmd != nil {
		t.Fatal("a running countdown was started twice")
	}
}

func TestAutoRefreshFiresOnceWithinMargin(t *testing.T) {
	m, _ := withToken(t, 80, 21)
	m, _ = press(m, "a") // on, 5m margin; 20m left: nothing yet
	if !m.auto || m.busy != "" {
		t.Fatalf("auto=%v busy=%q", m.auto, m.busy)
	}
	m, _ = m.Update(tickMsg{id: m.id, tag: m.tag, now: t0.Add(31 * time.Minute)}) // 4m left
	if m.busy != "auto-refreshing" {
		t.Fatalf("crossing the margin must refresh, busy=%q", m.busy)
	}
	m, _ = m.Update(refreshedMsg{id: m.id, auto: true, err: errors.New("network down")})
	m, _ = m.Update(tickMsg{id: m.id, tag: m.tag, now: t0.Add(31*time.Minute + time.Second)})
	if m.busy != "" {
		t.Fatal("a failed auto-refresh must not repeat on every tick")
	}
}

func TestMarginStepsAndBounds(t *testing.T) {
	m, _ := withToken(t, 80, 21)
	for range 30 {
		m, _ = press(m, "+")
	}
	if m.margin != 25*time.Minute {
		t.Errorf("margin %v, want capped at 25m", m.margin)
	}
	for range 30 {
		m, _ = press(m, "-")
	}
	if m.margin != time.Minute {
		t.Errorf("margin %v, want at least 1m", m.margin)
	}
}

func TestRevokeConfirmation(t *testing.T) {
	m, _ := withToken(t, 80, 21)
	m, _ = press(m, "x")
	if !m.Capturing() || !strings.Contains(m.View(), "It does not") {
		t.Fatal("x must open a confirmation that says what revoking does not do")
	}
	km := m.Keys().(KeyMap)
	if !km.Confirm.Enabled() || km.Refresh.Enabled() {
		t.Error("only the confirmation keys apply while it is open")
	}
	m, _ = press(m, "q") // not a confirmation key: ignored, still open
	if !m.confirm {
		t.Fatal("an unrelated key closed the confirmation")
	}
	m, _ = press(m, "esc")
	if m.Capturing() || m.busy != "" {
		t.Fatal("esc must close the confirmation without revoking")
	}
}

func TestKeysWithoutToken(t *testing.T) {
	m := New(newCommon(80, 21, nil), Deps{})
	km := m.Keys().(KeyMap)
	for _, b := range []key.Binding{km.Reveal, km.Refresh, km.Revoke, km.AccountInfo, km.FastForward} {
		if b.Enabled() {
			t.Errorf("%s enabled without a token", b.Help().Key)
		}
	}
	for _, k := range []string{"r", "x", "c", "v", "y", "f"} {
		if _, cmd := press(m, k); cmd != nil {
			t.Errorf("%s did something without a token", k)
		}
	}
	if !strings.Contains(m.View(), "catalog") {
		t.Error("the empty state must say how to get a token")
	}
}

func TestCountdownFormat(t *testing.T) {
	for d, want := range map[time.Duration]string{0: "00:00", -time.Second: "00:00", 90 * time.Second: "01:30",
		29*time.Minute + 59*time.Second: "29:59", 2 * time.Hour: "120:00"} {
		if got := countdown(d); got != want {
			t.Errorf("countdown(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestBarColourFollowsTimeLeft(t *testing.T) {
	m, _ := withToken(t, 80, 21)
	for _, c := range []struct {
		at   time.Duration
		want int
	}{{10 * time.Minute, 0}, {21 * time.Minute, 1}, {30 * time.Minute, 2}} {
		m, _ = m.Update(tickMsg{id: m.id, tag: m.tag, now: t0.Add(c.at)})
		frac, got := m.remaining()
		if got != c.want {
			t.Errorf("at +%v: colour %d, want %d (frac %.2f)", c.at, got, c.want, frac)
		}
	}
	if m.lifetime() != 30*time.Minute {
		t.Errorf("lifetime %v, want 30m from the last refresh", m.lifetime())
	}
}
