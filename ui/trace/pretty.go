package trace

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/hsoauth/hsoauth/redact"
)

// maxPrettyInput bounds how much of a body is parsed, so a huge response cannot stall the screen.
const maxPrettyInput = 64 << 10

// PrettyBody turns an HTTP body from outside (HubSpot, the sandbox) into at most maxLines safe terminal
// lines: JSON indented when it parses, a form body one field per line, anything else as is. Control
// characters become "?", so no escape sequence from the wire ever reaches the terminal. It is exported
// because the token screen shows its "try it" answers the same way.
func PrettyBody(body string, maxLines int) []string {
	body = strings.TrimSpace(body)
	if body == "" || maxLines <= 0 {
		return nil
	}
	cut := len(body) > maxPrettyInput
	if cut {
		body = body[:maxPrettyInput]
	}
	var lines []string
	switch {
	case !cut && json.Valid([]byte(body)):
		var b bytes.Buffer
		if json.Indent(&b, []byte(body), "", "  ") == nil {
			lines = strings.Split(b.String(), "\n")
		}
	case isForm(body):
		lines = formLines(body)
	}
	if lines == nil {
		lines = strings.Split(body, "\n")
	}
	for i, l := range lines {
		lines[i] = redact.Full(l)
	}
	if cut {
		lines = append(lines, "… (body cut at 64 KiB)")
	}
	if len(lines) > maxLines {
		more := len(lines) - maxLines + 1
		lines = append(lines[:maxLines-1:maxLines-1], fmt.Sprintf("… %d more lines", more))
	}
	return lines
}

// isForm reports whether body looks like application/x-www-form-urlencoded: key=value pairs, no spaces.
func isForm(body string) bool {
	if strings.ContainsAny(body, " \n\t{[") || !strings.Contains(body, "=") {
		return false
	}
	_, err := url.ParseQuery(body)
	return err == nil
}

// formLines lists a form body's fields in their original order, decoded, as "name: value".
func formLines(body string) []string {
	parts := strings.Split(body, "&")
	out := make([]string, 0, len(parts))
	for _, p := range parts {
		k, v, _ := strings.Cut(p, "=")
		if dk, err := url.QueryUnescape(k); err == nil {
			k = dk
		}
		if dv, err := url.QueryUnescape(v); err == nil {
			v = dv
		}
		out = append(out, k+": "+v)
	}
	return out
}
