package sandbox

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/hsoauth/hsoauth/scopes"
)

//go:embed consent.html
var pageSource string

// pages holds the consent-page templates; html/template escapes every
// reflected value (app names, redirect URLs, details).
var pages = template.Must(template.New("pages").Parse(pageSource))

// page is the data every template gets; each page uses what it needs.
type page struct {
	Title       string
	AppName     string
	RequestID   string
	Portals     []portalChoice
	Users       []userChoice
	HubID       int
	PortalName  string
	Domain      string
	RedirectURI string
	Groups      []scopeGroup
	Dropped     []string
	Err         *ConsentError
	Info        Info
}

type portalChoice struct {
	HubID     int
	Name      string
	Domain    string
	Developer bool
	Checked   bool
}

type userChoice struct {
	Value, Label string
	Selected     bool
}

type scopeGroup struct {
	Name   string
	Scopes []scopeLine
}

type scopeLine struct {
	Name, Description string
	Optional          bool
}

// renderPage executes a template into a buffer first, so a template error
// can never leave half a page on the wire.
func (s *Server) renderPage(w http.ResponseWriter, status int, name string, p page) {
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, p); err != nil {
		http.Error(w, "sandbox: page template failed", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action "+formAction(p.RedirectURI)+"; frame-ancestors 'none'")
	h.Set("X-Frame-Options", "DENY")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// renderError shows a consent-page failure the way HubSpot does: a page,
// no redirect. The status is 400 so scripts can tell it from a form.
func (s *Server) renderError(w http.ResponseWriter, e *ConsentError) {
	w.Header().Set("X-Sandbox-Error", string(e.Kind))
	w.Header().Set("X-Sandbox-Message", headerSafe(e.Message))
	if e.Detail != "" {
		w.Header().Set("X-Sandbox-Detail", headerSafe(e.Detail)) // why, for clients that do not read the page
	}
	s.renderPage(w, http.StatusBadRequest, "error", page{Title: "Couldn't complete the connection", Err: e})
}

// pickerPage lists the portals to choose from (the generic authorize URL).
func (s *Server) pickerPage(req *authRequest) page {
	p := page{Title: "Choose an account", AppName: req.app.Name, RequestID: req.id, RedirectURI: req.redirectURI}
	for i, pt := range s.portals {
		p.Portals = append(p.Portals, portalChoice{
			HubID: pt.HubID, Name: pt.Account.Name, Domain: pt.Domain, Checked: i == 0,
			Developer: pt.Account.Kind == scopes.KindDeveloper,
		})
	}
	p.Users = []userChoice{
		{Value: "admin", Label: "admin@… (Super Admin)", Selected: true},
		{Value: "viewer", Label: "viewer@… (no App Marketplace Access)"},
	}
	return p
}

// renderPermissions shows what the app will get in portal: the scopes that
// would be granted, grouped by catalog area, with Grant and Deny. If the
// portal itself cannot install the app it shows the error page instead.
func (s *Server) renderPermissions(w http.ResponseWriter, req *authRequest, portal *Portal, who string) string {
	granted, dropped, cerr := s.checkInstall(req, portal, nil)
	if cerr != nil {
		s.renderError(w, cerr)
		return fmt.Sprintf("consent page refused: portal %d: %s", portal.HubID, cerr.Kind)
	}
	p := page{
		Title: "Connect " + req.app.Name, AppName: req.app.Name, RequestID: req.id,
		HubID: portal.HubID, PortalName: portal.Account.Name, Domain: portal.Domain,
		RedirectURI: req.redirectURI, Groups: s.groupScopes(granted, req.optional), Dropped: dropped,
	}
	for i, u := range portal.Users {
		label := u.Email
		switch {
		case u.SuperAdmin:
			label += " (Super Admin)"
		case !u.MarketplaceAccess:
			label += " (no App Marketplace Access)"
		}
		local, _, _ := strings.Cut(u.Email, "@")
		sel := strings.EqualFold(who, u.Email) || strings.EqualFold(who, local) || (who == "" && i == 0)
		p.Users = append(p.Users, userChoice{Value: u.Email, Label: label, Selected: sel})
	}
	s.renderPage(w, http.StatusOK, "permissions", p)
	return fmt.Sprintf("consent page shown: portal %d, %d scopes, %d optional dropped", portal.HubID, len(granted), len(dropped))
}

// groupScopes arranges granted scopes by catalog group, groups sorted by
// name, as HubSpot groups its permission list by data area.
func (s *Server) groupScopes(granted, optional []string) []scopeGroup {
	byGroup := map[string][]scopeLine{}
	for _, name := range granted {
		line := scopeLine{Name: name, Optional: containsScope(optional, name)}
		group := "Other"
		if sc, ok := s.catalog.Lookup(name); ok {
			group, line.Description = sc.Group, sc.Description
		}
		byGroup[group] = append(byGroup[group], line)
	}
	out := make([]scopeGroup, 0, len(byGroup))
	for g, lines := range byGroup {
		out = append(out, scopeGroup{Name: g, Scopes: lines})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func containsScope(list []string, name string) bool {
	for _, x := range list {
		if x == name {
			return true
		}
	}
	return false
}

// handleHome serves GET /: what this is, the demo credentials, the portals
// and a ready-made install link, so a browser user has somewhere to start.
func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) string {
	s.renderPage(w, http.StatusOK, "home", page{Title: "hsoauth sandbox", Info: s.Info()})
	return "home page shown"
}

// headerSafe makes a message fit for a response header: printable ASCII only (anything else, including
// line breaks that could split the header, becomes a space) and at most 500 bytes.
func headerSafe(msg string) string {
	b := []byte(msg)
	for i, c := range b {
		if c < 0x20 || c > 0x7e {
			b[i] = ' '
		}
	}
	if len(b) > 500 {
		b = b[:500]
	}
	return string(b)
}

// formAction is the CSP form-action source list for a page: the sandbox itself and, on the permissions
// page, the app's redirect origin, because browsers apply form-action to the redirect that follows
// "Grant access" and would otherwise block the hand-back to the app.
func formAction(redirectURI string) string {
	u, err := url.Parse(redirectURI)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") || strings.ContainsAny(u.Host, " ;,'") {
		return "'self'"
	}
	return "'self' " + u.Scheme + "://" + u.Host
}
