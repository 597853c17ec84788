package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func loadErrs(t *testing.T, content string) ValidationErrors {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.toml")
	writeFile(t, path, content, 0o600)
	cfg, err := Load(path, nil)
	var ve ValidationErrors
	if !errors.As(err, &ve) || cfg != nil {
		t.Fatalf("want ValidationErrors and no config, got %v, %v", cfg, err)
	}
	errs, cerr := Check(path, Rules{})
	if cerr != nil || len(errs) != len(ve) {
		t.Fatalf("Check disagrees with Load: %v %v", errs, cerr)
	}
	after, _ := os.ReadFile(path)
	if string(after) != content {
		t.Fatal("a bad file must never be rewritten")
	}
	return ve
}

func TestValidationErrorsHaveLineAndColumn(t *testing.T) {
	cases := []struct {
		name, file      string
		line, col       int
		key, substrings string
	}{
		{"syntax", "[ui]\ntheme = \"dark\nx = 1\n", 2, 14, "", "not valid TOML"},
		{"unknown top", "\n\nthem = 1\n", 3, 1, "them", "unknown key"},
		{"unknown suggests", "[profiles.dev]\nclient_id = \"a\"\n  pcke = true\n", 3, 3, "profiles.dev.pcke", `did you mean "pkce"`},
		{"bool type", "[profiles.dev]\nclient_id = \"a\"\n\n\n\n\n\n\n\n\n\n  pkce = \"yes\"\n", 12, 3, "profiles.dev.pkce", "expected a boolean (true or false), got a string; example: pkce = true"},
		{"int type", "[profiles.dev]\nhub_id = \"42\"\n", 2, 1, "profiles.dev.hub_id", "expected a whole number"},
		{"hub id negative", "[profiles.dev]\nhub_id = -4\n", 2, 1, "profiles.dev.hub_id", "must be positive"},
		{"redirect scheme", "[profiles.dev]\nredirect_uri = \"ftp://x/cb\"\n", 2, 1, "profiles.dev.redirect_uri", "http:// or https://"},
		{"redirect http host", "[profiles.dev]\nredirect_uri = \"http://127.0.0.1:3000/cb\"\n", 2, 1, "profiles.dev.redirect_uri", "only with host localhost"},
		{"api version", "[profiles.dev]\n  api_version = \"v2\"\n", 2, 3, "profiles.dev.api_version", "one of v1, v3, 2026-03"},
		{"token store", "[profiles.dev]\ntoken_store = \"disk\"\n", 2, 1, "profiles.dev.token_store", "one of keyring, file"},
		{"duration", "[profiles.dev]\nrefresh_margin = \"5 minutes\"\n", 2, 1, "profiles.dev.refresh_margin", `a duration such as "30s"`},
		{"duration type", "[profiles.dev]\nrefresh_margin = 300\n", 2, 1, "profiles.dev.refresh_margin", "got an integer"},
		{"margin range", "[profiles.dev]\nrefresh_margin = \"45m\"\n", 2, 1, "profiles.dev.refresh_margin", "from 0s to 29m59"},
		{"masked dots", "[profiles.dev]\nclient_id = \"abc\"\nclient_secret = \"••••••••\"\n", 3, 1, "profiles.dev.client_secret", "looks masked"},
		{"masked stars", "[profiles.dev]\nclient_id = \"abc\"\nclient_secret = \"ab***\"\n", 3, 1, "profiles.dev.client_secret", "looks masked"},
		{"masked xxxx", "[profiles.dev]\nclient_id = \"abc\"\nclient_secret = \"xxxx-xxxx\"\n", 3, 1, "profiles.dev.client_secret", "looks masked"},
		{"secret is id", "[profiles.dev]\nclient_id = \"abc-123\"\nclient_secret = \"ABC-123\"\n", 3, 1, "profiles.dev.client_secret", "equals the client id"},
		{"two secrets", "[profiles.dev]\nclient_secret = \"s1-real\"\nclient_secret_env = \"X\"\n", 1, 1, "profiles.dev", "more than one way"},
		{"env name", "[profiles.dev]\nclient_secret_env = \"$X\"\n", 2, 1, "profiles.dev.client_secret_env", "environment variable name"},
		{"scope list type", "[profiles.dev.scopes]\nrequired = \"oauth\"\n", 2, 1, "profiles.dev.scopes.required", "an array of strings"},
		{"scope item type", "[profiles.dev.scopes]\noptional = [\"a\", 3]\n", 2, 1, "profiles.dev.scopes.optional", "holding an integer"},
		{"scope dup", "[profiles.dev.scopes]\nrequired = [\"oauth\"]\noptional = [\"oauth\"]\n", 3, 1, "profiles.dev.scopes.optional", "already listed in required"},
		{"profile not table", "profiles = 3\n", 1, 1, "profiles", "expected a table, got an integer"},
		{"profile name", "[profiles.\"dev env\"]\nclient_id = \"a\"\n", 1, 1, `profiles."dev env"`, "bad profile name"},
		{"default missing", "default_profile = \"nope\"\n[profiles.dev]\n", 1, 1, "default_profile", `no profile named "nope"`},
		{"theme", "[ui]\ntheme = \"blue\"\n", 2, 1, "ui.theme", "one of auto, dark, light"},
		{"sandbox addr", "[sandbox]\naddr = \"0.0.0.0:80\"\n", 2, 1, "sandbox.addr", "loopback"},
		{"sandbox ttl", "[sandbox]\naccess_ttl = \"0s\"\n", 2, 1, "sandbox.access_ttl", "a duration from"},
		{"base http", "[profiles.dev]\napi_base = \"http://api.hubapi.com\"\n", 2, 1, "profiles.dev.api_base", "plain http"},
		{"inline table", "[profiles.dev]\nscopes = { required = 5 }\n", 2, 1, "profiles.dev.scopes.required", "an array of strings"},
		{"dotted key", "[profiles]\ndev.pkce = 1\n", 2, 1, "profiles.dev.pkce", "got an integer"},
		{"after multiline", "[ui]\n# a = 1\nx = \"\"\"\nfoo = 1\n\"\"\"\n  presenter = 2\n", 3, 1, "ui.x", "unknown key"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			errs := loadErrs(t, tc.file)
			var found *ValidationError
			for i := range errs {
				if errs[i].Key == tc.key && strings.Contains(errs[i].Error(), tc.substrings) {
					found = &errs[i]
				}
			}
			if found == nil {
				t.Fatalf("no error for %s containing %q in:\n%v", tc.key, tc.substrings, errs)
			}
			if found.Line != tc.line || found.Col != tc.col {
				t.Fatalf("%s at %d:%d, want %d:%d", found.Key, found.Line, found.Col, tc.line, tc.col)
			}
			if !strings.Contains(found.Error(), "config.toml:") {
				t.Fatalf("error lacks the file: %s", found)
			}
		})
	}
}

func TestValidationErrorFormat(t *testing.T) {
	e := ValidationError{File: "config.toml", Line: 12, Col: 3, Key: "profiles.dev.pkce",
		Problem: "got a string", Expected: "a boolean (true or false)", Example: "pkce = true"}
	want := "config.toml:12:3: profiles.dev.pkce: expected a boolean (true or false), got a string; example: pkce = true"
	if e.Error() != want {
		t.Fatalf("got  %s\nwant %s", e.Error(), want)
	}
}

func TestValidationCollectsAllErrorsInOrder(t *testing.T) {
	errs := loadErrs(t, "[ui]\ntheme = 1\n[profiles.dev]\npkce = 2\nhub_id = \"x\"\n")
	if len(errs) != 3 || errs[0].Line != 2 || errs[1].Line != 4 || errs[2].Line != 5 {
		t.Fatalf("want three errors in file order, got %v", errs)
	}
}

func TestValidationSecretNeverEchoed(t *testing.T) {
	errs := loadErrs(t, "[profiles.dev]\nclient_id = \"topsecret-value-123\"\nclient_secret = \"topsecret-value-123\"\n")
	if strings.Contains(errs.Error(), "topsecret") {
		t.Fatalf("error echoes the secret: %s", errs)
	}
}
