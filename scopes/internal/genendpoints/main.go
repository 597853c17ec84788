// Command genendpoints regenerates scopes/endpoints.bin from scopes/data/hubspot-endpoints.tsv; run it
// with `go generate ./scopes`. A test in package scopes fails when the two disagree.
package main

import (
	"fmt"
	"os"

	"github.com/hsoauth/hsoauth/scopes/internal/endpointdata"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: genendpoints SOURCE.tsv OUTPUT.bin")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "genendpoints:", err)
		os.Exit(1)
	}
}

func run(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	rows, err := endpointdata.ParseTSV(data)
	if err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	out, err := endpointdata.Encode(rows)
	if err != nil {
		return err
	}
	tmp := dst + ".tmp"
	if err := os.WriteFile(tmp, out, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, dst)
}
