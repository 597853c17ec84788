package oauth

import (
	"context"
	"errors"
	"net/url"
	"os"
	"os/exec"
	"runtime"
	"strings"
)

// ErrNoBrowser means no way to open a browser was found; the caller should
// print the URL (and offer the paste path) instead.
var ErrNoBrowser = errors.New("no browser could be opened")

// OpenBrowserEnv opens url in the user's browser, honouring $BROWSER (read
// through getenv, so only main.go touches the process environment), without
// waiting for it to exit. Only http and https URLs are opened (never
// javascript:, file: and friends), and the URL goes to the browser as one
// argument with no shell in between.
func OpenBrowserEnv(ctx context.Context, rawURL string, getenv func(string) string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || strings.ContainsFunc(rawURL, unsafeInURL) {
		return errors.New("refusing to open a URL that is not plain http(s)")
	}
	for _, argv := range browserCommands(getenv("BROWSER"), runtime.GOOS, rawURL) {
		path, err := exec.LookPath(argv[0])
		if err != nil {
			continue
		}
		cmd := exec.Command(path, argv[1:]...)
		if err := cmd.Start(); err != nil {
			continue
		}
		go func() { _ = cmd.Wait() }() // reap the child; never block the caller
		return nil
	}
	return ErrNoBrowser
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
