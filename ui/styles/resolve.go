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

// resolve converts every colour of p once, for the dark and the light background and each profile.
func resolve(p Palette) resolvedPalette {
	return resolvedPalette{
		Accent: complete(p.Accent), Subtle: complete(p.Subtle), Muted: complete(p.Muted), Text: complete(p.Text),
		OK: complete(p.OK), Warn: complete(p.Warn), Error: complete(p.Error), Info: complete(p.Info),
		Secret: complete(p.Secret),
	}
}

// complete resolves one adaptive colour for every profile.
func complete(a lipgloss.AdaptiveColor) lipgloss.CompleteAdaptiveColor {
	return lipgloss.CompleteAdaptiveColor{Light: completeColor(a.Light), Dark: completeColor(a.Dark)}
}

// completeColor is one colour as truecolor hex, its nearest 256-colour index and its nearest of the 16.
// A colour termenv cannot read stays as given, so lipgloss treats it exactly as before.
func completeColor(hex string) lipgloss.CompleteColor {
	return lipgloss.CompleteColor{TrueColor: hex, ANSI256: indexIn(termenv.ANSI256, hex), ANSI: indexIn(termenv.ANSI, hex)}
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
