package styles

import (
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

var allProfiles = []termenv.Profile{termenv.Ascii, termenv.ANSI, termenv.ANSI256, termenv.TrueColor}

// TestResolvedPaletteRendersAsAdaptive checks that the pre-converted palette colours every style exactly as
// the adaptive hex colours would, in each profile and on both backgrounds, whichever profile it was
// converted for.
func TestResolvedPaletteRendersAsAdaptive(t *testing.T) {
	for _, built := range allProfiles {
		checkResolved(t, built)
	}
}

func checkResolved(t *testing.T, built termenv.Profile) {
	p := DefaultPalette()
	c := resolve(p, built)
	pairs := map[string][2]lipgloss.TerminalColor{
		"Accent": {p.Accent, c.Accent}, "Subtle": {p.Subtle, c.Subtle}, "Muted": {p.Muted, c.Muted},
		"Text": {p.Text, c.Text}, "OK": {p.OK, c.OK}, "Warn": {p.Warn, c.Warn}, "Error": {p.Error, c.Error},
		"Info": {p.Info, c.Info}, "Secret": {p.Secret, c.Secret},
	}
	for _, prof := range allProfiles {
		for _, dark := range []bool{true, false} {
			r := lipgloss.NewRenderer(nil)
			r.SetColorProfile(prof)
			r.SetHasDarkBackground(dark)
			for name, pair := range pairs {
				want := r.NewStyle().Foreground(pair[0]).Render("x")
				got := r.NewStyle().Foreground(pair[1]).Render("x")
				if got != want {
					t.Errorf("%s converted for %v, in profile %v (dark %v): got %q, want %q", name, built, prof, dark, got, want)
				}
			}
		}
	}
}

// TestResolvedPaletteKeepsUnknownColours leaves a colour termenv cannot read as it was given.
func TestResolvedPaletteKeepsUnknownColours(t *testing.T) {
	for _, prof := range allProfiles {
		if got := completeColor("not-a-colour", prof); got.ANSI256 != "not-a-colour" || got.ANSI != "not-a-colour" {
			t.Fatalf("got %+v", got)
		}
	}
	if got := completeColor("#FF7A59", termenv.ANSI256); got.ANSI256 != "209" {
		t.Fatalf("#FF7A59 in 256 colours: got %q, want 209", got.ANSI256)
	}
}
