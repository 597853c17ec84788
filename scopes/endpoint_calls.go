package scopes

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// Call is one API call of a list handed to Cover: what an app does, in HubSpot's terms.
type Call struct {
	Method, Path string
	Line         int // where it came from: the line of a text list, the entry number of a HAR file
}

// String is the call as a person writes it.
func (c Call) String() string { return c.Method + " " + c.Path }

// CallList is a parsed call list; Skipped counts HAR entries for hosts other than HubSpot's API.
type CallList struct {
	Calls   []Call
	Skipped int
	HAR     bool
}

// maxCalls bounds a call list, so a runaway file fails clearly instead of hanging.
const maxCalls = 10000

// HTTPMethods are the methods a call list may name.
var HTTPMethods = []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}

// ParseCalls reads a call list: a HAR file (JSON; its requests to HubSpot's API hosts), or text with one
// call a line, "METHOD PATH" (anything after the path, such as a status or a time, is ignored), a full
// URL or a path alone (both GET). Blank lines and lines starting with # are skipped.
func ParseCalls(data []byte) (CallList, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if t := bytes.TrimSpace(data); len(t) > 0 && t[0] == '{' {
		return parseHAR(t)
	}
	var out CallList
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		c, err := parseCallLine(line)
		if err != nil {
			return CallList{}, fmt.Errorf("line %d: %w", i+1, err)
		}
		c.Line = i + 1
		if out.Calls = append(out.Calls, c); len(out.Calls) > maxCalls {
			return CallList{}, fmt.Errorf("more than %d calls; split the list", maxCalls)
		}
	}
	return out, nil
}

// parseCallLine reads "METHOD PATH ...", a URL or a path.
func parseCallLine(line string) (Call, error) {
	f := strings.Fields(line)
	m := strings.ToUpper(f[0])
	if slices.Contains(HTTPMethods, m) {
		if len(f) < 2 {
			return Call{}, fmt.Errorf("%s has no path; want e.g. %s /crm/v3/objects/deals", m, m)
		}
		return callOf(m, f[1])
	}
	if strings.Contains(f[0], "/") {
		return callOf("GET", f[0])
	}
	return Call{}, fmt.Errorf("%s is neither METHOD PATH nor a URL; want e.g. GET /crm/v3/objects/deals", quoteShort(line))
}

// callOf checks the path part of a call.
func callOf(method, p string) (Call, error) {
	if _, ok := parseCallPath(p); !ok {
		return Call{}, fmt.Errorf("%s is not an API path; want one like /crm/v3/objects/deals or a full https://api.hubapi.com URL", quoteShort(p))
	}
	return Call{Method: method, Path: p}, nil
}

// harFile is the part of HAR 1.2 a call list needs.
type harFile struct {
	Log *struct {
		Entries []struct {
			Request struct {
				Method string `json:"method"`
				URL    string `json:"url"`
			} `json:"request"`
		} `json:"entries"`
	} `json:"log"`
}

// parseHAR keeps the HAR's requests to HubSpot's API (hubapi.com and hubspot.com hosts, and loopback
// for the sandbox); other hosts (pages, fonts, analytics) are counted in Skipped.
func parseHAR(data []byte) (CallList, error) {
	var h harFile
	if err := json.Unmarshal(data, &h); err != nil {
		return CallList{}, fmt.Errorf("the file starts with { but is not a HAR file: %v", err)
	}
	if h.Log == nil {
		return CallList{}, fmt.Errorf(`JSON without a "log" object is not a HAR file; export one from the browser's network tab ("Save all as HAR")`)
	}
	out := CallList{HAR: true}
	for i, e := range h.Log.Entries {
		u, err := url.Parse(e.Request.URL)
		m := strings.ToUpper(e.Request.Method)
		if err != nil || !apiHost(u.Hostname()) || !slices.Contains(HTTPMethods, m) || m == "OPTIONS" {
			out.Skipped++
			continue
		}
		c, err := callOf(m, e.Request.URL)
		if err != nil {
			out.Skipped++
			continue
		}
		c.Line = i + 1
		if out.Calls = append(out.Calls, c); len(out.Calls) > maxCalls {
			return CallList{}, fmt.Errorf("more than %d calls; split the HAR file", maxCalls)
		}
	}
	return out, nil
}

// apiHost reports whether a host serves HubSpot's API (or is the local sandbox).
func apiHost(h string) bool {
	h = strings.ToLower(h)
	for _, d := range []string{"hubapi.com", "hubspot.com"} {
		if h == d || strings.HasSuffix(h, "."+d) {
			return true
		}
	}
	return h == "localhost" || h == "127.0.0.1" || h == "::1"
}
