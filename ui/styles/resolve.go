package styles

import (
	"strconv"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// resolvedPalette is the palette with every colour already converted for each colour profile, so a Render
// in a 256- or 16-colour terminal picks a number instead of matching a hex colour against the 256-colour
// table again (which cost a quarter of a catalog keystroke).
type resolvedPalette struct {
	Accent, Subtle, Muted, Text, OK, Warn, Error, Info, Secret lipgloss.CompleteAdaptiveColor
}

// resolve converts every colour of p once for profile prof (the terminal's), on the dark and the light
// background. Truecolor and Ascii need no conversion; the other profiles keep the hex colour, which lipgloss
// still converts correctly (only more slowly) should the profile change later, as benchmarks do.
func resolve(p Palette, prof termenv.Profile) resolvedPalette {
	c := func(a lipgloss.AdaptiveColor) lipgloss.CompleteAdaptiveColor {
		return lipgloss.CompleteAdaptiveColor{Light: completeColor(a.Light, prof), Dark: completeColor(a.Dark, prof)}
	}
	return resolvedPalette{
		Accent: c(p.Accent), Subtle: c(p.Subtle), Muted: c(p.Muted), Text: c(p.Text), OK: c(p.OK), Warn: c(p.Warn),
		Error: c(p.Error), Info: c(p.Info), Secret: c(p.Secret),
	}
}

// completeColor is one colour for every profile, converted ahead for prof: truecolor hex, the nearest
// 256-colour index, the nearest of the 16. A colour termenv cannot read stays as given, so lipgloss treats
// it exactly as before.
func completeColor(hex string, prof termenv.Profile) lipgloss.CompleteColor {
	c := lipgloss.CompleteColor{TrueColor: hex, ANSI256: hex, ANSI: hex}
	switch prof {
	case termenv.ANSI256:
		c.ANSI256 = indexIn(termenv.ANSI256, hex)
	case termenv.ANSI:
		c.ANSI = indexIn(termenv.ANSI, hex)
	}
	return c
}

// indexIn is the colour number profile p uses for hex, as the decimal string lipgloss parses cheaply.
func indexIn(p termenv.Profile, hex string) string {
	switch c := p.Color(hex).(type) {
	case termenv.ANSI256Color:
		return strconv.Itoa(int(c))
	case termenv.ANSIColor:
		return strconv.Itoa(int(c))
	}
	return hex
}
