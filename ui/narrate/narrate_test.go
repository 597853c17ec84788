package narrate

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
)

// states is one narration per screen state the presenter can land on.
var states = map[string]interface{ Text() string }{
	"catalog_empty":      Catalog{Account: "Marketing Hub Starter"},
	"catalog_marked":     Catalog{Account: "Marketing Hub Starter", Required: 2, Optional: 1, Highlight: "crm.objects.contacts.read", HighlightAvailable: true},
	"catalog_unavail":    Catalog{Account: "Free", Required: 1, Highlight: "automation", HighlightAvailable: false},
	"catalog_errors":     Catalog{Account: "Free", Required: 3, Errors: 2},
	"catalog_filtering":  Catalog{Filtering: true, Query: "contacts", Shown: 12},
	"catalog_picking":    Catalog{Picking: true},
	"catalog_importing":  Catalog{Importing: true},
	"review_clean":       Review{Required: 2, Optional: 1},
	"review_errors":      Review{Required: 1, Errors: 2},
	"review_fails":       Review{Required: 3, Fails: 4},
	"review_drops":       Review{Required: 1, Optional: 2, Drops: 6},
	"review_url_error":   Review{URLError: true},
	"review_editing_hub": Review{EditingHub: true},
	"review_qr":          Review{QR: true},
	"authorize_idle":     Authorize{Phase: PhaseIdle},
	"authorize_starting": Authorize{Phase: PhaseStarting},
	"authorize_waiting":  Authorize{Phase: PhaseWaiting, Port: "3000", Left: 4*time.Minute + 12*time.Second},
	"authorize_browser":  Authorize{Phase: PhaseWaiting, Port: "3000", BrowserOpened: true},
	"authorize_qr":       Authorize{Phase: PhaseWaiting, Port: "3000", QR: true},
	"authorize_busy":     Authorize{Phase: PhaseWaiting, Port: "3000", NoServer: true},
	"authorize_consent":  Authorize{Phase: PhaseWaiting, Consent: true},
	"authorize_paste":    Authorize{Phase: PhaseWaiting, Paste: true},
	"authorize_exchange": Authorize{Phase: PhaseExchanging},
	"authorize_done":     Authorize{Phase: PhaseDone},
	"authorize_denied":   Authorize{Phase: PhaseFailed, Outcome: "denied"},
	"authorize_timeout":  Authorize{Phase: PhaseFailed, Outcome: "timed_out"},
	"authorize_refused":  Authorize{Phase: PhaseFailed, Outcome: "consent_error"},
	"authorize_forged":   Authorize{Phase: PhaseFailed, Outcome: "state_mismatch"},
	"authorize_portbusy": Authorize{Phase: PhaseFailed, Outcome: "port_busy"},
	"authorize_failed":   Authorize{Phase: PhaseFailed, Outcome: "auth_error"},
	"token_none":         Token{},
	"token_valid":        Token{HasToken: true, HubID: 20000003, Left: 29*time.Minute + 3*time.Second, AutoRefresh: true, Margin: 5 * time.Minute},
	"token_dropped":      Token{HasToken: true, HubID: 20000001, Left: 20 * time.Minute, Granted: 2, Requested: 3, Dropped: 1},
	"token_expired":      Token{HasToken: true, HubID: 20000003, Left: -time.Second, FastForward: 35 * time.Minute},
	"token_busy":         Token{HasToken: true, Busy: "refreshing"},
	"token_confirm":      Token{HasToken: true, Confirm: true},
	"token_revoked":      Token{HasToken: true, HubID: 20000003, Left: 12 * time.Minute, Revoked: true},
	"token_result":       Token{HasToken: true, HubID: 20000003, Left: 12 * time.Minute, Result: "The API call answered 403 MISSING_SCOPES"},
	"trace_empty":        Trace{},
	"trace_authorize":    Trace{Steps: 5, Position: 1, Step: "authorize", From: "Browser", To: "HubSpot"},
	"trace_consent":      Trace{Steps: 5, Position: 2, Step: "consent", From: "Browser", To: "HubSpot", Status: 302, Note: "The user granted access on HubSpot's consent page."},
	"trace_callback":     Trace{Steps: 5, Position: 3, Step: "callback", From: "Browser", To: "hsoauth", Status: 200},
	"trace_exchange":     Trace{Steps: 5, Position: 4, Step: "exchange", From: "hsoauth", To: "HubSpot", Status: 200},
	"trace_introspect":   Trace{Steps: 5, Position: 5, Step: "introspect", From: "hsoauth", To: "HubSpot", Status: 200},
	"trace_refresh_429":  Trace{Steps: 6, Position: 6, Step: "refresh", From: "hsoauth", To: "HubSpot", Status: 429, Failed: true},
	"trace_api":          Trace{Steps: 7, Position: 7, Step: "api", From: "hsoauth", To: "HubSpot", Status: 200},
	"trace_revoke":       Trace{Steps: 8, Position: 8, Step: "revoke", From: "hsoauth", To: "HubSpot", Status: 200},
	"trace_sandbox":      Trace{Steps: 9, Position: 9, Step: "sandbox", From: "hsoauth", To: "HubSpot", Status: 200},
	"trace_export":       Trace{Steps: 5, Asking: true},
	"trace_panel":        Trace{Steps: 5, Panel: "the next token call answers 429 with Retry-After, as HubSpot does when an app calls too fast."},
}

// TestGoldenPerState keeps one golden per state, wrapped as the presenter line shows it at 80 and 200
// columns, and checks each fits two lines at 80 without being cut.
func TestGoldenPerState(t *testing.T) {
	names := make([]string, 0, len(states))
	for n := range states {
		names = append(names, n)
	}
	sort.Strings(names)
	seen := map[string]string{}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			text := states[name].Text()
			if other, dup := seen[text]; dup {
				t.Fatalf("same narration as %s: %q", other, text)
			}
			seen[text] = name
			narrow := Wrap(text, 76, 3)
			if len(narrow) > 2 {
				t.Fatalf("needs %d lines at 80 columns: %q", len(narrow), text)
			}
			var b strings.Builder
			fmt.Fprintf(&b, "80 columns:\n%s\n\n200 columns:\n%s\n", strings.Join(narrow, "\n"), strings.Join(Wrap(text, 196, 2), "\n"))
			golden.RequireEqual(t, []byte(b.String()))
		})
	}
}

func TestWrapKeepsWordsWhole(t *testing.T) {
	got := Wrap("one two three four five six", 9, 5)
	want := []string{"one two", "three", "four five", "six"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("got %q", got)
	}
	if got := Wrap("abcdefghijkl mn", 5, 9); strings.Join(got, "|") != "abcde|fghij|kl mn" {
		t.Fatalf("long word: %q", got)
	}
	if got := Wrap("a b c d e f", 3, 2); len(got) != 2 || !strings.HasSuffix(got[1], "…") {
		t.Fatalf("cut: %q", got)
	}
}

func FuzzWrap(f *testing.F) {
	f.Add("The browser follows HubSpot's redirect to hsoauth's loopback callback server.", 20, 2)
	f.Add("ééééééééé x", 3, 4)
	f.Fuzz(func(t *testing.T, s string, width, max int) {
		width, max = width%300, max%10
		for _, l := range Wrap(s, width, max) {
			if ansi.StringWidth(l) > width && utf8.RuneCountInString(l) > 1 { // a lone wide character may not fit
				t.Fatalf("line %q wider than %d", l, width)
			}
		}
	})
}
