package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
)

// Issue 21's smaller findings in the editor and the iClient dialog, each
// as the admin met it.

// A problem the admin has not touched is not shown in red: the quiet line
// at the bottom says why Save is off instead.
func TestNoRedBeforeTheAdminDidAnything(t *testing.T) {
	u, w, _ := openDemo(t)
	e := editConnection(t, u, w, "Webinar registrations sync")
	tapNow(t, dialogButton(t, w, "Migrate to OAuth 2.0"))
	var msgShown bool
	var status string
	onUI(func() { msgShown, status = e.msgs[fIClient].Visible(), e.status.Text() })
	if msgShown {
		t.Errorf("“Choose an iClient” shows in red before the admin chose anything")
	}
	if !strings.Contains(status, "Choose an iClient, or create one with the + button.") || !disabled(e.saveAuth) {
		t.Errorf("the bottom line should say why Save & authorize is off; it reads %q", status)
	}
	// A Save pressed anyway shows the problem, in red, and in sight.
	onUI(func() { e.onSave(true) })
	onUI(func() { msgShown = e.msgs[fIClient].Visible() })
	if !msgShown || w.Canvas().Focused() != e.iclients.sel {
		t.Errorf("after a failed Save the first problem should show and have the focus (focused %T)", w.Canvas().Focused())
	}
}

// An untouched existing connection has nothing to save.
func TestSaveIsOffUntilSomethingChanged(t *testing.T) {
	u, w, _ := openDemo(t)
	e := editConnection(t, u, w, "Room status monitor") // JWT
	if !disabled(e.save) {
		t.Errorf("Save is on for an untouched JWT connection")
	}
	typeInto(e.name, "Room status monitor (old)")
	if disabled(e.save) {
		t.Errorf("Save stays off after the name changed")
	}
}

// Esc on a Create iClient nobody touched (opened with + , so named
// already and in the editor's environment) closes it without a question.
func TestEscOnAnUntouchedCreateIClientJustCloses(t *testing.T) {
	u, w, _ := openDemo(t)
	e := editConnection(t, u, w, "Training attendance")
	x := plusIClient(t, u, w, e)
	var status string
	onUI(func() { status = x.status.Text() })
	if status != "Enter in any field: Save & authorize." {
		t.Errorf("the keyboard's short way to Save & authorize is not said: %q", status)
	}
	var h, body float32
	onUI(func() { h, body = x.status.MinSize().Height, x.body.MinSize().Height })
	if h > 60 || body > 700 {
		t.Errorf("the status line needs %.0f px and the dialog %.0f px: the line is wrapped letter by letter", h, body)
	}
	key(w, fyne.KeyEscape)
	if got := topDialogText(w); strings.Contains(got, "Discard changes?") || strings.Contains(got, "Create iClient") {
		t.Errorf("Esc on an untouched Create iClient:\n%s", got)
	}
	// Touched, it asks.
	x = plusIClient(t, u, w, e)
	typeInto(x.clientID, "abc")
	key(w, fyne.KeyEscape)
	if !strings.Contains(topDialogText(w), "Discard changes?") {
		t.Errorf("Esc after typing should ask:\n%s", topDialogText(w))
	}
}

// After Zoom refused the saved Client secret, Edit iClient does not say
// "leave empty to keep the current secret" under that message.
func TestRefusedSecretHidesTheKeepHint(t *testing.T) {
	u, w, _ := openDemo(t)
	doc := u.doc
	var x *iclientDialog
	onUI(func() { x = u.openIClientDialog(doc.IClientByName("HR user app"), nil) })
	if !strings.Contains(topDialogText(w), "Leave empty to keep the current secret.") {
		t.Fatalf("the usual hint is missing:\n%s", topDialogText(w))
	}
	onUI(x.askSecret)
	got := topDialogText(w)
	if !strings.Contains(got, "Zoom did not accept the Client secret saved for this iClient.") || strings.Contains(got, "Leave empty to keep the current secret.") {
		t.Errorf("after a refused secret:\n%s", got)
	}
}
