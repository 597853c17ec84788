package scopes

import (
	"slices"
	"strings"
)

// Requirement is how an app asks for a scope. HubSpot's consent page treats
// the three kinds very differently, so the difference is first-class here.
type Requirement int

// Requirement kinds, matching app-hsmeta.json's three lists.
const (
	ReqNone        Requirement = iota // not selected
	ReqRequired                       // must be in `scope`; install fails without it
	ReqConditional                    // required only when present in `scope`
	ReqOptional                       // in `optional_scope`; silently dropped if unavailable
)

// String names the requirement in HubSpot's words.
func (r Requirement) String() string {
	switch r {
	case ReqRequired:
		return "required"
	case ReqConditional:
		return "conditionally required"
	case ReqOptional:
		return "optional"
	}
	return "none"
}

// Selection is the scopes an app asks for, split the way HubSpot's app
// settings and app-hsmeta.json split them. It is a value: With returns a
// modified copy, so UI undo and concurrent readers stay simple.
type Selection struct {
	Required, ConditionallyRequired, Optional []string
}

// Of reports which list holds name (the first one, if a broken selection
// lists it twice).
func (s Selection) Of(name string) Requirement {
	switch {
	case slices.Contains(s.Required, name):
		return ReqRequired
	case slices.Contains(s.ConditionallyRequired, name):
		return ReqConditional
	case slices.Contains(s.Optional, name):
		return ReqOptional
	}
	return ReqNone
}

// With returns a copy with name moved to list r, appended at its end;
// ReqNone removes it from every list.
func (s Selection) With(name string, r Requirement) Selection {
	drop := func(list []string) []string {
		out := make([]string, 0, len(list))
		for _, x := range list {
			if x != name {
				out = append(out, x)
			}
		}
		return out
	}
	out := Selection{
		Required:              drop(s.Required),
		ConditionallyRequired: drop(s.ConditionallyRequired),
		Optional:              drop(s.Optional),
	}
	switch r {
	case ReqRequired:
		out.Required = append(out.Required, name)
	case ReqConditional:
		out.ConditionallyRequired = append(out.ConditionallyRequired, name)
	case ReqOptional:
		out.Optional = append(out.Optional, name)
	}
	return out
}

// ScopeParam is what goes in the authorize URL's `scope` parameter: the
// required scopes, then the conditionally required ones, as given.
func (s Selection) ScopeParam() []string {
	out := make([]string, 0, len(s.Required)+len(s.ConditionallyRequired))
	out = append(out, s.Required...)
	return append(out, s.ConditionallyRequired...)
}

// OptionalParam is what goes in the `optional_scope` parameter.
func (s Selection) OptionalParam() []string {
	return slices.Clone(s.Optional)
}

// Len counts the selected entries across all three lists.
func (s Selection) Len() int {
	return len(s.Required) + len(s.ConditionallyRequired) + len(s.Optional)
}

// Equal reports whether two selections hold the same lists in the same
// order (nil and empty lists are equal).
func (s Selection) Equal(o Selection) bool {
	return slices.Equal(s.Required, o.Required) &&
		slices.Equal(s.ConditionallyRequired, o.ConditionallyRequired) &&
		slices.Equal(s.Optional, o.Optional)
}

// entries walks every selected name with its list, in list order.
func (s Selection) entries() []selEntry {
	out := make([]selEntry, 0, s.Len())
	for _, l := range []struct {
		names []string
		r     Requirement
	}{{s.Required, ReqRequired}, {s.ConditionallyRequired, ReqConditional}, {s.Optional, ReqOptional}} {
		for _, n := range l.names {
			out = append(out, selEntry{name: n, req: l.r})
		}
	}
	return out
}

type selEntry struct {
	name string
	req  Requirement
}

// String renders the selection compactly for logs and tests.
func (s Selection) String() string {
	return "required=[" + strings.Join(s.Required, " ") + "] conditional=[" +
		strings.Join(s.ConditionallyRequired, " ") + "] optional=[" + strings.Join(s.Optional, " ") + "]"
}
