package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// column is one column of a list: its heading, the width it needs at
// least (or, fit, its content's width: a row's buttons), and its share of
// the width left over.
type column struct {
	title  string
	min    float32
	weight float32
	fit    bool // as wide as its content; no width at all while hidden
}

// columnsLayout places one object per column, left to right, so that a
// list's header and every row line up: the one layout of every list in the
// window. Each object is as tall as the row, or, middle, at its own height
// and centred. The row is at least minHeight tall, when that is set.
type columnsLayout struct {
	cols      []column
	middle    bool
	minHeight func() float32
}

func (l *columnsLayout) widths(objs []fyne.CanvasObject, total float32) []float32 {
	pad := theme.Padding()
	w := make([]float32, len(l.cols))
	var used, weights float32
	for i, c := range l.cols {
		switch {
		case !c.fit:
			w[i] = c.min
		case i < len(objs) && objs[i].Visible():
			w[i] = objs[i].MinSize().Width
		default:
			continue // a hidden fitted column takes no room, nor a gap
		}
		if i > 0 {
			used += pad
		}
		used += w[i]
		weights += c.weight
	}
	if spare := total - used; spare > 0 && weights > 0 {
		for i, c := range l.cols {
			w[i] += spare * c.weight / weights
		}
	}
	return w
}

func (l *columnsLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	x := float32(0)
	for i, w := range l.widths(objs, size.Width) {
		if i >= len(objs) {
			break
		}
		h := size.Height
		if l.middle {
			h = min(objs[i].MinSize().Height, size.Height)
		}
		objs[i].Move(fyne.NewPos(x, (size.Height-h)/2))
		objs[i].Resize(fyne.NewSize(w, h))
		if w > 0 || !l.cols[i].fit {
			x += w + theme.Padding()
		}
	}
}

func (l *columnsLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var width, height float32
	if l.minHeight != nil {
		height = l.minHeight()
	}
	for i, w := range l.widths(objs, 0) {
		if w > 0 || !l.cols[i].fit {
			width += w + theme.Padding()
		}
	}
	for _, o := range objs {
		height = max(height, cellHeight(o))
	}
	return fyne.NewSize(max(width-theme.Padding(), 0), height)
}

// cellHeight is o's height. An icon button's is known without asking it,
// which would build its renderer for every pooled row.
func cellHeight(o fyne.CanvasObject) float32 {
	if b, ok := o.(*button); ok && b.Text == "" && b.Icon != nil {
		return theme.IconInlineSize() + theme.InnerPadding()*2
	}
	return o.MinSize().Height
}

// columnsHeader is the bold heading row above a list laid out in cols.
func columnsHeader(cols []column) fyne.CanvasObject {
	cells := make([]fyne.CanvasObject, len(cols))
	for i, c := range cols {
		cells[i] = &widget.Label{Text: c.title, TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis}
	}
	row := container.New(&columnsLayout{cols: cols, middle: true}, cells...)
	return container.NewVBox(container.New(layout.NewCustomPaddedLayout(theme.Padding(), 0, 0, 0), row), widget.NewSeparator())
}

// emptyState is a page with nothing to list yet: a large icon, a title,
// what the page is for, and the actions that fill it (links below).
func emptyState(icon fyne.Resource, title, text string, actions []fyne.CanvasObject, links ...fyne.CanvasObject) *fyne.Container {
	t := &widget.Label{Text: title, TextStyle: fyne.TextStyle{Bold: true}, Alignment: fyne.TextAlignCenter, SizeName: theme.SizeNameSubHeadingText}
	hint := &widget.Label{Text: text, Alignment: fyne.TextAlignCenter, Wrapping: fyne.TextWrapWord}
	box := container.NewVBox(
		container.NewCenter(container.NewGridWrap(fyne.NewSquareSize(64), widget.NewIcon(icon))),
		t, container.NewGridWrap(fyne.NewSize(480, 80), hint),
		container.NewCenter(container.NewHBox(actions...)),
	)
	for _, l := range links {
		box.Add(container.NewCenter(l))
	}
	return container.NewCenter(box)
}
