//go:build !console

package main

import (
	"fyne.io/fyne/v2/app"

	"zoomconn/assets"
	"zoomconn/internal/wire"
	"zoomconn/ui"
)

// hasWindow: given no arguments, this build opens the window.
const hasWindow = true

// showWindow opens the window over parts and returns when it is closed.
func showWindow(parts wire.Parts) {
	a := app.NewWithID(ui.AppID)
	a.SetIcon(assets.Icon)
	w := a.NewWindow(ui.AppName)
	svc, err := parts.Service()
	ui.Show(a, w, ui.Deps{Service: svc, OpenErr: err, Secrets: parts.Keyring(), Opener: parts.Opener, CheckEvery: ui.CheckEvery})
	w.ShowAndRun()
}
