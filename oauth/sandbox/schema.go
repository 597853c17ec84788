package sandbox

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/hsoauth/hsoauth/redact"
)

// schemaPath is a read of the pipelines or properties APIs for a served
// object type: /crm/v3/{pipelines|properties}/T/… or the dated
// /crm/{pipelines|properties}/2026-03/T/….
type schemaPath struct {
	api     string // "pipelines" or "properties"
	objType string
	rest    []string
}

func parseSchemaPath(path string) (schemaPath, bool) {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	if len(segs) < 4 || segs[0] != "crm" {
		return schemaPath{}, false
	}
	api, typeSeg, rest := segs[2], segs[3], segs[4:]
	if segs[1] != "v3" {
		api = segs[1] // dated: /crm/pipelines/2026-03/T
	}
	if api != "pipelines" && api != "properties" {
		return schemaPath{}, false
	}
	t := crmTypeName(typeSeg)
	return schemaPath{api: api, objType: t, rest: rest}, t != ""
}

// stage is a pipeline stage: id, label and whether it closes the record.
type stage struct {
	id, label   string
	closed      bool
	probability string
}

// samplePipelines are the default pipelines HubSpot creates in every
// account, whose stage ids the sample deals and tickets use.
var samplePipelines = map[string]struct {
	id, label string
	stages    []stage
}{
	"deals": {"default", "Sales Pipeline", []stage{{"appointmentscheduled", "Appointment Scheduled", false, "0.2"},
		{"qualifiedtobuy", "Qualified To Buy", false, "0.4"}, {"presentationscheduled", "Presentation Scheduled", false, "0.6"},
		{"decisionmakerboughtin", "Decision Maker Bought-In", false, "0.8"}, {"contractsent", "Contract Sent", false, "0.9"},
		{"closedwon", "Closed Won", true, "1.0"}, {"closedlost", "Closed Lost", true, "0.0"}}},
	"tickets": {"0", "Support Pipeline", []stage{{"1", "New", false, ""}, {"2", "Waiting on contact", false, ""},
		{"3", "Waiting on us", false, ""}, {"4", "Closed", true, ""}}},
}

// serveSchema answers pipeline and property reads; writes and other
// calls get the sample answer.
func (s *Server) serveSchema(w http.ResponseWriter, r *http.Request, c apiCall, sp schemaPath) string {
	if r.Method != http.MethodGet {
		return s.serveSample(w, r, c)
	}
	if sp.api == "properties" {
		return servePropertyDefs(w, sp)
	}
	p, ok := samplePipelines[sp.objType]
	var all []map[string]any
	if ok {
		all = append(all, pipelineJSON(p.id, p.label, p.stages))
	}
	switch {
	case len(sp.rest) == 0:
		writeJSON(w, http.StatusOK, map[string]any{"results": orEmpty(all)})
		return fmt.Sprintf("%s pipelines listed: %d", sp.objType, len(all))
	case ok && sp.rest[0] == p.id && len(sp.rest) == 1:
		writeJSON(w, http.StatusOK, all[0])
		return fmt.Sprintf("%s pipeline %s read", sp.objType, p.id)
	case ok && sp.rest[0] == p.id && len(sp.rest) == 2 && sp.rest[1] == "stages":
		writeJSON(w, http.StatusOK, map[string]any{"results": all[0]["stages"]})
		return fmt.Sprintf("%s pipeline %s stages listed", sp.objType, p.id)
	case ok && sp.rest[0] == p.id && len(sp.rest) == 3 && sp.rest[1] == "stages":
		return serveStage(w, sp, all[0])
	}
	if len(sp.rest) > 1 && sp.rest[1] != "stages" {
		return s.serveSample(w, r, c)
	}
	apiError(w, http.StatusNotFound, "OBJECT_NOT_FOUND", "resource not found", map[string]any{"context": map[string][]string{"pipelineId": {sp.rest[0]}}})
	return fmt.Sprintf("%s pipeline %q not found", sp.objType, sp.rest[0])
}

// serveStage answers one stage of a pipeline, /pipelines/T/{id}/stages/{stageId}.
func serveStage(w http.ResponseWriter, sp schemaPath, pipeline map[string]any) string {
	for _, st := range pipeline["stages"].([]map[string]any) {
		if st["id"] == sp.rest[2] {
			writeJSON(w, http.StatusOK, st)
			return fmt.Sprintf("%s pipeline %s stage %s read", sp.objType, sp.rest[0], sp.rest[2])
		}
	}
	apiError(w, http.StatusNotFound, "OBJECT_NOT_FOUND", "resource not found", map[string]any{"context": map[string][]string{"stageId": {redact.Cut(sp.rest[2], 80)}}})
	return fmt.Sprintf("%s pipeline %s stage not found", sp.objType, sp.rest[0])
}

func pipelineJSON(id, label string, stages []stage) map[string]any {
	stamp := sampleEpoch.Format(hsTime)
	var out []map[string]any
	for i, st := range stages {
		meta := map[string]string{"isClosed": fmt.Sprint(st.closed)}
		if st.probability != "" {
			meta["probability"] = st.probability
		} else {
			meta["ticketState"] = map[bool]string{true: "CLOSED", false: "OPEN"}[st.closed]
		}
		out = append(out, map[string]any{"id": st.id, "label": st.label, "displayOrder": i, "metadata": meta,
			"createdAt": stamp, "updatedAt": stamp, "archived": false, "writePermissions": "CRM_PERMISSIONS_ENFORCEMENT"})
	}
	return map[string]any{"id": id, "label": label, "displayOrder": 0, "stages": out,
		"createdAt": stamp, "updatedAt": stamp, "archived": false}
}

// servePropertyDefs lists a type's property definitions (the properties
// its sample records use) or reads one.
func servePropertyDefs(w http.ResponseWriter, sp schemaPath) string {
	if len(sp.rest) >= 1 && sp.rest[0] == "groups" {
		return servePropertyGroups(w, sp)
	}
	extra := map[string][]string{"contacts": {"company", "phone", "lifecyclestage"}, "companies": {"industry", "city"}}
	names := append(slices.Clone(crmTypes[sp.objType].defaults), extra[sp.objType]...)
	slices.Sort(names)
	if len(sp.rest) == 1 {
		if !slices.Contains(names, sp.rest[0]) {
			apiError(w, http.StatusNotFound, "OBJECT_NOT_FOUND", fmt.Sprintf("Unable to find property %s", sp.rest[0]), nil)
			return fmt.Sprintf("%s property %q not found", sp.objType, sp.rest[0])
		}
		writeJSON(w, http.StatusOK, propertyDef(sp.objType, sp.rest[0]))
		return fmt.Sprintf("%s property %s read", sp.objType, sp.rest[0])
	}
	defs := make([]map[string]any, 0, len(names))
	for _, n := range names {
		defs = append(defs, propertyDef(sp.objType, n))
	}
	writeJSON(w, http.StatusOK, map[string]any{"results": defs})
	return fmt.Sprintf("%s properties listed: %d", sp.objType, len(defs))
}

// servePropertyGroups answers /properties/T/groups[/name]: the one group
// (contactinformation, dealinformation…) the sample properties belong to.
func servePropertyGroups(w http.ResponseWriter, sp schemaPath) string {
	name := crmTypes[sp.objType].singular + "information"
	group := map[string]any{"name": name, "label": propertyLabel(crmTypes[sp.objType].singular) + " information",
		"displayOrder": -1, "archived": false}
	switch {
	case len(sp.rest) == 1:
		writeJSON(w, http.StatusOK, map[string]any{"results": []any{group}})
		return fmt.Sprintf("%s property groups listed: 1", sp.objType)
	case len(sp.rest) == 2 && sp.rest[1] == name:
		writeJSON(w, http.StatusOK, group)
		return fmt.Sprintf("%s property group %s read", sp.objType, name)
	}
	apiError(w, http.StatusNotFound, "OBJECT_NOT_FOUND", fmt.Sprintf("Unable to find property group %s", redact.Cut(strings.Join(sp.rest[1:], "/"), 80)), nil)
	return fmt.Sprintf("%s property group not found", sp.objType)
}

// propertyDef is HubSpot's Property object for one of the sample properties.
func propertyDef(objType, name string) map[string]any {
	typ, field := "string", "text"
	switch {
	case strings.HasSuffix(name, "date"):
		typ, field = "datetime", "date"
	case slices.Contains([]string{"amount", "price", "quantity"}, name):
		typ, field = "number", "number"
	case slices.Contains([]string{"dealstage", "pipeline", "hs_pipeline", "hs_pipeline_stage", "hs_ticket_priority", "lifecyclestage", "industry"}, name):
		typ, field = "enumeration", "select"
	}
	stamp := sampleEpoch.Format(hsTime)
	system := strings.HasPrefix(name, "hs_") || strings.HasSuffix(name, "date")
	return map[string]any{"name": name, "label": propertyLabel(name), "type": typ, "fieldType": field,
		"groupName": crmTypes[objType].singular + "information", "description": "", "options": []any{},
		"displayOrder": -1, "calculated": false, "externalOptions": false, "hasUniqueValue": name == "hs_object_id",
		"hidden": false, "formField": !system, "createdAt": stamp, "updatedAt": stamp, "archived": false,
		"modificationMetadata": map[string]bool{"archivable": !system, "readOnlyDefinition": true, "readOnlyValue": system}}
}

// propertyLabel turns firstname into "First name" style labels.
func propertyLabel(name string) string {
	known := map[string]string{"firstname": "First Name", "lastname": "Last Name", "hs_object_id": "Record ID",
		"createdate": "Create Date", "lastmodifieddate": "Last Modified Date", "hs_lastmodifieddate": "Last Modified Date"}
	if l, ok := known[name]; ok {
		return l
	}
	words := strings.Fields(strings.ReplaceAll(strings.TrimPrefix(name, "hs_"), "_", " "))
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}
