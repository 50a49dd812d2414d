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

// Columns of the list, with the width each needs and how much of the spare
// width it takes.
type column struct {
	title  string
	min    float32
	weight float32
}

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
	colName:     {"Name", 180, 3},
	colEnv:      {"Environment", 150, 1},
	colAuth:     {"Authentication type", 165, 1},
	colStatus:   {"Status", 160, 0},
	colAccount:  {"Account", 170, 2},
	colModified: {"Last modified", 150, 0},
	colActions:  {"", 40, 0},
}

// columnsLayout places one object per column, so the header and every row
// line up; each object is vertically centred at its own height.
type columnsLayout struct{}

func newColumnsLayout() fyne.Layout { return columnsLayout{} }

func (columnsLayout) widths(total float32) []float32 {
	pad := theme.Padding()
	var min, weights float32
	for _, c := range columns {
		min += c.min
		weights += c.weight
	}
	spare := total - min - pad*float32(len(columns)-1)
	w := make([]float32, len(columns))
	for i, c := range columns {
		w[i] = c.min
		if spare > 0 {
			w[i] += spare * c.weight / weights
		}
	}
	return w
}

func (l columnsLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	w := l.widths(size.Width)
	x := float32(0)
	for i, o := range objects {
		if i >= len(w) {
			break
		}
		h := min(o.MinSize().Height, size.Height)
		if _, ok := o.(*statusBadge); !ok {
			h = size.Height
		}
		o.Move(fyne.NewPos(x, (size.Height-h)/2))
		o.Resize(fyne.NewSize(w[i], h))
		x += w[i] + theme.Padding()
	}
}

func (columnsLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var width, height float32
	for i, o := range objects {
		if i < len(columns) {
			width += columns[i].min
		}
		// A row's … button is an icon button: its height is known without
		// asking it, which would build its renderer for every pooled row.
		if b, ok := o.(*button); ok && b.Text == "" && b.Icon != nil {
			height = max(height, theme.IconInlineSize()+theme.InnerPadding()*2)
			continue
		}
		height = max(height, o.MinSize().Height)
	}
	return fyne.NewSize(width+theme.Padding()*float32(len(columns)-1), height)
}

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
