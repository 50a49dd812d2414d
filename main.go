// Command zoomconn moves Zoom API connections off the retired JWT app type
// onto OAuth 2.0 and keeps them working. With no arguments it opens the
// window; with arguments it is the command line.
package main

import (
	"os"

	"zoomconn/cli"
	"zoomconn/internal/wire"
)

// version is set from FyneApp.toml at release (-ldflags "-X main.version=…").
var version = "0.1.0"

func main() {
	if len(os.Args) > 1 {
		attachConsole()
		os.Exit(cli.Main(version, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	showWindow(wire.Parts{})
}
