package scopes

import (
	"slices"
	"testing"
)

func names(ss []Scope) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.Name
	}
	return out
}

func TestSearchRanking(t *testing.T) {
	c := miniCatalog(t)
	tests := []struct {
		query string
		want  []string // prefix of the result list, in order
	}{
		// exact beats segment prefix; ties keep catalog order (group, then name).
		{"contacts", []string{"contacts", "crm.objects.contacts.read", "crm.objects.contacts.write", "crm.objects.contacts.sensitive.read"}},
		{"crm.obj", []string{"crm.objects.contacts.read", "crm.objects.contacts.write", "crm.objects.custom.read", "crm.objects.contacts.sensitive.read"}},
		{"crm.objects.contacts.w", []string{"crm.objects.contacts.write"}},
		{"autom", []string{"automation"}},
		{"FORMS", []string{"forms"}},
		{"workflows", []string{"automation"}},                                           // API word
		{"help desk", []string{"tickets"}},                                              // every word must match
		{"feedback_submission.read", []string{"crm.objects.feedback_submissions.read"}}, // alias exact
		{"hbdb", []string{"hubdb"}},                                                     // fuzzy
	}
	for _, tt := range tests {
		got := names(c.Search(tt.query))
		if len(got) < len(tt.want) || !slices.Equal(got[:len(tt.want)], tt.want) {
			t.Errorf("Search(%q) = %v, want it to start with %v", tt.query, got, tt.want)
		}
	}
	if got := c.Search("xyzzy"); len(got) != 0 {
		t.Errorf("Search(xyzzy) = %v", names(got))
	}
	if got := c.Search("  "); len(got) != c.Len() {
		t.Errorf("blank query returned %d of %d", len(got), c.Len())
	}
}

func TestSearchSegmentBeatsWord(t *testing.T) {
	c := miniCatalog(t)
	got := names(c.Search("read"))
	// "read" is a name segment of the *.read scopes but only a description
	// word of forms ("read submissions"), which comes earlier in catalog
	// order (Marketing before Service) yet must rank after every segment hit.
	last := slices.Index(got, "crm.objects.feedback_submissions.read")
	forms := slices.Index(got, "forms")
	if last < 0 || forms < 0 || forms < last {
		t.Errorf("Search(read) = %v", got)
	}
	if got[0] != "crm.objects.contacts.read" {
		t.Errorf("Search(read)[0] = %s", got[0])
	}
}

func TestSearchFullCatalog(t *testing.T) {
	c := Default()
	for _, q := range []string{"contacts", "crm.objects.deals.read", "tickets"} {
		got := c.Search(q)
		if len(got) == 0 || got[0].Name != q {
			t.Errorf("Search(%q)[0] = %v, want the exact scope first", q, names(got[:min(3, len(got))]))
		}
	}
}

func TestSuggest(t *testing.T) {
	c := miniCatalog(t)
	tests := []struct {
		in   string
		want string
	}{
		{"crm.objects.contact.read", "crm.objects.contacts.read"},
		{"automaton", "automation"},
		{"contacts.read", "crm.objects.contacts.read"},
		{"HUBDB", "hubdb"},
		{"ticket", "tickets"},
	}
	for _, tt := range tests {
		got := c.Suggest(tt.in, 3)
		if len(got) == 0 || got[0] != tt.want || len(got) > 3 {
			t.Errorf("Suggest(%q) = %v, want %q first", tt.in, got, tt.want)
		}
	}
	if got := c.Suggest("xyzzyplugh", 3); len(got) != 0 {
		t.Errorf("Suggest(nonsense) = %v, want none", got)
	}
	if got := c.Suggest("forms", 0); got != nil {
		t.Errorf("Suggest(n=0) = %v", got)
	}
}

func BenchmarkSearch(b *testing.B) {
	c := Default()
	for _, q := range []string{"contacts", "crm.obj", "autom", "xyzzy", "e"} {
		b.Run(q, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				c.Search(q)
			}
		})
	}
}

func BenchmarkSuggest(b *testing.B) {
	c := Default()
	b.ReportAllocs()
	for b.Loop() {
		c.Suggest("crm.objects.contact.read", 3)
	}
}
