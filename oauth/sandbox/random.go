package sandbox

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	mrand "math/rand/v2"
	"net/http"
	"sync"
)

// randomBytes reads n bytes from crypto/rand; it never fails on supported
// platforms (Go 1.24+ crashes the program rather than return an error).
func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b
}

// seededBytes returns a deterministic byte source for Options.Seed: the same seed gives the same tokens in
// the same order, which makes test-mode screens and screenshots reproducible. Never used otherwise.
func seededBytes(seed uint64) func(int) []byte {
	var mu sync.Mutex
	src := mrand.NewChaCha8([32]byte{byte(seed), byte(seed >> 8), byte(seed >> 16), byte(seed >> 24), byte(seed >> 32), byte(seed >> 40), byte(seed >> 48), byte(seed >> 56)})
	return func(n int) []byte {
		mu.Lock()
		defer mu.Unlock()
		b := make([]byte, n)
		_, _ = src.Read(b)
		return b
	}
}

// newHubletID returns an id shaped like HubSpot's codes and refresh tokens:
// na1-xxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (112 random bits).
func newHubletID(randomBytes func(int) []byte) string {
	h := hex.EncodeToString(randomBytes(14))
	return "na1-" + h[0:4] + "-" + h[4:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:28]
}

// newAccessToken returns an opaque access token in the style of HubSpot's
// ("CJSP5qf1KhICAQEY…"): base64url, no dots, never a JWT, under 300 chars.
func newAccessToken(randomBytes func(int) []byte) string {
	return "CN" + base64.RawURLEncoding.EncodeToString(randomBytes(72))
}

// newUUID returns a random (version 4) UUID, used for correlation ids.
func newUUID() string { return newUUIDFrom(randomBytes) }

// newUUIDFrom is newUUID from a given source: the server's, which Options.Seed makes deterministic.
func newUUIDFrom(randomBytes func(int) []byte) string {
	b := randomBytes(16)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// newCorrelationID is what every HubSpot error body carries.
func newCorrelationID() string { return newUUID() }

// newRequestID identifies one pending consent page; unguessable, so it
// doubles as the form's anti-forgery token.
func newRequestID() string { return "req-" + hex.EncodeToString(randomBytes(16)) }

// writeJSON writes v as a JSON response with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
