package sandbox

import (
	"fmt"
	"net"
	"strings"

	"github.com/hsoauth/hsoauth/scopes"
)

// portalSpecs are the preset accounts the sandbox serves, in display order,
// with stable hub ids and domains so walkthroughs and tests can name them.
var portalSpecs = []struct {
	hubID     int
	accountID string
	domain    string
}{
	{20000001, "free", "free.hsoauth.test"},
	{20000002, "marketing-starter", "marketing-starter.hsoauth.test"},
	{20000003, "marketing-pro+transactional-email", "marketing-pro.hsoauth.test"},
	{20000004, "sales-pro", "sales-pro.hsoauth.test"},
	{20000005, "service-pro", "service-pro.hsoauth.test"},
	{20000006, "content-enterprise", "content-enterprise.hsoauth.test"},
	{20000007, "all-enterprise", "all-enterprise.hsoauth.test"},
	{20000008, "developer", "developer.hsoauth.test"},
}

// Hub ids of a few preset portals, exported so tests and docs of other
// packages can refer to them without magic numbers.
const (
	HubFree              = 20000001
	HubMarketingStarter  = 20000002
	HubMarketingPro      = 20000003
	HubSalesPro          = 20000004
	HubServicePro        = 20000005
	HubContentEnterprise = 20000006
	HubAllEnterprise     = 20000007
	HubDeveloper         = 20000008
)

// buildPortals turns portalSpecs into portals, each with a Super Admin
// (admin@domain) and a user without App Marketplace Access (viewer@domain).
func buildPortals() ([]Portal, error) {
	out := make([]Portal, 0, len(portalSpecs))
	for i, p := range portalSpecs {
		acct, err := scopes.ParseAccount(p.accountID)
		if err != nil {
			return nil, fmt.Errorf("sandbox: preset portal %d: %w", p.hubID, err)
		}
		base := 30000000 + (i+1)*10
		out = append(out, Portal{
			HubID:   p.hubID,
			Domain:  p.domain,
			Account: acct,
			Users: []User{
				{ID: base + 1, Email: "admin@" + p.domain, SuperAdmin: true, MarketplaceAccess: true},
				{ID: base + 2, Email: "viewer@" + p.domain},
			},
		})
	}
	return out, nil
}

// portal returns the portal with the given hub id.
func (s *Server) portal(hubID int) (*Portal, bool) {
	for i := range s.portals {
		if s.portals[i].HubID == hubID {
			return &s.portals[i], true
		}
	}
	return nil, false
}

// findUser resolves the consent form's `user` field: a full email, the local
// part alone ("admin", "viewer"), or "" for the portal's first Super Admin.
func (p *Portal) findUser(who string) (User, bool) {
	who = strings.TrimSpace(who)
	for _, u := range p.Users {
		local, _, _ := strings.Cut(u.Email, "@")
		if who == "" && u.SuperAdmin || strings.EqualFold(who, u.Email) || strings.EqualFold(who, local) {
			return u, true
		}
	}
	return User{}, false
}

// isIPLiteral reports whether host is an IP address rather than a name.
func isIPLiteral(host string) bool {
	return net.ParseIP(strings.Trim(host, "[]")) != nil
}

// isLoopbackHost reports whether a listen or Host-header host is loopback.
func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}
