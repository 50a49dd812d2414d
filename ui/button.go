package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// button is the app's button: a widget.Button that Enter presses as well
// as Space when it has the keyboard focus (Fyne's answers Space only), that
// keeps the focus when pressed from the keyboard (Fyne's drops it, so the
// next Tab started again at the dialog's first field), and that shows the
// focus as a ring in its text colour just inside its edge: Fyne only tints
// a focused button, which cannot be seen on a blue one. Inside, the ring
// stands on the button's own fill, which its text colour is chosen to read
// on, and no container or scroll clips it.
type button struct {
	widget.Button
	hasFocus bool
}

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
	case fyne.KeyEscape:
		toWindow(b, ev)
	default:
		b.Button.TypedKey(ev)
	}
}

// toWindow hands ev to the key handler of o's window: Fyne gives a key to
// the focused widget only, so without this Esc pressed on a focused button
// or checkbox would not close the dialog or window it is in.
func toWindow(o fyne.CanvasObject, ev *fyne.KeyEvent) {
	if c := fyne.CurrentApp().Driver().CanvasForObject(o); c != nil && c.OnTypedKey() != nil {
		c.OnTypedKey()(ev)
	}
}

// check is a checkbox on which Esc still closes the dialog or window it is
// in, as on every other control.
type check struct{ widget.Check }

func newCheck(text string, checked bool, changed func(bool)) *check {
	c := &check{widget.Check{Text: text, Checked: checked, OnChanged: changed}}
	c.ExtendBaseWidget(c)
	return c
}

func (c *check) FocusGained() {
	c.Check.FocusGained()
	gotFocus(c)
}

func (c *check) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape {
		toWindow(c, ev)
		return
	}
	c.Check.TypedKey(ev)
}

func (b *button) FocusGained() {
	b.hasFocus = true
	b.Button.FocusGained()
	gotFocus(b)
}

func (b *button) FocusLost() {
	b.hasFocus = false
	b.Button.FocusLost()
}

// focusRingWidth is the ring's stroke: 2 px, as in GTK's and the web's
// default focus outlines; focusRingInset its distance from the edge.
const (
	focusRingWidth = 2
	focusRingInset = 3
)

func (b *button) CreateRenderer() fyne.WidgetRenderer {
	ring := canvas.NewRectangle(color.Transparent)
	ring.StrokeWidth = focusRingWidth
	r := &ringRenderer{WidgetRenderer: b.Button.CreateRenderer(), ring: ring, b: b}
	r.paint()
	return r
}

// ringRenderer draws Fyne's button and, while it has the focus, the ring.
type ringRenderer struct {
	fyne.WidgetRenderer
	ring *canvas.Rectangle
	b    *button
}

func (r *ringRenderer) Layout(size fyne.Size) {
	r.WidgetRenderer.Layout(size)
	r.ring.Move(fyne.NewSquareOffsetPos(focusRingInset))
	r.ring.Resize(size.SubtractWidthHeight(2*focusRingInset, 2*focusRingInset))
}

// Objects has the ring only while it shows.
func (r *ringRenderer) Objects() []fyne.CanvasObject {
	if !r.b.hasFocus {
		return r.WidgetRenderer.Objects()
	}
	return append(r.WidgetRenderer.Objects(), r.ring)
}

func (r *ringRenderer) Refresh() {
	r.WidgetRenderer.Refresh()
	r.paint()
	r.ring.Refresh()
}

func (r *ringRenderer) paint() {
	th := r.b.Theme()
	r.ring.StrokeColor = color.Transparent
	if r.b.hasFocus && !r.b.Disabled() {
		r.ring.StrokeColor = th.Color(onFill(r.b.Importance), fyne.CurrentApp().Settings().ThemeVariant())
	}
	r.ring.CornerRadius = max(0, th.Size(theme.SizeNameInputRadius)-focusRingInset)
}

func (b *button) TypedRune(r rune) {
	if r == ' ' {
		b.press()
	}
}

// reveal scrolls s so that o, somewhere in it, is in view: a field that
// Tab moved the focus to below the fold comes into sight.
func reveal(s *container.Scroll, o fyne.CanvasObject) {
	if s.Content == nil {
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
