package session

import (
	"strings"
	"testing"

	"github.com/hsoauth/hsoauth/scopes"
)

// TestSavedAccountSaysWhatItRead: a multi-hub id with a former hub name is
// restored with a note, and a broken one is reported, not silently replaced.
func TestSavedAccountSaysWhatItRead(t *testing.T) {
	s := open(t, false)
	var warned []string
	s.warn = func(m string) { warned = append(warned, m) }
	sel := scopes.Selection{Required: []string{"oauth"}}
	if err := s.Save(sel, "cms-pro+sales-starter"); err != nil {
		t.Fatal(err)
	}
	if _, acct := s.Saved(); acct.ID != "sales-starter+content-pro" {
		t.Fatalf("restored %q", acct.ID)
	}
	if len(warned) != 1 || !strings.Contains(warned[0], "CMS Hub is now Content Hub") {
		t.Fatalf("warnings %q", warned)
	}
	warned = nil
	if err := s.Save(sel, "marketing-pro+marketing-starter"); err != nil {
		t.Fatal(err)
	}
	if _, acct := s.Saved(); acct.ID != "marketing-starter" {
		t.Fatalf("fallback %q", acct.ID)
	}
	if len(warned) != 1 || !strings.Contains(warned[0], "one tier per hub") || !strings.Contains(warned[0], "targeting marketing-starter") {
		t.Fatalf("warnings %q", warned)
	}
}
