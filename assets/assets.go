// Package assets holds the files embedded in the binary.
package assets

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

// The window needs only a small icon, and decoding the 512 px one cost the
// start-up ~100 ms; icon.png stays the source for packages and installers.
//
//go:embed icon-window.png
var iconPNG []byte

// Icon is the application's window icon.
var Icon = fyne.NewStaticResource("icon.png", iconPNG)
