package cli

import (
	"context"
	"errors"
	"fmt"
	"os"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/hsoauth/hsoauth/config"
	"github.com/hsoauth/hsoauth/ui/app"
	"github.com/hsoauth/hsoauth/ui/catalog"
	"github.com/hsoauth/hsoauth/ui/common"
	"github.com/hsoauth/hsoauth/ui/keys"
	"github.com/hsoauth/hsoauth/ui/session"
	"github.com/hsoauth/hsoauth/ui/styles"
)

// runTUI opens the terminal UI on the configured app, or on the built-in sandbox when none is configured.
func runTUI(e Env, args []string) int {
	var g globals
	fs := newFlagSet("hsoauth", &g)
	presenter := fs.Bool("presenter", false, "start in presenter mode (roomier layout, secrets always masked, narration)")
	if code, ok := parseFlags(e, fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(e, fmt.Sprintf("unexpected argument %q; run 'hsoauth --help'", fs.Arg(0)))
	}
	ctx := context.Background()
	sess, err := openSession(ctx, e, g)
	if err != nil {
		var ve config.ValidationErrors
		if errors.As(err, &ve) {
			fmt.Fprintf(e.Stderr, "hsoauth: the config file has problems; fix them (nothing was changed) and start again:\n%s\n", ve.Error())
			return ExitFailure
		}
		return failure(e, ExitFailure, err)
	}
	defer sess.Close(ctx)
	m := buildApp(sess, *presenter || sess.Config.UI.Presenter)
	p := tea.NewProgram(m, tea.WithAltScreen(), tea.WithInput(e.Stdin), tea.WithOutput(e.Stdout), tea.WithContext(ctx))
	if _, err := p.Run(); err != nil && !errors.Is(err, tea.ErrProgramKilled) {
		fmt.Fprintf(e.Stderr, "hsoauth: %v\n", err)
		return ExitFailure
	}
	if sess.IsSandbox() && !sess.Config.Exists {
		fmt.Fprintln(e.Stderr, "hsoauth ran on its built-in sandbox. To use a real HubSpot app: 'hsoauth config init', then add your app's client id.")
	}
	return ExitOK
}

// buildApp assembles the root model and its screens for a session.
func buildApp(sess *session.Session, presenter bool) app.Model {
	c := &common.Common{
		Styles:    styles.New(styles.DefaultPalette(), presenter),
		Keys:      keys.DefaultGlobal(),
		Now:       sess.Now,
		Presenter: presenter,
		Catalog:   sess.Catalog,
	}
	sel, acct := sess.Saved()
	cat := catalog.New(c, catalog.Deps{
		Save:      sess.Save,
		ReadFile:  os.ReadFile,
		WriteFile: func(path string, data []byte) error { return config.WriteFileAtomic(path, data, 0o644) },
	}, sel, acct)
	info := app.Info{Profile: sess.Profile.Name, Sandbox: sess.IsSandbox(), BaseURL: sess.SandboxURL}
	return app.New(c, info, app.Screens{Catalog: cat})
}
