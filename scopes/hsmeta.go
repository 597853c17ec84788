package scopes

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// AppAuth is the `config.auth` block of a HubSpot project's app-hsmeta.json:
// how the app authenticates and which scopes it configures. Importing it
// lets users lint the app they already have; exporting it writes back what
// they designed here.
type AppAuth struct {
	Type         string // "oauth" or "static"
	RedirectURLs []string
	Selection    Selection
}

// The keys of config.auth, in HubSpot's template order.
const (
	keyType        = "type"
	keyRedirects   = "redirectUrls"
	keyRequired    = "requiredScopes"
	keyOptional    = "optionalScopes"
	keyConditional = "conditionallyRequiredScopes"
)

// ParseAppHsmeta reads config.auth from an app-hsmeta.json file. Keys are
// matched exactly (JSON's usual case-folding would let "RequiredScopes"
// shadow the real list). Errors say where: line:column for syntax errors,
// the JSON path for missing blocks and wrong types.
func ParseAppHsmeta(data []byte) (AppAuth, error) {
	var raw json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return AppAuth{}, syntaxError(data, err)
	}
	root, err := decodeObject(raw, "the file")
	if err != nil {
		return AppAuth{}, err
	}
	cfg, ok := root.get("config")
	if !ok {
		return AppAuth{}, errors.New("app-hsmeta.json: no \"config\" object")
	}
	cfgObj, err := decodeObject(cfg, "config")
	if err != nil {
		return AppAuth{}, err
	}
	authRaw, ok := cfgObj.get("auth")
	if !ok {
		return AppAuth{}, errors.New("app-hsmeta.json: no \"config.auth\" object")
	}
	auth, err := decodeObject(authRaw, "config.auth")
	if err != nil {
		return AppAuth{}, err
	}
	return authFromObject(auth)
}

func authFromObject(auth object) (AppAuth, error) {
	var a AppAuth
	if v, ok := auth.get(keyType); ok {
		if err := json.Unmarshal(v, &a.Type); err != nil || !cleanText(a.Type) {
			return AppAuth{}, fmt.Errorf("app-hsmeta.json: config.auth.type must be a one-line string")
		}
	}
	lists := []struct {
		key string
		dst *[]string
	}{
		{keyRedirects, &a.RedirectURLs},
		{keyRequired, &a.Selection.Required},
		{keyConditional, &a.Selection.ConditionallyRequired},
		{keyOptional, &a.Selection.Optional},
	}
	for _, l := range lists {
		v, ok := auth.get(l.key)
		if !ok {
			continue
		}
		list, err := stringList(v, "config.auth."+l.key)
		if err != nil {
			return AppAuth{}, err
		}
		*l.dst = list
	}
	return a, nil
}

// stringList decodes an array of one-line strings; null counts as empty.
func stringList(v json.RawMessage, path string) ([]string, error) {
	var list []string
	if err := json.Unmarshal(v, &list); err != nil {
		return nil, fmt.Errorf("app-hsmeta.json: %s must be an array of strings", path)
	}
	for i, s := range list {
		if !cleanText(s) {
			return nil, fmt.Errorf("app-hsmeta.json: %s[%d] contains a control character or line break", path, i)
		}
	}
	return list, nil
}

// syntaxError turns a JSON decoding error into "line L, column C" text.
func syntaxError(data []byte, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line, col := lineCol(data, se.Offset)
		return fmt.Errorf("app-hsmeta.json is not valid JSON: line %d, column %d: %v", line, col, se)
	}
	return fmt.Errorf("app-hsmeta.json is not valid JSON: %w", err)
}

// lineCol converts a byte offset (as json.SyntaxError counts it: bytes read
// before the error) to a 1-based line and column.
func lineCol(data []byte, offset int64) (int, int) {
	off := int(min(max(offset-1, 0), int64(len(data))))
	before := data[:off]
	line := 1 + bytes.Count(before, []byte{'\n'})
	col := off - bytes.LastIndexByte(before, '\n')
	return line, col
}

// member is one key of a JSON object with its value kept verbatim, so that
// rewriting one key leaves every other byte of meaning untouched.
type member struct {
	key   string
	value json.RawMessage
}

// object is a JSON object that remembers key order (and duplicates).
type object []member

// get returns the value of the last member named key, matching the way
// encoding/json resolves duplicate keys.
func (o object) get(key string) (json.RawMessage, bool) {
	for i := len(o) - 1; i >= 0; i-- {
		if o[i].key == key {
			return o[i].value, true
		}
	}
	return nil, false
}

// decodeObject splits a JSON object into its members in order. data must
// already be valid JSON.
func decodeObject(data []byte, path string) (object, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if d, ok := tok.(json.Delim); err != nil || !ok || d != '{' {
		return nil, fmt.Errorf("app-hsmeta.json: %s must be a JSON object", path)
	}
	var obj object
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("app-hsmeta.json: %s: %w", path, err)
		}
		key, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("app-hsmeta.json: %s.%s: %w", path, quoteShort(key), err)
		}
		obj = append(obj, member{key: key, value: v})
	}
	return obj, nil
}
