package main

import (
	"encoding/json"
	"strings"
	"testing"
)

const tinySpec = `{"paths":{
 "/things":{"get":{"responses":{"200":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Page"}}}}}},
            "post":{"responses":{"201":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Thing"}}}},"default":{}}}},
 "/things/batch/archive":{"post":{"responses":{"204":{},"default":{}}}},
 "/things/{id}/attach":{"post":{"responses":{"default":{}}}},
 "/plain":{"get":{"responses":{"200":{"content":{"application/json":{"schema":{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"object","properties":{"c":{"type":"string"}}}}}}}}}}},
 "/things/ips":{"get":{"responses":{"200":{"content":{"text/plain":{"schema":{"type":"string"}}}}}}},
 "/things/batch/read":{"post":{"responses":{"207":{"content":{"application/json":{"schema":{"type":"object","required":["errors"],"properties":{"errors":{"type":"array"}}}}}},
   "200":{"content":{"*/*":{"schema":{"$ref":"#/components/schemas/Batch"}}}}}}}},
 "components":{"schemas":{
  "Page":{"type":"object","required":["results"],"properties":{"results":{"type":"array","items":{"$ref":"#/components/schemas/Thing"}},"paging":{"type":"object"}}},
  "Thing":{"allOf":[{"$ref":"#/components/schemas/Base"},{"type":"object","required":["language","parent","count"],
     "properties":{"language":{"type":"string","enum":["aa","en","fr"]},"parent":{"$ref":"#/components/schemas/Thing"},"count":{"type":"integer"}}}]},
  "Base":{"type":"object","required":["id","createdAt","archived"],"properties":{"id":{"type":"string"},"createdAt":{"type":"string","format":"date-time"},"archived":{"type":"boolean"},"note":{"type":"string"}}},
  "Batch":{"type":"object","required":["status","results"],"properties":{"status":{"type":"string","enum":["CANCELED","COMPLETE"]},"results":{"type":"array"}}}}}}`

func rowsByOp(t *testing.T) map[string][]string {
	t.Helper()
	rows, err := fileRows([]byte(tinySpec))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, r := range rows {
		cols := strings.Split(r, "\t")
		if len(cols) != 5 {
			t.Fatalf("row %q has %d columns", r, len(cols))
		}
		out[cols[0]+" "+cols[1]] = cols[2:]
	}
	return out
}

func TestRowsTakeTheLowestSuccessAndRequiredFields(t *testing.T) {
	rows := rowsByOp(t)
	want := map[string][2]string{
		"GET /things":                {"200", `{"results":[]}`},
		"POST /things/batch/archive": {"204", ""},
		"POST /things/{id}/attach":   {"200", ""},
		"GET /things/ips":            {"200", `"sample"`},
		"GET /plain":                 {"200", `{"a":"sample","b":{}}`}, // every own property, required ones below
		"POST /things/batch/read":    {"200", `{"results":[],"status":"COMPLETE"}`},
	}
	for op, w := range want {
		got := rows[op]
		if got == nil || got[0] != w[0] || got[2] != w[1] {
			t.Errorf("%s: %q, want status %s body %s", op, got, w[0], w[1])
		}
	}
	if rows["GET /things/ips"][1] != "text/plain" || rows["POST /things/batch/read"][1] != "application/json" {
		t.Errorf("content types: %q %q", rows["GET /things/ips"], rows["POST /things/batch/read"])
	}
	var thing map[string]any
	if err := json.Unmarshal([]byte(rows["POST /things"][2]), &thing); err != nil {
		t.Fatal(err)
	}
	// allOf merged, the cycle through parent cut, the optional note kept at the top, en preferred over aa.
	if thing["id"] != "sample" || thing["createdAt"] != sampleTime || thing["archived"] != false || thing["language"] != "en" ||
		thing["count"] != 0.0 || thing["note"] != "sample" {
		t.Errorf("thing: %v", thing)
	}
	if p, ok := thing["parent"].(map[string]any); !ok || len(p) != 0 {
		t.Errorf("the self reference is not cut to {}: %v", thing["parent"])
	}

}

// Any spec file: an error or rows of five columns whose body is JSON.
func FuzzFileRows(f *testing.F) {
	f.Add([]byte(tinySpec))
	f.Add([]byte(`{"paths":{"/a":{"get":{"responses":{"200":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/X"}}}}}}}},"components":{"schemas":{"X":{"oneOf":[{"$ref":"#/components/schemas/X"}]}}}}`))
	f.Add([]byte(`{"paths":{"/a":{"parameters":[],"get":7}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := fileRows(data)
		if err != nil {
			return
		}
		for _, r := range rows {
			cols := strings.SplitN(r, "\t", 5)
			if len(cols) != 5 || (cols[4] != "" && !json.Valid([]byte(cols[4]))) {
				t.Fatalf("bad row %q", r)
			}
		}
	})
}
