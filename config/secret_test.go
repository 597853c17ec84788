package config

import (
	"errors"
	"strings"
	"testing"
)

type mapKeyring map[string]string

func (m mapKeyring) Get(service, user string) (string, error) {
	if v, ok := m[service+"|"+user]; ok {
		return v, nil
	}
	return "", errors.New("not found")
}

func TestResolveSecret(t *testing.T) {
	kr := mapKeyring{"hsoauth|dev": "from-keyring", "work|prod": "from-work", "hsoauth|bad": "****",
		"hsoauth|win": "w\x00i\x00n\x00-\x00s\x00e\x00c\x00r\x00e\x00t\x00"}
	env := envMap(map[string]string{"DEV_SECRET": "from-env"})
	cases := []struct {
		p       Profile
		want    string
		errPart string
	}{
		{Profile{Name: "a", ClientSecret: "in-file"}, "in-file", ""},
		{Profile{Name: "a", ClientSecretEnv: "DEV_SECRET"}, "from-env", ""},
		{Profile{Name: "a", ClientSecretEnv: "UNSET"}, "", "$UNSET, which is not set"},
		{Profile{Name: "a", ClientSecretKeyring: "dev"}, "from-keyring", ""},
		{Profile{Name: "a", ClientSecretKeyring: "work:prod"}, "from-work", ""},
		{Profile{Name: "a", ClientSecretKeyring: "win"}, "win-secret", ""}, // written by Windows' cmdkey (UTF-16LE)
		{Profile{Name: "a", ClientSecretKeyring: "missing"}, "", `keyring entry "missing"`},
		{Profile{Name: "a", ClientSecretKeyring: "bad"}, "", "looks masked"},
		{Profile{Name: "a"}, "", "no client secret"},
	}
	for _, tc := range cases {
		got, err := tc.p.ResolveSecret(env, kr)
		if tc.errPart != "" {
			if err == nil || !strings.Contains(err.Error(), tc.errPart) {
				t.Errorf("%+v: want error with %q, got %v", tc.p, tc.errPart, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%+v: got %q, %v; want %q", tc.p, got, err, tc.want)
		}
	}
}

func TestKeyringFuncAdapts(t *testing.T) {
	p := Profile{Name: "a", ClientSecretKeyring: "x"}
	got, err := p.ResolveSecret(nil, KeyringFunc(func(s, u string) (string, error) { return s + "/" + u + "-real", nil }))
	if err != nil || got != "hsoauth/x-real" {
		t.Fatalf("got %q %v", got, err)
	}
}

// FuzzFromUTF16: whatever a keyring hands back, decoding never panics, never grows the value, and only
// changes a value that is ASCII text in UTF-16LE form.
func FuzzFromUTF16(f *testing.F) {
	f.Add("w\x00i\x00n\x00")
	f.Add("plain-secret")
	f.Add("\x00\x00")
	f.Fuzz(func(t *testing.T, v string) {
		got := fromUTF16(v)
		if len(got) > len(v) || (got != v && len(got)*2 != len(v)) {
			t.Fatalf("%q -> %q", v, got)
		}
	})
}
