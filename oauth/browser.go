package oauth

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// ErrNoBrowser means no way to open a browser was found; the caller should
// print the URL (and offer the paste path) instead.
var ErrNoBrowser = errors.New("no browser could be opened")

// BrowserGrace is how long a browser command has to fail. Openers (xdg-open, open, a $BROWSER wrapper)
// exit at once, 0 when the browser took the URL and non-zero when it did not; a browser started directly
// keeps running. So a command that exits non-zero within the grace failed, and one still running after it
// is taken as a browser showing the page.
var BrowserGrace = 3 * time.Second

// OpenBrowserEnv opens url in the user's browser, honouring $BROWSER (read
// through getenv, so only main.go touches the process environment). Only http
// and https URLs are opened (never javascript:, file: and friends), and the URL
// goes to the browser as one argument with no shell in between. Each command
// is tried in turn until one exits 0 or is still running after BrowserGrace;
// when none does, the error (wrapping ErrNoBrowser) says what each one did.
func OpenBrowserEnv(ctx context.Context, rawURL string, getenv func(string) string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || strings.ContainsFunc(rawURL, unsafeInURL) {
		return errors.New("refusing to open a URL that is not plain http(s)")
	}
	var tried []string
	for _, argv := range browserCommands(getenv("BROWSER"), runtime.GOOS, rawURL) {
		path, err := exec.LookPath(argv[0])
		if err != nil {
			continue
		}
		why, err := runBrowser(ctx, path, argv[1:])
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		tried = append(tried, filepath.Base(argv[0])+" "+why)
	}
	if len(tried) == 0 {
		return ErrNoBrowser
	}
	return fmt.Errorf("%w: %s", ErrNoBrowser, strings.Join(tried, "; "))
}

// runBrowser starts one browser command and waits up to BrowserGrace for it to fail; why says how it did.
// A command still running is left to run (and reaped when it ends).
func runBrowser(ctx context.Context, path string, args []string) (why string, err error) {
	cmd := exec.Command(path, args...)
	if err := cmd.Start(); err != nil {
		return "could not start", err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	grace := time.NewTimer(BrowserGrace)
	defer grace.Stop()
	select {
	case err := <-done:
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return fmt.Sprintf("exited with status %d", exit.ExitCode()), err
		}
		if err != nil {
			return "failed", err
		}
		return "", nil
	case <-grace.C:
		return "", nil
	case <-ctx.Done():
		return "was interrupted", ctx.Err()
	}
}

// browserCommands lists the commands to try in order: each entry of the
// colon-separated $BROWSER (with %s replaced, or the URL appended), then the
// platform's opener.
func browserCommands(browserEnv, goos, url string) [][]string {
	var cmds [][]string
	for _, entry := range strings.Split(browserEnv, string(os.PathListSeparator)) {
		fields := strings.Fields(entry)
		if len(fields) == 0 {
			continue
		}
		replaced := false
		for i, f := range fields {
			if strings.Contains(f, "%s") {
				fields[i] = strings.ReplaceAll(f, "%s", url)
				replaced = true
			}
		}
		if !replaced {
			fields = append(fields, url)
		}
		cmds = append(cmds, fields)
	}
	switch goos {
	case "darwin":
		cmds = append(cmds, []string{"open", url})
	case "windows":
		cmds = append(cmds, []string{"rundll32", "url.dll,FileProtocolHandler", url})
	default:
		cmds = append(cmds, []string{"xdg-open", url}, []string{"wslview", url})
	}
	return cmds
}

// Remote describes where the terminal runs, so the UI can offer the right
// fallback: over SSH the browser is on another machine (print the URL, paste
// back the redirect); under WSL the Windows browser must be used.
type Remote struct {
	SSH bool
	WSL bool
}

// DetectRemote inspects the environment and kernel release through the
// injected functions (main.go passes os.Getenv and os.ReadFile), keeping this
// package free of direct environment reads.
func DetectRemote(env func(string) string, readFile func(string) ([]byte, error)) Remote {
	var r Remote
	for _, k := range []string{"SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"} {
		if env(k) != "" {
			r.SSH = true
		}
	}
	if env("WSL_DISTRO_NAME") != "" || env("WSL_INTEROP") != "" {
		r.WSL = true
	}
	if !r.WSL && readFile != nil {
		for _, f := range []string{"/proc/sys/kernel/osrelease", "/proc/version"} {
			b, err := readFile(f)
			low := strings.ToLower(string(b))
			if err == nil && (strings.Contains(low, "microsoft") || strings.Contains(low, "wsl")) {
				r.WSL = true
				break
			}
		}
	}
	return r
}

// unsafeInURL reports characters that have no place in a URL handed to a browser command: spaces and
// control characters (which could also smuggle terminal escapes into an error message).
func unsafeInURL(r rune) bool { return r <= ' ' || r == 0x7f || (r >= 0x80 && r <= 0x9f) }
