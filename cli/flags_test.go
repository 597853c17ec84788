package cli

import (
	"strings"
	"testing"
)

// TestFlagErrorsAreUsageErrors: every flag mistake is exit 2 with a message that says what to type.
func TestFlagErrorsAreUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"login", "-json"}, "flags take two dashes: --json"},
		{[]string{"token", "-header"}, "flags take two dashes: --header"}, // not -h plus "eader": no help, no exit 0
		{[]string{"login", "-hub-id", "5"}, "flags take two dashes: --hub-id"},
		{[]string{"url", "--scpoe", "oauth"}, "did you mean --scope?"},
		{[]string{"token", "extra"}, "'hsoauth token' takes no arguments"},
		{[]string{"refresh", "--hub-id"}, "flag needs an argument"},
		{[]string{"login", "--timeout", "soon"}, "--timeout soon: must be a duration"},
		{[]string{"--bogus"}, "run 'hsoauth --help'"},
		{[]string{"stray"}, "unknown subcommand"},
	} {
		_, errText, code := run(t, nil, tc.args...)
		if code != ExitUsage || !strings.Contains(errText, tc.want) {
			t.Errorf("%v: exit %d, %q; want exit 2 with %q", tc.args, code, errText, tc.want)
		}
		if strings.Contains(errText, "hsoauth hsoauth") {
			t.Errorf("%v: %q names the program twice", tc.args, errText)
		}
	}
}

// TestSubcommandHelpShowsLongFlags: a subcommand's --help lists its flags as --long, like the top level.
func TestSubcommandHelpShowsLongFlags(t *testing.T) {
	out, _, code := run(t, nil, "login", "--help")
	if code != ExitOK || !strings.Contains(out, "Usage: hsoauth login [flags]") || !strings.Contains(out, "  --no-browser ") ||
		!strings.Contains(out, "--timeout duration") || strings.Contains(out, "\n  -no-browser") {
		t.Fatalf("login --help:\n%s", out)
	}
	top, _, _ := run(t, nil, "--help")
	for _, f := range []string{"--config PATH", "--profile NAME", "--sandbox-url U"} {
		if !strings.Contains(top, f) {
			t.Errorf("--help lacks %s", f)
		}
	}
}

func TestVersionShortFlag(t *testing.T) {
	out, _, code := run(t, nil, "-v")
	if code != ExitOK || out != "hsoauth test\n" {
		t.Fatalf("-v: exit %d %q", code, out)
	}
}

// TestScopesFromStdinLeavesNoPaste: --scopes-from - reads standard input, so it cannot also take the
// pasted redirect that --no-browser waits for.
func TestScopesFromStdinLeavesNoPaste(t *testing.T) {
	_, errText, code := run(t, nil, "login", "--sandbox", "--no-browser", "--scopes-from", "-")
	if code != ExitUsage || !strings.Contains(errText, "--scopes-from FILE") {
		t.Fatalf("exit %d %s", code, errText)
	}
}

// TestEveryHTTPCommandTakesHAR: each subcommand that talks HTTP can write its exchanges as HAR.
func TestEveryHTTPCommandTakesHAR(t *testing.T) {
	for _, cmd := range []string{"login", "token", "refresh", "inspect", "revoke", "api"} {
		out, _, _ := run(t, nil, cmd, "--help")
		if !strings.Contains(out, "--har") {
			t.Errorf("%s --help lists no --har", cmd)
		}
	}
}

// TestAPIRefusesCallsItCannotMake: a method without a path, and an empty --data, are usage errors, sent
// nowhere.
func TestAPIRefusesCallsItCannotMake(t *testing.T) {
	for _, args := range [][]string{{"api", "GET"}, {"api", "POST", "/crm/v3/objects/contacts", "--data", ""}} {
		_, errText, code := run(t, nil, args...)
		if code != ExitUsage {
			t.Errorf("%v: exit %d %s", args, code, errText)
		}
	}
}

// TestScopesCommandsHonourGlobalFlags: the scope commands need no session, but a --config that names no
// file or an unknown --profile is a usage error there as everywhere.
func TestScopesCommandsHonourGlobalFlags(t *testing.T) {
	for _, args := range [][]string{
		{"scopes", "--config", "/nonexistent/hsoauth.toml"},
		{"scopes", "lint", "--scope", "oauth", "--config", "/nonexistent/hsoauth.toml"},
		{"scopes", "for", "GET", "/crm/v3/objects/deals", "--config", "/nonexistent/hsoauth.toml"},
	} {
		if _, errText, code := run(t, nil, args...); code != ExitUsage {
			t.Errorf("%v: exit %d %s", args, code, errText)
		}
	}
}

// TestLintURLErrorsFailThePrediction: a URL HubSpot refuses cannot be predicted to install.
func TestLintURLErrorsFailThePrediction(t *testing.T) {
	out, _, code := run(t, nil, "scopes", "lint", "--account", "free", "--url",
		"https://app.hubspot.com/oauth/authorize?client_id=abc&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fcb&scope=oauth,crm.objects.contacts.read")
	if code != ExitFailure || strings.Contains(out, "result:  installs") || !strings.Contains(out, "refuses the URL itself") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
}
