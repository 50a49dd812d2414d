package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// question is what ask asks.
type question struct {
	Title   string
	Message string            // shown wrapped; or
	Content fyne.CanvasObject // shown as it is, when not nil
	Yes, No string            // the answers' words; No defaults to "Cancel"
	// Danger marks an answer that deletes or signs out: its button is red,
	// and the focus starts on the safe answer, so Enter alone never does
	// it; Tab then Enter, or a click, does.
	Danger bool
}

// ask shows q in a dialog made of the app's buttons (Fyne's own confirm
// dialog answers neither Enter on a focused button nor Esc on one): Enter
// presses the focused answer, or Yes when none has the focus and q is not
// a Danger; Esc answers No. answer gets the reply once the dialog is gone.
func (dlg *dialogs) ask(q question, answer func(yes bool)) {
	content := q.Content
	if content == nil {
		content = container.NewVBox(minWidth(420), &widget.Label{Text: q.Message, Wrapping: fyne.TextWrapWord})
	}
	if q.No == "" {
		q.No = "Cancel"
	}
	d := dialog.NewCustomWithoutButtons(q.Title, content, dlg.win)
	reply := func(yes bool) func() {
		return func() {
			d.Hide()
			answer(yes)
		}
	}
	yes := btn(&button{Button: widget.Button{Text: q.Yes, Importance: widget.HighImportance, OnTapped: reply(true)}})
	no := btn(&button{Button: widget.Button{Text: q.No, OnTapped: reply(false)}})
	if q.Danger {
		yes.Importance = widget.DangerImportance
	}
	dlg.track(d, reply(false))
	dlg.setButtons(d, no, yes)
	d.Show()
	if q.Danger {
		dlg.win.Canvas().Focus(no)
	}
}
