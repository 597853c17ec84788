package endpointdata

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

const sample = "# comment\napi\tversion\tmethod\tpath\tscopes\tlegacy_scopes\ttiers\tuser_level_auth\tspec_file\n" +
	"A\tv3\tGET\t/a/{id}\tx | y+z\t\tany\tyes\tf.json\n" +
	"A\tv3\tPOST\t/a\tx | y+z\tlegacy\tcms:STARTER\t\tf.json\n"

func TestRoundTrip(t *testing.T) {
	rows, err := ParseTSV([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	enc, err := Encode(rows)
	if err != nil {
		t.Fatal(err)
	}
	tab, err := Decode(string(enc))
	if err != nil {
		t.Fatal(err)
	}
	var got []Row
	for _, r := range tab.Refs {
		s := tab.Strings
		got = append(got, Row{API: s[r.API], Version: s[r.Version], Method: s[r.Method], Path: s[r.Path],
			Scopes: fmt.Sprint(tab.Sets[r.Scopes]), Legacy: fmt.Sprint(tab.Sets[r.Legacy]), Tiers: s[r.Tiers], UserLevel: s[r.UserLevel]})
	}
	want := []Row{
		{API: "A", Version: "v3", Method: "GET", Path: "/a/{id}", Scopes: "[[x] [y z]]", Legacy: "[]", Tiers: "any", UserLevel: "yes"},
		{API: "A", Version: "v3", Method: "POST", Path: "/a", Scopes: "[[x] [y z]]", Legacy: "[[legacy]]", Tiers: "cms:STARTER"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
	if tab.Refs[0].Scopes != tab.Refs[1].Scopes {
		t.Error("equal alternatives should be stored once and shared")
	}
}

func TestParseTSVErrors(t *testing.T) {
	cases := map[string]string{
		"":                                    "no header",
		"api\tmethod\n":                       "want the header",
		sample + "A\tv3\tGET\n":               "3 columns",
		sample + "A\tv3\t\t/x\t\t\t\t\tf\n":   "want a method",
		sample + "A\tv3\tGET\tx\t\t\t\t\tf\n": "starting with /",
	}
	for in, want := range cases {
		if _, err := ParseTSV([]byte(in)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseTSV(%.40q) = %v, want %q", in, err, want)
		}
	}
}

func TestDecodeRejectsBrokenTables(t *testing.T) {
	rows, _ := ParseTSV([]byte(sample))
	enc, _ := Encode(rows)
	good := string(enc)
	for _, bad := range []string{"", "XXXX", good[:len(good)-1], good + "x", good[:len(magic)+3]} {
		if _, err := Decode(bad); err == nil {
			t.Errorf("Decode(%q) should fail", bad)
		}
	}
}
