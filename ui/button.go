package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// button is the app's button: a widget.Button that Enter presses as well
// as Space when it has the keyboard focus (Fyne's answers Space only), and
// that keeps the focus when pressed from the keyboard (Fyne's drops it, so
// the next Tab started again at the dialog's first field).
type button struct{ widget.Button }

// btn readies b, a literal, as the widget it is (not the Button inside).
func btn(b *button) *button {
	b.ExtendBaseWidget(b)
	return b
}

func (b *button) press() {
	if !b.Disabled() && b.Visible() && b.OnTapped != nil {
		b.OnTapped()
	}
}

func (b *button) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		b.press()
	case fyne.KeySpace:
		// Pressed by the character that follows (TypedRune): pressed
		// now, a dialog it opens would get that space in its first field.
	default:
		b.Button.TypedKey(ev)
	}
}

func (b *button) TypedRune(r rune) {
	if r == ' ' {
		b.press()
	}
}

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

// walkVisible calls f on o and every visible object in the containers
// under it.
func walkVisible(o fyne.CanvasObject, f func(fyne.CanvasObject)) {
	if o == nil || !o.Visible() {
		return
	}
	f(o)
	if c, ok := o.(*fyne.Container); ok {
		for _, x := range c.Objects {
			walkVisible(x, f)
		}
	}
}

// reveal scrolls s so that o, somewhere in it, is in view: a field that
// Tab moved the focus to below the fold comes into sight.
func reveal(s *container.Scroll, o fyne.CanvasObject) {
	if s == nil || s.Content == nil {
		return
	}
	inside := false
	walkVisible(s.Content, func(x fyne.CanvasObject) { inside = inside || x == o })
	if !inside {
		return
	}
	d := fyne.CurrentApp().Driver()
	top := d.AbsolutePositionForObject(o).Y - d.AbsolutePositionForObject(s).Y
	h, view := o.Size().Height, s.Size().Height
	y := s.Offset.Y
	switch {
	case top < 0:
		y += top
	case top+h > view:
		y += top + h - view
	default:
		return
	}
	y = max(0, min(y, s.Content.MinSize().Height-view))
	s.Offset.Y = y
	s.Refresh()
}
