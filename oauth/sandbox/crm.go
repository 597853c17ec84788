package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/hsoauth/hsoauth/redact"
	"github.com/hsoauth/hsoauth/scopes"
)

// crmPath is a request under one of the CRM object APIs the sandbox keeps
// records for: /crm/v3/objects/T/…, /crm/objects/2026-03/T/… (the dated
// versions) and /crm/v4/objects/T/… (associations).
type crmPath struct {
	version string // "v3", "v4" or a date such as "2026-03"
	objType string // contacts, companies, deals, tickets, line_items, products
	rest    []string
}

// crmTypeIDs maps HubSpot's object type ids to the names the sandbox uses.
var crmTypeIDs = map[string]string{"0-1": "contacts", "0-2": "companies", "0-3": "deals", "0-5": "tickets", "0-7": "products", "0-8": "line_items"}

// typeID is the object type id of a served type ("contacts" is "0-1").
func typeID(objType string) string {
	for id, name := range crmTypeIDs {
		if name == objType {
			return id
		}
	}
	return ""
}

// crmTypeName normalises a path segment to a served type, or "".
func crmTypeName(seg string) string {
	seg = strings.ToLower(seg)
	if _, ok := crmTypes[seg]; ok {
		return seg
	}
	return crmTypeIDs[scopes.ObjectTypeID(seg)]
}

func parseCRMPath(path string) (crmPath, bool) {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	var cp crmPath
	switch {
	case len(segs) >= 4 && segs[0] == "crm" && (segs[1] == "v3" || segs[1] == "v4") && segs[2] == "objects":
		cp = crmPath{version: segs[1], objType: crmTypeName(segs[3]), rest: segs[4:]}
	case len(segs) >= 4 && segs[0] == "crm" && segs[1] == "objects":
		cp = crmPath{version: segs[2], objType: crmTypeName(segs[3]), rest: segs[4:]}
	default:
		return crmPath{}, false
	}
	for i, s := range cp.rest {
		if u, err := url.PathUnescape(s); err == nil {
			cp.rest[i] = u
		}
	}
	return cp, cp.objType != ""
}

// crmObjectScopes are the scopes HubSpot checks per object type when a
// generic /objects/{objectType} operation reaches it.
func crmObjectScopes(objType string, write bool) [][]string {
	access := "read"
	if write {
		access = "write"
	}
	switch objType {
	case "tickets":
		return [][]string{{"tickets"}}
	case "line_items", "products":
		return [][]string{{"crm.objects." + objType + "." + access}, {"e-commerce"}}
	}
	return [][]string{{"crm.objects." + objType + "." + access}}
}

// isWrite reports whether a CRM request changes data (search and batch
// reads are POSTs that only read).
func (cp crmPath) isWrite(method string) bool {
	if method == http.MethodGet {
		return false
	}
	return !(len(cp.rest) >= 1 && cp.rest[0] == "search") && !(len(cp.rest) == 2 && cp.rest[0] == "batch" && cp.rest[1] == "read")
}

// serveCRM answers a CRM object request from the portal's records. Calls
// the sandbox does not model (merge, GDPR delete, batch upsert) get the
// generic sample answer.
func (s *Server) serveCRM(w http.ResponseWriter, r *http.Request, c apiCall, cp crmPath) string {
	if strings.Contains(c.ep.Path, "{objectType}") || strings.Contains(c.ep.Path, "{fromObjectType}") {
		ep := scopes.Endpoint{Method: r.Method, Path: c.ep.Path, Scopes: crmObjectScopes(cp.objType, cp.isWrite(r.Method))}
		if why := s.gateScopes(w, ep, c.tok.scopes); why != "" {
			return why
		}
	}
	buf := newBuffered(w)
	defer buf.flush(w)
	s.crm.mu.Lock()
	defer s.crm.mu.Unlock()
	return s.crmLocked(buf, r, c, cp)
}

// crmLocked dispatches a CRM request; the caller holds the store lock.
func (s *Server) crmLocked(w http.ResponseWriter, r *http.Request, c apiCall, cp crmPath) string {
	pc := s.crm.portalLocked(c.tok.portal)
	h := crmHandler{s: s, w: w, r: r, pc: pc, cp: cp, hub: c.tok.portal.HubID}
	switch rest := cp.rest; {
	case len(rest) == 0 && r.Method == http.MethodGet:
		return h.list()
	case len(rest) == 0 && r.Method == http.MethodPost:
		return h.create()
	case len(rest) == 1 && rest[0] == "search" && r.Method == http.MethodPost:
		return h.search()
	case len(rest) == 2 && rest[0] == "batch" && r.Method == http.MethodPost:
		return h.batch(rest[1])
	case len(rest) == 1 && rest[0] != "batch":
		return h.one(rest[0])
	case len(rest) >= 3 && rest[1] == "associations":
		return h.associations(rest[0], rest[2:])
	}
	return s.serveSample(w, r, c)
}

// crmHandler carries one CRM request; the store lock is held throughout.
type crmHandler struct {
	s   *Server
	w   http.ResponseWriter
	r   *http.Request
	pc  *portalCRM
	cp  crmPath
	hub int
}

// readOpts are the list and read query parameters HubSpot documents.
type readOpts struct {
	props, assoc, history []string
	archived              bool
	idProperty            string
}

func (h crmHandler) readOpts() readOpts {
	q := h.r.URL.Query()
	return readOpts{props: commaList(q["properties"]), assoc: commaList(q["associations"]),
		history: commaList(q["propertiesWithHistory"]), archived: q.Get("archived") == "true", idProperty: q.Get("idProperty")}
}

// commaList joins repeated and comma-separated query values.
func commaList(vals []string) []string {
	var out []string
	for _, v := range vals {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

func (h crmHandler) list() string {
	o := h.readOpts()
	limit, after, msg := pageParams(h.r.URL.Query().Get("limit"), h.r.URL.Query().Get("after"), 100)
	if msg != "" {
		apiError(h.w, http.StatusBadRequest, "VALIDATION_ERROR", msg, nil)
		return "CRM list refused: " + msg
	}
	recs := h.pc.list(h.cp.objType, o.archived)
	page, next := pageOf(recs, after, limit)
	results := make([]map[string]any, 0, len(page))
	for _, rec := range page {
		results = append(results, h.recordJSON(rec, o))
	}
	body := map[string]any{"results": results}
	if next != "" {
		q := h.r.URL.Query()
		q.Set("after", next)
		body["paging"] = map[string]any{"next": map[string]string{"after": next, "link": "http://" + h.r.Host + h.r.URL.Path + "?" + q.Encode()}}
	}
	writeJSON(h.w, http.StatusOK, body)
	return fmt.Sprintf("%s listed: portal %d, %d results", h.cp.objType, h.hub, len(results))
}

// pageParams reads limit (default 10, at most max) and after (an offset).
func pageParams(limitRaw, afterRaw string, max int) (int, int, string) {
	limit, after := 10, 0
	if limitRaw != "" {
		n, err := strconv.Atoi(limitRaw)
		if err != nil || n < 1 || n > max {
			return 0, 0, fmt.Sprintf("limit must be a whole number from 1 to %d, got %q", max, limitRaw)
		}
		limit = n
	}
	if afterRaw != "" {
		n, err := strconv.Atoi(afterRaw)
		if err != nil || n < 0 {
			return 0, 0, fmt.Sprintf("after must be the paging.next.after value of the previous page, got %q", afterRaw)
		}
		after = n
	}
	return limit, after, ""
}

// pageOf cuts one page and returns the next page's after cursor ("" at the end).
func pageOf[T any](all []T, after, limit int) ([]T, string) {
	if after >= len(all) {
		return nil, ""
	}
	end := min(after+limit, len(all))
	if end < len(all) {
		return all[after:end], strconv.Itoa(end)
	}
	return all[after:end], ""
}

// recordJSON renders a record as HubSpot's v3 SimplePublicObject.
func (h crmHandler) recordJSON(rec *crmRecord, o readOpts) map[string]any {
	names := o.props
	if len(names) == 0 {
		names = crmTypes[h.cp.objType].defaults
	}
	props := map[string]any{}
	for _, n := range names {
		props[n] = h.propValue(rec, n)
	}
	out := map[string]any{"id": rec.id, "properties": props, "createdAt": rec.created.Format(hsTime),
		"updatedAt": rec.updated.Format(hsTime), "archived": rec.archived}
	if rec.archived {
		out["archivedAt"] = rec.updated.Format(hsTime)
	}
	if len(o.history) > 0 {
		out["propertiesWithHistory"] = h.history(rec, o.history)
	}
	if len(o.assoc) > 0 {
		assoc := map[string]any{}
		for _, to := range o.assoc {
			if t := crmTypeName(to); t != "" && len(rec.assoc[t]) > 0 {
				assoc[t] = map[string]any{"results": h.assocV3(rec, t)}
			}
		}
		out["associations"] = assoc
	}
	return out
}

// history is propertiesWithHistory: the sandbox keeps one version, the
// current value, stamped with the record's last change.
func (h crmHandler) history(rec *crmRecord, names []string) map[string]any {
	out := map[string]any{}
	for _, n := range names {
		versions := []map[string]any{}
		if v := h.propValue(rec, n); v != nil {
			versions = append(versions, map[string]any{"value": v, "timestamp": rec.updated.Format(hsTime), "sourceType": "API"})
		}
		out[n] = versions
	}
	return out
}

// propValue returns a property's value, the system ones computed; nil
// (JSON null) for a property the record does not have, as HubSpot answers.
func (h crmHandler) propValue(rec *crmRecord, name string) any {
	switch name {
	case "hs_object_id":
		return rec.id
	case "createdate":
		return rec.created.Format(hsTime)
	case "lastmodifieddate", "hs_lastmodifieddate":
		return rec.updated.Format(hsTime)
	}
	if v, ok := rec.props[name]; ok {
		return v
	}
	return nil
}

func (h crmHandler) one(key string) string {
	o := h.readOpts()
	rec, ok := h.pc.find(h.cp.objType, key, o.idProperty)
	if !ok || rec.archived && (h.r.Method != http.MethodGet || !o.archived) { // archived records are read with archived=true only
		return h.notFound(key)
	}
	switch h.r.Method {
	case http.MethodGet:
		writeJSON(h.w, http.StatusOK, h.recordJSON(rec, o))
		return fmt.Sprintf("%s %s read: portal %d", h.cp.singular(), rec.id, h.hub)
	case http.MethodPatch:
		var in struct {
			Properties propMap `json:"properties"`
		}
		if !h.decode(&in) {
			return "CRM update refused: bad JSON"
		}
		if !h.pc.update(rec, h.cp.objType, in.Properties, h.s.clock.Now()) {
			return h.full()
		}
		writeJSON(h.w, http.StatusOK, h.recordJSON(rec, readOpts{props: keys(in.Properties)}))
		return fmt.Sprintf("%s %s updated: portal %d", h.cp.singular(), rec.id, h.hub)
	case http.MethodDelete:
		rec.archived, rec.updated = true, h.s.clock.Now()
		h.w.WriteHeader(http.StatusNoContent)
		return fmt.Sprintf("%s %s archived: portal %d", h.cp.singular(), rec.id, h.hub)
	}
	return notRouted(h.w, h.r, []string{"DELETE", "GET", "PATCH"})
}

func (cp crmPath) singular() string { return crmTypes[cp.objType].singular }

func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func (h crmHandler) notFound(key string) string {
	msg := "resource not found"
	if _, err := strconv.Atoi(key); err != nil && h.readOpts().idProperty == "" {
		msg = "Object not found.  objectId are usually numeric." // HubSpot's words when an id is not a number
	}
	apiError(h.w, http.StatusNotFound, "OBJECT_NOT_FOUND", msg, map[string]any{"context": map[string][]string{"id": {key}}})
	return fmt.Sprintf("%s %q not found: portal %d", h.cp.singular(), key, h.hub)
}

// full refuses a write past the portal's budget.
func (h crmHandler) full() string {
	apiError(h.w, http.StatusBadRequest, "VALIDATION_ERROR", fmt.Sprintf(
		"The sandbox keeps at most %d property writes per portal in memory and this portal has used them; POST /_sandbox/reset starts again.", maxCRMWrites), nil)
	return fmt.Sprintf("CRM write refused: portal %d reached the sandbox's write budget", h.hub)
}

// decode reads a JSON body (at most 1 MiB) into v, answering 400 itself.
func (h crmHandler) decode(v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(h.w, h.r.Body, 1<<20))
	if err := dec.Decode(v); err != nil {
		apiError(h.w, http.StatusBadRequest, "VALIDATION_ERROR", "Invalid input JSON: "+redact.Cut(err.Error(), 200), nil)
		return false
	}
	return true
}
