package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hsoauth/hsoauth/redact"
)

// faultRuleJSON is FaultRule on the wire: durations as Go strings ("2s")
// or numbers of seconds, which is what a trainer types in curl.
type faultRuleJSON struct {
	Endpoint   Endpoint        `json:"endpoint,omitempty"`
	Effect     Effect          `json:"effect"`
	Delay      json.RawMessage `json:"delay,omitempty"`
	RetryAfter json.RawMessage `json:"retry_after,omitempty"`
	Policy     RateLimitPolicy `json:"policy,omitempty"`
	Status     int             `json:"status,omitempty"`
	Count      int             `json:"count,omitempty"`
}

// MarshalJSON writes durations as strings such as "1.5s".
func (r FaultRule) MarshalJSON() ([]byte, error) {
	out := faultRuleJSON{Endpoint: r.Endpoint, Effect: r.Effect, Policy: r.Policy, Status: r.Status, Count: r.Count}
	if r.Delay != 0 {
		out.Delay, _ = json.Marshal(r.Delay.String())
	}
	if r.RetryAfter != 0 {
		out.RetryAfter, _ = json.Marshal(r.RetryAfter.String())
	}
	return json.Marshal(out)
}

// UnmarshalJSON accepts durations as strings ("2s") or seconds (2).
func (r *FaultRule) UnmarshalJSON(data []byte) error {
	var in faultRuleJSON
	if err := json.Unmarshal(data, &in); err != nil {
		return err
	}
	delay, err := parseJSONDuration(in.Delay)
	if err != nil {
		return fmt.Errorf("delay: %w", err)
	}
	retry, err := parseJSONDuration(in.RetryAfter)
	if err != nil {
		return fmt.Errorf("retry_after: %w", err)
	}
	*r = FaultRule{Endpoint: in.Endpoint, Effect: in.Effect, Delay: delay, RetryAfter: retry, Policy: in.Policy, Status: in.Status, Count: in.Count}
	return nil
}

func parseJSONDuration(raw json.RawMessage) (time.Duration, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return 0, nil
	}
	var secs float64
	if err := json.Unmarshal(raw, &secs); err == nil {
		return time.Duration(secs * float64(time.Second)), nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return 0, fmt.Errorf("want a duration like \"2s\" or a number of seconds")
	}
	return time.ParseDuration(s)
}

// adminState is GET /_sandbox/state.
type adminState struct {
	Info
	Now          time.Time      `json:"now"`
	ClockOffset  string         `json:"clock_offset"`
	AccessTTL    string         `json:"access_ttl"`
	CodeTTL      string         `json:"code_ttl"`
	Options      map[string]any `json:"options"`
	Faults       Faults         `json:"faults"`
	Counts       map[string]int `json:"counts"`
	EventsLogged int            `json:"events_logged"`
}

func (s *Server) handleState(w http.ResponseWriter, r *http.Request) string {
	writeJSON(w, http.StatusOK, adminState{
		Info: s.Info(), Now: s.clock.Now(), ClockOffset: s.clock.Offset().String(),
		AccessTTL: s.opts.AccessTTL.String(), CodeTTL: s.opts.CodeTTL.String(),
		Options: map[string]any{
			"rotate_refresh": s.opts.RotateRefresh, "deny_redirect": s.opts.DenyRedirect,
			"error_redirect": s.opts.ErrorRedirect, "revoke_cascades": s.opts.RevokeCascades, "extended_token_fields": s.opts.ExtendedTokenFields,
			"lenient_client_auth": s.opts.LenientClientAuth, "enforce_rate_limits": s.opts.EnforceRateLimits,
			"version": s.opts.Version, "max_entries": s.opts.MaxEntries,
		},
		Faults: s.faults.get(), Counts: s.st.counts(), EventsLogged: len(s.events.all()),
	})
	return "admin: state read"
}

func (s *Server) handleEvents(w http.ResponseWriter, r *http.Request) string {
	evs := s.events.all()
	if since, err := strconv.ParseInt(r.URL.Query().Get("since"), 10, 64); err == nil {
		kept := evs[:0]
		for _, e := range evs {
			if e.Seq > since {
				kept = append(kept, e)
			}
		}
		evs = kept
	}
	writeJSON(w, http.StatusOK, map[string]any{"events": evs})
	return fmt.Sprintf("admin: %d events read", len(evs))
}

// handleAdvance serves POST /_sandbox/clock/advance with `by` (a Go
// duration such as 31m) as a form field, query parameter or JSON field.
func (s *Server) handleAdvance(w http.ResponseWriter, r *http.Request) string {
	by := r.URL.Query().Get("by")
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		var body struct {
			By string `json:"by"`
		}
		_ = json.NewDecoder(http.MaxBytesReader(w, r.Body, maxFormBytes)).Decode(&body)
		by = body.By
	} else if v := r.PostFormValue("by"); v != "" {
		by = v
	}
	d, err := time.ParseDuration(by)
	if err != nil || d <= 0 {
		apiError(w, http.StatusBadRequest, "VALIDATION_ERROR", "by must be a positive duration such as 31m", nil)
		return "admin: bad clock advance"
	}
	s.clock.Advance(d)
	writeJSON(w, http.StatusOK, map[string]any{"now": s.clock.Now(), "clock_offset": s.clock.Offset().String()})
	return "admin: clock advanced by " + d.String()
}

// handleFaults serves POST /_sandbox/faults: the JSON body replaces the
// active rules ({"rules":[]} clears them).
func (s *Server) handleFaults(w http.ResponseWriter, r *http.Request) string {
	var f Faults
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxFormBytes))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		apiError(w, http.StatusBadRequest, "VALIDATION_ERROR", "faults: "+redact.Cut(err.Error(), 200), nil)
		return "admin: bad faults body"
	}
	if err := s.SetFaults(f); err != nil {
		apiError(w, http.StatusBadRequest, "VALIDATION_ERROR", redact.Cut(err.Error(), 200), nil)
		return "admin: faults refused"
	}
	writeJSON(w, http.StatusOK, s.faults.get())
	return fmt.Sprintf("admin: %d fault rules set", len(f.Rules))
}

func (s *Server) handleReset(w http.ResponseWriter, r *http.Request) string {
	s.Reset()
	writeJSON(w, http.StatusOK, map[string]string{"status": "reset"})
	return "admin: sandbox reset (tokens, codes, faults, clock)"
}
