package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// fieldForm is a two-column form whose fields each have room for an inline
// validation message and a hint, shared by Edit connection and Create iClient.
type fieldForm struct {
	form  *fyne.Container
	rows  map[string][2]fyne.CanvasObject // field → label, content
	msgs  map[string]*widget.Label
	hints map[string]*quietLabel
	order []string // the fields, top down
	// fields are the widgets that take the focus for each key, where the
	// form should go to show a problem.
	fields map[string]fyne.Focusable
}

func newFieldForm() fieldForm {
	return fieldForm{
		form:   container.New(layout.NewFormLayout()),
		rows:   map[string][2]fyne.CanvasObject{},
		msgs:   map[string]*widget.Label{},
		hints:  map[string]*quietLabel{},
		fields: map[string]fyne.Focusable{},
	}
}

// addRow adds a labelled field with room for its inline message and hint.
func (f *fieldForm) addRow(key, label string, field fyne.CanvasObject, hint string) {
	msg := &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.DangerImportance, SizeName: theme.SizeNameCaptionText}
	msg.Hide()
	f.msgs[key] = msg
	cell := container.NewVBox(field, msg)
	if hint != "" {
		h := quietHint(hint)
		f.hints[key] = h
		cell.Add(h)
	}
	if fo, ok := field.(fyne.Focusable); ok {
		f.fields[key] = fo
	}
	l := &widget.Label{Text: label}
	f.order = append(f.order, key)
	f.rows[key] = [2]fyne.CanvasObject{l, cell}
	f.form.Add(l)
	f.form.Add(cell)
}

// showMessages shows, under each field, its message from msgFor when the
// field was touched or a save was tried, and hides the rest.
func (f *fieldForm) showMessages(msgFor func(key string) string, shown func(key string) bool) {
	for key, l := range f.msgs {
		if msg := msgFor(key); msg != "" && shown(key) {
			l.SetText(msg)
			l.Show()
		} else {
			l.Hide()
		}
	}
}

// firstShownProblem is the topmost field whose message shows, and the
// message; "" when none does.
func (f *fieldForm) firstShownProblem() (key, msg string) {
	for _, k := range f.order {
		if l := f.msgs[k]; l.Visible() && f.rows[k][1].Visible() {
			return k, l.Text
		}
	}
	return "", ""
}

// focusFirstProblem puts the focus on the topmost field whose message
// shows, which scrolls it into sight (see gotFocus): after a failed Save
// the admin sees what to fix, not the bottom of the form.
func (f *fieldForm) focusFirstProblem(c fyne.Canvas) {
	if key, _ := f.firstShownProblem(); key != "" {
		if fo := f.fields[key]; fo != nil {
			c.Focus(fo)
		}
	}
}

// showRows shows the rows marked true in show and hides those marked false.
func (f *fieldForm) showRows(show map[string]bool) {
	for key, on := range show {
		for _, o := range f.rows[key] {
			if on {
				o.Show()
			} else {
				o.Hide()
			}
		}
	}
	f.form.Refresh()
}

// labeled is a model enum the window shows by its label.
type labeled interface {
	comparable
	Label() string
}

// labels returns the labels of vs, for a Select's options.
func labels[T labeled](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.Label()
	}
	return out
}

// byLabel returns the value of vs whose label is l, or the zero value.
func byLabel[T labeled](vs []T, l string) T {
	for _, v := range vs {
		if v.Label() == l {
			return v
		}
	}
	var zero T
	return zero
}
