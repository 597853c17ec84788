package scopes

import "testing"

// TestInstallURLWithCommasIsAnError: HubSpot separates scopes with spaces; a comma-joined list is one
// unknown scope to it, so lint must not call such a URL fine.
func TestInstallURLWithCommasIsAnError(t *testing.T) {
	u, err := ParseInstallURL("https://app.hubspot.com/oauth/authorize?client_id=a&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fcb&scope=oauth,crm.objects.contacts.read")
	if err != nil {
		t.Fatal(err)
	}
	acct, _ := ParseAccount("free")
	_, fs := Default().LintInstall(u, nil, &acct)
	found := false
	for _, f := range fs {
		found = found || (f.Rule == RuleURLCommas && f.Severity == SevError)
	}
	if !found {
		t.Fatalf("no comma error in %+v", fs)
	}
	good, _ := ParseInstallURL("https://app.hubspot.com/oauth/authorize?client_id=a&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fcb&scope=oauth%20crm.objects.contacts.read")
	if _, fs := Default().LintInstall(good, nil, &acct); len(fs) != 0 {
		t.Fatalf("a space-separated URL has findings: %+v", fs)
	}
}

// TestOAuthInTheURLIsAlwaysConfigured: every app has oauth, so a URL sending it is never "asking for a
// scope the app does not configure", even when app-hsmeta.json leaves it out (as HubSpot's samples do).
func TestOAuthInTheURLIsAlwaysConfigured(t *testing.T) {
	u, _ := ParseInstallURL("https://app.hubspot.com/oauth/authorize?client_id=a&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fcb&scope=oauth%20crm.objects.contacts.read")
	app := AppAuth{Selection: Selection{Required: []string{"crm.objects.contacts.read"}}}
	for _, f := range LintInstallURL(u, app) {
		if f.Rule == RuleURLNotConfigured {
			t.Fatalf("oauth called not configured: %+v", f)
		}
	}
}
