package e2e

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// ptyApp is a program running on a real pseudo-terminal of a given size. It answers the queries a program
// sends its terminal (background and foreground colour, cursor position, device attributes, mode reports)
// the way xterm does, and records everything the program wrote.
type ptyApp struct {
	cmd    *exec.Cmd
	master *os.File
	start  time.Time

	mu      sync.Mutex
	out     []byte        // everything written to the terminal
	answers []byte        // the replies, as sent
	changed chan struct{} // closed and replaced on every write
	readErr error
	done    chan struct{} // closed when the reader has ended
	exited  chan struct{} // closed when the program has ended; waitErr is then set
	waitErr error
}

// startPTY runs bin with args on a w x h pseudo-terminal, with env as its whole environment.
func startPTY(t testing.TB, bin string, w, h int, env []string, args ...string) *ptyApp {
	t.Helper()
	master, slave, err := openPTY(w, h)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	p := &ptyApp{cmd: cmd, master: master, changed: make(chan struct{}), done: make(chan struct{}),
		exited: make(chan struct{})}
	p.start = time.Now()
	if err := cmd.Start(); err != nil {
		_ = master.Close()
		_ = slave.Close()
		t.Fatal(err)
	}
	_ = slave.Close()
	go p.read()
	go func() { p.waitErr = cmd.Wait(); close(p.exited) }()
	t.Cleanup(p.kill)
	return p
}

// openPTY opens a pseudo-terminal pair (Linux /dev/ptmx) and sets its window size.
func openPTY(w, h int) (*os.File, *os.File, error) {
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, nil, fmt.Errorf("opening /dev/ptmx: %w", err)
	}
	fd := int(master.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		_ = master.Close()
		return nil, nil, fmt.Errorf("unlocking the pty: %w", err)
	}
	n, err := unix.IoctlGetUint32(fd, unix.TIOCGPTN)
	if err != nil {
		_ = master.Close()
		return nil, nil, fmt.Errorf("naming the pty: %w", err)
	}
	slave, err := os.OpenFile("/dev/pts/"+strconv.Itoa(int(n)), os.O_RDWR|syscall.O_NOCTTY|syscall.O_CLOEXEC, 0)
	if err != nil {
		_ = master.Close()
		return nil, nil, err
	}
	ws := &unix.Winsize{Col: uint16(w), Row: uint16(h)}
	if err := unix.IoctlSetWinsize(int(slave.Fd()), unix.TIOCSWINSZ, ws); err != nil {
		_ = master.Close()
		_ = slave.Close()
		return nil, nil, fmt.Errorf("sizing the pty: %w", err)
	}
	return master, slave, nil
}

// xtermReplies are the queries a TUI may send at start-up and what xterm (dark background) answers.
var xtermReplies = []struct{ query, reply string }{
	{"\x1b]11;?\x07", "\x1b]11;rgb:1e1e/1e1e/1e1e\x07"},
	{"\x1b]11;?\x1b\\", "\x1b]11;rgb:1e1e/1e1e/1e1e\x1b\\"},
	{"\x1b]10;?\x07", "\x1b]10;rgb:d0d0/d0d0/d0d0\x07"},
	{"\x1b]10;?\x1b\\", "\x1b]10;rgb:d0d0/d0d0/d0d0\x1b\\"},
	{"\x1b[6n", "\x1b[1;1R"},
	{"\x1b[c", "\x1b[?64;1;2;6;9;15;18;21;22c"},
	{"\x1b[0c", "\x1b[?64;1;2;6;9;15;18;21;22c"},
	{"\x1b[?2026$p", "\x1b[?2026;0$y"},
	{"\x1b[?2027$p", "\x1b[?2027;0$y"},
	{"\x1b[?u", ""}, // xterm has no kitty keyboard protocol and stays silent
}

// read copies the terminal's output and answers each query as soon as it is complete.
func (p *ptyApp) read() {
	defer close(p.done)
	buf := make([]byte, 32*1024)
	for {
		n, err := p.master.Read(buf)
		if n > 0 {
			p.mu.Lock()
			prev := len(p.out)
			p.out = append(p.out, buf[:n]...)
			reply := replies(p.out, prev)
			p.answers = append(p.answers, reply...)
			close(p.changed)
			p.changed = make(chan struct{})
			p.mu.Unlock()
			if len(reply) > 0 {
				_, _ = p.master.Write(reply)
			}
		}
		if err != nil {
			p.mu.Lock()
			p.readErr = err
			close(p.changed)
			p.changed = make(chan struct{})
			p.mu.Unlock()
			return
		}
	}
}

// replies answers the queries that end after prev in out (a query may straddle two reads).
func replies(out []byte, prev int) []byte {
	var r []byte
	from := max(prev-16, 0)
	for _, q := range xtermReplies {
		for at := from; ; {
			i := bytes.Index(out[at:], []byte(q.query))
			if i < 0 {
				break
			}
			end := at + i + len(q.query)
			if end > prev {
				r = append(r, q.reply...)
			}
			at = end
		}
	}
	return r
}

// waitFor waits until the output contains want and returns how long after the start it first appeared.
func (p *ptyApp) waitFor(want string, timeout time.Duration) (time.Duration, error) {
	deadline := time.After(timeout)
	for {
		p.mu.Lock()
		found := bytes.Contains(p.out, []byte(want))
		ch, err := p.changed, p.readErr
		p.mu.Unlock()
		if found {
			return time.Since(p.start), nil
		}
		if err != nil {
			return 0, fmt.Errorf("the program ended without showing %q: %v\n%q", want, err, p.output())
		}
		select {
		case <-ch:
		case <-deadline:
			return 0, fmt.Errorf("%q did not appear within %s; the terminal got:\n%q", want, timeout, p.output())
		}
	}
}

// output is what the program wrote so far.
func (p *ptyApp) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return string(p.out)
}

// send types keys into the terminal.
func (p *ptyApp) send(keys string) error {
	_, err := io.WriteString(p.master, keys)
	return err
}

// procCPU reads a process's user and system time from /proc/PID/stat (in clock ticks of 1/100 s).
func procCPU(pid int) (time.Duration, error) {
	data, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return 0, err
	}
	s := string(data)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 13 {
		return 0, fmt.Errorf("short /proc stat: %q", s)
	}
	utime, err1 := strconv.ParseInt(fields[11], 10, 64)
	stime, err2 := strconv.ParseInt(fields[12], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return 0, err
	}
	return time.Duration(utime+stime) * 10 * time.Millisecond, nil
}

// kill ends the program if it still runs and closes the terminal.
func (p *ptyApp) kill() {
	select {
	case <-p.exited:
	default:
		_ = p.cmd.Process.Kill()
		<-p.exited
	}
	_ = p.master.Close()
	<-p.done
}
