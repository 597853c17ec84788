package sandbox

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// serveSample answers a documented operation the sandbox does not model, marked as sample data by the
// X-Sandbox-Sample header: the hand-written answer of samples.go where there is one, else the usual
// shape: a DELETE 204; a read of a collection an empty page; a read of one item, a create or an update
// a minimal object.
func (s *Server) serveSample(w http.ResponseWriter, r *http.Request, c apiCall) string {
	w.Header().Set("X-Sandbox-Sample", "generic: the sandbox does not model "+c.ep.API)
	what := fmt.Sprintf("%s %s (%s %s)", r.Method, c.ep.Path, c.ep.API, c.ep.Version)
	now := s.clock.Now().Format(hsTime)
	if spec, ok := sampleFor(r.Method, c.ep.Path); ok {
		return writeSpecSample(w, spec, sampleID(c), now, what)
	}
	switch {
	case r.Method == http.MethodDelete:
		w.WriteHeader(http.StatusNoContent)
		return "sample answer 204: " + what
	case r.Method == http.MethodGet && !endsInParam(c.ep.Path), strings.HasSuffix(c.ep.Path, "/search"):
		writeJSON(w, http.StatusOK, map[string]any{"total": 0, "results": []any{}})
		return "sample answer, empty page: " + what
	}
	if status, ok := actionStatus(r.Method, c.ep.Path); ok && status == http.StatusNoContent {
		w.WriteHeader(status)
		return "sample answer 204: " + what
	}
	obj := map[string]any{"id": sampleID(c), "createdAt": now, "updatedAt": now, "archived": false}
	status := http.StatusOK
	if st, ok := actionStatus(r.Method, c.ep.Path); ok {
		status = st
	} else if r.Method == http.MethodPost && !endsInParam(c.ep.Path) {
		status = http.StatusCreated
	}
	writeJSON(w, status, obj)
	return fmt.Sprintf("sample answer %d, minimal object: %s", status, what)
}

// writeSpecSample answers with the spec's success status and sample body.
func writeSpecSample(w http.ResponseWriter, spec specSample, id, now, what string) string {
	switch {
	case spec.body == "":
		w.WriteHeader(spec.status)
		return fmt.Sprintf("sample answer %d, no body: %s", spec.status, what)
	case spec.contentType != "application/json":
		var text string
		_ = json.Unmarshal([]byte(spec.body), &text)
		w.Header().Set("Content-Type", spec.contentType+"; charset=utf-8")
		w.WriteHeader(spec.status)
		_, _ = io.WriteString(w, text+"\n")
		return fmt.Sprintf("sample answer %d, %s: %s", spec.status, spec.contentType, what)
	}
	writeJSON(w, spec.status, sampleBody(spec, id, now))
	return fmt.Sprintf("sample answer %d, the spec's shape: %s", spec.status, what)
}

// actions are the POST operations HubSpot documents with a status other than a create's 201: reads and
// updates in batch answer 200, a merge 200, archiving and GDPR deletion 204 without a body.
var actions = []struct {
	suffix string
	status int
}{
	{"/batch/read", http.StatusOK}, {"/batch/update", http.StatusOK}, {"/batch/upsert", http.StatusOK},
	{"/batch/archive", http.StatusNoContent}, {"/merge", http.StatusOK}, {"/gdpr-delete", http.StatusNoContent},
	{"/push-live", http.StatusNoContent},
}

// actionStatus is the documented status of a POST action, by the path's ending.
func actionStatus(method, tpl string) (int, bool) {
	if method != http.MethodPost {
		return 0, false
	}
	for _, a := range actions {
		if strings.HasSuffix(strings.TrimRight(tpl, "/"), a.suffix) {
			return a.status, true
		}
	}
	return 0, false
}

// endsInParam reports whether a template's last segment is a {param}.
func endsInParam(tpl string) bool { return strings.HasSuffix(strings.TrimRight(tpl, "/"), "}") }

// sampleID is the last path parameter (the item asked for) or a fixed id.
func sampleID(c apiCall) string {
	segs := strings.Split(strings.TrimRight(c.ep.Path, "/"), "/")
	last := segs[len(segs)-1]
	if strings.HasPrefix(last, "{") {
		if v := c.params[strings.Trim(last, "{}")]; v != "" {
			return v
		}
	}
	return "9001"
}
