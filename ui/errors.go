package ui

import (
	"errors"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"zoomconn/model"
)

// explained is an error in the administrator's words: what happened, what
// to do next, and the technical detail kept one click away.
type explained struct {
	Message string
	Next    string
	Detail  string
}

// explain lays out model.Explain's account of err for a dialog: the gist
// as the message, everything else under Details.
func explain(err error) explained {
	x := model.Explain(err)
	msg, rest, _ := strings.Cut(x.Message, "\n")
	file := ""
	if x.File != "" {
		file = "File: " + x.File
	}
	var detail []string
	for _, s := range append(append([]string{}, x.List...), rest, file, x.Detail) {
		if s != "" {
			detail = append(detail, s)
		}
	}
	return explained{Message: msg, Next: x.Next, Detail: strings.Join(detail, "\n")}
}

// errorContent lays out an explained error: the message, the next step, and
// a collapsed "Details" section with the technical text.
func errorContent(x explained) fyne.CanvasObject {
	msg := &widget.Label{Text: x.Message, Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true}}
	box := container.NewVBox(msg)
	if x.Next != "" {
		box.Add(&widget.Label{Text: x.Next, Wrapping: fyne.TextWrapWord})
	}
	if x.Detail != "" {
		detail := &widget.Label{Text: x.Detail, Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Monospace: true}, Selectable: true}
		box.Add(widget.NewAccordion(widget.NewAccordionItem("Details", detail)))
	}
	return box
}

// minWidth is an invisible strut that keeps a dialog from wrapping its text
// into a narrow column.
func minWidth(w float32) fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSize(w, 0))
	return r
}

// problemView fills the Connections page when the data cannot be read: what
// is wrong, where the file is, and what can be done. The file itself is
// never overwritten; Restore backup sets it aside first.
func (df dataFiles) problemView(err error) *fyne.Container {
	x := explain(err)
	title := &widget.Label{Text: "Your connections cannot be shown", TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameSubHeadingText}
	box := container.NewVBox(
		container.NewHBox(widget.NewIcon(theme.ErrorIcon()), title),
		&widget.Label{Text: x.Message, Wrapping: fyne.TextWrapWord},
	)
	if x.Next != "" {
		box.Add(&widget.Label{Text: x.Next, Wrapping: fyne.TextWrapWord})
	}
	var le *model.LoadError
	buttons := container.NewHBox()
	if errors.As(err, &le) {
		box.Add(&widget.Label{Text: "File: " + le.Path, TextStyle: fyne.TextStyle{Monospace: true}, Selectable: true, Wrapping: fyne.TextWrapBreak})
		q := newQuietLabel("Zoom Connections has not changed this file, and will not write to it until it can be read.")
		q.Wrapping = fyne.TextWrapWord
		box.Add(q)
		if le.BackupPath != "" {
			buttons.Add(btn(&button{Button: widget.Button{Text: "Restore backup", Icon: theme.HistoryIcon(), Importance: widget.HighImportance, OnTapped: df.restoreBackup}}))
		}
	} else if x.Detail != "" {
		box.Add(widget.NewAccordion(widget.NewAccordionItem("Details", &widget.Label{Text: x.Detail, Wrapping: fyne.TextWrapWord, Selectable: true})))
	}
	buttons.Add(btn(&button{Button: widget.Button{Text: "Try again", Icon: theme.ViewRefreshIcon(), OnTapped: df.nav.reload}}))
	box.Add(buttons)
	return container.NewCenter(container.NewGridWrap(fyne.NewSize(620, box.MinSize().Height+80), box))
}

// restoreBackup puts the last good copy back (the unreadable file is kept
// beside it as zoomconn.json.broken-N) and reloads.
func (df dataFiles) restoreBackup() {
	msg := "The unreadable file is kept beside it as " + model.DocumentFile + ".broken-1 (or the next free number), so nothing is lost. Changes made after the last good save are not in the backup."
	df.dlg.ask(question{Title: "Restore the backup?", Message: msg, Yes: "Restore backup"}, func(ok bool) {
		if !ok {
			return
		}
		go func() {
			err := df.svc.Store.RestoreBackup()
			fyne.Do(func() {
				if err != nil {
					df.dlg.showError("The backup could not be restored", err)
					return
				}
				df.nav.reload()
			})
		}()
	})
}

// taskDialog shows work in progress (a spinner, a sentence, Cancel) and then
// its outcome in the same place.
type taskDialog struct {
	dlg      *dialogs
	d        *dialog.CustomDialog
	body     *fyne.Container
	activity *widget.Activity
	onCancel func()
	done     bool // the outcome is shown
	canceled bool // the admin closed it before the outcome
}

func (t *taskDialog) cancel() {
	if !t.done {
		t.canceled = true
		if t.onCancel != nil {
			t.onCancel()
		}
	}
	t.activity.Stop()
	t.d.Hide()
}

// finish shows the outcome, with buttons for the next step before Close.
func (t *taskDialog) finish(content fyne.CanvasObject, next ...fyne.CanvasObject) {
	t.done = true
	t.activity.Stop()
	t.body.Objects = []fyne.CanvasObject{content}
	t.body.Refresh()
	close := btn(&button{Button: widget.Button{Text: "Close", Importance: widget.HighImportance, OnTapped: t.d.Hide}})
	if len(next) > 0 {
		close.Importance = widget.MediumImportance
	}
	t.dlg.setButtons(t.d, append(next, close)...)
}

// succeed shows msg with a tick.
func (t *taskDialog) succeed(msg string) { t.finish(successContent(msg)) }

// fail shows err in the admin's words, with its Details, and buttons for
// the next step it names.
func (t *taskDialog) fail(err error, next ...fyne.CanvasObject) {
	t.finish(container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.ErrorIcon())), nil, errorContent(explain(err))), next...)
}

func successContent(msg string) fyne.CanvasObject {
	return container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.ConfirmIcon())), nil,
		&widget.Label{Text: msg, Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true}, Importance: widget.SuccessImportance})
}
