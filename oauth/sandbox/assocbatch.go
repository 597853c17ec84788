package sandbox

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/hsoauth/hsoauth/redact"
	"github.com/hsoauth/hsoauth/scopes"
)

// assocBatchPath recognises the v4 batch association read,
// /crm/v4/associations/{from}/{to}/batch/read and its dated versions
// /crm/associations/{version}/{from}/{to}/batch/read, and returns the two
// object types as written.
func assocBatchPath(path string) (from, to string, ok bool) {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	switch {
	case len(segs) == 7 && segs[0] == "crm" && segs[1] == "v4" && segs[2] == "associations":
		from, to = segs[3], segs[4]
	case len(segs) == 7 && segs[0] == "crm" && segs[1] == "associations" && segs[2] != "v3":
		from, to = segs[3], segs[4]
	default:
		return "", "", false
	}
	return from, to, segs[5] == "batch" && segs[6] == "read"
}

// serveAssocBatchRead answers the v4 batch association read from the
// portal's records: per input id the associated ids of the other type, 207
// with an OBJECT_NOT_FOUND error per unknown id, as HubSpot does.
func (s *Server) serveAssocBatchRead(w http.ResponseWriter, r *http.Request, c apiCall, fromSeg, toSeg string) string {
	from, to := crmTypeName(fromSeg), crmTypeName(toSeg)
	if from == "" || to == "" {
		bad := fromSeg
		if from != "" {
			bad = toSeg
		}
		apiError(w, http.StatusBadRequest, "VALIDATION_ERROR", "Unable to infer object type from: "+redact.Cut(bad, 80), nil)
		return "associations batch read refused: unknown object type"
	}
	ep := scopes.Endpoint{Method: r.Method, Path: c.ep.Path, Scopes: crmObjectScopes(from, false)}
	if why := s.gateScopes(w, ep, c.tok.scopes); why != "" {
		return why
	}
	var in struct {
		Inputs []struct {
			ID string `json:"id"`
		} `json:"inputs"`
	}
	h := crmHandler{s: s, w: w, r: r}
	if !h.decode(&in) {
		return "associations batch read refused: bad JSON"
	}
	s.crm.mu.Lock()
	pc := s.crm.portalLocked(c.tok.portal)
	results, missing := []map[string]any{}, []string{}
	for _, item := range in.Inputs {
		rec, ok := pc.get(from, item.ID)
		if !ok || rec.archived {
			missing = append(missing, item.ID)
			continue
		}
		results = append(results, map[string]any{"from": map[string]any{"id": rec.id}, "to": orEmpty(assocV4(rec, from, to))})
	}
	s.crm.mu.Unlock()
	now := s.clock.Now().Format(hsTime)
	body := map[string]any{"status": "COMPLETE", "results": results, "startedAt": now, "completedAt": now}
	status := http.StatusOK
	if len(missing) > 0 {
		status = http.StatusMultiStatus
		body["numErrors"] = len(missing)
		body["errors"] = []map[string]any{{"status": "error", "category": "OBJECT_NOT_FOUND",
			"message": redact.Cut("Could not find "+crmTypes[from].singular+" ids: "+strings.Join(missing, ", "), 300), "context": map[string][]string{"fromObjectId": missing}}}
	}
	writeJSON(w, status, body)
	return fmt.Sprintf("%s to %s associations batch read: portal %d, %d found, %d missing", from, to, c.tok.portal.HubID, len(results), len(missing))
}
