package sandbox

import (
	_ "embed"
	"encoding/json"
)

// specSample is one operation's documented success: status, content type
// and body as JSON ("" for both when the spec documents no body; a text
// type's body is a JSON string).
type specSample struct {
	status      int
	contentType string
	body        string
}

// webhookSettings is an app's webhook settings as HubSpot documents the answer.
const webhookSettings = `{"targetUrl":"https://example.com/webhooks","throttling":{"maxConcurrentRequests":10,"period":"SECONDLY"},` +
	`"createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z"}`

// sampleFor looks an operation up by method and path template.
func sampleFor(method, tpl string) (specSample, bool) {
	s, ok := extraSamples[method+" "+tpl]
	return s, ok
}

// extraSamples are the answers, written from HubSpot's documented shapes, of operations whose typed
// clients (HubSpot's SDKs) need fields or a status the generic answer does not give.
var extraSamples = map[string]specSample{
	"GET /webhooks/v3/{appId}/settings":             {status: 200, contentType: "application/json", body: webhookSettings},
	"POST /crm/v3/lists/search":                     {status: 200, contentType: "application/json", body: `{"lists":[],"hasMore":false,"offset":0,"total":0}`},
	"GET /communication-preferences/v3/definitions": {status: 200, contentType: "application/json", body: `{"subscriptionDefinitions":[]}`},
	"PUT /webhooks/v3/{appId}/settings":             {status: 200, contentType: "application/json", body: webhookSettings},
	"GET /integrators/timeline/v3/events/{eventTemplateId}/{eventId}/detail": {status: 200, contentType: "application/json",
		body: `{"details":"Sample timeline event detail (sandbox)."}`},
	"GET /integrators/timeline/v3/events/{eventTemplateId}/{eventId}/render": {status: 200, contentType: "text/html",
		body: `"<p>Sample timeline event (sandbox).</p>"`},
}

// sampleBody is the operation's body with the item asked for as its id and
// the sandbox clock's time for its timestamps, so a read of /things/42
// answers id "42" as HubSpot would.
func sampleBody(s specSample, id, now string) any {
	var v any
	if json.Unmarshal([]byte(s.body), &v) != nil {
		return map[string]any{}
	}
	if m, ok := v.(map[string]any); ok {
		if _, has := m["id"].(string); has {
			m["id"] = id
		}
		for _, k := range []string{"createdAt", "updatedAt", "startedAt", "completedAt"} {
			if _, has := m[k].(string); has {
				m[k] = now
			}
		}
	}
	return v
}
