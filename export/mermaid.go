package export

import (
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/hsoauth/hsoauth/oauth"
)

// lanes are the diagram's participants, in the order the flow meets them.
var lanes = []struct {
	id    string
	party oauth.Party
}{{"B", oauth.PartyBrowser}, {"A", oauth.PartyApp}, {"H", oauth.PartyHubSpot}}

func laneID(p oauth.Party) string {
	for _, l := range lanes {
		if l.party == p {
			return l.id
		}
	}
	return "A"
}

// WriteMermaid writes events as a Mermaid sequence diagram: one request arrow per step, the answer as a
// dashed arrow back, and a note where hsoauth reconstructed a step rather than saw it.
func WriteMermaid(w io.Writer, events []oauth.TraceEvent) error {
	var b strings.Builder
	b.WriteString("sequenceDiagram\n    autonumber\n")
	for _, l := range lanes {
		fmt.Fprintf(&b, "    participant %s as %s\n", l.id, l.party)
	}
	for _, ev := range events {
		from, to := laneID(ev.From), laneID(ev.To)
		fmt.Fprintf(&b, "    %s->>%s: %s\n", from, to, mermaidText(Label(ev)))
		if ev.Status != 0 || ev.Err != "" {
			fmt.Fprintf(&b, "    %s-->>%s: %s\n", to, from, mermaidText(Answer(ev)))
		}
		if ev.Inferred {
			fmt.Fprintf(&b, "    Note over %s,%s: %s\n", from, to, mermaidText("read from the callback, not seen on the wire"))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Label is a step's arrow text: the step's name, the method and the path (the host is the lane).
func Label(ev oauth.TraceEvent) string {
	path := ev.URL
	if u, err := url.Parse(ev.URL); err == nil && u.Path != "" {
		path = u.EscapedPath()
	}
	return string(ev.Step) + " · " + ev.Method + " " + path
}

// Answer is the return arrow's text: the status and the location it sends the browser to, or the error.
func Answer(ev oauth.TraceEvent) string {
	if ev.Err != "" {
		return "error: " + ev.Err
	}
	s := fmt.Sprint(ev.Status)
	if loc := headerValue(ev.ResponseHeaders, "Location"); loc != "" {
		if u, err := url.Parse(loc); err == nil {
			loc = u.Host + u.EscapedPath()
		}
		s += " → " + loc
	}
	return s
}

// mermaidText makes text safe inside a Mermaid message: one line, and the characters Mermaid treats as
// syntax (; # and the arrow-ending characters) written as its entity codes.
func mermaidText(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	var b strings.Builder
	for _, r := range s {
		switch r {
		case ';', '#', '<', '>', '{', '}', '%':
			fmt.Fprintf(&b, "#%d;", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
