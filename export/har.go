package export

import (
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hsoauth/hsoauth/oauth"
)

// The HAR 1.2 shapes (http://www.softwareishard.com/blog/har-12-spec/), only the parts we fill. Fields
// starting with an underscore are HAR's custom-field convention: viewers ignore them, hsoauth's own
// readers can tell the OAuth step and lanes.
type (
	harFile struct {
		Log harLog `json:"log"`
	}
	harLog struct {
		Version string     `json:"version"`
		Creator harCreator `json:"creator"`
		Pages   []struct{} `json:"pages"` // optional in HAR 1.2, but DevTools' importer walks it
		Entries []harEntry `json:"entries"`
		Comment string     `json:"comment,omitempty"`
	}
	harCreator struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	}
	harEntry struct {
		Started  string      `json:"startedDateTime"`
		Time     float64     `json:"time"`
		Request  harRequest  `json:"request"`
		Response harResponse `json:"response"`
		Cache    struct{}    `json:"cache"`
		Timings  harTimings  `json:"timings"`
		Comment  string      `json:"comment,omitempty"`
		Step     string      `json:"_step"`
		From     string      `json:"_from"`
		To       string      `json:"_to"`
		Inferred bool        `json:"_inferred,omitempty"`
	}
	harRequest struct {
		Method      string   `json:"method"`
		URL         string   `json:"url"`
		HTTPVersion string   `json:"httpVersion"`
		Cookies     []harNV  `json:"cookies"`
		Headers     []harNV  `json:"headers"`
		QueryString []harNV  `json:"queryString"`
		PostData    *harPost `json:"postData,omitempty"`
		HeadersSize int      `json:"headersSize"`
		BodySize    int      `json:"bodySize"`
	}
	harResponse struct {
		Status      int        `json:"status"`
		StatusText  string     `json:"statusText"`
		HTTPVersion string     `json:"httpVersion"`
		Cookies     []harNV    `json:"cookies"`
		Headers     []harNV    `json:"headers"`
		Content     harContent `json:"content"`
		RedirectURL string     `json:"redirectURL"`
		HeadersSize int        `json:"headersSize"`
		BodySize    int        `json:"bodySize"`
		Comment     string     `json:"comment,omitempty"`
	}
	harNV struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	}
	harPost struct {
		MimeType string  `json:"mimeType"`
		Params   []harNV `json:"params"`
		Text     string  `json:"text"`
	}
	harContent struct {
		Size     int    `json:"size"`
		MimeType string `json:"mimeType"`
		Text     string `json:"text,omitempty"`
	}
	harTimings struct {
		Send    float64 `json:"send"`
		Wait    float64 `json:"wait"`
		Receive float64 `json:"receive"`
	}
)

// HAROptions say who made the file and what to tell its reader.
type HAROptions struct {
	Version string // hsoauth's version, for the creator field
	// Revealed says the events carry their secrets; the log's comment then warns the reader.
	Revealed bool
}

// WriteHAR writes events as a HAR 1.2 log, one entry per step in the order given.
func WriteHAR(w io.Writer, events []oauth.TraceEvent, o HAROptions) error {
	f := harFile{Log: harLog{Version: "1.2", Creator: harCreator{Name: "hsoauth", Version: orDefault(o.Version, "dev")},
		Pages: []struct{}{}, Entries: make([]harEntry, 0, len(events)),
		Comment: "HubSpot OAuth flow traced by hsoauth; codes, state, tokens and the client secret are masked."}}
	if o.Revealed {
		f.Log.Comment = "HubSpot OAuth flow traced by hsoauth WITH SECRETS UNMASKED: do not share this file."
	}
	for _, ev := range events {
		f.Log.Entries = append(f.Log.Entries, harEntryOf(ev))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(f)
}

// harEntryOf maps one step; a step hsoauth did not see on the wire keeps status 0, as DevTools shows a
// request that got no answer.
func harEntryOf(ev oauth.TraceEvent) harEntry {
	ms := float64(ev.Duration) / float64(time.Millisecond)
	e := harEntry{
		Started: ev.Time.UTC().Format("2006-01-02T15:04:05.000Z"), Time: ms,
		Request:  harRequestOf(ev),
		Response: harResponseOf(ev),
		Timings:  harTimings{Send: 0, Wait: ms, Receive: 0},
		Comment:  ev.Note, Step: string(ev.Step), From: string(ev.From), To: string(ev.To), Inferred: ev.Inferred,
	}
	return e
}

func harRequestOf(ev oauth.TraceEvent) harRequest {
	r := harRequest{Method: orDefault(ev.Method, "GET"), URL: absoluteURL(ev.URL), HTTPVersion: "HTTP/1.1",
		Cookies: []harNV{}, Headers: nvs(ev.RequestHeaders), QueryString: []harNV{}, HeadersSize: -1, BodySize: len(ev.RequestBody)}
	if u, err := url.Parse(r.URL); err == nil {
		r.QueryString = pairs(u.RawQuery)
	}
	if ev.RequestBody != "" {
		mt := headerValue(ev.RequestHeaders, "Content-Type")
		p := &harPost{MimeType: orDefault(mt, "application/octet-stream"), Params: []harNV{}, Text: ev.RequestBody}
		if base, _, _ := mime.ParseMediaType(mt); base == "application/x-www-form-urlencoded" {
			p.Params = pairs(ev.RequestBody)
		}
		r.PostData = p
	}
	return r
}

func harResponseOf(ev oauth.TraceEvent) harResponse {
	r := harResponse{Status: ev.Status, StatusText: http.StatusText(ev.Status), HTTPVersion: "HTTP/1.1",
		Cookies: []harNV{}, Headers: nvs(ev.ResponseHeaders), RedirectURL: headerValue(ev.ResponseHeaders, "Location"),
		HeadersSize: -1, BodySize: len(ev.ResponseBody),
		Content: harContent{Size: len(ev.ResponseBody), MimeType: orDefault(headerValue(ev.ResponseHeaders, "Content-Type"), "x-unknown"), Text: ev.ResponseBody}}
	if ev.Status == 0 {
		r.HTTPVersion, r.BodySize = "", -1
	}
	if ev.Err != "" {
		r.Comment = "error: " + ev.Err
	}
	return r
}

// absoluteURL keeps a URL HAR viewers can parse; a step without one gets a placeholder they accept.
func absoluteURL(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Scheme != "" && u.Host != "" {
		return raw
	}
	return "http://hsoauth.invalid/" + url.PathEscape(strings.TrimPrefix(raw, "/"))
}

// pairs splits a query or form body into decoded name/value pairs, in order.
func pairs(q string) []harNV {
	out := []harNV{}
	oauth.ForEachPair(q, func(k, v string) { out = append(out, harNV{Name: k, Value: v}) })
	return out
}

func nvs(hs []oauth.Header) []harNV {
	out := make([]harNV, 0, len(hs))
	for _, h := range hs {
		out = append(out, harNV{Name: h.Name, Value: h.Value})
	}
	return out
}

func headerValue(hs []oauth.Header, name string) string {
	for _, h := range hs {
		if strings.EqualFold(h.Name, name) {
			return h.Value
		}
	}
	return ""
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
