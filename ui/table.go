package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The parts of the connections table: its columns, their layout, the
// header's background and the text cells.

// The connections table's columns.
const (
	colName = iota
	colEnv
	colAuth
	colStatus
	colAccount
	colModified
	colActions
)

var columns = []column{
	colName:     {title: "Name", min: 180, weight: 3},
	colEnv:      {title: "Environment", min: 150, weight: 1},
	colAuth:     {title: "Authentication type", min: 165, weight: 1},
	colStatus:   {title: "Status", min: 160, weight: 0},
	colAccount:  {title: "Account", min: 170, weight: 2},
	colModified: {title: "Last modified", min: 150, weight: 0},
	colActions:  {title: "", min: 40, weight: 0},
}

// newColumnsLayout lays out the header and each row of the connections
// table (the status badge centres itself).
func newColumnsLayout() fyne.Layout { return &columnsLayout{cols: columns} }

// newHeaderBackground tints the column header row.
func newHeaderBackground() fyne.CanvasObject {
	return &themedRect{name: theme.ColorNameHeaderBackground}
}

// themedRect is a rectangle in a theme colour that follows theme changes.
type themedRect struct {
	widget.BaseWidget
	name fyne.ThemeColorName
}

func (t *themedRect) CreateRenderer() fyne.WidgetRenderer {
	t.ExtendBaseWidget(t)
	r := &themedRectRenderer{t: t}
	r.rect.CornerRadius = theme.InputRadiusSize()
	r.Refresh()
	return r
}

type themedRectRenderer struct {
	t    *themedRect
	rect canvas.Rectangle
}

func (r *themedRectRenderer) Layout(s fyne.Size)           { r.rect.Resize(s) }
func (r *themedRectRenderer) MinSize() fyne.Size           { return fyne.Size{} }
func (r *themedRectRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{&r.rect} }
func (r *themedRectRenderer) Destroy()                     {}
func (r *themedRectRenderer) Refresh() {
	r.rect.FillColor = theme.Color(r.t.name)
	r.rect.Refresh()
}

// spacer is an expanding gap for HBox rows.
func spacer() fyne.CanvasObject { return layout.NewSpacer() }

// cell is a table cell's text: one line, cut with "…" when the column is
// too narrow. It is a canvas.Text rather than a Label because the list
// updates every visible cell on each keystroke in the search box, and a
// truncating Label re-shapes its text on each update.
type cell struct {
	widget.BaseWidget
	Text      string // in full, as set
	bold, dim bool
	shown     *canvas.Text
	fitWidth  float32
	fitText   string
}

func newCell() *cell {
	c := &cell{shown: &canvas.Text{}}
	c.ExtendBaseWidget(c)
	return c
}

// SetText changes the text, redrawing only when it differs.
func (c *cell) SetText(s string) {
	if s == c.Text && c.fitText != "" {
		c.applyStyle()
		return
	}
	c.Text = s
	c.fitText = ""
	c.Refresh()
}

func (c *cell) applyStyle() {
	col := theme.Color(theme.ColorNameForeground)
	if c.dim {
		col = theme.Color(theme.ColorNamePlaceHolder)
	}
	if c.shown.Color != col || c.shown.TextStyle.Bold != c.bold {
		c.shown.Color, c.shown.TextStyle.Bold = col, c.bold
		c.shown.Refresh()
	}
}

func (c *cell) CreateRenderer() fyne.WidgetRenderer { return &cellRenderer{c: c} }

type cellRenderer struct{ c *cell }

func (r *cellRenderer) Destroy() {}

func (r *cellRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.c.shown} }

func (r *cellRenderer) MinSize() fyne.Size {
	h := fyne.MeasureText("M", theme.TextSize(), fyne.TextStyle{Bold: r.c.bold}).Height
	return fyne.NewSize(theme.InnerPadding()*2, h+theme.InnerPadding())
}

func (r *cellRenderer) Layout(size fyne.Size) {
	c := r.c
	pad := theme.InnerPadding()
	avail := size.Width - pad*2
	if c.fitText == "" || c.fitWidth != avail {
		c.fitWidth = avail
		c.fitText = fitText(c.Text, avail, theme.TextSize(), fyne.TextStyle{Bold: c.bold})
		c.shown.Text = c.fitText
	}
	c.shown.TextSize = theme.TextSize()
	ts := c.shown.MinSize()
	c.shown.Move(fyne.NewPos(pad, (size.Height-ts.Height)/2))
	c.shown.Resize(fyne.NewSize(avail, ts.Height))
}

func (r *cellRenderer) Refresh() {
	r.c.fitText = ""
	r.c.shown.Color = nil
	r.c.applyStyle()
	r.Layout(r.c.Size())
	r.c.shown.Refresh()
}

// fitText cuts s with "…" to fit width, measuring as few prefixes as it can.
func fitText(s string, width, size float32, style fyne.TextStyle) string {
	if s == "" || fyne.MeasureText(s, size, style).Width <= width {
		return s
	}
	runes := []rune(s)
	lo, hi := 0, len(runes)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if fyne.MeasureText(string(runes[:mid])+"…", size, style).Width <= width {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	if lo == 0 {
		return "…"
	}
	return strings.TrimRight(string(runes[:lo]), " ") + "…"
}
