package oauth

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"github.com/hsoauth/hsoauth/redact"
)

// PortBusyError says the redirect URL's port is taken, by whom when the OS
// lets us see it, and what to do about it (L4).
type PortBusyError struct {
	Port   string
	Family string // which half was taken: "IPv4 (127.0.0.1)" or "IPv6 ([::1])"
	Holder string // e.g. "pid 4242 (node)"; empty when unknown
}

// Error names the port, the holder and the remedies.
func (e *PortBusyError) Error() string {
	who := "another program"
	if e.Holder != "" {
		who = redact.Line(e.Holder)
	}
	return fmt.Sprintf("port %s on localhost %s is already in use by %s; stop it, or register and use another "+
		"redirect URL such as http://localhost:%s/oauth-callback (find the holder with: lsof -i :%s, or netstat -ano on Windows)",
		e.Port, e.Family, who, nextPort(e.Port), e.Port)
}

func nextPort(p string) string {
	n, err := strconv.Atoi(p)
	if err != nil || n >= 65535 {
		return "3001"
	}
	return strconv.Itoa(n + 1)
}

// portHolder names the process listening on a TCP port, where the OS makes
// that possible without privileges (Linux /proc, own processes only).
func portHolder(port string) string {
	if runtime.GOOS != "linux" {
		return ""
	}
	n, err := strconv.Atoi(port)
	if err != nil {
		return ""
	}
	return portHolderFrom("/proc", n)
}

// portHolderFrom finds the listening socket's inode in root/net/tcp{,6},
// then the process owning a file descriptor for it.
func portHolderFrom(root string, port int) string {
	inodes := map[string]bool{}
	for _, f := range []string{"net/tcp", "net/tcp6"} {
		b, err := os.ReadFile(filepath.Join(root, f))
		if err == nil {
			for _, ino := range listeningInodes(b, port) {
				inodes["socket:["+ino+"]"] = true
			}
		}
	}
	if len(inodes) == 0 {
		return ""
	}
	procs, err := os.ReadDir(root)
	if err != nil {
		return ""
	}
	for i, p := range procs {
		if i > 20000 {
			break
		}
		if _, err := strconv.Atoi(p.Name()); err != nil {
			continue
		}
		if ownsSocket(filepath.Join(root, p.Name(), "fd"), inodes) {
			comm, _ := os.ReadFile(filepath.Join(root, p.Name(), "comm"))
			return fmt.Sprintf("pid %s (%s)", p.Name(), redact.Line(strings.TrimSpace(string(comm))))
		}
	}
	return ""
}

// listeningInodes parses a /proc/net/tcp table: the inodes of sockets in
// LISTEN state (0A) on the given local port.
func listeningInodes(table []byte, port int) []string {
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(table))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 10 || f[3] != "0A" {
			continue
		}
		_, hexPort, ok := strings.Cut(f[1], ":")
		if p, err := strconv.ParseUint(hexPort, 16, 16); ok && err == nil && int(p) == port {
			out = append(out, f[9])
		}
	}
	return out
}

func ownsSocket(fdDir string, inodes map[string]bool) bool {
	fds, err := os.ReadDir(fdDir)
	if err != nil {
		return false
	}
	for _, fd := range fds {
		if link, err := os.Readlink(filepath.Join(fdDir, fd.Name())); err == nil && inodes[link] {
			return true
		}
	}
	return false
}
