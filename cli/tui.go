package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/hsoauth/hsoauth/config"
	"github.com/hsoauth/hsoauth/oauth"
	"github.com/hsoauth/hsoauth/session"
	"github.com/hsoauth/hsoauth/ui/app"
)

// runTUI opens the terminal UI on the configured app, or on the built-in sandbox when none is configured.
func runTUI(e Env, args []string) int {
	var g globals
	fs := newFlagSet("hsoauth", &g)
	presenter := fs.Bool("presenter", false, "start in presenter mode (roomier layout, secrets always masked, narration)")
	noBrowser := fs.Bool("no-browser", false, "never open a browser by itself; show the URL and the fallbacks instead")
	scopesFrom := fs.String("scopes-from", "", "start with the scopes of a `file` ('-' for stdin) as the selection (the output of 'hsoauth scopes suggest'); it is saved as the profile's selection")
	if code, ok := parseFlagsAndArgs(e, fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		if isCommand(fs.Arg(0)) { // hsoauth --profile dev login: the flags belong after the subcommand
			return usageError(e, fmt.Sprintf("put the flags after the subcommand: hsoauth %s %s", fs.Arg(0), strings.Join(args[:len(args)-fs.NArg()], " ")))
		}
		return usageError(e, fmt.Sprintf("unexpected argument %q; run 'hsoauth --help'", fs.Arg(0)))
	}
	if g.verbose {
		return usageError(e, "--verbose is for subcommands; in the TUI press T for the flow trace")
	}
	// The startup benchmark measures exec to first frame through pipes, so only it may run without one.
	if what := notTerminal(e.Stdin, e.Stdout); what != "" && e.Getenv("HSOAUTH_BENCH_FIRST_FRAME") != "1" {
		return refuseWithoutTerminal(e, what)
	}
	if e.Getenv("GOGC") == "" {
		// A TUI session allocates little but for long; collecting at 50% heap growth instead of 100%
		// keeps a whole session under 20 MB resident for a negligible amount of CPU.
		debug.SetGCPercent(50)
	}
	ctx := context.Background()
	sess, err := openSession(ctx, e, g)
	if err != nil {
		var ve config.ValidationErrors
		if errors.As(err, &ve) {
			fmt.Fprintf(e.Stderr, "hsoauth: the config file has problems; fix them (nothing was changed) and start again:\n%s\n", ve.Error())
			return ExitFailure
		}
		return failure(e, usageCode(err), err)
	}
	defer sess.Close(ctx)
	if err := startSelection(e, sess, *scopesFrom); err != nil {
		return failure(e, ExitFailure, err)
	}
	ui := sess.Config.UI
	switch ui.Theme { // "auto" (or unset) lets lipgloss ask the terminal
	case "dark":
		lipgloss.SetHasDarkBackground(true)
	case "light":
		lipgloss.SetHasDarkBackground(false)
	}
	m := buildApp(ctx, e, sess, *presenter || ui.Presenter, *noBrowser, ui.ReducedMotion)
	var model tea.Model = m
	if e.Getenv("HSOAUTH_BENCH_FIRST_FRAME") == "1" {
		model = firstFrameOnly{m} // the startup benchmark: render one frame, then exit
	}
	p := tea.NewProgram(model, tea.WithAltScreen(), tea.WithInput(e.Stdin), tea.WithOutput(e.Stdout), tea.WithContext(ctx))
	final, err := p.Run()
	closeApp(final, m)
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) {
		fmt.Fprintf(e.Stderr, "hsoauth: %v\n", err)
		return ExitFailure
	}
	if sess.IsSandbox() && !sess.Config.Exists {
		fmt.Fprintln(e.Stderr, "hsoauth ran on its built-in sandbox. To use a real HubSpot app: 'hsoauth config init', then add your app's client id.")
	}
	return ExitOK
}

// startSelection saves the --scopes-from selection as the profile's, which is where the TUI starts from;
// the target account stays the saved one. No name, nothing to do.
func startSelection(e Env, sess *session.Session, name string) error {
	if name == "" {
		return nil
	}
	sel, err := loadScopesFrom(e, name)
	if err != nil {
		return err
	}
	_, acct := sess.Saved()
	return sess.Save(sel, acct.ID)
}

// buildApp assembles the TUI for a session with the process's terminal, browser and host.
func buildApp(ctx context.Context, e Env, sess *session.Session, presenter, noBrowser, reducedMotion bool) app.Model {
	host, _ := os.Hostname()
	var wall func() time.Time
	if testMode(e) {
		wall = session.TestModeClock // a still countdown keeps captures reproducible
	}
	return app.Build(sess, app.Options{
		Wall:      wall,
		Presenter: presenter, NoBrowser: noBrowser, StaticCursor: testMode(e) || reducedMotion, Clip: e.Stdout, Host: host,
		Remote:      oauth.DetectRemote(e.Getenv, os.ReadFile),
		OpenBrowser: func(url string) error { return oauth.OpenBrowserEnv(ctx, url, e.Getenv) },
	})
}

// testMode reports whether HSOAUTH_TEST_MODE asks for a reproducible run (end-to-end tests, screenshots):
// a fixed sandbox clock, seeded tokens and a cursor that does not blink.
func testMode(e Env) bool { return e.Getenv("HSOAUTH_TEST_MODE") == "1" }

// firstFrameOnly quits as soon as the program starts, so Bubble Tea renders exactly one frame: the
// startup benchmark times a whole process from exec to its first frame with it.
type firstFrameOnly struct{ app.Model }

func (f firstFrameOnly) Init() tea.Cmd { return tea.Quit }

// closeApp releases what the final model holds open (a callback server still waiting, the trace's
// subscriptions); without a final model (the program failed to start) the initial one is closed.
func closeApp(final tea.Model, initial app.Model) {
	switch f := final.(type) {
	case app.Model:
		f.Close()
	case firstFrameOnly:
		f.Close()
	default:
		initial.Close()
	}
}
