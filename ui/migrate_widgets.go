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

// buttonHeight is a button's height: rows that show one or not line up.
func buttonHeight() float32 { return theme.IconInlineSize() + 2*theme.InnerPadding() }

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
