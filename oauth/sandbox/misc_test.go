package sandbox

import (
	"net"
	"strings"
	"testing"

	"github.com/hsoauth/hsoauth/redact"
	"github.com/hsoauth/hsoauth/scopes"
)

func TestDemoAppScopesAreInCatalog(t *testing.T) {
	app := demoApp()
	for _, list := range [][]string{app.Required, app.Conditional, app.Optional} {
		for _, name := range list {
			if _, ok := scopes.Default().Lookup(name); !ok {
				t.Errorf("demo app scope %q is not in the catalog", name)
			}
		}
	}
	if n := len(app.Required) + len(app.Conditional) + len(app.Optional); n < 20 {
		t.Errorf("demo app configures only %d scopes", n)
	}
}

func TestPortalsAndUsers(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	ps := s.Portals()
	if len(ps) != 8 || ps[0].HubID != HubFree || ps[7].Account.Kind != scopes.KindDeveloper {
		t.Fatalf("portals: %+v", ps)
	}
	p, _ := s.portal(HubSalesPro)
	for who, wantAdmin := range map[string]bool{"": true, "admin": true, "ADMIN@sales-pro.hsoauth.test": true, "viewer": false} {
		u, ok := p.findUser(who)
		if !ok || u.SuperAdmin != wantAdmin || u.CanInstall() != wantAdmin {
			t.Errorf("findUser(%q) = %+v, %v", who, u, ok)
		}
	}
	if _, ok := p.findUser("admin@free.hsoauth.test"); ok {
		t.Error("a user of another portal was accepted")
	}
}

func TestMaskAndClean(t *testing.T) {
	if got := redact.Mask("na1-1234-5678-9abc-def0-123456789abc"); got != "na1-"+redact.Dots+"9abc" {
		t.Errorf("Mask = %q", got)
	}
	if redact.Mask("short") != redact.Dots+redact.Dots {
		t.Error("short secrets must be fully hidden")
	}
	if got := redact.Cut("a\x1b[31mb\x07", 100); strings.ContainsAny(got, "\x1b\x07") {
		t.Errorf("clean kept control characters: %q", got)
	}
	if got := redact.Cut(strings.Repeat("x", 50), 10); got != strings.Repeat("x", 10)+"…" {
		t.Errorf("clean did not cut: %q", got)
	}
	if got := maskPath("/oauth/v1/access-tokens/CNabcdefghijklmnopqrstuvwxyz"); strings.Contains(got, "klmnop") {
		t.Errorf("maskPath leaked: %q", got)
	}
}

func TestEventRingIsBounded(t *testing.T) {
	l := newEventLog()
	for i := range eventRingSize + 5 {
		l.add(Event{Path: strings.Repeat("p", i%3)})
	}
	all := l.all()
	if len(all) != eventRingSize || all[0].Seq != 6 || all[len(all)-1].Seq != eventRingSize+5 {
		t.Fatalf("ring: len %d first %d last %d", len(all), all[0].Seq, all[len(all)-1].Seq)
	}
}

// A name that resolves off loopback (a rewritten /etc/hosts) is refused
// after binding, whatever the name said.
func TestBoundLoopback(t *testing.T) {
	if err := boundLoopback("localhost:1", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 1}); err != nil {
		t.Errorf("127.0.0.1 refused: %v", err)
	}
	for _, ip := range []net.IP{net.IPv4(192, 168, 1, 9), net.IPv4zero, net.IPv6unspecified} {
		err := boundLoopback("localhost:1", &net.TCPAddr{IP: ip, Port: 1})
		if err == nil || !strings.Contains(err.Error(), "/etc/hosts") {
			t.Errorf("%s accepted or unclear: %v", ip, err)
		}
	}
}
