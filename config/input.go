package config

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// Limits on files a user points hsoauth at. A real config is a few KiB and a real app-hsmeta.json less;
// the caps stop a mistaken path (a log, a device, a disk image) or a hostile file from costing seconds of
// CPU and hundreds of MB before the parser gives up.
const (
	// MaxInputSize is the largest config or app-hsmeta.json file read.
	MaxInputSize = 1 << 20
	// MaxNesting is the deepest nesting of arrays, inline tables or JSON objects accepted.
	MaxNesting = 32
)

// ReadInputFile reads a user-named file (the config, an app-hsmeta.json) for parsing: only a regular file,
// at most MaxInputSize bytes, nested at most MaxNesting deep. A missing file gives an error that wraps
// fs.ErrNotExist; every other refusal says what is wrong and what to do.
func ReadInputFile(path, what string) ([]byte, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s %s does not exist: check the path: %w", what, path, fs.ErrNotExist)
	}
	if err != nil {
		return nil, fmt.Errorf("read %s %s: %w", what, path, err)
	}
	defer func() { _ = f.Close() }()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("read %s %s: %w", what, path, err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s %s is not a regular file (it is a %s): point at the file itself", what, path, fileKind(fi.Mode()))
	}
	tooBig := fmt.Errorf("%s %s is larger than %d KiB, the most hsoauth reads: is this the right file?", what, path, MaxInputSize>>10)
	if fi.Size() > MaxInputSize {
		return nil, tooBig
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxInputSize+1))
	if err != nil {
		return nil, fmt.Errorf("read %s %s: %w", what, path, err)
	}
	if len(data) > MaxInputSize {
		return nil, tooBig // it grew while we read it
	}
	if line, ok := CheckNesting(data, MaxNesting); !ok {
		return nil, fmt.Errorf("%s %s:%d: nested more than %d levels deep (arrays or tables inside each other): flatten it", what, path, line, MaxNesting)
	}
	return data, nil
}

func fileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "directory"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "device"
	case m&fs.ModeNamedPipe != 0:
		return "named pipe"
	case m&fs.ModeSocket != 0:
		return "socket"
	}
	return "special file"
}

// CheckNesting reports whether data, read as TOML or JSON, nests brackets and braces at most max deep,
// and else the line where it went deeper. Strings (both quote kinds, escapes, triple quotes) and TOML
// comments are skipped, so brackets inside them do not count. It runs in one pass before any parser,
// whose cost on deep input is far from linear.
func CheckNesting(data []byte, limit int) (line int, ok bool) {
	n := nestScanner{data: data, line: 1}
	return n.run(limit)
}

type nestScanner struct {
	data []byte
	i    int
	line int
}

func (n *nestScanner) run(limit int) (int, bool) {
	depth := 0
	for n.i < len(n.data) {
		c := n.data[n.i]
		switch c {
		case '"', '\'':
			n.skipString(c)
			continue
		case '#':
			n.skipComment()
			continue
		case '[', '{':
			if depth++; depth > limit {
				return n.line, false
			}
		case ']', '}':
			depth = max(depth-1, 0)
		case '\n':
			n.line++
		}
		n.i++
	}
	return 0, true
}

func (n *nestScanner) skipComment() {
	for n.i < len(n.data) && n.data[n.i] != '\n' {
		n.i++
	}
}

// skipString moves past a string starting at n.i: one-line strings end at their quote or the line's end
// (the parser reports the rest), triple-quoted ones at the closing triple.
func (n *nestScanner) skipString(q byte) {
	triple := n.i+2 < len(n.data) && n.data[n.i+1] == q && n.data[n.i+2] == q
	if triple {
		n.i += 3
	} else {
		n.i++
	}
	for n.i < len(n.data) {
		c := n.data[n.i]
		switch {
		case c == '\\' && q == '"':
			n.i++
			if n.i < len(n.data) && n.data[n.i] == '\n' {
				n.line++
			}
		case c == '\n' && !triple:
			return
		case c == '\n':
			n.line++
		case c == q && (!triple || n.i+2 < len(n.data) && n.data[n.i+1] == q && n.data[n.i+2] == q):
			if triple {
				n.i += 2
			}
			n.i++
			return
		}
		n.i++
	}
}
