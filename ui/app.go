// Package ui is Zoom Connections' window. It never imports
// fyne.io/fyne/v2/app, so its tests run with fyne's test driver and no display.
package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"zoomconn/model"
)

// Names the desktop knows the app by.
const (
	AppID   = "io.github.zoomconn"
	AppName = "Zoom Connections"
)

// UI is the main window's content and the state it shows.
type UI struct {
	app    fyne.App
	win    fyne.Window
	svc    *model.Service
	svcErr error

	connections *connectionsPage
	tabs        *container.AppTabs
}

// Show fills w with the main window for the data folder of this user.
func Show(a fyne.App, w fyne.Window, version string) *UI {
	var svc *model.Service
	dir, err := model.DefaultDir()
	if err == nil {
		svc, err = model.Open(dir, model.NewKeyring())
	}
	u := New(a, w, svc, err)
	w.Resize(fyne.NewSize(1100, 700))
	return u
}

// New builds the window's content over svc. openErr, when not nil, says why
// the data folder could not be opened; the window still shows and says so.
func New(a fyne.App, w fyne.Window, svc *model.Service, openErr error) *UI {
	u := &UI{app: a, win: w, svc: svc, svcErr: openErr}
	u.connections = newConnectionsPage(u)
	u.tabs = container.NewAppTabs(
		container.NewTabItem("Connections", u.connections.content),
	)
	w.SetContent(u.tabs)
	u.reload()
	return u
}

// reload reads the document off the UI goroutine and shows it.
func (u *UI) reload() {
	if u.svc == nil {
		u.connections.showError(u.svcErr)
		return
	}
	go func() {
		doc, err := u.svc.Load()
		fyne.Do(func() {
			if err != nil {
				u.connections.showError(err)
				return
			}
			u.connections.show(doc)
		})
	}()
}
