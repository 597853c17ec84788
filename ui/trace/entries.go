package trace

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/hsoauth/hsoauth/redact"
	"github.com/hsoauth/hsoauth/session"
)

// maxBodyLines bounds each pretty-printed body in the details pane.
const maxBodyLines = 200

// entry is one line of the trace: an HTTP exchange of our client, or an event the simulator logged.
type entry struct {
	at     time.Time
	sim    bool
	method string
	target string // path (and query) for the list
	status int
	dur    time.Duration
	failed bool
	detail []string // plain, safe lines for the details pane, unwrapped

	// What the sequence diagram draws: the step, its lanes, and whether it was seen on the wire.
	step     session.TraceStep
	from, to session.Party
	inferred bool
	note     string
}

// fromTrace builds the entry for one of our client's HTTP exchanges; its fields are already masked.
func fromTrace(ev session.TraceEvent) entry {
	e := entry{at: ev.Time, method: redact.Full(ev.Method), target: shortURL(ev.URL), status: ev.Status,
		dur: ev.Duration, failed: ev.Err != "" || ev.Status >= 400,
		step: ev.Step, from: ev.From, to: ev.To, inferred: ev.Inferred, note: redact.Full(ev.Note)}
	e.detail = stepDetails(ev)
	return e
}

// fromSim builds the entry for a simulator event: what the sandbox saw and did, in plain words.
func fromSim(ev session.SimEvent) entry {
	e := entry{at: ev.Time, sim: true, method: redact.Full(ev.Method), target: redact.Full(ev.Path), status: ev.Status,
		dur: ev.Duration, failed: ev.Status >= 400}
	summary := redact.Full(ev.Summary)
	if summary == "" {
		summary = e.method + " " + e.target
	}
	e.target = summary
	e.detail = []string{
		"Sandbox event #" + fmt.Sprint(ev.Seq) + " (the simulator's side of the exchange)",
		redact.Full(ev.Method) + " " + redact.Full(ev.Path),
		fmt.Sprintf("endpoint %s · status %s · %s · at %s", orDash(redact.Full(string(ev.Endpoint))), statusText(ev.Status),
			ev.Duration.Round(time.Millisecond), ev.Time.Local().Format("15:04:05.000")),
		"",
		summary,
	}
	return e
}

// shortURL is the path and query of u, which is what differs between steps; the host is in the details.
func shortURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Path == "" {
		return redact.Full(raw)
	}
	s := u.EscapedPath()
	if u.RawQuery != "" {
		s += "?" + u.RawQuery
	}
	return redact.Full(s)
}

func statusText(code int) string {
	if code == 0 {
		return "—"
	}
	return fmt.Sprint(code)
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// indentOr indents lines by two spaces, or gives the placeholder when there are none.
func indentOr(lines []string, none string) []string {
	if len(lines) == 0 {
		return []string{"  " + none}
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = "  " + l
	}
	return out
}

// before orders entries: by time, and at equal times (a still test-mode clock, or a fast exchange) the
// simulator's event first, since the server handles a request before our client sees the answer. Each
// feed keeps its own order, so the list never depends on which feed was read first.
func before(a, b entry) bool {
	if !a.at.Equal(b.at) {
		return a.at.Before(b.at)
	}
	return a.sim && !b.sim
}

// insert adds e in that order. Events nearly always arrive in order, so the search starts from the end.
func insert(all []entry, e entry) ([]entry, int) {
	i := len(all)
	for i > 0 && before(e, all[i-1]) {
		i--
	}
	all = append(all, entry{})
	copy(all[i+1:], all[i:])
	all[i] = e
	return all, i
}

// merge builds the time-ordered list from both snapshots.
func merge(tr []session.TraceEvent, sim []session.SimEvent) []entry {
	all := make([]entry, 0, len(tr)+len(sim))
	for _, ev := range tr {
		all = append(all, fromTrace(ev))
	}
	for _, ev := range sim {
		all = append(all, fromSim(ev))
	}
	sort.SliceStable(all, func(i, j int) bool { return before(all[i], all[j]) })
	return all
}

// traceKey identifies a trace event well enough to drop the copy that may arrive on the live feed after
// it was already in the snapshot.
type traceKey struct {
	at          int64
	method, url string
	status      int
}

func keyOf(ev session.TraceEvent) traceKey {
	return traceKey{at: ev.Time.UnixNano(), method: ev.Method, url: ev.URL, status: ev.Status}
}

// wrapLines wraps plain lines to w cells for the details pane, by words where it can, continuing a
// wrapped line under its own indentation so explanations stay readable.
func wrapLines(lines []string, w int) string {
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(wrapIndented(l, w))
	}
	return b.String()
}

// wrapIndented wraps one line, indenting continuation lines like the first (plus two spaces).
func wrapIndented(l string, w int) string {
	if w <= 0 || ansi.StringWidth(l) <= w {
		return l
	}
	body := strings.TrimLeft(l, " ")
	indent := strings.Repeat(" ", min(len(l)-len(body)+2, w/2))
	first := ansi.Wrap(body, w-(len(l)-len(body)), "")
	parts := strings.Split(first, "\n")
	out := l[:len(l)-len(body)] + parts[0]
	if len(parts) > 1 {
		rest := ansi.Wrap(strings.Join(parts[1:], " "), w-len(indent), "")
		for _, p := range strings.Split(rest, "\n") {
			out += "\n" + indent + p
		}
	}
	return out
}
