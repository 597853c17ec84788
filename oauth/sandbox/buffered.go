package sandbox

import (
	"bytes"
	"net/http"
)

// bufferedResponse collects an answer written while a lock is held, so the
// lock is released before a slow client reads it: a stalled reader then
// never stalls the sandbox.
type bufferedResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func newBuffered(w http.ResponseWriter) *bufferedResponse {
	return &bufferedResponse{header: w.Header()}
}

func (b *bufferedResponse) Header() http.Header { return b.header }

func (b *bufferedResponse) WriteHeader(code int) {
	if b.status == 0 {
		b.status = code
	}
}

func (b *bufferedResponse) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.body.Write(p)
}

// flush sends what was collected.
func (b *bufferedResponse) flush(w http.ResponseWriter) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	w.WriteHeader(b.status)
	_, _ = w.Write(b.body.Bytes())
}
