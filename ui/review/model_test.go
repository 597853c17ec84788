package review

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/hsoauth/hsoauth/scopes"
	"github.com/hsoauth/hsoauth/ui/common"
)

func TestEnterAuthorizesWithSelectionAndHub(t *testing.T) {
	m := newModel(t, 80, 21)
	m, _ = m.applyHubID("12345")
	_, cmd := press(m, "enter")
	var got *common.AuthorizeMsg
	nav := false
	for _, msg := range collect(cmd) {
		switch msg := msg.(type) {
		case common.AuthorizeMsg:
			got = &msg
		case common.NavigateMsg:
			nav = msg.To == common.ScreenAuthorize
		}
	}
	if got == nil || !nav {
		t.Fatalf("enter should emit AuthorizeMsg and navigate to authorize; got %v nav=%v", got, nav)
	}
	if got.HubID != 12345 || !got.Selection.Equal(demoSelection()) {
		t.Errorf("AuthorizeMsg = %+v", *got)
	}
}

func TestEscGoesBackOrHidesQR(t *testing.T) {
	m := newModel(t, 80, 21)
	m, _ = press(m, "Q")
	if !m.showQR {
		t.Fatal("Q should show the QR code")
	}
	m, cmd := press(m, "esc")
	if m.showQR || cmd != nil {
		t.Fatal("esc should first hide the QR code")
	}
	_, cmd = press(m, "esc")
	msgs := collect(cmd)
	if len(msgs) != 1 || msgs[0] != (common.NavigateMsg{To: common.ScreenCatalog}) {
		t.Fatalf("esc should go back to the catalog, got %v", msgs)
	}
}

func TestHubInputDigitsOnly(t *testing.T) {
	m := newModel(t, 80, 21)
	m, _ = press(m, "h")
	if !m.Capturing() {
		t.Fatal("the hub input should capture keys")
	}
	m, _ = press(m, "12ab3")
	m, _ = press(m, "-;4")
	if got := m.hub.Value(); got != "1234" {
		t.Fatalf("input = %q, want digits only", got)
	}
	m, _ = press(m, "enter")
	if m.Capturing() || m.HubID() != 1234 {
		t.Fatalf("hub = %d capturing=%v", m.HubID(), m.Capturing())
	}
	if !strings.Contains(m.URL(), "/oauth/1234/authorize") {
		t.Errorf("URL is not account-specific: %s", m.URL())
	}
	// esc leaves the hub id as it was; an empty value clears it.
	m, _ = press(m, "h")
	m, _ = press(m, "9")
	m, _ = press(m, "esc")
	if m.HubID() != 1234 {
		t.Errorf("esc changed the hub id to %d", m.HubID())
	}
	m, _ = press(m, "h")
	for range 5 {
		m, _ = press(m, "backspace")
	}
	m, _ = press(m, "enter")
	if m.HubID() != 0 || strings.Contains(m.URL(), "1234") {
		t.Errorf("empty input should clear the hub id: %d %s", m.HubID(), m.URL())
	}
}

func TestSelectionMsgRebuilds(t *testing.T) {
	m := newModel(t, 80, 21)
	sel := scopes.Selection{Required: []string{"oauth", "tickets"}}
	m, _ = m.Update(common.SelectionMsg{Selection: sel, Account: account(t, "service-pro")})
	if !strings.Contains(m.URL(), "scope=oauth%20tickets") || strings.Contains(m.URL(), "automation") {
		t.Errorf("URL did not follow the selection: %s", m.URL())
	}
	if !strings.Contains(m.View(), "target service-pro") {
		t.Error("the header should name the new target account")
	}
}

func TestEmptySelectionCannotAuthorize(t *testing.T) {
	m := New(newCommon(80, 21), Deps{Service: fakeSession()}, scopes.Selection{}, account(t, "free"))
	if m.URL() != "" || m.Keys().(KeyMap).Authorize.Enabled() {
		t.Fatal("an empty selection must not offer authorize")
	}
	_, cmd := press(m, "enter")
	msgs := collect(cmd)
	if len(msgs) != 1 {
		t.Fatalf("want one status message, got %v", msgs)
	}
	if st, ok := msgs[0].(common.StatusMsg); !ok || st.Level != common.LevelError {
		t.Fatalf("want an error status, got %#v", msgs[0])
	}
	if !strings.Contains(m.View(), "the selection is empty") {
		t.Error("the view should say why there is no URL")
	}
}

// TestReviewNeverCopiesThePlaceholderURL: the preview's state is a placeholder, so a copied preview would
// end in a redirect nothing accepts; y says where the real URL is instead of copying this one.
func TestReviewNeverCopiesThePlaceholderURL(t *testing.T) {
	m := newModel(t, 80, 21)
	_, cmd := press(m, "y")
	msgs := collect(cmd)
	if len(msgs) != 1 {
		t.Fatalf("y should report once, got %v", msgs)
	}
	st, ok := msgs[0].(common.StatusMsg)
	if !ok || strings.Contains(st.Text, "copied") || strings.Contains(st.Text, "OSC 52") || !strings.Contains(st.Text, "Authorize screen") {
		t.Fatalf("y on the review must not copy the placeholder URL but say where the real one is: %#v", msgs[0])
	}
}

func TestScrollKeys(t *testing.T) {
	m := newModel(t, 80, 21)
	m, _ = press(m, "j")
	m, _ = press(m, "j")
	if m.vp.YOffset != 2 {
		t.Fatalf("j j should scroll two lines, offset %d", m.vp.YOffset)
	}
	m, _ = press(m, "k")
	if m.vp.YOffset != 1 {
		t.Fatalf("k should scroll back, offset %d", m.vp.YOffset)
	}
}

func TestViewFitsEverySize(t *testing.T) {
	for _, s := range [][2]int{{20, 5}, {60, 12}, {80, 21}, {100, 30}, {120, 37}, {200, 60}} {
		m := newModel(t, s[0], s[1])
		checkFits(t, m.View(), s[0], s[1])
		m, _ = press(m, "Q")
		checkFits(t, m.View(), s[0], s[1])
	}
	// A presenter-mode toggle narrows the area; the root then sends the new size, which re-wraps.
	m := newModel(t, 80, 21)
	m.c.Width = 78
	m, _ = m.Update(tea.WindowSizeMsg{Width: 78, Height: 21})
	checkFits(t, m.View(), 78, 21)
}

func TestKeysHelpFollowsMode(t *testing.T) {
	m := newModel(t, 80, 21)
	k := m.Keys().(KeyMap)
	if !k.Authorize.Enabled() || k.Accept.Enabled() {
		t.Error("browsing: authorize on, input keys off")
	}
	m, _ = press(m, "h")
	k = m.Keys().(KeyMap)
	if k.Authorize.Enabled() || !k.Accept.Enabled() || k.Copy.Enabled() {
		t.Error("editing: only the input keys")
	}
}

func FuzzHubInput(f *testing.F) {
	f.Add("20000002")
	f.Add("12a\x1b[31m3")
	f.Add("99999999999999999999")
	f.Add("")
	f.Fuzz(func(t *testing.T, typed string) {
		m := newModel(t, 80, 21)
		m, _ = press(m, "h")
		m, _ = m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(typed), Paste: true})
		m, _ = press(m, "enter")
		if m.HubID() < 0 {
			t.Fatalf("negative hub id %d", m.HubID())
		}
		if strings.ContainsAny(m.View(), "\x1b\x07") {
			t.Fatal("the view echoes control characters")
		}
	})
}
