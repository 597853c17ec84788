package scopes

import (
	"bytes"
	"encoding/json"
	"strings"
)

// minimalHsmeta is the file written when there is none yet: the smallest
// app-hsmeta.json HubSpot's project upload accepts for an OAuth app.
const minimalHsmeta = `{"uid":"hsoauth_app","type":"app","config":{"name":"My OAuth app","distribution":"private","auth":{}}}`

// UpdateAppHsmeta writes auth's redirect URLs and scope lists into an
// existing app-hsmeta.json and changes nothing else: every other key keeps
// its value and its position. The result is indented with two spaces like
// HubSpot's template. With nil or blank existing it writes a minimal valid
// file. auth.Type is written only when the auth block is created here
// (default "oauth"); an existing block keeps its type, or lack of one.
func UpdateAppHsmeta(existing []byte, auth AppAuth) ([]byte, error) {
	fresh := len(bytes.TrimSpace(existing)) == 0
	if fresh {
		existing = []byte(minimalHsmeta)
	}
	var raw json.RawMessage
	if err := json.Unmarshal(existing, &raw); err != nil {
		return nil, syntaxError(existing, err)
	}
	root, err := decodeObject(raw, "the file")
	if err != nil {
		return nil, err
	}
	cfg, err := childObject(root, "config", "config")
	if err != nil {
		return nil, err
	}
	_, hadAuth := cfg.get("auth")
	authObj, err := childObject(cfg, "auth", "config.auth")
	if err != nil {
		return nil, err
	}
	authObj = applyAuth(authObj, auth, !hadAuth || fresh)
	cfg = cfg.set("auth", authObj.encode())
	root = root.set("config", cfg.encode())
	var out bytes.Buffer
	if err := json.Indent(&out, root.encode(), "", "  "); err != nil {
		return nil, err
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}

// childObject decodes o[key] as an object, or returns an empty one when the
// key is missing.
func childObject(o object, key, path string) (object, error) {
	v, ok := o.get(key)
	if !ok {
		return object{}, nil
	}
	return decodeObject(v, path)
}

// applyAuth sets the keys hsoauth owns inside config.auth; the type only
// when hsoauth is creating the auth block.
func applyAuth(o object, auth AppAuth, creating bool) object {
	if _, ok := o.get(keyType); !ok && creating {
		t := auth.Type
		if t == "" {
			t = "oauth"
		}
		o = o.set(keyType, encodeJSON(t))
	}
	typ := auth.Type
	if v, ok := o.get(keyType); ok {
		_ = json.Unmarshal(v, &typ)
	}
	_, hasRedirects := o.get(keyRedirects)
	if hasRedirects || len(auth.RedirectURLs) > 0 || !strings.EqualFold(typ, "static") {
		o = o.set(keyRedirects, encodeJSON(nonNil(auth.RedirectURLs)))
	}
	o = o.set(keyRequired, encodeJSON(nonNil(auth.Selection.Required)))
	o = o.set(keyOptional, encodeJSON(nonNil(auth.Selection.Optional)))
	return o.set(keyConditional, encodeJSON(nonNil(auth.Selection.ConditionallyRequired)))
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

// set replaces the value of every member named key (duplicates included, so
// no stale copy can win on the next read), or appends the key.
func (o object) set(key string, value json.RawMessage) object {
	found := false
	out := make(object, len(o), len(o)+1)
	copy(out, o)
	for i := range out {
		if out[i].key == key {
			out[i].value = value
			found = true
		}
	}
	if !found {
		out = append(out, member{key: key, value: value})
	}
	return out
}

// encode writes the object compactly, keys in their original order.
func (o object) encode() json.RawMessage {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(encodeJSON(m.key))
		b.WriteByte(':')
		b.Write(m.value)
	}
	b.WriteByte('}')
	return b.Bytes()
}

// encodeJSON marshals strings and string lists without HTML escaping, so
// URLs with & stay readable.
func encodeJSON(v any) json.RawMessage {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic("scopes: encoding a string value cannot fail: " + err.Error())
	}
	return bytes.TrimRight(b.Bytes(), "\n")
}
