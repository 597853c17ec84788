package app

import (
	"io"
	"time"

	"github.com/hsoauth/hsoauth/session"
	"github.com/hsoauth/hsoauth/ui/authorize"
	"github.com/hsoauth/hsoauth/ui/catalog"
	"github.com/hsoauth/hsoauth/ui/common"
	"github.com/hsoauth/hsoauth/ui/keys"
	"github.com/hsoauth/hsoauth/ui/review"
	"github.com/hsoauth/hsoauth/ui/styles"
	"github.com/hsoauth/hsoauth/ui/token"
	"github.com/hsoauth/hsoauth/ui/trace"
)

// Options are the start-up choices and outside effects of a TUI run, all injected so tests can run the
// real assembly with no terminal, browser or clipboard.
type Options struct {
	Presenter    bool
	NoBrowser    bool
	StaticCursor bool                   // test mode and [ui] reduced_motion: nothing blinks or spins
	Clip         io.Writer              // the terminal, for OSC 52 copies; nil skips OSC 52
	OpenBrowser  func(url string) error // nil never opens one
	Remote       session.Remote         // SSH / WSL, for the authorize screen's fallbacks
	Host         string                 // this machine's name, for the ssh -L hint
	Wall         func() time.Time       // the real clock for sign-in timeouts; nil is time.Now (test mode stops it)
}

// Build assembles the root model and its screens for a session.
func Build(sess *session.Session, o Options) Model {
	c := &common.Common{
		Styles:       styles.New(styles.DefaultPalette(), o.Presenter),
		Keys:         keys.DefaultGlobal(),
		Now:          sess.Now,
		Wall:         o.Wall,
		Presenter:    o.Presenter,
		Catalog:      sess.Catalog,
		StaticCursor: o.StaticCursor,
	}
	sel, acct := sess.Saved()
	screens := Screens{
		Catalog: catalog.New(c, catalog.Deps{
			Save:      sess.Save,
			ReadFile:  session.ReadAppFile,
			WriteFile: session.WriteFile,
		}, sel, acct),
		Review: review.New(c, review.Deps{Service: sess, Clip: o.Clip, Hub: sess.SavedHub(), SaveHub: sess.SaveHub}, sel, acct),
		Authorize: authorize.New(c, authorize.Deps{
			Service: sess, Clip: o.Clip, NoBrowser: o.NoBrowser, Host: o.Host, Remote: o.Remote, OpenBrowser: o.OpenBrowser,
		}),
		Token: token.New(c, token.Deps{Service: sess, Clip: o.Clip}),
		Trace: trace.New(c, trace.Deps{Source: sess, Export: sess, Control: sess}),
	}
	info := Info{Profile: sess.Profile.Name, Sandbox: sess.IsSandbox(), BaseURL: sess.SandboxURL, NoConfig: !sess.Config.Exists}
	return New(c, info, screens)
}
