package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"zoomconn/model"
)

// The window's navigation: what a page or a dialog may ask of the window
// around it (navigator), and how the window does each. The screens and
// dialogs themselves are built in their own files (showEditor, …).

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

func (u *UI) openEditor(c *model.Connection) *editor {
	if u.svc == nil || u.doc == nil {
		return nil
	}
	return showEditor(u.screen(), c)
}

// openIClientDialog opens Edit iClient for existing, or Create iClient when
// it is nil; onSaved gets the iClient once it is stored.
func (u *UI) openIClientDialog(existing *model.IClient, onSaved func(model.IClient)) *iclientDialog {
	return u.openIClientDialogWith(existing, newIClientTemplate(model.Environment{Kind: model.EnvZoom}), onSaved)
}

// openIClientDialogWith is openIClientDialog with the environment and app
// type a new iClient starts with (the editor's, when its + is clicked).
func (u *UI) openIClientDialogWith(existing *model.IClient, tmpl model.IClient, onSaved func(model.IClient)) *iclientDialog {
	if u.svc == nil {
		return nil
	}
	return showIClientDialog(u.screen(), existing, tmpl, onSaved)
}

// authorize opens Zoom's consent page for c and waits for the answer. The
// row turns Online once Zoom has answered and the token is stored.
func (u *UI) authorize(c model.Connection) *authorizeDialog { return showAuthorize(u.screen(), c) }

// openMigrateWizard opens Migrate all… for the connections ids.
func (u *UI) openMigrateWizard(ids []string) *migrateWizard {
	if len(ids) == 0 || u.svc == nil || u.doc == nil {
		return nil
	}
	return showMigrateWizard(u.screen(), ids, nil)
}

// migrateNow migrates the JWT connection id with plan at once (the
// editor's Save & authorize), showing the run as Migrate all… does, with
// its Retry and the Details of a failure.
func (u *UI) migrateNow(id string, plan model.MigratePlan) *migrateWizard {
	if u.svc == nil || u.doc == nil {
		return nil
	}
	w := showMigrateWizard(u.screen(), []string{id}, &plan)
	if w == nil {
		return nil
	}
	w.preset, w.target = &plan, plan.Auth
	ids := []string{id}
	w.run.prepare(w, ids)
	w.showStep(stepRun)
	w.run.launch(w, ids, w.plan())
	return w
}

// reload reads the document off the UI goroutine and shows it on every page.
func (u *UI) reload() {
	if u.svc == nil {
		u.connections.showProblem(u.svcErr)
		return
	}
	u.loadSeq++
	seq := u.loadSeq
	go func() {
		doc, err := u.svc.Load()
		fyne.Do(func() {
			if seq != u.loadSeq {
				return // a newer load is on its way
			}
			if err != nil {
				u.connections.showProblem(err)
				return
			}
			u.doc = doc
			u.connections.show(doc)
			u.iclients.show(doc)
			u.activity.show(doc)
			u.guide.show(doc)
			u.settings.show(doc)
		})
	}()
}

// newConnection opens Create connection, unless a dialog is already open.
func (u *UI) newConnection() {
	if u.dlg.hasDialog() {
		return
	}
	u.openEditor(nil)
}

// showGuide switches to the Guide tab.
func (u *UI) showGuide() {
	u.tabs.Select(u.tabGuide)
}

// openGuideWindow shows the guide beside an open dialog: dialogs cover the
// window's tabs, and the admin wants the steps next to the form.
func (u *UI) openGuideWindow() {
	if !u.dlg.hasDialog() {
		u.showGuide()
		return
	}
	if u.guideWin != nil {
		u.guideWin.RequestFocus()
		return
	}
	g := newGuidePage(u.screen(), u.app.Preferences())
	if u.doc != nil {
		g.show(u.doc)
	}
	w := u.app.NewWindow("Guide: create the OAuth app in Zoom")
	// Esc or Close ends it, as a dialog would.
	g.onEscape = w.Close
	w.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) {
		if ev.Name == fyne.KeyEscape {
			w.Close()
		}
	})
	closeBtn := btn(&button{Button: widget.Button{Text: "Close", Importance: widget.HighImportance, OnTapped: w.Close}})
	w.SetContent(container.NewBorder(nil, container.NewPadded(container.NewHBox(spacer(), closeBtn)), nil, nil, g.content))
	w.Resize(fyne.NewSize(760, 720))
	w.SetOnClosed(func() { u.guideWin = nil })
	u.guideWin = w
	w.Show()
}

// showActivity shows the Activity tab for one connection.
func (u *UI) showActivity(connID string) {
	u.activity.showFor(connID)
	u.tabs.Select(u.tabActivity)
}

// openSettings shows the Settings tab.
func (u *UI) openSettings() {
	for _, t := range u.tabs.Items {
		if t.Text == "Settings" {
			u.tabs.Select(t)
		}
	}
}

// announce shows text in the Connections page's footer for a few seconds.
func (u *UI) announce(text string) { u.connections.announce(text) }
