// Small widgets of Migrate all…: the Esc-aware check, the row layout and
// the choice card.

package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// escCheck is a Check on which Esc closes the dialog it is in.
type escCheck struct {
	widget.Check
	onEsc func()
}

func newEscCheck(onEsc func()) *escCheck {
	c := &escCheck{onEsc: onEsc}
	c.ExtendBaseWidget(c)
	return c
}

func (c *escCheck) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape {
		c.onEsc()
		return
	}
	c.Check.TypedKey(ev)
}

// rowColumns lays a row out left to right: the first objects at these
// widths, the next one taking the width left, and one more, if there is
// one, at its own width on the right.
type rowColumns []float32

func (l rowColumns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	var trailing float32
	if last := objs[len(objs)-1]; len(objs) > len(l)+1 && last.Visible() {
		trailing = last.MinSize().Width + pad
	}
	x := float32(0)
	for i, o := range objs {
		w := trailing - pad
		switch {
		case i < len(l):
			w = l[i]
		case i == len(l):
			w = max(size.Width-x-trailing, 0)
		}
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w + pad
	}
}

func (l rowColumns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	w := float32(60)
	for _, x := range l {
		w += x + theme.Padding()
	}
	// As tall as a button, so rows line up whether they show one or not.
	h := theme.IconInlineSize() + 2*theme.InnerPadding()
	for i, o := range objs {
		h = max(h, o.MinSize().Height)
		if i > len(l) {
			w += o.MinSize().Width + theme.Padding()
		}
	}
	return fyne.NewSize(w, h)
}

// choiceCard is one answer to a question with a few that goes on at once,
// as a command link does in a wizard: a panel with an arrow, a title and an
// explanation, pressed by a click, Space or Enter. It is no radio button,
// which would only select and leave the admin looking for Next. The answer
// last chosen stays marked, for when the admin comes back to the question.
type choiceCard struct {
	widget.BaseWidget
	onEsc                      func()
	title                      string
	onTapped                   func()
	selected, hovered, focused bool
	bg                         *canvas.Rectangle
	box                        *fyne.Container
}

func newChoiceCard(onEsc func(), title, tag, text string, onTapped func()) *choiceCard {
	c := &choiceCard{onEsc: onEsc, title: title, onTapped: onTapped, bg: &canvas.Rectangle{CornerRadius: theme.InputRadiusSize() * 2}}
	arrow := widget.NewIcon(theme.NewPrimaryThemedResource(theme.MailForwardIcon()))
	head := container.NewHBox(&widget.Label{Text: title, TextStyle: fyne.TextStyle{Bold: true}})
	if tag != "" {
		pill := &widget.Label{Text: tag, SizeName: theme.SizeNameCaptionText, TextStyle: fyne.TextStyle{Bold: true}, Importance: widget.SuccessImportance}
		head.Add(container.NewCenter(container.NewStack(newTintRect(colorOnline), pill)))
	}
	body := &widget.Label{Text: text, Wrapping: fyne.TextWrapWord}
	c.box = container.NewStack(c.bg, container.NewPadded(container.NewBorder(nil, nil,
		container.NewVBox(container.New(layout.NewCustomPaddedLayout(7, 0, 4, 4), arrow)), nil, container.NewVBox(head, body))))
	c.ExtendBaseWidget(c)
	c.paint()
	return c
}

func (c *choiceCard) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(c.box) }

func (c *choiceCard) setSelected(on bool) {
	c.selected = on
	c.paint()
}

// paint colours the card for its state, in the current theme.
func (c *choiceCard) paint() {
	primary := color.NRGBAModel.Convert(theme.Color(theme.ColorNamePrimary)).(color.NRGBA)
	c.bg.StrokeWidth = 1
	c.bg.StrokeColor = theme.Color(theme.ColorNameInputBorder)
	c.bg.FillColor = color.Transparent
	if c.hovered {
		c.bg.FillColor = theme.Color(theme.ColorNameHover)
	}
	if c.focused {
		c.bg.StrokeColor = theme.Color(theme.ColorNameFocus)
	}
	if c.selected {
		c.bg.FillColor, c.bg.StrokeColor, c.bg.StrokeWidth = tint(primary, 0x1c), primary, 2
	}
	c.bg.Refresh()
}

// Refresh repaints the card, as after a theme change.
func (c *choiceCard) Refresh() {
	c.paint()
	c.BaseWidget.Refresh()
}

func (c *choiceCard) Tapped(*fyne.PointEvent) {
	if c.onTapped != nil {
		c.onTapped()
	}
}

func (c *choiceCard) Cursor() desktop.Cursor         { return desktop.PointerCursor }
func (c *choiceCard) MouseIn(*desktop.MouseEvent)    { c.hovered = true; c.paint() }
func (c *choiceCard) MouseMoved(*desktop.MouseEvent) {}
func (c *choiceCard) MouseOut()                      { c.hovered = false; c.paint() }
func (c *choiceCard) FocusGained()                   { c.focused = true; c.paint() }
func (c *choiceCard) FocusLost()                     { c.focused = false; c.paint() }
func (c *choiceCard) TypedShortcut(fyne.Shortcut)    {}

func (c *choiceCard) TypedRune(r rune) {
	if r == ' ' {
		c.Tapped(nil)
	}
}

func (c *choiceCard) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		c.Tapped(nil)
	case fyne.KeyEscape:
		c.onEsc()
	}
}
