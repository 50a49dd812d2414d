package ui

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"zoomconn/model"
)

// iclientsPage lists the OAuth apps (iClients) the connections use.
type iclientsPage struct {
	screen
	content fyne.CanvasObject
	cols    []column // iclientColumns, the last as wide as a row's buttons at least

	body   *fyne.Container
	list   *widget.List
	table  fyne.CanvasObject
	empty  fyne.CanvasObject
	create *button
	count  *widget.Label
	rows   []iclientRow
}

// iclientRow is one iClient with the names of the connections that use it.
type iclientRow struct {
	model.IClient
	users []string
}

// iclientColumns are the list's columns; the last holds a row's Edit and
// Delete, and is at least as wide as they are (iclientsPage.build).
var iclientColumns = []column{
	{title: "Name", min: 60, weight: 3}, {title: "Environment", min: 60, weight: 2.2}, {title: "App type", min: 60, weight: 2},
	{title: "Client ID", min: 60, weight: 2.6}, {title: "Used by", min: 60, weight: 1.8}, {min: 60, weight: 1.9},
}

func newIClientsPage(s screen) *iclientsPage {
	p := &iclientsPage{screen: s}
	p.content = newLazyContent(p.build)
	return p
}

// build makes the page the first time it is shown.
func (p *iclientsPage) build() fyne.CanvasObject {
	p.cols = slices.Clone(iclientColumns)
	_, _, buttons := newIClientButtons()
	p.cols[len(p.cols)-1].min = max(p.cols[len(p.cols)-1].min, buttons.MinSize().Width)
	p.create = btn(&button{Button: widget.Button{Text: "New iClient…", Icon: theme.ContentAddIcon(), Importance: widget.HighImportance, OnTapped: p.onCreate}})
	p.count = &widget.Label{}
	title := &widget.Label{Text: "iClients", TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameSubHeadingText}
	intro := &widget.Label{Wrapping: fyne.TextWrapWord, Text: "An iClient is an OAuth app you created in Zoom's App Marketplace: its Client ID and Client secret. " +
		"Several connections can share one. When Zoom gives the app a new Client secret, edit the iClient and paste it: every connection that uses the iClient then uses the new secret."}

	p.list = widget.NewList(
		func() int { return len(p.rows) },
		p.newRow,
		func(i widget.ListItemID, o fyne.CanvasObject) { p.updateRow(i, o) },
	)
	p.list.HideSeparators = false
	p.table = container.NewBorder(columnsHeader(p.cols), nil, nil, nil, p.list)

	guide := btn(&button{Button: widget.Button{Text: "How do I create one in Zoom?", Icon: theme.HelpIcon(), OnTapped: func() { p.nav.showGuide() }}})
	create := btn(&button{Button: widget.Button{Text: "New iClient…", Icon: theme.ContentAddIcon(), Importance: widget.HighImportance, OnTapped: p.onCreate}})
	p.empty = emptyState(theme.AccountIcon(), "No iClients yet",
		"Create an iClient from the Client ID and Client secret of your Zoom OAuth app. The guide shows where Zoom keeps them.",
		[]fyne.CanvasObject{guide, create})

	p.body = container.NewStack(p.empty)
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(p.count, p.create), title),
		intro,
	)
	p.refresh()
	return container.NewBorder(container.NewPadded(top), nil, nil, nil, container.NewPadded(p.body))
}

func (p *iclientsPage) newRow() fyne.CanvasObject {
	name := &widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis}
	env := &widget.Label{Truncation: fyne.TextTruncateEllipsis}
	app := &widget.Label{Truncation: fyne.TextTruncateEllipsis}
	id := &widget.Label{TextStyle: fyne.TextStyle{Monospace: true}, Truncation: fyne.TextTruncateEllipsis}
	used := &widget.Label{Truncation: fyne.TextTruncateEllipsis}
	_, _, buttons := newIClientButtons()
	return container.New(&columnsLayout{cols: p.cols, middle: true}, name, env, app, id, used, buttons)
}

// newIClientButtons are a row's Edit and Delete, side by side.
func newIClientButtons() (edit, del *button, box *fyne.Container) {
	edit = btn(&button{Button: widget.Button{Text: "Edit", Icon: theme.DocumentCreateIcon(), Importance: widget.LowImportance}})
	del = btn(&button{Button: widget.Button{Text: "Delete", Icon: theme.DeleteIcon(), Importance: widget.LowImportance}})
	return edit, del, container.NewHBox(edit, del)
}

func (p *iclientsPage) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	r := p.rows[i]
	objs := o.(*fyne.Container).Objects
	objs[0].(*widget.Label).SetText(r.Name)
	objs[1].(*widget.Label).SetText(r.Env.Kind.ShortLabel())
	objs[2].(*widget.Label).SetText(r.AppType.Label())
	objs[3].(*widget.Label).SetText(r.ClientID)
	used := objs[4].(*widget.Label)
	switch n := len(r.users); n {
	case 0:
		used.Text, used.TextStyle.Italic = "Not used", true
	case 1:
		used.Text, used.TextStyle.Italic = "1 connection", false
	default:
		used.Text, used.TextStyle.Italic = fmt.Sprintf("%d connections", n), false
	}
	used.Refresh()
	buttons := objs[5].(*fyne.Container).Objects
	buttons[0].(*button).OnTapped = func() { p.onEdit(r.IClient) }
	buttons[1].(*button).OnTapped = func() { p.onDelete(r) }
}

// show is called whenever the document reloads.
func (p *iclientsPage) show(doc *model.Document) {
	users := map[string][]string{}
	for _, c := range doc.Connections {
		if c.IClientID != "" {
			users[c.IClientID] = append(users[c.IClientID], c.Name)
		}
	}
	p.rows = p.rows[:0]
	for _, ic := range doc.IClients {
		p.rows = append(p.rows, iclientRow{IClient: ic, users: users[ic.ID]})
	}
	sort.SliceStable(p.rows, func(i, j int) bool { return strings.ToLower(p.rows[i].Name) < strings.ToLower(p.rows[j].Name) })
	if p.body != nil {
		p.refresh()
	}
}

// refresh shows the rows.
func (p *iclientsPage) refresh() {
	switch len(p.rows) {
	case 0:
		p.count.SetText("")
		p.body.Objects = []fyne.CanvasObject{p.empty}
	case 1:
		p.count.SetText("1 iClient")
		p.body.Objects = []fyne.CanvasObject{p.table}
	default:
		p.count.SetText(fmt.Sprintf("%d iClients", len(p.rows)))
		p.body.Objects = []fyne.CanvasObject{p.table}
	}
	p.create.Hidden = len(p.rows) == 0
	p.create.Refresh()
	p.body.Refresh()
	p.list.Refresh()
}

func (p *iclientsPage) onCreate() {
	p.nav.openIClientDialog(nil, func(model.IClient) { p.nav.reload() })
}

func (p *iclientsPage) onEdit(ic model.IClient) {
	p.nav.openIClientDialog(&ic, func(model.IClient) { p.nav.reload() })
}

// onDelete refuses at once when connections use the iClient (naming them),
// and otherwise asks, then deletes off the UI goroutine: the Client secret
// is removed from the keyring, which may wait on an unlock prompt.
func (p *iclientsPage) onDelete(r iclientRow) {
	if len(r.users) > 0 {
		p.dlg.showError("This iClient is in use", &model.InUseError{IClient: r.Name, Connections: r.users})
		return
	}
	msg := fmt.Sprintf("Delete the iClient %q? Its Client secret is removed from your password store. The app in Zoom's App Marketplace is not changed.", r.Name)
	p.dlg.ask(question{Title: "Delete iClient", Message: msg, Yes: "Delete", Danger: true}, func(ok bool) {
		if ok {
			p.delete(r.IClient)
		}
	})
}

func (p *iclientsPage) delete(ic model.IClient) {
	svc := p.svc
	if svc == nil {
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		err := svc.Setup.DeleteIClient(ctx, ic.ID)
		fyne.Do(func() {
			if err != nil {
				p.dlg.showError("The iClient was not deleted", err)
				return
			}
			p.nav.reload()
		})
	}()
}

// lazyContent builds a page the first time it is shown. Tabs measure every
// tab's content, shown or not, and measuring text is most of the cost of a
// page: the pages not on screen at start cost nothing until they are opened.
type lazyContent struct {
	widget.BaseWidget
	build func() fyne.CanvasObject
	obj   fyne.CanvasObject
}

func newLazyContent(build func() fyne.CanvasObject) *lazyContent {
	l := &lazyContent{build: build}
	l.ExtendBaseWidget(l)
	return l
}

func (l *lazyContent) CreateRenderer() fyne.WidgetRenderer {
	if l.obj == nil {
		l.obj = l.build()
	}
	return widget.NewSimpleRenderer(l.obj)
}

// Refresh does nothing until the page is built: tabs refresh every tab's
// content when they apply the theme.
func (l *lazyContent) Refresh() {
	if l.obj != nil {
		l.BaseWidget.Refresh()
	}
}

// MinSize is zero until the page is built, so measuring it builds nothing.
func (l *lazyContent) MinSize() fyne.Size {
	if l.obj == nil {
		return fyne.Size{}
	}
	return l.BaseWidget.MinSize()
}
