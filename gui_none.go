//go:build console

package main

import "zoomconn/internal/wire"

// hasWindow: the console build has no window; given no arguments, it
// prints the command line's usage.
const hasWindow = false

func showWindow(wire.Parts) {}
