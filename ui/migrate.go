package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"zoomconn/model"
)

// migrateWizard is Migrate all…: JWT connections moved in one run to OAuth
// 2.0 (one browser consent each, one after another) or to Server-to-Server
// OAuth (no browser), all with one iClient. Four steps in one dialog: the
// target, the iClient, the review, and the run, with a row per connection.
type migrateWizard struct {
	screen
	doc   *model.Document    // a copy, with iClients created meanwhile
	conns []model.Connection // what to migrate, in the order asked
	d     *dialog.CustomDialog
	step  int
	pages []fyne.CanvasObject

	stepsBar, body, bar       *fyne.Container
	back, cancel, next, start *button
	retry, closeBtn           *button
	target                    model.AuthType
	oauthCard, s2sCard        *choiceCard

	ics    migrateIClientStep
	review migrateReview
	run    migrateRun
	preset *model.MigratePlan // the editor's plan: the wizard starts at the run
}

// Wizard steps.
const (
	stepTarget = iota
	stepIClient
	stepReview
	stepRun
)

var migrateSteps = []string{"Target", "iClient", "Review", "Migrate"}

// openMigrateWizard opens Migrate all… for the connections ids.
func (u *UI) openMigrateWizard(ids []string) *migrateWizard {
	return u.openMigrateWizardWith(ids, nil)
}

// openMigrateWizardWith opens the wizard; with preset (the editor's Save &
// authorize) it is no wizard to the admin: titled for what was pressed,
// without the steps the admin never saw.
func (u *UI) openMigrateWizardWith(ids []string, preset *model.MigratePlan) *migrateWizard {
	if len(ids) == 0 || u.svc == nil || u.doc == nil {
		return nil
	}
	w := &migrateWizard{screen: u.screen(), doc: u.doc.Clone()}
	w.ics = migrateIClientStep{w: w, rows: map[string][2]fyne.CanvasObject{}}
	w.review = migrateReview{w: w, unchecked: map[string]bool{}}
	for _, id := range ids {
		if c := w.doc.Connection(id); c != nil {
			w.conns = append(w.conns, *c)
		}
	}
	if len(w.conns) == 0 {
		return nil
	}
	w.build()
	title := "Migrate JWT connections"
	switch {
	case preset != nil:
		title = fmt.Sprintf("Save & authorize “%s”", w.conns[0].Name)
		w.stepsBar.Hide()
	case len(w.conns) == 1:
		title = fmt.Sprintf("Migrate “%s”", w.conns[0].Name)
	}
	content := container.NewBorder(container.NewVBox(w.stepsBar, widget.NewSeparator()),
		container.NewVBox(widget.NewSeparator(), w.bar), nil, nil, w.body)
	w.d = dialog.NewCustomWithoutButtons(title, content, u.win)
	w.d.Resize(fyne.NewSize(800, 560))
	u.dlg.track(w.d, w.onEscape)
	w.showStep(stepTarget)
	w.d.Show()
	return w
}

func (w *migrateWizard) build() {
	w.stepsBar = container.NewHBox()
	w.body = container.NewStack()
	w.bar = container.NewHBox()
	w.back = btn(&button{Button: widget.Button{Text: "Back", Icon: theme.NavigateBackIcon(), OnTapped: func() { w.showStep(w.step - 1) }}})
	w.cancel = btn(&button{Button: widget.Button{Text: "Cancel", OnTapped: w.onCancel}})
	w.next = btn(&button{Button: widget.Button{Text: "Next", Icon: theme.NavigateNextIcon(), IconPlacement: widget.ButtonIconTrailingText, Importance: widget.HighImportance, OnTapped: w.onNext}})
	w.start = btn(&button{Button: widget.Button{Text: "Start migration", Icon: theme.MediaPlayIcon(), Importance: widget.HighImportance, OnTapped: w.onStart}})
	w.retry = btn(&button{Button: widget.Button{Text: "Retry failed", Icon: theme.ViewRefreshIcon(), OnTapped: w.onRetry}})
	w.closeBtn = btn(&button{Button: widget.Button{Text: "Close", Importance: widget.HighImportance, OnTapped: w.close}})
	w.pages = []fyne.CanvasObject{w.targetPage(), w.ics.page(), w.review.page(), w.run.page(w)}
}

// showStep shows step i with its buttons.
func (w *migrateWizard) showStep(i int) {
	w.step = i
	switch i {
	case stepIClient:
		w.ics.show()
	case stepReview:
		w.review.show()
	}
	w.stepsBar.Objects = nil
	for k, name := range migrateSteps {
		if k > 0 {
			w.stepsBar.Add(newQuietLabel("›"))
		}
		l := &widget.Label{Text: fmt.Sprintf("%d  %s", k+1, name)}
		switch {
		case k == i:
			l.TextStyle.Bold, l.Importance = true, widget.HighImportance
			w.stepsBar.Add(l)
		case k > i:
			w.stepsBar.Add(newQuietLabel(l.Text))
		default:
			w.stepsBar.Add(l)
		}
	}
	w.stepsBar.Refresh()
	w.body.Objects = []fyne.CanvasObject{w.pages[i]}
	w.body.Refresh()
	w.updateButtons()
	if i == stepIClient && w.target == model.AuthS2S && w.ics.iclient.Selected != "" {
		w.win.Canvas().Focus(w.ics.accountID)
	}
}

// updateButtons shows the step's buttons, enabled when the step is done.
func (w *migrateWizard) updateButtons() {
	if w.bar == nil {
		return
	}
	var left, right []fyne.CanvasObject
	w.cancel.SetText("Cancel")
	w.cancel.Enable()
	switch w.step {
	case stepTarget:
		// A choice goes on by itself; Next only goes on with the last
		// one, back from the steps after it.
		right = []fyne.CanvasObject{w.cancel}
		if w.target != "" {
			right = append(right, w.next)
			w.next.Enable()
		}
	case stepIClient:
		_, msg := w.ics.account()
		if w.target != model.AuthS2S {
			msg = ""
		}
		w.ics.accountMsg.SetText(msg)
		w.ics.accountMsg.Hidden = msg == "" || !w.ics.accountTouched
		w.ics.accountMsg.Refresh()
		left, right = []fyne.CanvasObject{w.back}, []fyne.CanvasObject{w.cancel, w.next}
		setEnabled(w.next, w.ics.chosen() != nil && msg == "")
	case stepReview:
		left, right = []fyne.CanvasObject{w.back}, []fyne.CanvasObject{w.cancel, w.start}
		setEnabled(w.start, len(w.review.selectedIDs()) > 0)
	case stepRun:
		left, right = w.run.buttons(w)
	}
	var defs []*button
	for _, o := range right {
		if b, ok := o.(*button); ok && b.Importance == widget.HighImportance {
			defs = append(defs, b)
		}
	}
	w.dlg.setDefaults(w.d, defs...)
	w.bar.Objects = append(append(left, layout.NewSpacer()), right...)
	w.bar.Refresh()
}

func (w *migrateWizard) onNext() {
	switch {
	case w.step == stepTarget && w.target != "":
		w.showStep(stepIClient)
	case w.step == stepIClient && !w.next.Disabled():
		w.showStep(stepReview)
	}
}

// onCancel closes the wizard before the run, and cancels the run during it.
func (w *migrateWizard) onCancel() {
	if w.step == stepRun {
		w.run.cancelRun(w)
		return
	}
	w.close()
}

func (w *migrateWizard) onEscape() {
	if w.step == stepRun && w.run.running {
		w.run.cancelRun(w)
		return
	}
	w.close()
}

// close closes the wizard and shows the connections as they now are.
func (w *migrateWizard) close() {
	w.d.Hide()
	w.nav.reload()
}

// plan is what the run does, as chosen.
func (w *migrateWizard) plan() model.MigratePlan {
	if w.preset != nil {
		p := *w.preset
		p.Opener = w.links.browser()
		return p
	}
	acct, _ := w.ics.account()
	if w.target != model.AuthS2S {
		acct = ""
	}
	return model.MigratePlan{Auth: w.target, IClientID: w.ics.chosen().ID, AccountID: acct, Opener: w.links.browser(),
		ConsentEach: w.target == model.AuthOAuth2 && w.ics.consentMode.Selected == consentEach}
}

// migrateNow migrates the JWT connection id with plan at once (the
// editor's Save & authorize), showing the run as Migrate all… does, with
// its Retry and the Details of a failure.
func (u *UI) migrateNow(id string, plan model.MigratePlan) *migrateWizard {
	w := u.openMigrateWizardWith([]string{id}, &plan)
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

func (w *migrateWizard) onStart() {
	ids := w.review.selectedIDs()
	if len(ids) == 0 {
		return
	}
	w.run.prepare(w, ids)
	w.showStep(stepRun)
	w.run.launch(w, ids, w.plan())
}

func (w *migrateWizard) onRetry() {
	ids := w.run.failedIDs()
	if len(ids) == 0 {
		return
	}
	w.run.launch(w, ids, w.plan())
}
