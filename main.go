// Command zoomconn moves Zoom API connections off the retired JWT app type
// onto OAuth 2.0 and keeps them working. With no arguments it opens the
// window; with arguments it is the command line. Built with -tags console
// it is the command line only: no Fyne, pure Go, for scripts and servers
// (on Windows, zoomconn.com beside zoomconn.exe).
package main

import (
	"os"

	"zoomconn/cli"
	"zoomconn/internal/wire"
)

// version is set from FyneApp.toml at release (-ldflags "-X main.version=…").
var version = "0.1.0"

func main() {
	parts := wire.Parts{} // the real store, keyring, HTTP client, clock and browser
	if len(os.Args) > 1 || !hasWindow {
		attachConsole()
		f := cli.NewFactory(version, parts, cli.System())
		f.Window = hasWindow
		os.Exit(cli.Main(f, os.Args[1:]))
	}
	showWindow(parts)
}
