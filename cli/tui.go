package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
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

// tuiFlags are the TUI's own flags.
type tuiFlags struct {
	g          globals
	presenter  bool
	noBrowser  bool
	scopesFrom string
}

// parseTUI reads the TUI's flags; ok false means stop with code.
func parseTUI(e Env, args []string) (f tuiFlags, code int, ok bool) {
	fs := newFlagSet("hsoauth", &f.g)
	fs.BoolVar(&f.presenter, "presenter", false, "start in presenter mode (roomier layout, secrets always masked, narration)")
	fs.BoolVar(&f.noBrowser, "no-browser", false, "never open a browser by itself; show the URL and the fallbacks instead")
	fs.StringVar(&f.scopesFrom, "scopes-from", "", "start with the scopes of a `file` ('-' for stdin) as the selection (the output of 'hsoauth scopes suggest'); it is saved as the profile's selection")
	if code, ok := parseFlagsAndArgs(e, fs, args); !ok {
		return f, code, false
	}
	switch {
	case fs.NArg() > 0 && isCommand(fs.Arg(0)): // hsoauth --profile dev login: the flags belong after the subcommand
		return f, usageError(e, fmt.Sprintf("put the flags after the subcommand: hsoauth %s %s", fs.Arg(0), strings.Join(args[:len(args)-fs.NArg()], " "))), false
	case fs.NArg() > 0:
		return f, usageError(e, fmt.Sprintf("unexpected argument %q; run 'hsoauth --help'", fs.Arg(0))), false
	case f.g.verbose:
		return f, usageError(e, "--verbose is for subcommands; in the TUI press T for the flow trace"), false
	}
	// The startup benchmark measures exec to first frame through pipes, so only it may run without one.
	if what := notTerminal(e.Stdin, e.Stdout); what != "" && e.Getenv("HSOAUTH_BENCH_FIRST_FRAME") != "1" {
		return f, refuseWithoutTerminal(e, what), false
	}
	return f, 0, true
}

// tuneRuntime sets the garbage collector and the processor count for a TUI, unless the user set them.
func tuneRuntime(e Env) {
	if e.Getenv("GOGC") == "" {
		// A TUI session allocates little but for long; collecting at 50% heap growth instead of 100%
		// keeps a whole session under 20 MB resident for a negligible amount of CPU.
		debug.SetGCPercent(50)
	}
	if e.Getenv("GOMAXPROCS") == "" {
		// A TUI needs no parallelism, and with one processor the scheduler stops waking threads on other
		// cores for every small piece of work: under 400 requests a second on the built-in sandbox the
		// process uses about half the processor time it did with two.
		runtime.GOMAXPROCS(1)
	}
}

// runTUI opens the terminal UI on the configured app, or on the built-in sandbox when none is configured.
func runTUI(e Env, args []string) int {
	f, code, ok := parseTUI(e, args)
	if !ok {
		return code
	}
	tuneRuntime(e)
	ctx := context.Background()
	sess, err := openSession(ctx, e, f.g)
	if err != nil {
		var ve config.ValidationErrors
		if errors.As(err, &ve) {
			fmt.Fprintf(e.Stderr, "hsoauth: the config file has problems; fix them (nothing was changed) and start again:\n%s\n", ve.Error())
			return ExitFailure
		}
		return failure(e, usageCode(err), err)
	}
	defer sess.Close(ctx)
	if err := startSelection(e, sess, f.scopesFrom); err != nil {
		return failure(e, ExitFailure, err)
	}
	return runProgram(ctx, e, sess, f)
}

// runProgram runs the Bubble Tea program on an open session until the user quits.
func runProgram(ctx context.Context, e Env, sess *session.Session, f tuiFlags) int {
	ui := sess.Config.UI
	switch ui.Theme {
	case "dark":
		lipgloss.SetHasDarkBackground(true)
	case "light":
		lipgloss.SetHasDarkBackground(false)
	default:
		// "auto" (or unset) asks the terminal, and must do so now: once the program runs, its input reader
		// would race lipgloss for the answer, and keys typed meanwhile could be taken for it.
		lipgloss.HasDarkBackground()
	}
	m := buildApp(ctx, e, sess, f.presenter || ui.Presenter, f.noBrowser, ui.ReducedMotion)
	var model tea.Model = m
	if e.Getenv("HSOAUTH_BENCH_FIRST_FRAME") == "1" {
		model = firstFrameOnly{m} // render one frame, then exit (tests that only need the start-up's effects)
	}
	// 120 frames a second (Bubble Tea's most; 60 by default) halves the wait for the first frame and for
	// each key's echo; an unchanged frame costs nothing, as the renderer writes only what changed.
	p := tea.NewProgram(model, tea.WithAltScreen(), tea.WithInput(e.Stdin), tea.WithOutput(e.Stdout), tea.WithContext(ctx),
		tea.WithFPS(120))
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

// firstFrameOnly quits as soon as the program starts, so Bubble Tea renders exactly one frame: tests that
// check what starting the TUI does (a saved selection) use it to end the program at once.
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
