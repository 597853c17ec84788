// Command hsoauth makes HubSpot OAuth 2.0 easy to explore, test and teach: a scope catalog that knows which
// accounts grant what, the authorization-code flow with a loopback callback, token inspection, and an
// embedded HubSpot simulator so all of it works offline.
//
// main.go is the only place that reads the process's arguments, environment and standard streams; it hands
// them to cli, which runs a subcommand or the TUI, and exits with the code it returns.
package main

import (
	"os"

	"github.com/hsoauth/hsoauth/cli"
)

// version is set at build time with -ldflags "-X main.version=…"; a plain `go run .` says "dev".
var version = "dev"

func main() {
	os.Exit(cli.Run(cli.Env{
		Args:    os.Args[1:],
		Getenv:  os.Getenv,
		Stdin:   os.Stdin,
		Stdout:  os.Stdout,
		Stderr:  os.Stderr,
		Version: version,
		Dirs:    cli.DefaultDirs(),
	}))
}
