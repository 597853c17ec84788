package scopes

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func miniCatalog(t testing.TB) *Catalog {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "mini.toml"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := ParseCatalog(data)
	if err != nil {
		t.Fatalf("ParseCatalog(mini.toml): %v", err)
	}
	return c
}

func TestDefaultCatalogParses(t *testing.T) {
	if _, err := ParseCatalog(catalogTOML(t)); err != nil {
		t.Fatalf("embedded catalog.toml: %v", err)
	}
	c := Default()
	if c.Len() < 250 {
		t.Errorf("Default().Len() = %d, want the full catalog (~300)", c.Len())
	}
	if Default() != c {
		t.Error("Default() should parse once and return the same catalog")
	}
}

// tsvNames reads the first column of a reference TSV, skipping the header.
func tsvNames(t *testing.T, name string) []string {
	t.Helper()
	path := filepath.Join("..", "..", "shared", "reference", name)
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("reference data not present (%v); skipping", err)
	}
	defer f.Close()
	var names []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for first := true; sc.Scan(); first = false {
		col, _, _ := strings.Cut(sc.Text(), "\t")
		if !first && col != "" {
			names = append(names, col)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return names
}

func TestDefaultCatalogCoversReferenceTSVs(t *testing.T) {
	c := Default()
	for _, file := range []string{"scopes.tsv", "seed-scopes.tsv"} {
		names := tsvNames(t, file)
		if len(names) == 0 {
			t.Fatalf("%s: no names read", file)
		}
		for _, n := range names {
			s, ok := c.Lookup(n)
			if !ok {
				t.Errorf("%s: scope %q missing from catalog.toml", file, n)
				continue
			}
			if s.Name != n {
				t.Errorf("%s: %q resolves to %q (as an alias), want its own entry", file, n, s.Name)
			}
		}
	}
	seeds := tsvNames(t, "seed-scopes.tsv")
	if len(seeds) != 14 {
		t.Errorf("seed-scopes.tsv has %d names, want 14", len(seeds))
	}
	for _, n := range seeds {
		if s, ok := c.Lookup(n); ok && !s.Seed {
			t.Errorf("seed scope %q has seed = false", n)
		}
	}
	count := 0
	for _, s := range c.All() {
		if s.Seed {
			count++
		}
	}
	if count != 14 {
		t.Errorf("catalog has %d seed scopes, want 14", count)
	}
}

func TestCatalogOrderAndGroups(t *testing.T) {
	c := Default()
	all := c.All()
	for i := 1; i < len(all); i++ {
		a, b := all[i-1], all[i]
		ga, gb := groupRank(a.Group), groupRank(b.Group)
		if ga > gb || ga == gb && a.Name >= b.Name {
			t.Fatalf("All() out of order at %d: %s/%s before %s/%s", i, a.Group, a.Name, b.Group, b.Name)
		}
	}
	groups := c.Groups()
	if len(groups) == 0 || groups[0] != "Platform" {
		t.Errorf("Groups() = %v, want Platform first", groups)
	}
}

func TestLookup(t *testing.T) {
	c := miniCatalog(t)
	for _, q := range []string{"forms", "FORMS", " forms "} {
		if s, ok := c.Lookup(q); !ok || s.Name != "forms" {
			t.Errorf("Lookup(%q) = %q, %v", q, s.Name, ok)
		}
	}
	s, ok := c.Lookup("crm.objects.feedback_submission.read")
	if !ok || s.Name != "crm.objects.feedback_submissions.read" {
		t.Errorf("alias lookup = %q, %v", s.Name, ok)
	}
	if _, ok := c.Lookup("nope"); ok {
		t.Error("Lookup(nope) found something")
	}
}

func TestParseCatalogErrorsNameScopeAndField(t *testing.T) {
	const ok = "group = \"CRM\"\ndescription = \"d\"\naccess = \"read\"\n"
	tests := []struct{ name, toml, want string }{
		{"syntax", "[[scope]\n", "catalog:"},
		{"no scopes", "", "no [[scope]]"},
		{"top-level key", "x = 1\n[[scope]]\nname = \"a\"\n" + ok + "available = [\"any\"]\n", `unknown top-level key "x"`},
		{"unknown field", "[[scope]]\nname = \"a\"\n" + ok + "available = [\"any\"]\navailble = []\n", `"a": field "availble": unknown field`},
		{"bad tier", "[[scope]]\nname = \"hubdb\"\n" + ok + "available = [\"marketing:gold\"]\n", `"hubdb": field "available": term 0 "marketing:gold": unknown tier "gold"`},
		{"bad hub", "[[scope]]\nname = \"a\"\n" + ok + "available = [\"cms:starter\"]\n", `unknown hub "cms"`},
		{"bad addon", "[[scope]]\nname = \"a\"\n" + ok + "available = [\"any+web\"]\n", `unknown add-on "web"`},
		{"bare addon", "[[scope]]\nname = \"a\"\n" + ok + "available = [\"addon\"]\n", `needs at least one`},
		{"no available", "[[scope]]\nname = \"a\"\n" + ok, `"a": field "available": no availability terms`},
		{"bad access", "[[scope]]\nname = \"a\"\ngroup = \"CRM\"\ndescription = \"d\"\naccess = \"rw\"\navailable = [\"any\"]\n", `"a": field "access"`},
		{"bad group", "[[scope]]\nname = \"a\"\ngroup = \"Nope\"\ndescription = \"d\"\naccess = \"read\"\navailable = [\"any\"]\n", `"a": field "group"`},
		{"wrong type", "[[scope]]\nname = \"a\"\n" + ok + "available = \"any\"\n", `"a": field "available": want an array`},
		{"missing name", "[[scope]]\n" + ok + "available = [\"any\"]\n", `"(no name)": field "name": missing`},
		{"bad name", "[[scope]]\nname = \"A B\"\n" + ok + "available = [\"any\"]\n", `field "name"`},
		{"control char", "[[scope]]\nname = \"a\"\ngroup = \"CRM\"\ndescription = \"d\\u001b[31m\"\naccess = \"read\"\navailable = [\"any\"]\n", `field "description": contains a control`},
		{"duplicate", "[[scope]]\nname = \"a\"\n" + ok + "available = [\"any\"]\n[[scope]]\nname = \"a\"\n" + ok + "available = [\"any\"]\n", `name "a" is already used`},
		{"dangling related", "[[scope]]\nname = \"a\"\n" + ok + "available = [\"any\"]\nrelated = [\"b\"]\n", `"a": field "related": "b" is not a scope`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseCatalog([]byte(tt.toml))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want it to contain %s", err, tt.want)
			}
		})
	}
}

func FuzzParseCatalog(f *testing.F) {
	data, err := os.ReadFile(filepath.Join("testdata", "mini.toml"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte("[[scope]]\nname = \"a\"\navailable = [\"any+website\"]\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := ParseCatalog(b)
		if err != nil {
			return
		}
		for _, s := range c.All() {
			if got, ok := c.Lookup(s.Name); !ok || got.Name != s.Name {
				t.Fatalf("scope %q does not look itself up", s.Name)
			}
			_ = s.Availability.String()
		}
	})
}
