package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// The window's open dialogs, in one place: Esc closes the newest, Enter
// presses its primary button, and errors, questions and tasks open here.
// What each dialog shows is built in its own file (errorContent, …).

// dialogs are the window's open dialogs, newest last: Esc closes the top
// one and Enter presses its primary button.
type dialogs struct {
	win      fyne.Window
	escapes  []escHandler
	escSeq   int
	defaults map[dialog.Dialog][]*button // each open dialog's primary buttons
}

// escHandler is how Esc closes one open dialog.
type escHandler struct {
	id int
	f  func()
	d  dialog.Dialog // the dialog it closes, for its default button
	// owner is what the dialog shows (an *editor, an *iclientDialog…),
	// when it said (own): how a scene finds the dialog it sets up.
	owner any
}

// pushEscape registers how Esc closes a dialog being shown; the newest open
// dialog gets the key. The returned function unregisters it.
func (dlg *dialogs) pushEscape(f func(), d dialog.Dialog) func() {
	dlg.escSeq++
	id := dlg.escSeq
	dlg.escapes = append(dlg.escapes, escHandler{id: id, f: f, d: d})
	return func() {
		delete(dlg.defaults, d)
		for i, h := range dlg.escapes {
			if h.id == id {
				dlg.escapes = append(dlg.escapes[:i], dlg.escapes[i+1:]...)
				return
			}
		}
	}
}

// track shows that d is open: Esc calls esc (nil: closes d) until d closes.
func (dlg *dialogs) track(d dialog.Dialog, esc func()) {
	if esc == nil {
		esc = d.Hide
	}
	d.SetOnClosed(dlg.pushEscape(esc, d))
}

func (dlg *dialogs) escape() {
	if n := len(dlg.escapes); n > 0 {
		dlg.escapes[n-1].f()
	}
}

func (dlg *dialogs) hasDialog() bool { return len(dlg.escapes) > 0 }

// pressDefault presses the top dialog's primary button: the first of
// the buttons it registered (setDefaults) that is shown and enabled. Enter
// in any field that does not submit on its own does what the dialog is for.
func (dlg *dialogs) pressDefault() {
	n := len(dlg.escapes)
	if n == 0 {
		return
	}
	for _, b := range dlg.defaults[dlg.escapes[n-1].d] {
		if b.Visible() && !b.Disabled() {
			b.press()
			return
		}
	}
}

// setDefaults registers d's primary buttons, in the order Enter tries them.
func (dlg *dialogs) setDefaults(d dialog.Dialog, buttons ...*button) {
	if dlg.defaults == nil {
		dlg.defaults = map[dialog.Dialog][]*button{}
	}
	dlg.defaults[d] = buttons
}

// setButtons sets d's buttons; the primary one is its default.
func (dlg *dialogs) setButtons(d *dialog.CustomDialog, buttons ...fyne.CanvasObject) {
	var defs []*button
	for _, o := range buttons {
		if b, ok := o.(*button); ok && b.Importance == widget.HighImportance {
			defs = append(defs, b)
		}
	}
	dlg.setDefaults(d, defs...)
	d.SetButtons(buttons)
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

// showError shows err in a dialog titled title; Enter or Esc closes it.
func (dlg *dialogs) showError(title string, err error) {
	dlg.showErrorWith(title, err, func(func()) []fyne.CanvasObject { return nil })
}

func (dlg *dialogs) startTask(title, busy string, onCancel func()) *taskDialog {
	t := &taskDialog{dlg: dlg, onCancel: onCancel, activity: widget.NewActivity()}
	t.body = container.NewVBox(container.NewHBox(t.activity, &widget.Label{Text: busy}))
	t.d = dialog.NewCustomWithoutButtons(title, container.NewVBox(minWidth(460), t.body), dlg.win)
	t.dlg.setButtons(t.d, btn(&button{Button: widget.Button{Text: "Cancel", OnTapped: t.cancel}}))
	dlg.track(t.d, t.cancel)
	t.activity.Start()
	t.d.Show()
	return t
}

// showErrorWith is showError with the buttons that fix it before Close.
func (dlg *dialogs) showErrorWith(title string, err error, fix func(hide func()) []fyne.CanvasObject) {
	d := dialog.NewCustomWithoutButtons(title, container.NewVBox(minWidth(460), errorContent(explain(err))), dlg.win)
	close := btn(&button{Button: widget.Button{Text: "Close", Importance: widget.HighImportance, OnTapped: d.Hide}})
	buttons := fix(d.Hide)
	if len(buttons) > 0 {
		close.Importance = widget.MediumImportance
	}
	dlg.setButtons(d, append(buttons, close)...)
	dlg.track(d, nil)
	d.Show()
}

// own records that d shows owner, until d closes.
func (dlg *dialogs) own(d dialog.Dialog, owner any) {
	for i := range dlg.escapes {
		if dlg.escapes[i].d == d {
			dlg.escapes[i].owner = owner
		}
	}
}

// topDialog is the newest open dialog that shows a T (own), or T's zero
// value when none is open.
func topDialog[T any](dlg *dialogs) T {
	for i := len(dlg.escapes) - 1; i >= 0; i-- {
		if o, ok := dlg.escapes[i].owner.(T); ok {
			return o
		}
	}
	var none T
	return none
}
