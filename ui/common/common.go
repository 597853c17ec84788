// Package common is what every screen of the TUI shares: the size of the area it may draw in, the styles,
// the global keys, the clock and the scope catalog, plus the few app-wide messages (navigate, status).
package common

import (
	"time"

	"github.com/hsoauth/hsoauth/scopes"
	"github.com/hsoauth/hsoauth/ui/keys"
	"github.com/hsoauth/hsoauth/ui/styles"
)

// Common is passed by pointer to every screen, so a resize or a presenter-mode switch reaches them all.
type Common struct {
	Width, Height int // the screen's drawing area, chrome (title, status, help) already taken off
	Styles        styles.Styles
	Keys          keys.Global
	Now           func() time.Time // the app clock: the sandbox clock in sandbox mode, so fast-forward shows
	// Wall is the real clock, for what runs on real time whatever the sandbox clock says (a sign-in's
	// timeout); nil is time.Now. Test mode stops it, so captures are reproducible.
	Wall      func() time.Time
	Presenter bool // roomier layout, secrets always masked, narration line
	Catalog   *scopes.Catalog
	// StaticCursor stops text inputs blinking and spinners spinning: test mode (so captures are
	// reproducible) and the [ui] reduced_motion setting.
	StaticCursor bool
}

// WallNow is the real clock's time (Wall, else time.Now).
func (c *Common) WallNow() time.Time {
	if c.Wall != nil {
		return c.Wall()
	}
	return time.Now()
}

// WideWidth is the drawing width from which screens put a details pane beside their list.
const WideWidth = 110

// Wide reports whether the drawing area has room for two panes side by side.
func (c *Common) Wide() bool { return c.Width >= WideWidth }

// Screen identifies a top-level screen, in the order the flow visits them.
type Screen int

// The screens, in flow order; Tab walks them.
const (
	ScreenCatalog Screen = iota
	ScreenReview
	ScreenAuthorize
	ScreenToken
	ScreenTrace
)

// String is the screen's name as the title bar shows it.
func (s Screen) String() string {
	switch s {
	case ScreenCatalog:
		return "Catalog"
	case ScreenReview:
		return "Review"
	case ScreenAuthorize:
		return "Authorize"
	case ScreenToken:
		return "Token"
	case ScreenTrace:
		return "Flow trace"
	}
	return "?"
}
