package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGeneratedFileIsCurrent fails when catalog_gen.go was not regenerated
// after an edit of catalog.toml.
func TestGeneratedFileIsCurrent(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "catalog.toml"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := Generate(src)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join("..", "..", "catalog_gen.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("scopes/catalog_gen.go is stale: run go generate ./scopes")
	}
}

func TestGenerateRejects(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{"top = 1\n", "unknown top-level key"},
		{"[[scope]]\nname = 1\n", "want a string"},
		{"[[scope]]\nname = \"x\"\nnotes = [1]\n", "scope #1 \"x\""},
		{"[[scope\n", "toml"},
	} {
		if _, err := Generate([]byte(tt.src)); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Generate(%q) error = %v, want %q", tt.src, err, tt.want)
		}
	}
}
