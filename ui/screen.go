package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"zoomconn/model"
)

// screen is what a page or a dialog is given, instead of the whole window:
// the window it shows in, the service, the open dialogs, the clipboard and
// browser, the document last loaded, and a way to open the other screens.
// It holds no state of its own; the operations on a connection that any
// screen may start (authorize, test, delete, sign out) are its methods.
type screen struct {
	win    fyne.Window
	svc    *model.Service // nil when the data folder could not be opened
	dlg    *dialogs
	links  *links
	nav    navigator
	latest func() *model.Document // the document last loaded; nil until then
	keys   fieldKeys              // for the fields of a dialog
	closed <-chan struct{}        // closed with the window: work that would outlive it stops
}

// navigator opens the other screens: what a page or a dialog may ask of
// the window around it.
type navigator interface {
	reload()
	newConnection()
	openEditor(c *model.Connection) *editor
	openIClientDialog(existing *model.IClient, onSaved func(model.IClient)) *iclientDialog
	openIClientDialogWith(existing *model.IClient, tmpl model.IClient, onSaved func(model.IClient)) *iclientDialog
	authorize(c model.Connection) *authorizeDialog
	openMigrateWizard(ids []string) *migrateWizard
	migrateNow(id string, plan model.MigratePlan) *migrateWizard
	showGuide()
	openGuideWindow()
	showActivity(connID string)
	openSettings()
	// announce says on the Connections page, for a few seconds, what a
	// dialog that closed by itself achieved.
	announce(text string)
}

// fieldKeys is what a field in a dialog does with Esc and Enter. (When it
// gets the focus it scrolls itself into view: gotFocus.)
type fieldKeys struct {
	onEsc   func() // closes the top dialog
	onEnter func() // presses the top dialog's primary button
}

// dialogs are the window's open dialogs, newest last: Esc closes the top
// one and Enter presses its primary button.
type dialogs struct {
	win      fyne.Window
	escapes  []escHandler
	escSeq   int
	defaults map[dialog.Dialog][]*button // each open dialog's primary buttons
}

// redirectURL is the Redirect URL of a new iClient, to register in its
// Zoom app.
func (s screen) redirectURL() string {
	return s.redirectURLOf(nil)
}

// redirectURLOf is the Redirect URL of the iClient ic (nil: a new one).
func (s screen) redirectURLOf(ic *model.IClient) string {
	port := model.DefaultRedirectPort
	if doc := s.latest(); doc != nil {
		port = doc.Settings.Port()
	}
	if ic == nil {
		return model.RedirectURL(model.LoopbackIP, port)
	}
	return ic.RedirectURL(port)
}
