package oauth

// ScopeDiff compares what was asked for with what HubSpot granted, because
// optional scopes can be dropped silently and the app must notice (A5).
type ScopeDiff struct {
	Granted         []string // every granted scope, in HubSpot's order
	MissingRequired []string // requested in scope= but not granted: an error
	DroppedOptional []string // requested in optional_scope= but not granted: expected on smaller accounts
	Extra           []string // granted but never requested (HubSpot adds oauth)
}

// OK reports whether every required scope was granted.
func (d ScopeDiff) OK() bool { return len(d.MissingRequired) == 0 }

// CompareScopes diffs the requested, optional and granted scope lists.
// Duplicates are ignored; each output list keeps its input order.
func CompareScopes(requested, optional, granted []string) ScopeDiff {
	got := toSet(granted)
	asked := toSet(append(append([]string(nil), requested...), optional...))
	return ScopeDiff{
		Granted:         dedupe(granted, nil),
		MissingRequired: dedupe(requested, func(s string) bool { return !got[s] }),
		DroppedOptional: dedupe(optional, func(s string) bool { return !got[s] }),
		Extra:           dedupe(granted, func(s string) bool { return !asked[s] }),
	}
}

func toSet(list []string) map[string]bool {
	m := make(map[string]bool, len(list))
	for _, s := range list {
		m[s] = true
	}
	return m
}

// dedupe returns list without repeats, keeping entries keep accepts (all
// when keep is nil), in order.
func dedupe(list []string, keep func(string) bool) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range list {
		if s == "" || seen[s] || (keep != nil && !keep(s)) {
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	return out
}
