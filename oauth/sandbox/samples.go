package sandbox

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/json"
	"strconv"
	"strings"
	"sync"
)

// samplesGz is, for every operation of the endpoint index, the lowest success
// status HubSpot's spec documents and a body of its schema (every field of
// the answer's own object, the required ones below it), made by
// internal/gensamples
// from a checkout of HubSpot's public API spec collection at the commit the
// endpoint index names (see that command's doc for the line to run).
//
//go:embed data/samples.tsv.gz
var samplesGz []byte

// specSample is one operation's documented success: status, content type
// and body as JSON ("" for both when the spec documents no body; a text
// type's body is a JSON string).
type specSample struct {
	status      int
	contentType string
	body        string
}

var (
	samplesOnce sync.Once
	samples     map[string]specSample
)

// sampleFor looks an operation up by method and path template.
func sampleFor(method, tpl string) (specSample, bool) {
	samplesOnce.Do(func() { samples = parseSamples(samplesGz) })
	if s, ok := samples[method+" "+tpl]; ok {
		return s, true
	}
	s, ok := extraSamples[method+" "+tpl]
	return s, ok
}

// extraSamples answer the extra endpoints the spec table cannot (gate.go).
var extraSamples = map[string]specSample{
	"GET /integrators/timeline/v3/events/{eventTemplateId}/{eventId}/detail": {status: 200, contentType: "application/json",
		body: `{"details":"Sample timeline event detail (sandbox)."}`},
	"GET /integrators/timeline/v3/events/{eventTemplateId}/{eventId}/render": {status: 200, contentType: "text/html",
		body: `"<p>Sample timeline event (sandbox).</p>"`},
}

// parseSamples reads the embedded table; it is built with the binary, so a
// malformed row is a build mistake the package tests catch (TestSpecSamples).
func parseSamples(gz []byte) map[string]specSample {
	out := map[string]specSample{}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return out
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		cols := strings.SplitN(sc.Text(), "\t", 5)
		if len(cols) != 5 || strings.HasPrefix(cols[0], "#") {
			continue
		}
		status, err := strconv.Atoi(cols[2])
		if err != nil {
			continue
		}
		out[cols[0]+" "+cols[1]] = specSample{status: status, contentType: cols[3], body: cols[4]}
	}
	return out
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
