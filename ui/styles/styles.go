// Package styles holds every lipgloss style of the TUI, built once at start-up from a palette, so View
// functions only apply styles and never construct them.
package styles

import "github.com/charmbracelet/lipgloss"

// Palette is the handful of colours the app uses; HubSpot's orange marks what matters.
type Palette struct {
	Accent, Subtle, Muted, Text, OK, Warn, Error, Info, Secret lipgloss.AdaptiveColor
}

// DefaultPalette works on dark and light terminals alike.
func DefaultPalette() Palette {
	return Palette{
		Accent: lipgloss.AdaptiveColor{Light: "#C2410C", Dark: "#FF7A59"},
		Subtle: lipgloss.AdaptiveColor{Light: "#D0D7DE", Dark: "#3B4252"},
		Muted:  lipgloss.AdaptiveColor{Light: "#57606A", Dark: "#8B949E"},
		Text:   lipgloss.AdaptiveColor{Light: "#1F2328", Dark: "#E6EDF3"},
		OK:     lipgloss.AdaptiveColor{Light: "#1A7F37", Dark: "#3FB950"},
		Warn:   lipgloss.AdaptiveColor{Light: "#9A6700", Dark: "#D29922"},
		Error:  lipgloss.AdaptiveColor{Light: "#CF222E", Dark: "#F85149"},
		Info:   lipgloss.AdaptiveColor{Light: "#0969DA", Dark: "#58A6FF"},
		Secret: lipgloss.AdaptiveColor{Light: "#8250DF", Dark: "#BC8CFF"},
	}
}

// Styles is every style the screens use. Screens read fields; they never call lipgloss.NewStyle in View.
type Styles struct {
	App, Title, Subtitle, Header, Muted, Bold, Accent                 lipgloss.Style
	OK, Warn, Error, Info, Secret                                     lipgloss.Style
	Selected, Cursor, Pane, PaneFocused, Box, Tag                     lipgloss.Style
	StatusBar, StatusKey, StatusValue, StatusSandbox, StatusReal      lipgloss.Style
	Narration, HelpKey, HelpDesc, Required, Conditional, Optional, Na lipgloss.Style
	Track                                                             lipgloss.Style // a bar's unfilled part
	Palette                                                           Palette
}

// New builds the styles for p, with its colours converted for the terminal's colour profile.
// presenter=true gives the roomier presenter-mode padding.
func New(p Palette, presenter bool) Styles {
	s := Styles{Palette: p}
	c := resolve(p, lipgloss.ColorProfile())
	pad := 0
	if presenter {
		pad = 1
	}
	s.App = lipgloss.NewStyle().Padding(0, pad)
	s.Title = lipgloss.NewStyle().Bold(true).Foreground(c.Accent)
	s.Subtitle = lipgloss.NewStyle().Foreground(c.Muted)
	s.Header = lipgloss.NewStyle().Bold(true).Foreground(c.Text)
	s.Muted = lipgloss.NewStyle().Foreground(c.Muted)
	s.Bold = lipgloss.NewStyle().Bold(true)
	s.Accent = lipgloss.NewStyle().Foreground(c.Accent)
	s.OK = lipgloss.NewStyle().Foreground(c.OK)
	s.Warn = lipgloss.NewStyle().Foreground(c.Warn)
	s.Error = lipgloss.NewStyle().Foreground(c.Error)
	s.Info = lipgloss.NewStyle().Foreground(c.Info)
	s.Secret = lipgloss.NewStyle().Foreground(c.Secret)
	s.Selected = lipgloss.NewStyle().Bold(true).Foreground(c.Accent)
	s.Cursor = lipgloss.NewStyle().Foreground(c.Accent).Bold(true)
	s.Pane = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(c.Subtle).Padding(0, 1)
	s.PaneFocused = s.Pane.BorderForeground(c.Accent)
	s.Box = lipgloss.NewStyle().Border(lipgloss.NormalBorder()).BorderForeground(c.Subtle).Padding(0, 1)
	s.Tag = lipgloss.NewStyle().Foreground(c.Muted)
	s.StatusBar = lipgloss.NewStyle().Foreground(c.Muted)
	s.StatusKey = lipgloss.NewStyle().Foreground(c.Muted)
	s.StatusValue = lipgloss.NewStyle().Foreground(c.Text)
	s.StatusSandbox = lipgloss.NewStyle().Bold(true).Foreground(c.Info)
	s.StatusReal = lipgloss.NewStyle().Bold(true).Foreground(c.Warn)
	s.Narration = lipgloss.NewStyle().Italic(true).Foreground(c.Info)
	s.HelpKey = lipgloss.NewStyle().Foreground(c.Accent)
	s.HelpDesc = lipgloss.NewStyle().Foreground(c.Muted)
	s.Required = lipgloss.NewStyle().Bold(true).Foreground(c.Error)
	s.Conditional = lipgloss.NewStyle().Bold(true).Foreground(c.Warn)
	s.Optional = lipgloss.NewStyle().Bold(true).Foreground(c.Info)
	s.Na = lipgloss.NewStyle().Foreground(c.Muted).Strikethrough(true)
	s.Track = lipgloss.NewStyle().Foreground(c.Subtle)
	return s
}
