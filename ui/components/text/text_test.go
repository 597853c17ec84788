package text

import "testing"

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
