package scopes

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

// catalogTOML is the source the generated catalog comes from.
func catalogTOML(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile("catalog.toml")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestGeneratedCatalogMatchesTOML: the catalog the binary carries must be
// exactly what the TOML source says, scope for scope; when it fails, run
// `go generate ./scopes`.
func TestGeneratedCatalogMatchesTOML(t *testing.T) {
	fromTOML, err := ParseCatalog(catalogTOML(t))
	if err != nil {
		t.Fatalf("catalog.toml: %v", err)
	}
	a, b := fromTOML.All(), Default().All()
	if len(a) != len(b) {
		t.Fatalf("catalog.toml has %d scopes, catalog_gen.go %d: run go generate ./scopes", len(a), len(b))
	}
	for i := range a {
		if !reflect.DeepEqual(a[i], b[i]) {
			t.Fatalf("scope %s differs between catalog.toml and catalog_gen.go: run go generate ./scopes\ntoml: %+v\ngen:  %+v",
				a[i].Name, a[i], b[i])
		}
	}
}

// BenchmarkCatalogStartup compares building the catalog from the generated
// entries (what Default does) against decoding catalog.toml, the yardstick.
func BenchmarkCatalogStartup(b *testing.B) {
	data := catalogTOML(b)
	b.Run("generated", func(b *testing.B) {
		for b.Loop() {
			if _, err := catalogFromEntries(generatedEntries); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("toml", func(b *testing.B) {
		for b.Loop() {
			if _, err := ParseCatalog(data); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestEveryEntryHasProvenance: every scope names its source, where its
// availability comes from and how sure that is.
func TestEveryEntryHasProvenance(t *testing.T) {
	for _, s := range Default().All() {
		p := s.Provenance
		if p.Source == "" || p.AvailabilitySource == "" || p.Confidence == "" {
			t.Errorf("%s: provenance %+v is incomplete", s.Name, p)
		}
	}
	for _, n := range []string{"crm.objects.tickets.read", "crm.objects.tickets.write"} {
		s, ok := Default().Lookup(n)
		if !ok || !strings.Contains(s.Provenance.Source, "Tickets guide") || s.Provenance.Confidence != ConfidenceUnconfirmed {
			t.Errorf("%s: %+v, want an entry sourced from HubSpot's Tickets guide", n, s.Provenance)
		}
	}
}
