package oauth

import (
	"bytes"
	"io"
	"net/http"
	"time"
)

// traceTransport records each round trip in a Trace and stamps our
// User-Agent. It reads at most maxBody of each body for the record and hands
// the caller an equivalent body, so tracing never changes behaviour.
type traceTransport struct {
	base     http.RoundTripper
	trace    *Trace
	now      func() time.Time
	classify func(method, rawURL, body string) (Step, Party, Party)
}

func (t *traceTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.Header.Set("User-Agent", userAgent)
	if t.trace == nil {
		return t.base.RoundTrip(req)
	}
	var reqBody []byte
	if req.Body != nil && req.Body != http.NoBody {
		var err error
		reqBody, err = io.ReadAll(io.LimitReader(req.Body, maxBody))
		_ = req.Body.Close()
		if err != nil {
			return nil, err
		}
		req.Body = io.NopCloser(bytes.NewReader(reqBody))
		req.ContentLength = int64(len(reqBody))
	}
	start := t.now()
	resp, err := t.base.RoundTrip(req)
	ev := TraceEvent{Time: start, Method: req.Method, URL: req.URL.String(),
		Duration: t.now().Sub(start), RequestBody: string(reqBody), RequestHeaders: requestHeaders(req)}
	if t.classify != nil {
		ev.Step, ev.From, ev.To = t.classify(ev.Method, ev.URL, ev.RequestBody)
	}
	if err != nil {
		ev.Err = err.Error()
		t.trace.record(ev)
		return nil, err
	}
	ev.Status = resp.StatusCode
	ev.ResponseHeaders = withoutDate(HeaderList(resp.Header))
	head, rerr := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	ev.ResponseBody = string(head)
	if rerr != nil {
		ev.Err = rerr.Error()
	}
	resp.Body = &splicedBody{Reader: io.MultiReader(bytes.NewReader(head), resp.Body), closer: resp.Body}
	t.trace.record(ev)
	return resp, nil
}

// withoutDate drops the Date header: the event's Time says when on the session's clock (the sandbox's,
// which can be fast-forwarded), and a second clock in the same step would only confuse.
func withoutDate(hs []Header) []Header {
	out := hs[:0]
	for _, h := range hs {
		if h.Name != "Date" {
			out = append(out, h)
		}
	}
	return out
}

// requestHeaders lists what goes on the wire: the Host line and the request's own headers.
func requestHeaders(req *http.Request) []Header {
	hs := []Header{{Name: "Host", Value: req.URL.Host}}
	if req.Host != "" {
		hs[0].Value = req.Host
	}
	return append(hs, HeaderList(req.Header)...)
}

// splicedBody replays the bytes already read, then the rest of the original.
type splicedBody struct {
	io.Reader
	closer io.Closer
}

func (b *splicedBody) Close() error { return b.closer.Close() }
