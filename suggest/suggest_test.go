package suggest

import (
	"strings"
	"testing"
)

func TestDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		d    int
	}{
		{"", "", 0}, {"abc", "", 3}, {"", "abc", 3}, {"kitten", "sitting", 3},
		{"contacts", "contcats", 1}, // a swap of neighbours is one edit
		{"crm.objects.deals.read", "crm.objects.deals.read", 0},
	} {
		var s Scratch
		if got := s.Distance(tt.a, tt.b); got != tt.d {
			t.Errorf("Distance(%q,%q) = %d, want %d", tt.a, tt.b, got, tt.d)
		}
	}
}

func TestNearestOffersOnlyPlausibleTypos(t *testing.T) {
	words := []string{"scopes", "sandbox", "login", "logout", "token"}
	for in, want := range map[string]string{
		"scpoes": "scopes", "logni": "login", "sand": "sandbox", "TOKEN": "token",
		"xyz": "", "completely-different": "",
	} {
		if got := Nearest(in, words); got != want {
			t.Errorf("Nearest(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Phrase("scpoes", words); got != ` (did you mean "scopes"?)` {
		t.Errorf("Phrase = %q", got)
	}
	if Phrase("xyz", words) != "" {
		t.Error("Phrase offered a far candidate")
	}
}

func FuzzNearest(f *testing.F) {
	f.Add("scpoes", "scopes")
	f.Add(strings.Repeat("a", 1000), "b")
	f.Fuzz(func(t *testing.T, in, cand string) {
		var s Scratch
		d := s.Distance(in, cand)
		if d < 0 || d > max(len(in), len(cand)) {
			t.Fatalf("distance %d out of range for %q %q", d, in, cand)
		}
		if got := Nearest(in, []string{cand}); got != "" && got != cand {
			t.Fatalf("Nearest returned %q, not a candidate", got)
		}
	})
}
