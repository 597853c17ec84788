package redact

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestLineNeutralisesTerminalSequences(t *testing.T) {
	cases := map[string]string{
		"plain":               "plain",
		"a\x1b[31mred":        "a?[31mred",
		"osc\x1b]52;c;Zm9v\a": "osc?]52;c;Zm9v?",
		"c1\u009bm":           "c1?m",
		"bidi\u202eevil":      "bidi?evil",
		"line\u2028sep":       "line?sep",
		"bad\xffutf8":         "bad\uFFFDutf8",
		"new\nline\ttab":      "new?line?tab",
	}
	for in, want := range cases {
		if got := Line(in); got != want {
			t.Errorf("Line(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLineCutsLongText(t *testing.T) {
	got := Line(strings.Repeat("x", 5000))
	if n := utf8.RuneCountInString(got); n != MaxShown+1 || !strings.HasSuffix(got, "…") {
		t.Fatalf("Line of 5000 runes kept %d runes (%q…)", n, got[:10])
	}
	if got := Cut("abcdef", 3); got != "abc…" {
		t.Fatalf("Cut = %q", got)
	}
	if got := Full(strings.Repeat("y", 5000) + "\t"); len(got) != 5001 || strings.Contains(got, "\t") {
		t.Fatalf("Full cut or kept a tab: %d bytes", len(got))
	}
}

func TestTextKeepsLinesAndTabs(t *testing.T) {
	if got := Text("a\nb\tc\x1b", -1); got != "a\nb\tc?" {
		t.Fatalf("Text = %q", got)
	}
	if got := Text("abcdef", 2); got != "ab…" {
		t.Fatalf("Text cut = %q", got)
	}
}

func TestMaskHidesLengthAndMiddle(t *testing.T) {
	tok := "na1-abcd-efgh-ijkl-mnop-8f3e"
	if got := Mask(tok); got != "na1-"+Dots+"8f3e" {
		t.Fatalf("Mask = %q", got)
	}
	if got := Mask("short"); got != Dots+Dots {
		t.Fatalf("short secret not fully masked: %q", got)
	}
	if got := Mask("\x1b[31mxxxxxxxxxxxxxxxxxxxx"); got != Dots+Dots {
		t.Fatalf("escape at the edge leaked: %q", got)
	}
	if Mask("") != "" {
		t.Fatal("an absent secret must stay empty, not look present")
	}
}

func FuzzLine(f *testing.F) {
	for _, s := range []string{"", "a\x1b[2J", "\xff\xfe", "\u202e", strings.Repeat("é", 400)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, out := range []string{Line(s), Full(s), Text(s, 50), Mask(s)} {
			if !utf8.ValidString(out) {
				t.Fatalf("invalid UTF-8 out of %q", s)
			}
			for _, r := range out {
				if r != '\n' && r != '\t' && !Printable(r) {
					t.Fatalf("control %U survived in %q", r, out)
				}
			}
		}
		if m := Mask(s); m != "" && strings.Contains(m, s) && len(s) > 8 {
			t.Fatalf("Mask kept the whole secret: %q", m)
		}
	})
}
