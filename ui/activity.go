package ui

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"zoomconn/internal/words"
	"zoomconn/model"
)

const allConnections = "All connections"

// activityPage shows the append-only activity log, for every connection or one.
type activityPage struct {
	screen
	content fyne.CanvasObject

	filter  *widget.Select
	refresh *button
	export  *button
	count   *widget.Label
	list    *widget.List
	body    *fyne.Container
	table   fyne.CanvasObject
	empty   *widget.Label

	all     []model.Event // as read, oldest first
	shown   []model.Event // filtered, newest first
	detail  *widget.Label // the selected entry in full
	skipped int
	connIDs map[string]string // connection name → id, for the filter
	names   []string          // connection names, sorted
	wantID  string            // connection to show ("" for all)
	loading int               // reads under way; the newest one wins

	// saveDialog asks where to save the CSV; tests replace it.
	saveDialog func(name string, done func(fyne.URIWriteCloser, error))
}

var activityColumns = []column{
	{title: "Time", min: 60, weight: 1.7}, {title: "Connection", min: 60, weight: 2.2}, {title: "Event", min: 60, weight: 2},
	{title: "Detail", min: 60, weight: 4.5}, {title: "Result", min: 60, weight: 1},
}

func newActivityPage(s screen) *activityPage {
	p := &activityPage{screen: s, connIDs: map[string]string{}}
	p.saveDialog = p.fileSaveDialog
	p.content = newLazyContent(p.build)
	return p
}

// build makes the page the first time it is shown, and reads the log.
func (p *activityPage) build() fyne.CanvasObject {
	p.filter = &widget.Select{Options: append([]string{allConnections}, p.names...), Selected: p.filterName(), OnChanged: p.onFilter}
	p.refresh = btn(&button{Button: widget.Button{Icon: theme.ViewRefreshIcon(), Importance: widget.LowImportance, OnTapped: p.load}})
	p.export = btn(&button{Button: widget.Button{Text: "Export CSV…", Icon: theme.DocumentSaveIcon(), OnTapped: p.onExport}})
	p.count = &widget.Label{}
	title := &widget.Label{Text: "Activity", TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameSubHeadingText}
	intro := &widget.Label{Wrapping: fyne.TextWrapWord, Text: "Everything done to your connections and iClients, newest first: created, migrated, authorized, refreshed, tested, revoked, deleted. No secret is ever recorded."}

	p.list = widget.NewList(
		func() int { return len(p.shown) },
		p.newRow,
		func(i widget.ListItemID, o fyne.CanvasObject) { p.updateRow(i, o) },
	)
	// The Details column cuts long text: the selected entry reads in full
	// below the list, selectable for copying.
	p.detail = &widget.Label{Text: detailHint, Wrapping: fyne.TextWrapWord, Selectable: true}
	p.list.OnSelected = func(i widget.ListItemID) { p.showDetail(i) }
	p.table = container.NewBorder(columnsHeader(activityColumns), container.NewVBox(widget.NewSeparator(), p.detail), nil, nil, p.list)
	p.empty = &widget.Label{Alignment: fyne.TextAlignCenter, Wrapping: fyne.TextWrapWord}
	p.body = container.NewStack(p.table)

	bar := container.NewBorder(nil, nil,
		container.NewHBox(&widget.Label{Text: "Show"}, container.NewGridWrap(fyne.NewSize(280, p.filter.MinSize().Height), p.filter), p.refresh),
		container.NewHBox(p.count, p.export))
	top := container.NewVBox(title, intro, bar)
	p.load()
	return container.NewBorder(container.NewPadded(top), nil, nil, nil, container.NewPadded(p.body))
}

func (p *activityPage) newRow() fyne.CanvasObject {
	cells := make([]fyne.CanvasObject, len(activityColumns))
	for i := range cells {
		cells[i] = &widget.Label{Truncation: fyne.TextTruncateEllipsis}
	}
	cells[2].(*widget.Label).TextStyle = fyne.TextStyle{Bold: true}
	return container.New(&columnsLayout{cols: activityColumns, middle: true}, cells...)
}

func (p *activityPage) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	ev := p.shown[i]
	cells := o.(*fyne.Container).Objects
	cells[0].(*widget.Label).SetText(ev.Time.Local().Format("Jan 2, 2006 15:04"))
	name := ev.ConnectionName
	if name == "" {
		name = "—"
	}
	cells[1].(*widget.Label).SetText(name)
	cells[2].(*widget.Label).SetText(ev.Kind.Label())
	cells[3].(*widget.Label).SetText(ev.Detail)
	res := cells[4].(*widget.Label)
	res.Text, res.Importance = "", widget.MediumImportance
	if ev.OK != nil {
		if *ev.OK {
			res.Text, res.Importance = "OK", widget.SuccessImportance
		} else {
			res.Text, res.Importance = "Failed", widget.DangerImportance
		}
	}
	res.Refresh()
}

// show is called whenever the document reloads: the filter lists the
// connections, and the log is read again, off the UI goroutine.
func (p *activityPage) show(doc *model.Document) {
	p.connIDs = map[string]string{}
	names := make([]string, 0, len(doc.Connections))
	for _, c := range doc.Connections {
		p.connIDs[c.Name] = c.ID
		names = append(names, c.Name)
	}
	sort.Slice(names, func(i, j int) bool { return strings.ToLower(names[i]) < strings.ToLower(names[j]) })
	p.names = names
	if p.filter == nil {
		return // not built yet: build reads the log
	}
	p.filter.Options = append([]string{allConnections}, names...)
	p.filter.Refresh()
	p.load()
}

// showFor shows the events of one connection.
func (p *activityPage) showFor(connID string) {
	p.wantID = connID
	if p.filter == nil {
		return // build selects it
	}
	p.filter.Selected = p.filterName() // set directly, so OnChanged does not fire
	p.filter.Refresh()
	p.applyFilter()
}

// filterName is the filter's choice for wantID.
func (p *activityPage) filterName() string {
	for n, id := range p.connIDs {
		if id == p.wantID && p.wantID != "" {
			return n
		}
	}
	return allConnections
}

func (p *activityPage) onFilter(name string) {
	p.wantID = p.connIDs[name] // "" for all
	p.applyFilter()
}

// load reads the log off the UI goroutine: it grows without bound.
func (p *activityPage) load() {
	if p.svc == nil {
		return
	}
	p.loading++
	gen := p.loading
	log := p.svc.Activity
	go func() {
		evs, skipped, err := log.Read("")
		fyne.Do(func() {
			if gen != p.loading {
				return // a newer read is under way
			}
			if err != nil {
				p.dlg.showError("The activity log cannot be read", err)
				return
			}
			p.all, p.skipped = evs, skipped
			p.applyFilter()
		})
	}()
}

func (p *activityPage) applyFilter() {
	p.shown = p.shown[:0]
	for _, ev := range p.all {
		if p.wantID == "" || ev.ConnectionID == p.wantID {
			p.shown = append(p.shown, ev)
		}
	}
	// The log is oldest first; newest first reads better. Equal times keep
	// the log's order, reversed.
	slices.Reverse(p.shown)
	sort.SliceStable(p.shown, func(i, j int) bool { return p.shown[i].Time.After(p.shown[j].Time) })

	n := len(p.shown)
	text := words.Count(n, "event", "events")
	if p.skipped > 0 {
		text += fmt.Sprintf(" (%d unreadable lines skipped)", p.skipped)
	}
	p.count.SetText(text)
	if n == 0 {
		p.export.Disable()
		if p.wantID == "" {
			p.empty.SetText("No activity yet. Creating, migrating, authorizing and testing connections is recorded here.")
		} else {
			p.empty.SetText("Nothing recorded for this connection yet.")
		}
		p.body.Objects = []fyne.CanvasObject{container.NewCenter(container.NewGridWrap(fyne.NewSize(460, 60), p.empty))}
	} else {
		p.export.Enable()
		p.body.Objects = []fyne.CanvasObject{p.table}
	}
	p.body.Refresh()
	p.list.UnselectAll()
	p.detail.SetText(detailHint)
	p.list.Refresh()
	p.list.ScrollToTop()
}

func (p *activityPage) onExport() {
	events := slices.Clone(p.shown)
	slices.Reverse(events) // a spreadsheet reads oldest first
	name := "zoomconn-activity-" + time.Now().Format("2006-01-02") + ".csv"
	p.saveDialog(name, func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			p.dlg.showError("The activity was not exported", err)
			return
		}
		if w == nil {
			return // cancelled
		}
		go p.writeCSV(w, events)
	})
}

// writeCSV runs off the UI goroutine: the file may be on a slow disk.
func (p *activityPage) writeCSV(w io.WriteCloser, events []model.Event) {
	err := model.WriteCSV(w, events)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	fyne.Do(func() {
		if err != nil {
			p.dlg.showError("The activity was not exported", fmt.Errorf("write the CSV file: %w", err))
			return
		}
		p.count.SetText(fmt.Sprintf("Exported %d events", len(events)))
	})
}

func (p *activityPage) fileSaveDialog(name string, done func(fyne.URIWriteCloser, error)) {
	d := dialog.NewFileSave(done, p.win)
	d.SetFileName(name)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".csv"}))
	d.Resize(fyne.NewSize(760, 520))
	d.Show()
}

// detailHint is what the details pane says before an entry is selected.
const detailHint = "Select an entry to read its details in full."

// showDetail shows entry i in full in the pane below the list.
func (p *activityPage) showDetail(i widget.ListItemID) {
	if i < 0 || i >= len(p.shown) {
		p.detail.SetText(detailHint)
		return
	}
	ev := p.shown[i]
	name := ev.ConnectionName
	if name == "" {
		name = "—"
	}
	p.detail.SetText(fmt.Sprintf("%s · %s · %s\n%s", ev.Time.Local().Format("Jan 2, 2006 15:04:05"), name, ev.Kind.Label(), ev.Detail))
}
