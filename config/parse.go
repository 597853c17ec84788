package config

import (
	"errors"
	"fmt"
	"regexp"
	"sort"

	"github.com/BurntSushi/toml"
)

var profileName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`)

// parse turns file bytes into a Config, or every problem with its place.
// Keys are matched exactly (BurntSushi/toml's struct decoding would accept
// "PKCE" for "pkce" and hide the typo), so we walk the decoded tables
// ourselves against the schema below; unknown keys, wrong types and bad
// values all come out together.
func parse(file string, data []byte) (*Config, ValidationErrors) {
	cfg := defaultConfig(file)
	var raw map[string]any
	if _, err := toml.Decode(string(data), &raw); err != nil {
		return nil, ValidationErrors{syntaxError(file, err)}
	}
	c := &checker{file: file, pos: keyPositions(string(data))}
	root := c.table(nil, raw)
	root.str("default_profile", `default_profile = "dev"`, &cfg.DefaultProfile)
	if t, ok := root.sub("profiles", "[profiles.dev]"); ok {
		cfg.Profiles = parseProfiles(c, t)
	}
	if t, ok := root.sub("sandbox", "[sandbox]"); ok {
		parseSandbox(t, &cfg.Sandbox)
	}
	if t, ok := root.sub("ui", "[ui]"); ok {
		parseUI(t, &cfg.UI)
	}
	root.done()
	if cfg.DefaultProfile != "" && cfg.selected() == nil {
		c.add(root.key("default_profile"), "no profile named "+quote(cfg.DefaultProfile),
			"the name of a [profiles.NAME] table", `default_profile = "dev"`)
	}
	if len(c.errs) > 0 {
		return nil, c.errs.sorted()
	}
	return cfg, nil
}

func syntaxError(file string, err error) ValidationError {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		// The parser reports line 0 for some malformed strings; every error must point somewhere.
		return ValidationError{File: file, Line: max(pe.Position.Line, 1), Col: max(pe.Position.Col, 1),
			Problem: "not valid TOML: " + withoutQuotes(pe.Message), Example: `key = "value"`}
	}
	return ValidationError{File: file, Line: 1, Col: 1, Problem: "not valid TOML: " + withoutQuotes(err.Error())}
}

// quoted matches the pieces of the file a TOML parser error quotes back.
var quoted = regexp.MustCompile(`"[^"]*"|'[^']*'`)

// withoutQuotes drops what the parser quoted from the file: on a mistyped line (a secret without its
// quotes, say) that would be a piece of the secret, and the line and column already say where to look.
func withoutQuotes(msg string) string { return quoted.ReplaceAllString(msg, "(…)") }

// parseProfiles reads [profiles.NAME] tables in file order.
func parseProfiles(c *checker, t *table) []Profile {
	names := make([]string, 0, len(t.m))
	for name := range t.m {
		names = append(names, name)
	}
	sort.Slice(names, func(i, j int) bool {
		pi, pj := c.at(t.key(names[i])), c.at(t.key(names[j]))
		if pi.Line != pj.Line {
			return pi.Line < pj.Line
		}
		return names[i] < names[j]
	})
	var out []Profile
	for _, name := range names {
		sub, ok := t.sub(name, "[profiles."+name+"]")
		if !ok {
			continue
		}
		if !profileName.MatchString(name) {
			c.add(t.key(name), "bad profile name "+quote(name),
				"letters, digits, - and _ (at most 64)", "[profiles.dev]")
			continue
		}
		out = append(out, parseProfile(sub, name))
	}
	return out
}

func parseSandbox(t *table, s *Sandbox) {
	if t.str("addr", `addr = "127.0.0.1:8765"`, &s.Addr) {
		checkLoopbackAddr(t, "addr", s.Addr)
	}
	if t.duration("access_ttl", `access_ttl = "30m"`, &s.AccessTTL) {
		checkRange(t, "access_ttl", s.AccessTTL, 1, maxSandboxTTL, `access_ttl = "30m"`)
	}
	t.boolean("rotate_refresh", "rotate_refresh = true", &s.RotateRefresh)
	t.boolean("deny_redirect", "deny_redirect = false", &s.DenyRedirect)
	parseSandboxApps(t, s)
	t.done()
}

// parseSandboxApps reads [[sandbox.apps]]: more apps for the simulator besides its demo app, so a team can
// rehearse with their own app's scope settings.
func parseSandboxApps(t *table, s *Sandbox) {
	v, ok := t.get("apps")
	if !ok {
		return
	}
	list, isList := v.([]map[string]any)
	if !isList {
		t.wrongType("apps", v, "an array of tables", "[[sandbox.apps]]")
		return
	}
	for i, m := range list {
		at := t.c.table(t.key("apps"), m)
		var a SandboxApp
		at.str("name", `name = "my app"`, &a.Name)
		at.str("client_id", `client_id = "my-sandbox-app"`, &a.ClientID)
		at.str("client_secret", `client_secret = "not-a-real-secret"`, &a.ClientSecret)
		at.list("redirect_urls", `redirect_urls = ["http://localhost:3000/oauth-callback"]`, &a.RedirectURLs)
		at.list("required", `required = ["oauth", "crm.objects.contacts.read"]`, &a.Required)
		at.list("conditionally_required", `conditionally_required = ["automation"]`, &a.ConditionallyRequired)
		at.list("optional", `optional = ["content"]`, &a.Optional)
		at.boolean("pkce_required", "pkce_required = false", &a.PKCERequired)
		at.done()
		if a.ClientID == "" || a.ClientSecret == "" || len(a.RedirectURLs) == 0 {
			t.c.add(t.key("apps"), fmt.Sprintf("sandbox app #%d needs client_id, client_secret and redirect_urls", i+1),
				"all three set", `client_id = "my-sandbox-app"`)
			continue
		}
		s.Apps = append(s.Apps, a)
	}
}

func parseUI(t *table, u *UI) {
	if t.str("theme", `theme = "auto"`, &u.Theme) {
		checkOneOf(t, "theme", u.Theme, `theme = "auto"`, "auto", "dark", "light")
	}
	t.boolean("presenter", "presenter = false", &u.Presenter)
	t.boolean("reduced_motion", "reduced_motion = false", &u.ReducedMotion)
	t.done()
}
