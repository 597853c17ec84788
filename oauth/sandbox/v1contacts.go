package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// serveV1Contacts serves the legacy Contacts v1 endpoints HubSpot's older
// samples still call, over the same records as the v3 contacts API (a v1
// vid is the v3 id).
func (s *Server) serveV1Contacts(w http.ResponseWriter, r *http.Request, c apiCall) string {
	buf := newBuffered(w)
	defer buf.flush(w)
	s.crm.mu.Lock()
	defer s.crm.mu.Unlock()
	v := v1Handler{crmHandler{s: s, w: buf, r: r, pc: s.crm.portalLocked(c.tok.portal),
		cp: crmPath{version: "v1", objType: "contacts"}, hub: c.tok.portal.HubID}}
	tpl := c.ep.Path
	switch {
	case tpl == "/contacts/v1/lists/all/contacts/all", tpl == "/contacts/v1/lists/recently_updated/contacts/recent":
		return v.list(strings.Contains(tpl, "recent"))
	case tpl == "/contacts/v1/search/query":
		return v.search()
	case tpl == "/contacts/v1/contact":
		return v.create()
	case strings.HasPrefix(tpl, "/contacts/v1/contact/email/"):
		return v.profile(c.params["email"], "email")
	case r.Method == http.MethodGet:
		return v.profile(c.params["vid"], "")
	}
	return v.change(c.params["vid"])
}

type v1Handler struct{ crmHandler }

// ms is a time as v1 writes it: epoch milliseconds.
func ms(rec *crmRecord, updated bool) int64 {
	if updated {
		return rec.updated.UnixMilli()
	}
	return rec.created.UnixMilli()
}

// contactJSON renders a contact the v1 way; full adds every property with
// its version history, as the profile endpoints do.
func (v v1Handler) contactJSON(rec *crmRecord, full bool) map[string]any {
	vid, _ := strconv.Atoi(rec.id)
	names := []string{"firstname", "lastname", "company", "lastmodifieddate"}
	if full {
		names = append(keys(rec.props), "createdate", "lastmodifieddate")
	}
	props := map[string]any{}
	for _, n := range names {
		val := v.propValue(rec, n)
		if n == "lastmodifieddate" || n == "createdate" {
			val = strconv.FormatInt(ms(rec, n == "lastmodifieddate"), 10)
		}
		if val == nil {
			continue
		}
		p := map[string]any{"value": val}
		if full {
			p["versions"] = []map[string]any{{"value": val, "source-type": "API", "source-id": nil, "source-label": nil,
				"timestamp": ms(rec, true), "selected": false}}
		}
		props[n] = p
	}
	identities := []map[string]any{{"type": "LEAD_GUID", "value": opaque("guid", rec.id)[:32], "timestamp": ms(rec, false)}}
	if email := rec.props["email"]; email != "" {
		identities = append([]map[string]any{{"type": "EMAIL", "value": email, "timestamp": ms(rec, false), "is-primary": true}}, identities...)
	}
	return map[string]any{"addedAt": ms(rec, false), "vid": vid, "canonical-vid": vid, "merged-vids": []int{},
		"portal-id": v.hub, "is-contact": true, "properties": props, "form-submissions": []any{}, "merge-audits": []any{},
		"profile-url": fmt.Sprintf("https://app.hubspot.com/contacts/%d/contact/%d", v.hub, vid),
		"identity-profiles": []map[string]any{{"vid": vid, "saved-at-timestamp": ms(rec, true),
			"deleted-changed-timestamp": 0, "identities": identities}}}
}

// v1NotFound is v1's error shape: status, message, correlationId, requestId.
func (v v1Handler) notFound(key string) string {
	writeJSON(v.w, http.StatusNotFound, map[string]any{"status": "error", "message": "contact does not exist",
		"correlationId": newCorrelationID(), "requestId": newUUID()})
	return fmt.Sprintf("v1 contact %q not found: portal %d", key, v.hub)
}

func (v v1Handler) list(recent bool) string {
	q := v.r.URL.Query()
	count, offset, msg := pageParams(q.Get("count"), q.Get("vidOffset"), 100)
	if msg != "" {
		writeJSON(v.w, http.StatusBadRequest, map[string]any{"status": "error", "message": msg, "correlationId": newCorrelationID()})
		return "v1 contact list refused: " + msg
	}
	if q.Get("count") == "" {
		count = 20
	}
	all := v.pc.list("contacts", false)
	start := 0
	for start < len(all) && mustAtoi(all[start].id) <= offset {
		start++
	}
	page, _ := pageOf(all, start, count)
	out := make([]map[string]any, 0, len(page))
	for _, rec := range page {
		out = append(out, v.contactJSON(rec, false))
	}
	next := offset
	if len(page) > 0 {
		next = mustAtoi(page[len(page)-1].id)
	}
	body := map[string]any{"contacts": out, "has-more": start+len(page) < len(all), "vid-offset": next}
	if recent {
		body["time-offset"] = v.s.clock.Now().UnixMilli()
	}
	writeJSON(v.w, http.StatusOK, body)
	return fmt.Sprintf("v1 contacts listed: portal %d, %d contacts", v.hub, len(out))
}

func mustAtoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

func (v v1Handler) search() string {
	q := v.r.URL.Query()
	term := strings.ToLower(q.Get("q"))
	var hits []map[string]any
	for _, rec := range v.pc.list("contacts", false) {
		for _, p := range []string{"email", "firstname", "lastname", "company"} {
			if term != "" && strings.Contains(strings.ToLower(rec.props[p]), term) {
				hits = append(hits, v.contactJSON(rec, false))
				break
			}
		}
	}
	writeJSON(v.w, http.StatusOK, map[string]any{"query": q.Get("q"), "offset": len(hits), "has-more": false,
		"total": len(hits), "contacts": orEmpty(hits)})
	return fmt.Sprintf("v1 contacts searched: portal %d, %d hits", v.hub, len(hits))
}

func (v v1Handler) profile(key, by string) string {
	if by == "email" {
		key, _ = url.PathUnescape(key)
	}
	rec, ok := v.pc.find("contacts", key, by)
	if !ok || rec.archived {
		return v.notFound(key)
	}
	writeJSON(v.w, http.StatusOK, v.contactJSON(rec, true))
	return fmt.Sprintf("v1 contact %s read: portal %d", rec.id, v.hub)
}

// v1Properties reads v1's {"properties":[{"property":…,"value":…}]} body.
func (v v1Handler) v1Properties() (map[string]string, bool) {
	var in struct {
		Properties []struct {
			Property string `json:"property"`
			Value    any    `json:"value"`
		} `json:"properties"`
	}
	dec := json.NewDecoder(http.MaxBytesReader(v.w, v.r.Body, 1<<20))
	if err := dec.Decode(&in); err != nil {
		writeJSON(v.w, http.StatusBadRequest, map[string]any{"status": "error", "message": "Invalid input JSON",
			"correlationId": newCorrelationID()})
		return nil, false
	}
	props := map[string]string{}
	for _, p := range in.Properties {
		props[p.Property] = fmt.Sprint(p.Value)
	}
	return props, true
}

func (v v1Handler) create() string {
	props, ok := v.v1Properties()
	if !ok {
		return "v1 contact create refused: bad JSON"
	}
	if old, dup := v.pc.find("contacts", props["email"], "email"); dup && props["email"] != "" && !old.archived {
		writeJSON(v.w, http.StatusConflict, map[string]any{"status": "error", "message": "Contact already exists",
			"correlationId": newCorrelationID(), "error": "CONTACT_EXISTS",
			"identityProfile": map[string]any{"vid": mustAtoi(old.id), "identity": []map[string]any{{"type": "EMAIL", "value": props["email"]}}}})
		return "v1 contact create refused: 409, email exists as " + old.id
	}
	rec, ok := v.pc.create("contacts", props, v.s.clock.Now())
	if !ok {
		return v.full()
	}
	writeJSON(v.w, http.StatusOK, v.contactJSON(rec, true))
	return fmt.Sprintf("v1 contact %s created: portal %d", rec.id, v.hub)
}

// change serves the v1 update (POST …/profile, 204) and delete.
func (v v1Handler) change(vid string) string {
	rec, ok := v.pc.get("contacts", vid)
	if !ok || rec.archived {
		return v.notFound(vid)
	}
	if v.r.Method == http.MethodDelete {
		rec.archived, rec.updated = true, v.s.clock.Now()
		writeJSON(v.w, http.StatusOK, map[string]any{"vid": mustAtoi(vid), "deleted": true, "reason": "OK"})
		return fmt.Sprintf("v1 contact %s deleted: portal %d", vid, v.hub)
	}
	props, ok := v.v1Properties()
	if !ok {
		return "v1 contact update refused: bad JSON"
	}
	if !v.pc.update(rec, "contacts", props, v.s.clock.Now()) {
		return v.full()
	}
	v.w.WriteHeader(http.StatusNoContent)
	return fmt.Sprintf("v1 contact %s updated: portal %d", vid, v.hub)
}
