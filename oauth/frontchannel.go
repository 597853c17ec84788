package oauth

import (
	"net/http"
	"net/url"
	"time"
)

// The front channel is what the browser does between the authorize URL and the callback: HubSpot's
// consent page and its redirect back. hsoauth sees only the two ends (the URL it hands out and the
// callback that arrives), so these recorders put the steps in the trace from those ends, marking what
// was reconstructed rather than seen.

// RecordAuthorize adds the authorize request as the browser sends it: a GET of the authorize URL from
// the Browser lane to HubSpot. how says how the URL reached the browser (opened, copied, played in the
// terminal).
func (t *Trace) RecordAuthorize(at time.Time, authorizeURL, how string) {
	t.record(TraceEvent{Time: at, Step: StepAuthorize, From: PartyBrowser, To: PartyHubSpot, Method: http.MethodGet,
		URL: authorizeURL, Note: how, RequestHeaders: []Header{{Name: "Host", Value: hostOf(authorizeURL)}}})
}

// RecordConsent adds the consent decision: the user granted (or refused) on HubSpot's page, and HubSpot
// answered with a 302 to redirect, the callback URL carrying the code and state (or the error).
// consentURL is the page the decision was made on; inferred is true when hsoauth read the decision from
// the callback instead of seeing it.
func (t *Trace) RecordConsent(at time.Time, consentURL, redirect, note string, inferred bool) {
	if u, err := url.Parse(consentURL); err == nil {
		u.RawQuery = "" // the page, not the request that opened it: that one is the authorize step
		consentURL = u.String()
	}
	t.record(TraceEvent{Time: at, Step: StepConsent, From: PartyBrowser, To: PartyHubSpot, Method: http.MethodPost,
		URL: consentURL, Status: http.StatusFound, Note: note, Inferred: inferred,
		RequestHeaders:  []Header{{Name: "Host", Value: hostOf(consentURL)}},
		ResponseHeaders: []Header{{Name: "Location", Value: redirect}}})
}

// RecordCallback adds the browser's request to the redirect URL when it did not reach a callback server
// (the code was pasted, or the sandbox's consent ran in the terminal), so the step is still shown.
func (t *Trace) RecordCallback(at time.Time, redirect, note string) {
	t.record(TraceEvent{Time: at, Step: StepCallback, From: PartyBrowser, To: PartyApp, Method: http.MethodGet,
		URL: redirect, Note: note, Inferred: true, RequestHeaders: []Header{{Name: "Host", Value: hostOf(redirect)}}})
}

// ConsentNote says in plain words what a callback query tells about the consent decision.
func ConsentNote(rawQuery string) string {
	q, err := url.ParseQuery(rawQuery)
	switch {
	case err != nil:
		return "The callback's query could not be read, so the consent decision is unknown."
	case q.Get("error") == "access_denied":
		return "The user refused on HubSpot's consent page; HubSpot sent the browser back with error=access_denied."
	case q.Get("error") != "":
		return "HubSpot sent the browser back with error=" + sanitizeOAuthParam(q.Get("error")) + " instead of a code."
	case q.Get("code") != "":
		return "The user granted access on HubSpot's consent page; HubSpot sent the browser back with a one-time code."
	}
	return "HubSpot sent the browser back with neither a code nor an error."
}

func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Host
}

// callbackRecorder captures what the callback handler answered, for the trace.
type callbackRecorder struct {
	http.ResponseWriter
	status int
}

func (w *callbackRecorder) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *callbackRecorder) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// callbackObserver records each request to the callback path with the browser's real headers; a
// right-state one is preceded by the consent decision it reports.
type callbackObserver struct {
	trace        *Trace
	now          func() time.Time
	path, state  string
	authorizeURL string
}

func (o *callbackObserver) observe(r *http.Request, status int, answered http.Header) {
	if r.URL.Path != o.path {
		return
	}
	at := o.now()
	full := "http://" + r.Host + r.URL.RequestURI()
	if _, err := checkCallbackQuery(r.URL.RawQuery, o.state); err == nil {
		if q, _ := url.ParseQuery(r.URL.RawQuery); q.Get("code") != "" {
			o.trace.addSecret(q.Get("code"))
		}
		o.trace.RecordConsent(at, o.authorizeURL, full, ConsentNote(r.URL.RawQuery), true)
	}
	if status == 0 {
		status = http.StatusOK
	}
	hs := append([]Header{{Name: "Host", Value: r.Host}}, HeaderList(r.Header)...)
	o.trace.record(TraceEvent{Time: at, Step: StepCallback, From: PartyBrowser, To: PartyApp, Method: r.Method,
		URL: full, Status: status, RequestHeaders: hs, ResponseHeaders: HeaderList(answered),
		Note: "The browser follows HubSpot's redirect to hsoauth's loopback callback server."})
}
