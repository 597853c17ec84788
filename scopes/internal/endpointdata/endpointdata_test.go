package endpointdata

import (
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
	var got []Record
	err = Decode(string(Encode(rows)), func(n int) { got = make([]Record, 0, n) }, func(_ int, r Record) { got = append(got, r) })
	if err != nil {
		t.Fatal(err)
	}
	want := []Record{
		{API: "A", Version: "v3", Method: "GET", Path: "/a/{id}", Tiers: "any", UserLevel: "yes", Scopes: [][]string{{"x"}, {"y", "z"}}},
		{API: "A", Version: "v3", Method: "POST", Path: "/a", Tiers: "cms:STARTER", Scopes: [][]string{{"x"}, {"y", "z"}}, Legacy: [][]string{{"legacy"}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
	if &got[0].Scopes[0] != &got[1].Scopes[0] {
		t.Error("equal alternatives should be decoded once and shared")
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
	good := string(Encode(rows))
	for _, bad := range []string{"", "XXXX", good[:len(good)-1], good + "x", good[:len(magic)+3]} {
		if err := Decode(bad, func(int) {}, func(int, Record) {}); err == nil {
			t.Errorf("Decode(%q) should fail", bad)
		}
	}
}
