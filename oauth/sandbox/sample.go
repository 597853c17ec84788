package sandbox

import (
	"fmt"
	"net/http"
	"strings"
)

// serveSample answers a documented operation the sandbox does not model
// with a well-formed body of the usual shape, marked as sample data by the
// X-Sandbox-Sample header: a DELETE 204; a read of a collection an empty
// page; a read of one item, a create or an update a minimal object.
func (s *Server) serveSample(w http.ResponseWriter, r *http.Request, c apiCall) string {
	w.Header().Set("X-Sandbox-Sample", "generic: the sandbox does not model "+c.ep.API)
	what := fmt.Sprintf("%s %s (%s %s)", r.Method, c.ep.Path, c.ep.API, c.ep.Version)
	now := s.clock.Now().Format(hsTime)
	switch {
	case r.Method == http.MethodDelete:
		w.WriteHeader(http.StatusNoContent)
		return "sample answer 204: " + what
	case r.Method == http.MethodGet && !endsInParam(c.ep.Path), strings.HasSuffix(c.ep.Path, "/search"):
		writeJSON(w, http.StatusOK, map[string]any{"total": 0, "results": []any{}})
		return "sample answer, empty page: " + what
	}
	obj := map[string]any{"id": sampleID(c), "createdAt": now, "updatedAt": now, "archived": false}
	status := http.StatusOK
	if r.Method == http.MethodPost && !endsInParam(c.ep.Path) {
		status = http.StatusCreated
	}
	writeJSON(w, status, obj)
	return fmt.Sprintf("sample answer %d, minimal object: %s", status, what)
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
