// The run's rows: one per connection, as tall as what it says needs.

package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// runColumns are a run row's: its dot, name and state at fixed widths,
// the detail taking the width left, and Details (when shown) at its own.
var runColumns = []column{{min: 12}, {min: 215}, {min: 125}, {min: 60, weight: 1}, {fit: true}}

// runLine is the height of one line of a run row: a button's.
func runLine() float32 { return theme.IconInlineSize() + 2*theme.InnerPadding() }

// runRow shows one connection of the run: a dot and a word for its state,
// what is happening or came of it, wrapped to as many lines as it takes,
// and Details when it failed.
type runRow struct {
	widget.BaseWidget
	row          *migrateRow
	dot          *canvas.Circle
	name, detail *widget.Label
	state        *quietLabel // drawn in its state's colour
	details      *button
	box          *fyne.Container
}

func newRunRow(w *migrateWizard) *runRow {
	v := &runRow{dot: &canvas.Circle{},
		name:   &widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis},
		state:  newQuietLabel(""),
		detail: &widget.Label{Wrapping: fyne.TextWrapWord},
	}
	v.details = newDetailsButton(func() {
		row := v.row
		w.dlg.showErrorWith(fmt.Sprintf("“%s” was not migrated", row.c.Name), row.err, func(hide func()) []fyne.CanvasObject {
			return w.fixFor(row, hide)
		})
	})
	// Resized before anything asked their size, struct literals would
	// not lay their text out: a wrapped detail would run on, one line.
	v.name.ExtendBaseWidget(v.name)
	v.detail.ExtendBaseWidget(v.detail)
	dot := container.NewCenter(container.NewGridWrap(fyne.NewSquareSize(10), v.dot))
	v.box = container.New(firstLine{&columnsLayout{cols: runColumns, minHeight: buttonHeight}}, dot, v.name, v.state, v.detail, v.details)
	v.state.seg.Style.TextStyle.Bold = true
	v.ExtendBaseWidget(v)
	return v
}

func newDetailsButton(tapped func()) *button {
	return btn(&button{Button: widget.Button{Text: "Details", Icon: theme.InfoIcon(), OnTapped: tapped}})
}

func (v *runRow) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(v.box) }

func (v *runRow) set(r *migrateRow) {
	v.row = r
	word, c, imp := r.state.look()
	v.dot.FillColor = c
	v.dot.Refresh()
	v.name.SetText(r.c.Name)
	v.state.setColour(textColour(imp))
	v.state.SetText(word)
	v.detail.SetText(r.detail)
	v.details.Hidden = !r.hasDetails()
	v.box.Refresh()
}

// hasDetails reports whether the row offers Details: what Zoom said, and
// the fix, when it failed. Everything else the row says in full.
func (r *migrateRow) hasDetails() bool { return r.state == rowFailed && r.err != nil }

// firstLine lays a run row out as runColumns do, with every part on the
// first line but the detail, which takes the row's whole height.
type firstLine struct{ cols *columnsLayout }

const detailColumn = 3

func (l firstLine) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.cols.Layout(objs, fyne.NewSize(size.Width, runLine()))
	d := objs[detailColumn]
	d.Resize(fyne.NewSize(d.Size().Width, size.Height))
}

func (l firstLine) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return l.cols.MinSize(objs)
}

// runList is the run's list of rows. Fyne's list gives every row the
// height of the first, so it sets each row's height to what its detail,
// wrapped at the width the list gives it, needs: before each refresh, and
// whenever its width changes.
type runList struct {
	widget.List
	run      *migrateRun
	measure  *widget.Label // lays a detail out, off screen
	detailsW float32       // the width of Details
	heights  map[fitKey]float32
	set      map[widget.ListItemID]float32 // the heights given to rows
}

type fitKey struct {
	text    string
	width   float32
	details bool
}

func newRunList(w *migrateWizard, r *migrateRun) *runList {
	l := &runList{run: r, measure: widget.NewLabel(""),
		detailsW: newDetailsButton(nil).MinSize().Width,
		heights:  map[fitKey]float32{}, set: map[widget.ListItemID]float32{}}
	l.Length = func() int { return len(r.rows) }
	l.CreateItem = func() fyne.CanvasObject { return newRunRow(w) }
	l.UpdateItem = func(i widget.ListItemID, o fyne.CanvasObject) { o.(*runRow).set(r.rows[i]) }
	l.measure.Wrapping = fyne.TextWrapWord
	l.ExtendBaseWidget(l)
	return l
}

// Refresh fits every row, then redraws the list.
func (l *runList) Refresh() {
	for i := range l.run.rows {
		l.fit(i)
	}
	l.List.Refresh()
}

// RefreshItem fits row id, then redraws it.
func (l *runList) RefreshItem(id widget.ListItemID) {
	l.fit(id)
	l.List.RefreshItem(id)
}

// Resize fits every row again when the width changes.
func (l *runList) Resize(s fyne.Size) {
	wider := s.Width != l.Size().Width
	l.List.Resize(s)
	if wider {
		l.Refresh()
	}
}

// fit gives row id the height its detail needs at the list's width.
func (l *runList) fit(id widget.ListItemID) {
	width := l.Size().Width
	if width <= 0 || id < 0 || id >= len(l.run.rows) {
		return
	}
	h := l.heightOf(l.run.rows[id], width)
	if old, ok := l.set[id]; ok && old == h || !ok && h == runLine() {
		return
	}
	l.set[id] = h
	l.SetItemHeight(id, h)
}

// heightOf is the height of row r in a list of that width.
func (l *runList) heightOf(r *migrateRow, width float32) float32 {
	if r.detail == "" {
		return runLine()
	}
	pad := theme.Padding()
	w := width
	for _, c := range runColumns {
		if c.weight == 0 && !c.fit {
			w -= c.min + pad
		}
	}
	if r.hasDetails() {
		w -= l.detailsW + pad
	}
	w = max(w, runLine()) // a list too narrow for its columns
	k := fitKey{r.detail, w, r.hasDetails()}
	if h, ok := l.heights[k]; ok {
		return h
	}
	l.measure.Text = r.detail
	l.measure.Refresh()
	l.measure.Resize(fyne.NewSize(w, runLine()))
	h := max(runLine(), l.measure.MinSize().Height)
	l.heights[k] = h
	return h
}
