package oauth

import (
	"html"
	"net/http"
	"sync/atomic"
)

// callbackHandler is the loopback server's only handler. It holds no
// listener, so tests and fuzzers drive it with httptest directly.
type callbackHandler struct {
	state      string
	path       string
	hosts      map[string]bool
	maxInvalid int32

	finished atomic.Bool  // the first valid callback wins (L12)
	invalid  atomic.Int32 // wrong-state and malformed callbacks so far
	result   chan CallbackResult
	abort    chan error
	// observe, when set, sees each request and the answer's status before the result is delivered, so
	// the trace records the callback before the exchange it triggers.
	observe func(r *http.Request, status int, answered http.Header)
}

func newCallbackHandler(state, path, port string, maxInvalid int) *callbackHandler {
	return &callbackHandler{
		state: state, path: path, maxInvalid: int32(maxInvalid),
		hosts:  map[string]bool{"localhost:" + port: true, "127.0.0.1:" + port: true, "[::1]:" + port: true},
		result: make(chan CallbackResult, 1),
		abort:  make(chan error, 1),
	}
}

// ServeHTTP routes strictly: the Host must be the loopback name and port
// (DNS-rebinding defence, L10), only GET on the exact path counts (L9),
// sub-resource fetches are refused (L15), and the state gate runs before
// anything else is read (L11). Rejections never consume the attempt.
func (h *callbackHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec := &callbackRecorder{ResponseWriter: w}
	res, deliver := h.serve(rec, r)
	if h.observe != nil {
		h.observe(r, rec.status, w.Header())
	}
	if deliver {
		h.result <- res // buffered, and the CAS in serve admits one sender only
	}
}

// serve answers the request and says whether it carried the attempt's result.
func (h *callbackHandler) serve(w http.ResponseWriter, r *http.Request) (CallbackResult, bool) {
	switch {
	case !h.hosts[r.Host]:
		writePage(w, http.StatusMisdirectedRequest, pageWrongHost, "")
		return CallbackResult{}, false
	case r.URL.Path != h.path:
		writePage(w, http.StatusNotFound, pageNotFound, "")
		return CallbackResult{}, false
	case r.Method != http.MethodGet:
		w.Header().Set("Allow", http.MethodGet)
		writePage(w, http.StatusMethodNotAllowed, pageNotFound, "")
		return CallbackResult{}, false
	case notNavigation(r):
		writePage(w, http.StatusBadRequest, pageInvalid, "")
		return CallbackResult{}, false
	}
	res, err := checkCallbackQuery(r.URL.RawQuery, h.state)
	if err != nil {
		writePage(w, http.StatusBadRequest, pageInvalid, "")
		if h.invalid.Add(1) == h.maxInvalid {
			h.abort <- ErrTooManyInvalidCallbacks
		}
		return CallbackResult{}, false
	}
	if !h.finished.CompareAndSwap(false, true) {
		writePage(w, http.StatusConflict, pageAlreadyDone, "")
		return CallbackResult{}, false
	}
	if res.Err != nil {
		writePage(w, http.StatusOK, pageFailed, res.Err.Error())
	} else {
		writePage(w, http.StatusOK, pageSuccess, "")
	}
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	return res, true
}

// notNavigation spots <img src=…> style requests from web pages: when the
// browser says what kind of fetch this is, only a top-level navigation counts.
func notNavigation(r *http.Request) bool {
	dest, mode := r.Header.Get("Sec-Fetch-Dest"), r.Header.Get("Sec-Fetch-Mode")
	return (dest != "" && dest != "document") || (mode != "" && mode != "navigate")
}

// Page bodies: static text only. Nothing from the request is shown except a
// sanitised, HTML-escaped error line on the failure page (L14).
const (
	pageSuccess     = "Signed in to HubSpot. You can close this tab and return to the terminal."
	pageFailed      = "HubSpot sign-in did not complete. Return to the terminal for details."
	pageInvalid     = "This link does not belong to the current sign-in attempt."
	pageAlreadyDone = "This sign-in has already completed. Return to the terminal."
	pageNotFound    = "Not found."
	pageWrongHost   = "Wrong host for this sign-in server."
)

// writePage sends a self-contained page with the checklist's headers: no
// referrer, no caching, no sniffing, a CSP that forbids every external load.
func writePage(w http.ResponseWriter, status int, message, detail string) {
	hd := w.Header()
	hd.Set("Content-Type", "text/html; charset=utf-8")
	hd.Set("Cache-Control", "no-store")
	hd.Set("Referrer-Policy", "no-referrer")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
	w.WriteHeader(status)
	body := `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>hsoauth</title>` +
		`<style>body{font-family:system-ui,sans-serif;margin:4em auto;max-width:36em;line-height:1.5}</style></head>` +
		`<body><h1>hsoauth</h1><p>` + html.EscapeString(message) + `</p>`
	if detail != "" {
		body += `<p><code>` + html.EscapeString(sanitizeOAuthParam(detail)) + `</code></p>`
	}
	body += `<p>Do not share this page's address: it was meant for this computer only.</p></body></html>`
	_, _ = w.Write([]byte(body))
}
