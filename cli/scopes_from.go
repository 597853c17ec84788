package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hsoauth/hsoauth/scopes"
)

// selectionFile is the JSON that --scopes-from accepts: the output of `scopes suggest --json` or
// `scopes lint --json` (their "selection"), or a bare selection object.
type selectionFile struct {
	Selection *selectionJSON `json:"selection"`
	selectionJSON
}

// parseScopesFrom reads a scope list handed over from `hsoauth scopes suggest`: its text output (one scope
// a line; everything after # is a comment) or its --json. Text scopes are all required.
func parseScopesFrom(data []byte) (scopes.Selection, error) {
	if t := bytes.TrimSpace(data); len(t) > 0 && t[0] == '{' {
		var f selectionFile
		if err := json.Unmarshal(t, &f); err != nil {
			return scopes.Selection{}, fmt.Errorf("not valid JSON (%v); pass the output of 'hsoauth scopes suggest --json' or one scope a line", err)
		}
		s := f.selectionJSON
		if f.Selection != nil {
			s = *f.Selection
		}
		sel := scopes.Selection{Required: s.Required, ConditionallyRequired: s.ConditionallyRequired, Optional: s.Optional}
		if sel.Len() == 0 {
			return sel, fmt.Errorf(`the JSON has no scopes; want a "selection" with "required", "conditionally_required" or "optional" lists`)
		}
		return sel, checkScopeNames(sel)
	}
	var sel scopes.Selection
	for i, line := range strings.Split(string(data), "\n") {
		if c := strings.IndexByte(line, '#'); c >= 0 {
			line = line[:c]
		}
		for _, name := range strings.FieldsFunc(line, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\r' }) {
			if !validScopeName(name) {
				return scopes.Selection{}, fmt.Errorf("line %d: %q is not a scope name; want one scope a line (comments after #)", i+1, name)
			}
			if sel.Of(name) == scopes.ReqNone {
				sel.Required = append(sel.Required, name)
			}
		}
	}
	if sel.Len() == 0 {
		return sel, fmt.Errorf("no scopes in it; want one scope a line, e.g. the output of 'hsoauth scopes suggest'")
	}
	return sel, nil
}

func checkScopeNames(sel scopes.Selection) error {
	for _, l := range [][]string{sel.Required, sel.ConditionallyRequired, sel.Optional} {
		for _, n := range l {
			if !validScopeName(n) {
				return fmt.Errorf("%q is not a scope name", n)
			}
		}
	}
	return nil
}

// validScopeName accepts the characters HubSpot's scope names use, so a pasted sentence fails clearly.
func validScopeName(s string) bool {
	if s == "" || len(s) > 128 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._-", r)) {
			return false
		}
	}
	return true
}

// loadScopesFrom reads --scopes-from's file ("-" for stdin).
func loadScopesFrom(e Env, name string) (scopes.Selection, error) {
	data, err := readInput(e, name)
	if err != nil {
		return scopes.Selection{}, err
	}
	sel, err := parseScopesFrom(data)
	if err != nil {
		return sel, fmt.Errorf("--scopes-from %s: %w", inputName(name), err)
	}
	return sel, nil
}
