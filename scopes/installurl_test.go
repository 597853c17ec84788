package scopes

import (
	"slices"
	"strings"
	"testing"
)

func TestParseInstallURL(t *testing.T) {
	cases := []struct {
		raw             string
		host, hub       string
		scope, optional []string
	}{
		{"https://app.hubspot.com/oauth/authorize?client_id=c&scope=oauth%20crm.objects.contacts.read&optional_scope=content&state=s",
			"app.hubspot.com", "", []string{"oauth", "crm.objects.contacts.read"}, []string{"content"}},
		{"https://app-eu1.hubspot.com/oauth/20000003/authorize/?scope=oauth+tickets,forms&redirect_uri=http%3A%2F%2Flocalhost%3A3000",
			"app-eu1.hubspot.com", "20000003", []string{"oauth", "tickets", "forms"}, nil},
		{"app.hubspot.com/oauth/authorize?scope=oauth&scope=oauth%20files", "app.hubspot.com", "", []string{"oauth", "files"}, nil},
		{"app.hubspot.com/oauth/authorize?redirect_uri=http://localhost:3000&scope=oauth", "app.hubspot.com", "", []string{"oauth"}, nil},
		{"http://127.0.0.1:8421/oauth/authorize?scope=&optional_scope=content", "127.0.0.1", "", nil, []string{"content"}},
	}
	for _, c := range cases {
		u, err := ParseInstallURL(c.raw)
		if err != nil {
			t.Errorf("%s: %v", c.raw, err)
			continue
		}
		if u.Host != c.host || u.HubID != c.hub || !slices.Equal(u.Scope, c.scope) || !slices.Equal(u.Optional, c.optional) {
			t.Errorf("%s: %+v", c.raw, u)
		}
	}
	bad := map[string]string{
		"":                                  "not a URL",
		"https://app.hubspot.com/login?x=1": "not an authorize path",
		"https://app.hubspot.com/oauth/abc/authorize?scope=oauth":                     "not an authorize path",
		"https://app.hubspot.com/oauth/authorize?client_id=c":                         "no scope parameter",
		"https://app.hubspot.com/oauth/authorize?scope=%zz":                           "malformed",
		"https://app.hubspot.com/oauth/authorize?scope=" + strings.Repeat("a", 70000): "longer than",
	}
	for raw, want := range bad {
		if _, err := ParseInstallURL(raw); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseInstallURL(%.60q) = %v, want an error saying %q", raw, err, want)
		}
	}
}

func TestLintInstallURLNamesEachMismatch(t *testing.T) {
	app := AppAuth{Selection: Selection{Required: []string{"oauth", "crm.objects.contacts.read", "crm.objects.deals.read"},
		ConditionallyRequired: []string{"automation"}, Optional: []string{"content", "crm.objects.custom.read"}}}
	u, err := ParseInstallURL("https://app.hubspot.com/oauth/authorize?scope=oauth%20crm.objects.custom.read" +
		"&optional_scope=automation%20tickets%20crm.objects.contacts.read")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, f := range LintInstallURL(u, app) {
		got[f.Rule] = append(got[f.Rule], f.Scopes...)
	}
	want := map[string][]string{
		RuleURLWrongList:       {"crm.objects.contacts.read", "crm.objects.custom.read", "automation"},
		RuleURLMissingRequired: {"crm.objects.deals.read"},
		RuleURLNotConfigured:   {"tickets"},
		RuleURLNotRequested:    {"content"},
	}
	for rule, scopes := range want {
		if !slices.Equal(got[rule], scopes) {
			t.Errorf("%s: %v, want %v", rule, got[rule], scopes)
		}
	}
	if len(got) != len(want) {
		t.Errorf("findings %v", got)
	}
	same, _ := ParseInstallURL("https://app.hubspot.com/oauth/authorize?client_id=c&redirect_uri=http://localhost:3000" +
		"&scope=oauth%20crm.objects.contacts.read%20crm.objects.deals.read%20automation&optional_scope=content%20crm.objects.custom.read")
	if fs := LintInstallURL(same, app); len(fs) != 0 {
		t.Errorf("a URL that matches the app has findings: %+v", fs)
	}
	sel, fs := Default().LintInstall(same, &app, nil)
	if !slices.Equal(sel.ConditionallyRequired, []string{"automation"}) || len(sel.Required) != 3 || len(sel.Optional) != 2 {
		t.Errorf("selection %v", sel)
	}
	for _, f := range fs {
		if f.Severity == SevError {
			t.Errorf("unexpected error %+v", f)
		}
	}
	app.RedirectURLs = []string{"http://localhost:3000/cb"}
	if _, fs := Default().LintInstall(same, &app, nil); len(fs) == 0 || fs[0].Rule != RuleURLRedirect {
		t.Errorf("a redirect_uri the app does not list: %+v", fs)
	}
}

func FuzzParseInstallURL(f *testing.F) {
	for _, s := range []string{"https://app.hubspot.com/oauth/authorize?scope=oauth%20a&optional_scope=b",
		"app.hubspot.com/oauth/1/authorize?scope=a+b,c", "http://[::1]/oauth/authorize?scope", "%", "https://x/oauth//authorize?scope=a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		u, err := ParseInstallURL(raw)
		if err != nil {
			return
		}
		for _, s := range append(slices.Clone(u.Scope), u.Optional...) {
			if s == "" || strings.ContainsAny(s, " ,\t") {
				t.Fatalf("bad scope %q from %q", s, raw)
			}
		}
		_ = LintInstallURL(u, AppAuth{Selection: u.Selection(nil)})
	})
}
