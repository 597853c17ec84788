package sandbox

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/hsoauth/hsoauth/redact"
)

// objectInput is a create or update body: properties and, on create, the
// associations to make.
type objectInput struct {
	ID           string  `json:"id"`
	Properties   propMap `json:"properties"`
	Associations []struct {
		To struct {
			ID string `json:"id"`
		} `json:"to"`
	} `json:"associations"`
}

func (h crmHandler) create() string {
	var in objectInput
	if !h.decode(&in) {
		return "CRM create refused: bad JSON"
	}
	rec, status, why := h.createOne(in)
	if rec == nil {
		return why
	}
	writeJSON(h.w, status, h.recordJSON(rec, readOpts{props: keys(in.Properties)}))
	return fmt.Sprintf("%s %s created: portal %d", h.cp.singular(), rec.id, h.hub)
}

// createOne stores one new record; on failure it has answered and returns nil.
func (h crmHandler) createOne(in objectInput) (*crmRecord, int, string) {
	if email := in.Properties["email"]; h.cp.objType == "contacts" && email != "" {
		if old, ok := h.pc.find("contacts", email, "email"); ok && !old.archived {
			apiError(h.w, http.StatusConflict, "CONFLICT", "Contact already exists. Existing ID: "+old.id, nil)
			return nil, 0, "contact create refused: 409, email exists as " + old.id
		}
	}
	rec, ok := h.pc.create(h.cp.objType, in.Properties, h.s.clock.Now())
	if !ok {
		return nil, 0, h.full()
	}
	for _, a := range in.Associations {
		for t := range crmTypes {
			if _, ok := h.pc.get(t, a.To.ID); ok {
				h.pc.link(h.cp.objType, rec.id, t, a.To.ID)
			}
		}
	}
	return rec, http.StatusCreated, ""
}

// searchInput is HubSpot's CRM search body.
type searchInput struct {
	FilterGroups []struct {
		Filters []searchFilter `json:"filters"`
	} `json:"filterGroups"`
	Sorts      []any    `json:"sorts"`
	Query      string   `json:"query"`
	Properties []string `json:"properties"`
	Limit      int      `json:"limit"`
	After      any      `json:"after"` // SDKs send a string or a number

}

type searchFilter struct {
	PropertyName string `json:"propertyName"`
	Operator     string `json:"operator"`
	Value        any    `json:"value"`
	Values       []any  `json:"values"`
	HighValue    any    `json:"highValue"`
}

func (h crmHandler) search() string {
	var in searchInput
	if !h.decode(&in) {
		return "CRM search refused: bad JSON"
	}
	limit := in.Limit
	if limit == 0 {
		limit = 10
	}
	afterText := ""
	if in.After != nil {
		afterText = fmt.Sprint(in.After)
	}
	_, after, msg := pageParams(strconv.Itoa(limit), afterText, 200)
	if msg == "" {
		msg = badOperator(in)
	}
	if msg != "" {
		apiError(h.w, http.StatusBadRequest, "VALIDATION_ERROR", msg, nil)
		return "CRM search refused: " + msg
	}
	var hits []*crmRecord
	for _, rec := range h.pc.list(h.cp.objType, false) {
		if h.matches(rec, in) {
			hits = append(hits, rec)
		}
	}
	h.sortHits(hits, in.Sorts)
	page, next := pageOf(hits, after, limit)
	results := make([]map[string]any, 0, len(page))
	for _, rec := range page {
		results = append(results, h.recordJSON(rec, readOpts{props: in.Properties}))
	}
	body := map[string]any{"total": len(hits), "results": results}
	if next != "" {
		body["paging"] = map[string]any{"next": map[string]string{"after": next}}
	}
	writeJSON(h.w, http.StatusOK, body)
	return fmt.Sprintf("%s searched: portal %d, %d hits", h.cp.objType, h.hub, len(hits))
}

// sortHits applies the first of HubSpot's sorts: a property name, or
// {"propertyName": …, "direction": "ASCENDING"|"DESCENDING"}. Without one,
// hits stay in creation order, as HubSpot orders by id.
func (h crmHandler) sortHits(hits []*crmRecord, sorts []any) {
	if len(sorts) == 0 {
		return
	}
	prop, desc := "", false
	switch s := sorts[0].(type) {
	case string:
		prop = s
	case map[string]any:
		prop, _ = s["propertyName"].(string)
		dir, _ := s["direction"].(string)
		desc = strings.EqualFold(dir, "DESCENDING")
	}
	if prop == "" {
		return
	}
	slices.SortStableFunc(hits, func(a, b *crmRecord) int {
		va, _ := h.propValue(a, prop).(string)
		vb, _ := h.propValue(b, prop).(string)
		c := compareValues(va, vb)
		if desc {
			c = -c
		}
		return c
	})
}

// matches applies the query (a substring of any default property) and the
// filter groups (OR of groups, AND within one).
func (h crmHandler) matches(rec *crmRecord, in searchInput) bool {
	if q := strings.ToLower(in.Query); q != "" {
		found := false
		for _, p := range crmTypes[h.cp.objType].defaults {
			if v, _ := h.propValue(rec, p).(string); strings.Contains(strings.ToLower(v), q) {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	if len(in.FilterGroups) == 0 {
		return true
	}
	for _, g := range in.FilterGroups {
		if !slices.ContainsFunc(g.Filters, func(f searchFilter) bool { return !h.filterHolds(rec, f) }) {
			return true
		}
	}
	return false
}

// searchOperators are the filter operators HubSpot's search accepts.
var searchOperators = []string{"EQ", "NEQ", "LT", "LTE", "GT", "GTE", "BETWEEN", "IN", "NOT_IN",
	"HAS_PROPERTY", "NOT_HAS_PROPERTY", "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN"}

// badOperator names the first filter operator HubSpot would refuse, or "".
func badOperator(in searchInput) string {
	for _, g := range in.FilterGroups {
		for _, f := range g.Filters {
			if !slices.Contains(searchOperators, strings.ToUpper(f.Operator)) {
				return fmt.Sprintf("Invalid filter operator %q on %s; use one of %s.", redact.Cut(f.Operator, 40),
					redact.Cut(f.PropertyName, 80), strings.Join(searchOperators, ", "))
			}
		}
	}
	return ""
}

func (h crmHandler) filterHolds(rec *crmRecord, f searchFilter) bool {
	raw, has := h.propValue(rec, f.PropertyName).(string)
	want := fmt.Sprint(f.Value)
	switch strings.ToUpper(f.Operator) {
	case "HAS_PROPERTY":
		return has
	case "NOT_HAS_PROPERTY":
		return !has
	case "EQ":
		return has && strings.EqualFold(raw, want)
	case "NEQ":
		return !has || !strings.EqualFold(raw, want)
	case "CONTAINS_TOKEN":
		return has && strings.Contains(strings.ToLower(raw), strings.ToLower(strings.Trim(want, "*")))
	case "NOT_CONTAINS_TOKEN":
		return !has || !strings.Contains(strings.ToLower(raw), strings.ToLower(strings.Trim(want, "*")))
	case "IN", "NOT_IN":
		in := slices.ContainsFunc(f.Values, func(v any) bool { return strings.EqualFold(fmt.Sprint(v), raw) })
		return has && in == (strings.ToUpper(f.Operator) == "IN")
	case "GT", "GTE", "LT", "LTE", "BETWEEN":
		return has && compareHolds(raw, want, fmt.Sprint(f.HighValue), strings.ToUpper(f.Operator))
	}
	return false
}

// compareHolds compares numerically when both sides are numbers, else as strings.
func compareHolds(v, want, high, op string) bool {
	c := compareValues(v, want)
	switch op {
	case "GT":
		return c > 0
	case "GTE":
		return c >= 0
	case "LT":
		return c < 0
	case "LTE":
		return c <= 0
	}
	return c >= 0 && compareValues(v, high) <= 0
}

// compareValues orders two property values numerically when both are
// numbers, else as strings (HubSpot stores every value as a string).
func compareValues(a, b string) int {
	fa, errA := strconv.ParseFloat(a, 64)
	fb, errB := strconv.ParseFloat(b, 64)
	if errA == nil && errB == nil {
		return cmp.Compare(fa, fb)
	}
	return strings.Compare(a, b)
}

// batch serves /batch/read, /batch/create, /batch/update and
// /batch/archive; other batch operations get the sample answer.
func (h crmHandler) batch(op string) string {
	var in struct {
		Inputs                []objectInput `json:"inputs"`
		Properties            []string      `json:"properties"`
		PropertiesWithHistory []string      `json:"propertiesWithHistory"`
		IDProperty            string        `json:"idProperty"`
	}
	if !h.decode(&in) {
		return "CRM batch refused: bad JSON"
	}
	if len(in.Inputs) > 100 {
		apiError(h.w, http.StatusBadRequest, "VALIDATION_ERROR", fmt.Sprintf("A batch takes at most 100 inputs, got %d.", len(in.Inputs)), nil)
		return "CRM batch refused: over 100 inputs"
	}
	now := h.s.clock.Now().Format(hsTime)
	var results []map[string]any
	for _, item := range in.Inputs {
		rec := h.batchOne(op, item, in.IDProperty)
		if rec != nil && op != "archive" {
			results = append(results, h.recordJSON(rec, readOpts{props: in.Properties, history: in.PropertiesWithHistory}))
		}
	}
	if op == "archive" {
		h.w.WriteHeader(http.StatusNoContent)
		return fmt.Sprintf("%s batch archive: portal %d, %d inputs", h.cp.objType, h.hub, len(in.Inputs))
	}
	status := http.StatusOK
	if op == "create" {
		status = http.StatusCreated
	}
	writeJSON(h.w, status, map[string]any{"status": "COMPLETE", "results": orEmpty(results), "startedAt": now, "completedAt": now})
	return fmt.Sprintf("%s batch %s: portal %d, %d results", h.cp.objType, op, h.hub, len(results))
}

// batchOne applies one batch input and returns the record it produced.
func (h crmHandler) batchOne(op string, item objectInput, idProperty string) *crmRecord {
	now := h.s.clock.Now()
	if op == "create" {
		rec, ok := h.pc.create(h.cp.objType, item.Properties, now)
		if !ok {
			return nil
		}
		return rec
	}
	rec, ok := h.pc.find(h.cp.objType, item.ID, idProperty)
	if !ok || rec.archived {
		return nil
	}
	switch op {
	case "update":
		if !h.pc.update(rec, h.cp.objType, item.Properties, now) {
			return nil
		}
	case "archive":
		rec.archived, rec.updated = true, now
	}
	return rec
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// associations serves GET …/{id}/associations/{toType} (v3 and v4
// shapes) and PUT/DELETE of one association.
func (h crmHandler) associations(fromID string, rest []string) string {
	rec, ok := h.pc.get(h.cp.objType, fromID)
	if !ok || rec.archived {
		return h.notFound(fromID)
	}
	isDefault := rest[0] == "default" && len(rest) == 3 && h.r.Method == http.MethodPut
	if isDefault {
		rest = rest[1:]
	}
	toType := crmTypeName(rest[0])
	if toType == "" {
		apiError(h.w, http.StatusBadRequest, "VALIDATION_ERROR", "Unable to infer object type from: "+rest[0], nil)
		return "associations refused: unknown object type"
	}
	if len(rest) == 1 && h.r.Method == http.MethodGet {
		return h.listAssociations(rec, toType)
	}
	if len(rest) >= 2 {
		return h.changeAssociation(rec, toType, rest[1], isDefault)
	}
	return notRouted(h.w, h.r, []string{"GET"})
}

func (h crmHandler) listAssociations(rec *crmRecord, toType string) string {
	var results []map[string]any
	if h.cp.version == "v3" {
		results = append(results, h.assocV3(rec, toType)...)
	} else {
		results = assocV4(rec, h.cp.objType, toType)
	}
	writeJSON(h.w, http.StatusOK, map[string]any{"results": orEmpty(results)})
	return fmt.Sprintf("%s %s associations to %s: portal %d, %d", h.cp.singular(), rec.id, toType, h.hub, len(results))
}

// writeDefaultAssociation answers PUT …/associations/default/{toType}/{toId}:
// a batch answer naming the default (unlabelled) association it made.
func (h crmHandler) writeDefaultAssociation(fromID, toType, toID string) {
	now := h.s.clock.Now().Format(hsTime)
	spec := map[string]any{"associationCategory": "HUBSPOT_DEFINED",
		"associationTypeId": associationTypeIDs[h.cp.singular()+"_to_"+crmTypes[toType].singular]}
	writeJSON(h.w, http.StatusOK, map[string]any{"status": "COMPLETE", "startedAt": now, "completedAt": now,
		"results": []map[string]any{{"from": map[string]string{"id": fromID}, "to": map[string]string{"id": toID}, "associationSpec": spec}}})
}

// assocV4 is the v4 association list of a record of fromType to one type.
func assocV4(rec *crmRecord, fromType, toType string) []map[string]any {
	typeID := associationTypeIDs[crmTypes[fromType].singular+"_to_"+crmTypes[toType].singular]
	var out []map[string]any
	for _, id := range sortedIDs(rec.assoc[toType]) {
		n, _ := strconv.Atoi(id)
		out = append(out, map[string]any{"toObjectId": n, "associationTypes": []map[string]any{
			{"category": "HUBSPOT_DEFINED", "typeId": typeID, "label": nil}}})
	}
	return out
}

// assocV3 is the v3 association list of a record to one type.
func (h crmHandler) assocV3(rec *crmRecord, toType string) []map[string]any {
	name := h.cp.singular() + "_to_" + crmTypes[toType].singular
	var out []map[string]any
	for _, id := range sortedIDs(rec.assoc[toType]) {
		out = append(out, map[string]any{"id": id, "type": name})
	}
	return out
}

func sortedIDs(ids []string) []string {
	out := slices.Clone(ids)
	sort.Slice(out, func(i, j int) bool { a, _ := strconv.Atoi(out[i]); b, _ := strconv.Atoi(out[j]); return a < b })
	return out
}

func (h crmHandler) changeAssociation(rec *crmRecord, toType, toID string, isDefault bool) string {
	if _, ok := h.pc.get(toType, toID); !ok {
		return h.notFound(toID)
	}
	switch h.r.Method {
	case http.MethodPut:
		if !h.pc.spend(1) {
			return h.full()
		}
		h.pc.link(h.cp.objType, rec.id, toType, toID)
		switch {
		case isDefault:
			h.writeDefaultAssociation(rec.id, toType, toID)
		case h.cp.version != "v3":
			// A labelled association is created (201); the answer names the pair and its labels.
			writeJSON(h.w, http.StatusCreated, map[string]any{"fromObjectTypeId": typeID(h.cp.objType), "fromObjectId": mustAtoi(rec.id),
				"toObjectTypeId": typeID(toType), "toObjectId": mustAtoi(toID), "labels": []string{}})
		default:
			writeJSON(h.w, http.StatusOK, h.recordJSON(rec, readOpts{assoc: []string{toType}}))
		}
		return fmt.Sprintf("%s %s associated with %s %s: portal %d", h.cp.singular(), rec.id, crmTypes[toType].singular, toID, h.hub)
	case http.MethodDelete:
		h.pc.unlink(h.cp.objType, rec.id, toType, toID)
		h.w.WriteHeader(http.StatusNoContent)
		return fmt.Sprintf("%s %s unlinked from %s %s: portal %d", h.cp.singular(), rec.id, crmTypes[toType].singular, toID, h.hub)
	}
	return notRouted(h.w, h.r, []string{"DELETE", "PUT"})
}
