package oauth_test

import (
	"io"
	"net/http"
	"time"
)

// httpGetter is a minimal fake browser leg for one redirect.
type httpGetter struct{}

func (httpGetter) get(u string) (string, error) {
	hc := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := hc.Get(u)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	return string(b), err
}
