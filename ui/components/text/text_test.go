package text

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

func TestPadRight(t *testing.T) {
	for _, c := range []struct {
		in   string
		w    int
		want string
	}{{"ab", 4, "ab  "}, {"abcd", 2, "abcd"}, {"\x1b[31m✓\x1b[0m", 3, "\x1b[31m✓\x1b[0m  "}, {"", 0, ""}} {
		if got := PadRight(c.in, c.w); got != c.want {
			t.Errorf("PadRight(%q, %d) = %q, want %q", c.in, c.w, got, c.want)
		}
	}
}

// TestWrapNeverBreaksAWord: wrapping at any width keeps every word whole on one line, or cuts it with an
// ellipsis when the word alone is wider than the line (the token screen once showed "copie" / "s").
func TestWrapNeverBreaksAWord(t *testing.T) {
	s := "The refresh token was rotated; the new one is saved and the old copies stop working at HubSpot. " +
		"It covers the account-details endpoint; see netstat -ano and http://localhost:3001/oauth-callback."
	words := strings.Fields(s)
	for w := 8; w <= 60; w++ {
		lines := Wrap(s, w)
		var got []string
		for _, l := range lines {
			if n := ansi.StringWidth(l); n > w {
				t.Fatalf("width %d: line %q is %d cells", w, l, n)
			}
			got = append(got, strings.Fields(l)...)
		}
		for i, word := range got {
			if word != words[i] && !(strings.HasSuffix(word, Ellipsis) && len(words[i]) > w) {
				t.Fatalf("width %d: word %d is %q, want %q:\n%s", w, i, word, words[i], strings.Join(lines, "\n"))
			}
		}
	}
	if got := Wrap("a supercalifragilistic word", 10); got[1] != "supercali…" {
		t.Fatalf("a word wider than the line should be cut with an ellipsis: %q", got)
	}
}

// TestWrapURLBreaksAtParameters: the URL wraps after & (and %20 in a long scope list), never inside a
// parameter that fits, and the lines joined give back the URL.
func TestWrapURLBreaksAtParameters(t *testing.T) {
	u := "http://127.0.0.1:8999/oauth/authorize?client_id=5a4db0c5-de30-4a11-8c1e-000000000001" +
		"&scope=oauth%20crm.objects.contacts.read%20crm.objects.deals.read&redirect_uri=http://localhost:3000/oauth-callback" +
		"&response_type=code&state=Zm9y••••Y2Rl"
	for _, w := range []int{40, 60, 80, 120} {
		lines := WrapURL(u, w)
		if strings.Join(lines, "") != u {
			t.Fatalf("width %d: joined lines differ from the URL:\n%s", w, strings.Join(lines, "\n"))
		}
		for _, l := range lines {
			if n := ansi.StringWidth(l); n > w {
				t.Fatalf("width %d: %q is %d cells", w, l, n)
			}
		}
		for _, l := range lines[:len(lines)-1] {
			if ansi.StringWidth(l) < w && !strings.HasSuffix(l, "&") && !strings.HasSuffix(l, "%20") && !strings.HasSuffix(l, "?") {
				t.Fatalf("width %d: line %q ends inside a parameter", w, l)
			}
		}
	}
}

func TestFitAndBound(t *testing.T) {
	got := Fit("abcdef\nxy", 4, 3)
	if got != "abc…\nxy\n" {
		t.Fatalf("Fit = %q", got)
	}
	if got := Bound("abcdef\nxy\nz", 4, 2); got != "abc…\nxy" {
		t.Fatalf("Bound = %q", got)
	}
}

func TestPackKeepsItemsWhole(t *testing.T) {
	got := Pack([]string{"y copy", "p print URL", "b browser", "esc cancel"}, " · ", 24)
	want := []string{"y copy · p print URL", "b browser · esc cancel"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("Pack = %q, want %q", got, want)
	}
}

func FuzzWrap(f *testing.F) {
	f.Add("The refresh token was rotated; copies stop working.", 10)
	f.Add("\x1b[31mred words\x1b[0m and more", 5)
	f.Add("http://x/?a=b&c=d%20e%41f", 7)
	f.Fuzz(func(t *testing.T, s string, w int) {
		w = w%200 + 1
		if w < 1 {
			w = -w + 1
		}
		for _, l := range Wrap(s, w) {
			if ansi.StringWidth(l) > w {
				t.Fatalf("Wrap(%q, %d): line %q too wide", s, w, l)
			}
		}
		if utf8.ValidString(s) && !strings.ContainsAny(s, "\x1b\n\r\t") && strings.Join(WrapURL(s, w), "") != s {
			t.Fatalf("WrapURL(%q, %d) lost text", s, w)
		}
	})
}

// TestWrapKeepsTheStyleOnEveryLine: a styled sentence wrapped onto two lines is styled on both, each line
// closing what it opened, so placing the lines apart (panes, joins) cannot drop the second line's colour.
func TestWrapKeepsTheStyleOnEveryLine(t *testing.T) {
	styled := "\x1b[38;5;245mt any endpoint · c account info · C contacts\x1b[0m"
	lines := Wrap(styled, 20)
	if len(lines) < 2 {
		t.Fatalf("want several lines: %q", lines)
	}
	for i, l := range lines {
		if !strings.HasPrefix(l, "\x1b[38;5;245m") || !strings.HasSuffix(l, "\x1b[0m") {
			t.Errorf("line %d lost its style: %q", i, l)
		}
	}
}

// TestWrapStylesStayBounded: carrying styles across many short lines must not grow them.
func TestWrapStylesStayBounded(t *testing.T) {
	styled := "\x1b[1m" + strings.Repeat("word ", 2000) + "\x1b[0m"
	lines := Wrap(styled, 1)
	for _, l := range lines {
		if len(l) > 64 {
			t.Fatalf("a line grew to %d bytes: %q", len(l), l[:64])
		}
	}
}
