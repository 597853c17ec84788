package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/hsoauth/hsoauth/scopes"
	"github.com/hsoauth/hsoauth/screenshots/termshot"
	"github.com/hsoauth/hsoauth/screenshots/tmux"
)

// shot is one captured screen.
type shot struct {
	name string
	svg  []byte
}

// Size of every screenshot: roomy enough to show each screen's details, small enough for a README.
const cols, rows = 110, 34

// step is a key to press and the text that shows it took effect; shoot names a capture after it. A
// size resizes the terminal first (presenter mode is shown at the smallest and a large projector size).
type step struct {
	key, text, want, shoot string
	size                   [2]int
}

// allScopes is the catalog's count line with nothing filtered out.
var allScopes = fmt.Sprintf("%[1]d of %[1]d scopes", len(scopes.Default().All()))

// tour walks through every screen; each named step is captured.
var tour = []step{
	{want: allScopes, shoot: "01-catalog"},
	{key: "/", want: "/ "},
	{text: "contacts", want: "/ contacts"},
	{key: "Enter", want: "/ contacts"},
	{want: "› · crm.objects.contacts.read"}, // the best match comes first
	{key: "r", want: "› R crm.objects.contacts.read", shoot: "02-catalog-filtered"},
	{key: "Escape", want: allScopes},
	{key: "/", want: "/ "},
	{text: "automation", want: "/ automation"},
	{key: "Enter", want: "/ automation"},
	{key: "o", want: "› O automation"},
	{key: "a", want: "Target account", shoot: "03-account-picker"},
	{key: "Escape", want: "drops automation"},
	{key: "Enter", want: "Install prediction", shoot: "04-review"},
	{key: "Enter", want: "If the browser is elsewhere", shoot: "05-authorize"},
	{key: "a", want: "Approve in the terminal"},
	{key: "Down", want: "› 20000002", shoot: "06-consent-in-terminal"},
	{key: "g", want: "Expires in", shoot: "07-token"},
	{key: "f", want: "25:00"},
	{key: "r", want: "refreshed, valid until"},
	{key: "c", want: "200", shoot: "08-token-refreshed"},
	{key: "T", want: "Flow trace", shoot: "09-flow-trace"},
	{key: "?", want: "Everywhere", shoot: "10-help"},
	{key: "Escape", want: "Flow trace · "}, // the trace itself: the help names the screen too
	{key: "Escape", want: "Expires in"},
	{key: "P", want: "The access token for hub 20000002", shoot: "11-presenter"},
	{size: [2]int{80, 24}, want: "The access token for hub", shoot: "12-presenter-80x24"},
	{size: [2]int{200, 50}, want: "introspect", shoot: "13-presenter-200x50"},
	{key: "T", want: "Flow trace"},
	{key: "d", want: "sequence diagram", shoot: "14-sequence-diagram"},
	{key: "c", want: "Sandbox control panel"},
	{key: "Down", want: "30-minute"},
	{key: "Down", want: "3 seconds"},
	{key: "Down", want: "Retry-After", shoot: "15-control-panel"},
}

// capture runs the binary through the tour and renders every named screen. wait bounds each wait for the
// screen (they poll: a fast machine never waits it out).
func capture(bin, dir string, wait time.Duration) ([]shot, error) {
	cfg := filepath.Join(dir, "config.toml")
	// A fixed sandbox port keeps the status line the same from run to run.
	if err := os.WriteFile(cfg, []byte("[sandbox]\naddr = \"127.0.0.1:8421\"\n"), 0o600); err != nil {
		return nil, err
	}
	s, err := tmux.Start(tmux.Options{
		Width: cols, Height: rows, Dir: dir, Command: isolated(bin, "--config", cfg),
		Env: []string{"HSOAUTH_TEST_MODE=1", "XDG_CONFIG_HOME=" + dir + "/config", "XDG_STATE_HOME=" + dir + "/state",
			"BROWSER=true"}, // a browser that takes the URL: the picture then never depends on the machine's openers
	})
	if err != nil {
		return nil, err
	}
	defer s.Close()
	var shots []shot
	w, h := cols, rows
	for _, st := range tour {
		if st.size != [2]int{} {
			w, h = st.size[0], st.size[1]
			if err := s.Resize(w, h); err != nil {
				return nil, err
			}
		}
		if st.key != "" {
			if err := s.Key(st.key); err != nil {
				return nil, err
			}
		}
		if st.text != "" {
			if err := s.Type(st.text); err != nil {
				return nil, err
			}
		}
		if _, err := s.WaitFor(st.want, wait); err != nil {
			return nil, fmt.Errorf("after %q: %w (is port 8421 free?)", st.key+st.text, err)
		}
		if st.shoot == "" {
			continue
		}
		screen, err := s.Stable(true, wait)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", st.shoot, err)
		}
		title := "hsoauth — " + strings.TrimLeft(st.shoot, "0123456789-")
		shots = append(shots, shot{name: st.shoot, svg: termshot.SVG(screen, termshot.Options{Cols: w, Rows: h, Title: title})})
	}
	return shots, nil
}

// isolated runs the command in a private network namespace when it can (root, unshare and ip present):
// the sandbox and the callback server then get ports 8421 and 3000 whatever else on the machine holds
// them (tests running in parallel do), so the pictures never change because of a busy port.
func isolated(command ...string) []string {
	_, errU := exec.LookPath("unshare")
	_, errIP := exec.LookPath("ip")
	if os.Geteuid() != 0 || errU != nil || errIP != nil {
		return command
	}
	return append([]string{"unshare", "--net", "sh", "-c", `ip link set lo up && exec "$0" "$@"`}, command...)
}
