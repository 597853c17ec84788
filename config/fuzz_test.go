package config

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

// TestMain checks no test leaks goroutines. The D-Bus session connection
// go-keyring opens is process-wide by design, so it is not a leak.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m,
		goleak.IgnoreAnyFunction("github.com/godbus/dbus/v5.newConn.func1"),
		goleak.IgnoreAnyFunction("github.com/godbus/dbus/v5.(*Conn).inWorker"))
}

// FuzzLoad feeds arbitrary bytes to the config parser: it must never panic,
// every error must have a place in the file, and no error text may carry a
// control character to the terminal.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(fullFile))
	f.Add([]byte(starter))
	f.Add([]byte("[profiles.dev]\npkce = \"yes\"\nclient_secret = \"•••\"\n"))
	f.Add([]byte("a = \"\"\"\nx = 1\n\"\"\"\n[\"q\\\"k\".b]\nc.'d' = [1, {e = 2}]\n"))
	f.Add([]byte("\"\x1b[31m\" = 1\n[ui]\ntheme = \"\x1b]0;x\x07\"\n"))
	f.Add([]byte("[[profiles]]\nname = 1\n"))
	f.Add([]byte(standardProfile + "hub_id = 3\ntoken_url = \"http://x\x1b/t?#\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, errs := parse("config.toml", data)
		if len(errs) > 0 {
			if cfg != nil {
				t.Fatal("config returned with errors")
			}
			for _, e := range errs {
				if e.Line < 1 || e.Col < 1 {
					t.Fatalf("error without a position: %#v", e)
				}
				if strings.ContainsFunc(e.Error(), isControl) {
					t.Fatalf("control character in %q", e.Error())
				}
			}
			return
		}
		for _, p := range cfg.Profiles {
			if !profileName.MatchString(p.Name) {
				t.Fatalf("accepted bad profile name %q", p.Name)
			}
		}
		again, _ := parse("config.toml", data)
		if !reflect.DeepEqual(cfg, again) {
			t.Fatal("parsing is not deterministic")
		}
	})
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) }

// FuzzTokenFile feeds arbitrary bytes to the token file decoder: no panic,
// errors never quote the content, and what decodes re-encodes the same.
func FuzzTokenFile(f *testing.F) {
	rec := canaryRecord()
	good, _ := json.Marshal(tokenFile{Version: 1, Tokens: []storedRecord{toStored(&rec)}})
	f.Add(good)
	f.Add([]byte(`{"version":1,"tokens":[{"profile":"../x","hub_id":-1}]}`))
	f.Add([]byte(`{"version":2}`))
	f.Add([]byte(`{"version":1,"tokens":[{"access_token":"` + canaryAccess + `"`))
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, err := decodeTokenFile(data)
		if err != nil {
			if strings.Contains(err.Error(), canaryAccess) || (len(data) > 8 && strings.Contains(err.Error(), string(data))) {
				t.Fatalf("error quotes the file: %v", err)
			}
			return
		}
		out, err := json.Marshal(tokenFile{Version: 1, Tokens: recs})
		if err != nil {
			t.Fatal(err)
		}
		again, err := decodeTokenFile(out)
		if err != nil || len(again) != len(recs) {
			t.Fatalf("re-decode failed: %v", err)
		}
	})
}
