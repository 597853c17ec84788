package e2e

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// browser is headless Chromium driven over the DevTools protocol on a pipe (--remote-debugging-pipe:
// JSON messages separated by NUL on file descriptors 3 and 4), so no websocket library is needed and
// nothing is downloaded: it is Debian's chromium, installed by .ci/run.
type browser struct {
	t       *testing.T
	cmd     *exec.Cmd
	in      *os.File // our end of Chromium's fd 3 (commands)
	out     *bufio.Reader
	id      int
	session string
}

// startBrowser launches Chromium with an empty profile and opens one page.
func startBrowser(t *testing.T) *browser {
	t.Helper()
	needTool(t, "chromium")
	cmdR, cmdW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	resR, resW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	profile, err := os.MkdirTemp("", "hsoauth-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
		"--user-data-dir="+profile, "--remote-debugging-pipe", "about:blank")
	cmd.ExtraFiles = []*os.File{cmdR, resW}               // fd 3: Chromium reads commands; fd 4: it writes results
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // its helper processes die with it
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	_ = cmdR.Close()
	_ = resW.Close()
	b := &browser{t: t, cmd: cmd, in: cmdW, out: bufio.NewReader(resR)}
	t.Cleanup(func() {
		_ = cmdW.Close()
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		_ = cmd.Wait()
		_ = os.RemoveAll(profile) // best effort: a helper may still be exiting
	})
	target := b.call("", "Target.createTarget", map[string]any{"url": "about:blank"})
	attached := b.call("", "Target.attachToTarget", map[string]any{"targetId": target["targetId"], "flatten": true})
	b.session, _ = attached["sessionId"].(string)
	b.call(b.session, "Page.enable", nil)
	return b
}

// call sends one command and waits for its result, skipping events; an error fails the test.
func (b *browser) call(session, method string, params any) map[string]any {
	b.t.Helper()
	r, err := b.try(session, method, params)
	if err != nil {
		b.t.Fatalf("%s: %v", method, err)
	}
	return r
}

// try is call that returns Chromium's error instead of failing, for calls that may race a navigation.
func (b *browser) try(session, method string, params any) (map[string]any, error) {
	b.t.Helper()
	b.id++
	msg := map[string]any{"id": b.id, "method": method}
	if params != nil {
		msg["params"] = params
	}
	if session != "" {
		msg["sessionId"] = session
	}
	data, _ := json.Marshal(msg)
	if _, err := b.in.Write(append(data, 0)); err != nil {
		return nil, err
	}
	deadline := time.Now().Add(wait)
	for time.Now().Before(deadline) {
		raw, err := b.out.ReadBytes(0)
		if err != nil {
			return nil, fmt.Errorf("reading from chromium: %w", err)
		}
		var resp struct {
			ID     int            `json:"id"`
			Result map[string]any `json:"result"`
			Error  *struct {
				Message string `json:"message"`
			} `json:"error"`
		}
		if json.Unmarshal(raw[:len(raw)-1], &resp) != nil || resp.ID != b.id {
			continue // an event, or another answer
		}
		if resp.Error != nil {
			return nil, errors.New(resp.Error.Message)
		}
		return resp.Result, nil
	}
	return nil, errors.New("no answer from chromium")
}

// navigate opens url in the page.
func (b *browser) navigate(url string) {
	b.call(b.session, "Page.navigate", map[string]any{"url": url})
}

// eval runs JavaScript in the page and returns its string value.
func (b *browser) eval(js string) string {
	r := b.call(b.session, "Runtime.evaluate", map[string]any{"expression": js, "returnByValue": true})
	v, _ := r["result"].(map[string]any)
	s, _ := v["value"].(string)
	return s
}

// waitText waits until the page's text contains want and returns the text. A page in the middle of a
// navigation (after a click) cannot be evaluated; that is retried, not failed.
func (b *browser) waitText(want string) string {
	b.t.Helper()
	text := ""
	for deadline := time.Now().Add(wait); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		r, err := b.try(b.session, "Runtime.evaluate", map[string]any{"returnByValue": true,
			"expression": `document.readyState === "complete" && document.body ? document.body.innerText : ""`})
		if err != nil {
			continue
		}
		v, _ := r["result"].(map[string]any)
		text, _ = v["value"].(string)
		if strings.Contains(text, want) {
			return text
		}
	}
	b.t.Fatalf("the page never showed %q; it showed:\n%s\nat %s", want, text, b.eval("location.href"))
	return ""
}

// click clicks the first element matching a CSS selector.
func (b *browser) click(selector string) {
	b.t.Helper()
	ok := b.eval(fmt.Sprintf(`(() => { const e = document.querySelector(%q); if (!e) return "missing"; e.click(); return "ok" })()`, selector))
	if ok != "ok" {
		b.t.Fatalf("no element %s on the page", selector)
	}
}
