package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// devtools is headless Chromium driven over the DevTools protocol on a pipe (fds 3 and 4, messages
// ending in NUL). It also serves its own DevTools front end on a loopback port, which is where the
// test loads the HAR importer the Network panel uses.
type devtools struct {
	t       *testing.T
	in      *os.File
	out     *bufio.Reader
	id      int
	session string
	port    string
}

// startDevtools launches Debian's chromium; missing, it skips (fails in CI, where .ci/run installs it).
func startDevtools(t *testing.T) *devtools {
	t.Helper()
	bin, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("chromium is missing; CI must install it (apt-get install chromium)")
		}
		t.Skip("chromium is not installed (apt-get install chromium); skipping the DevTools HAR check")
	}
	profile := t.TempDir()
	cmdR, cmdW, _ := os.Pipe()
	resR, resW, _ := os.Pipe()
	cmd := exec.Command(bin, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
		"--disable-background-networking", "--disable-component-update", "--disable-dev-shm-usage",
		"--user-data-dir="+profile, "--remote-debugging-pipe", "--remote-debugging-address=127.0.0.1",
		"--remote-debugging-port=0", "about:blank")
	cmd.ExtraFiles = []*os.File{cmdR, resW}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	_ = cmdR.Close()
	_ = resW.Close()
	t.Cleanup(func() {
		_ = cmdW.Close()
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		_ = cmd.Wait()
	})
	d := &devtools{t: t, in: cmdW, out: bufio.NewReader(resR)}
	d.port = waitPort(t, filepath.Join(profile, "DevToolsActivePort"))
	target := d.call("", "Target.createTarget", map[string]any{"url": "about:blank"})
	attached := d.call("", "Target.attachToTarget", map[string]any{"targetId": target["targetId"], "flatten": true})
	d.session, _ = attached["sessionId"].(string)
	return d
}

// waitPort reads the debugging port Chromium chose from the file it writes.
func waitPort(t *testing.T, path string) string {
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if b, err := os.ReadFile(path); err == nil {
			if port, _, ok := strings.Cut(string(b), "\n"); ok && port != "" {
				return port
			}
		}
	}
	t.Fatal("chromium never wrote DevToolsActivePort")
	return ""
}

// call sends one command and waits for its answer, skipping events.
func (d *devtools) call(session, method string, params any) map[string]any {
	d.t.Helper()
	d.id++
	msg := map[string]any{"id": d.id, "method": method}
	if params != nil {
		msg["params"] = params
	}
	if session != "" {
		msg["sessionId"] = session
	}
	data, _ := json.Marshal(msg)
	if _, err := d.in.Write(append(data, 0)); err != nil {
		d.t.Fatal(err)
	}
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); {
		raw, err := d.out.ReadBytes(0)
		if err != nil {
			d.t.Fatalf("%s: reading from chromium: %v", method, err)
		}
		var resp struct {
			ID     int             `json:"id"`
			Result map[string]any  `json:"result"`
			Error  json.RawMessage `json:"error"`
		}
		if json.Unmarshal(raw[:len(raw)-1], &resp) != nil || resp.ID != d.id {
			continue
		}
		if resp.Error != nil {
			d.t.Fatalf("%s: %s", method, resp.Error)
		}
		return resp.Result
	}
	d.t.Fatalf("%s: no answer from chromium", method)
	return nil
}

// importHAR loads the HAR the way the Network panel's import does (HARRoot, then the Importer) inside
// Chromium's own DevTools front end, and returns "METHOD URL STATUS" per request it made of it.
func (d *devtools) importHAR(har []byte) ([]string, error) {
	d.t.Helper()
	origin := "http://127.0.0.1:" + d.port
	d.call(d.session, "Page.navigate", map[string]any{"url": origin + "/json/version"})
	js := fmt.Sprintf(`(async () => {
		for (let i = 0; i < 200 && location.origin !== %[1]q; i++) await new Promise(r => setTimeout(r, 25));
		const m = await import(%[1]q + "/devtools/models/har/har.js");
		const root = new m.HARFormat.HARRoot(%[2]s);
		const reqs = m.Importer.Importer.requestsFromHARLog(root.log);
		return JSON.stringify(reqs.map(r => r.requestMethod + " " + r.url() + " " + r.requestHeaders().length + " " + r.statusCode));
	})()`, origin, har)
	r := d.call(d.session, "Runtime.evaluate", map[string]any{"expression": js, "awaitPromise": true, "returnByValue": true})
	if ex, ok := r["exceptionDetails"]; ok {
		b, _ := json.Marshal(ex)
		return nil, errors.New(string(b))
	}
	v, _ := r["result"].(map[string]any)
	s, _ := v["value"].(string)
	var out []string
	err := json.Unmarshal([]byte(s), &out)
	return out, err
}

// TestHAROpensInDevTools: the exported HAR goes through Chromium DevTools' own HAR importer, and every
// step comes out as a request with its method, URL and status.
func TestHAROpensInDevTools(t *testing.T) {
	d := startDevtools(t)
	var buf bytes.Buffer
	if err := WriteHAR(&buf, sampleFlow(), HAROptions{Version: "test"}); err != nil {
		t.Fatal(err)
	}
	got, err := d.importHAR(buf.Bytes())
	if err != nil {
		t.Fatalf("DevTools refused the HAR: %v", err)
	}
	want := len(sampleFlow())
	if len(got) != want {
		t.Fatalf("DevTools imported %d requests, want %d: %q", len(got), want, got)
	}
	for i, ev := range sampleFlow() {
		want := fmt.Sprint(" ", len(ev.RequestHeaders), " ", ev.Status)
		if !strings.HasPrefix(got[i], ev.Method+" ") || !strings.HasSuffix(got[i], want) {
			t.Errorf("request %d: DevTools shows %q for %s %s, want it to end in %q", i, got[i], ev.Method, ev.URL, want)
		}
	}
}
