// Package tmux drives a program inside a private tmux server the way a person would: one key at a time,
// reading the screen back, waiting for what should appear instead of sleeping. The end-to-end tests and
// the screenshot command share it.
package tmux

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// Options start a session.
type Options struct {
	Width, Height int
	Env           []string // extra KEY=VALUE for the program
	Command       []string // the program and its arguments
	Dir           string
}

// Session is one program running in its own tmux server.
type Session struct {
	socket string
	target string
}

var counter int

// Start runs o.Command in a new detached tmux server with a private socket and no user config.
func Start(o Options) (*Session, error) {
	counter++
	s := &Session{socket: fmt.Sprintf("hsoauth-%d-%d-%d", time.Now().UnixNano()%1e9, counter, o.Width), target: "app"}
	args := []string{"new-session", "-d", "-s", s.target, "-x", strconv.Itoa(o.Width), "-y", strconv.Itoa(o.Height)}
	if o.Dir != "" {
		args = append(args, "-c", o.Dir)
	}
	// The pane is a real terminal, whatever ran the tests: CI=true would make termenv drop all colour.
	for _, e := range append([]string{"TERM=xterm-256color", "COLORTERM=truecolor", "LANG=C.UTF-8", "CI="}, o.Env...) {
		args = append(args, "-e", e)
	}
	args = append(args, o.Command...)
	if err := s.tmux(args...); err != nil {
		return nil, err
	}
	// Keep the pane after the program exits, so its last screen and exit status can be read.
	if err := s.tmux("set-option", "-t", s.target, "remain-on-exit", "on"); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// tmux runs a tmux command against the private server.
func (s *Session) tmux(args ...string) error {
	out, err := exec.Command("tmux", append([]string{"-L", s.socket, "-f", "/dev/null"}, args...)...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("tmux %s: %v: %s", args[0], err, strings.TrimSpace(string(out)))
	}
	return nil
}

// Key sends one key by tmux name (Enter, Escape, Tab, BTab, Up, Down, C-c, BSpace) or one character.
func (s *Session) Key(key string) error { return s.tmux("send-keys", "-t", s.target, key) }

// KeysInOneWrite sends several keys by tmux name in one send-keys, so they reach the program together.
func (s *Session) KeysInOneWrite(keys ...string) error {
	return s.tmux(append([]string{"send-keys", "-t", s.target}, keys...)...)
}

// Type sends text literally, all in one write, as fast typing or a paste without bracketing delivers it.
func (s *Session) Type(text string) error { return s.tmux("send-keys", "-t", s.target, "-l", text) }

// Paste sends text as a bracketed paste (when the program asked for bracketed pastes), as a terminal
// does when the user pastes.
func (s *Session) Paste(text string) error {
	if err := s.tmux("set-buffer", "-b", "hsoauth-paste", text); err != nil {
		return err
	}
	return s.tmux("paste-buffer", "-p", "-d", "-b", "hsoauth-paste", "-t", s.target)
}

// CaptureJoined returns the screen with the lines the terminal wrapped joined again, as a user's selection
// of one long line would copy it.
func (s *Session) CaptureJoined() (string, error) {
	out, err := exec.Command("tmux", "-L", s.socket, "-f", "/dev/null", "capture-pane", "-p", "-J", "-t", s.target).Output()
	return string(out), err
}

// AlternateScreen reports whether the program is on the terminal's alternate screen.
func (s *Session) AlternateScreen() bool {
	out, err := exec.Command("tmux", "-L", s.socket, "-f", "/dev/null", "display", "-p", "-t", s.target, "#{alternate_on}").Output()
	return err == nil && strings.TrimSpace(string(out)) == "1"
}

// Capture returns the screen; with styles it keeps the SGR escapes (for screenshots).
func (s *Session) Capture(styles bool) (string, error) {
	args := []string{"-L", s.socket, "-f", "/dev/null", "capture-pane", "-p", "-N", "-t", s.target}
	if styles {
		args = append(args, "-e")
	}
	out, err := exec.Command("tmux", args...).Output()
	return string(out), err
}

// WaitFor polls the screen until it contains want, and returns it.
func (s *Session) WaitFor(want string, timeout time.Duration) (string, error) {
	return s.WaitUntil(func(screen string) bool { return strings.Contains(screen, want) }, timeout, "waiting for "+strconv.Quote(want))
}

// WaitUntil polls the screen until ok returns true.
func (s *Session) WaitUntil(ok func(string) bool, timeout time.Duration, what string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	last := ""
	for {
		screen, err := s.Capture(false)
		if err == nil {
			last = screen
			if ok(screen) {
				return screen, nil
			}
		}
		select {
		case <-ctx.Done():
			return last, fmt.Errorf("%s: timed out after %s; the screen was:\n%s", what, timeout, last)
		case <-time.After(40 * time.Millisecond):
		}
	}
}

// Stable waits until two captures 100 ms apart are equal, so a snapshot shows a settled frame.
func (s *Session) Stable(styles bool, timeout time.Duration) (string, error) {
	deadline := time.Now().Add(timeout)
	prev, _ := s.Capture(styles)
	for time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
		cur, err := s.Capture(styles)
		if err != nil {
			return "", err
		}
		if cur == prev {
			return cur, nil
		}
		prev = cur
	}
	return prev, errors.New("the screen did not settle")
}

// Resize changes the window size, as a user dragging the terminal would.
func (s *Session) Resize(w, h int) error {
	return s.tmux("resize-window", "-t", s.target, "-x", strconv.Itoa(w), "-y", strconv.Itoa(h))
}

// Exited reports whether the program has exited, and its status.
func (s *Session) Exited() (bool, int) {
	out, err := exec.Command("tmux", "-L", s.socket, "-f", "/dev/null", "display", "-p", "-t", s.target, "#{pane_dead} #{pane_dead_status}").Output()
	if err != nil {
		return false, 0
	}
	f := strings.Fields(string(out))
	if len(f) < 1 || f[0] != "1" {
		return false, 0
	}
	code := 0
	if len(f) > 1 {
		code, _ = strconv.Atoi(f[1])
	}
	return true, code
}

// WaitExit waits for the program to exit and returns its status.
func (s *Session) WaitExit(timeout time.Duration) (int, error) {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if done, code := s.Exited(); done {
			return code, nil
		}
		time.Sleep(40 * time.Millisecond)
	}
	return 0, fmt.Errorf("the program did not exit within %s", timeout)
}

// TerminalRestored reports whether the program left the terminal as it found it: out of the alternate
// screen, with the cursor visible. tmux tracks both per pane, so this needs no guessing from the text.
func (s *Session) TerminalRestored() (bool, string) {
	out, err := exec.Command("tmux", "-L", s.socket, "-f", "/dev/null", "display", "-p", "-t", s.target, "#{alternate_on} #{cursor_flag}").Output()
	if err != nil {
		return false, err.Error()
	}
	f := strings.Fields(string(out))
	if len(f) != 2 {
		return false, "unexpected tmux answer " + strconv.Quote(string(out))
	}
	return f[0] == "0" && f[1] == "1", "alternate_on=" + f[0] + " cursor_flag=" + f[1]
}

// Close stops the tmux server and the program in it.
func (s *Session) Close() { _ = s.tmux("kill-server") }
