package scopes

import (
	"reflect"
	"testing"

	"github.com/BurntSushi/toml"
)

// TestFastParseMatchesTOML: on the embedded catalog the fast reader must accept the file and give
// exactly the full decoder's result, so start-up and ParseCatalog agree scope for scope.
func TestFastParseMatchesTOML(t *testing.T) {
	fast, err := fastDecode(string(embeddedCatalog))
	if err != nil {
		t.Fatalf("the fast reader must cover catalog.toml (keep the file inside its subset): %v", err)
	}
	var doc map[string]any
	if _, err := toml.Decode(string(embeddedCatalog), &doc); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fast, doc["scope"]) {
		t.Fatal("fast reader and TOML decoder disagree on catalog.toml")
	}
	a, _ := parseFast(embeddedCatalog)
	b, _ := ParseCatalog(embeddedCatalog)
	if !reflect.DeepEqual(a.All(), b.All()) {
		t.Fatal("parseFast and ParseCatalog build different catalogs")
	}
}

func TestFastParseFallsBack(t *testing.T) {
	for _, src := range []string{
		"[[scope]]\nname = 'single quotes'\n",
		"[[scope]]\nname = \"esc\\\"aped\"\n",
		"top = \"level\"\n",
		"[[scope]]\nname = \"a\"\nname = \"b\"\n",
		"[[scope]]\nn = 1\n",
	} {
		if _, err := fastDecode(src); err == nil {
			t.Errorf("%q: must be left to the full decoder", src)
		}
	}
}

// FuzzFastDecode is a differential test: whatever the fast reader accepts, the TOML decoder must read
// the same way.
func FuzzFastDecode(f *testing.F) {
	f.Add("[[scope]]\nname = \"oauth\"\nlegacy = false\napis = [\n  \"A\", # c\n  \"B\",\n]\n")
	f.Add(string(embeddedCatalog[:2000]))
	f.Fuzz(func(t *testing.T, src string) {
		fast, err := fastDecode(src)
		if err != nil {
			return
		}
		var doc map[string]any
		if _, err := toml.Decode(src, &doc); err != nil {
			t.Fatalf("fast reader accepted what TOML rejects (%v):\n%q", err, src)
		}
		if len(doc) != 1 || !reflect.DeepEqual(fast, doc["scope"]) {
			t.Fatalf("fast %#v\ntoml %#v\nfor %q", fast, doc, src)
		}
	})
}

func BenchmarkParseEmbedded(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := ParseCatalog(embeddedCatalog); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseEmbeddedFast(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := parseFast(embeddedCatalog); err != nil {
			b.Fatal(err)
		}
	}
}
