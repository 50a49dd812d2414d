package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"zoomconn/model"
)

// connectionsPage is the home screen: every connection and its status.
type connectionsPage struct {
	ui      *UI
	content *fyne.Container

	empty    *fyne.Container
	list     *widget.List
	problem  *widget.Label
	rows     []model.Connection
	create   *widget.Button
	importer *widget.Button
}

func newConnectionsPage(u *UI) *connectionsPage {
	p := &connectionsPage{ui: u}
	p.create = &widget.Button{Text: "Create connection", Icon: theme.ContentAddIcon(), Importance: widget.HighImportance, OnTapped: p.onCreate}
	p.importer = &widget.Button{Text: "Import", Icon: theme.DownloadIcon(), OnTapped: p.onImport}
	title := &widget.Label{Text: "No connections yet", TextStyle: fyne.TextStyle{Bold: true}, Alignment: fyne.TextAlignCenter}
	hint := &widget.Label{
		Text:      "A connection lets your integrations call the Zoom API. Create one, or import the list of connections you used with JWT and migrate them to OAuth 2.0.",
		Alignment: fyne.TextAlignCenter,
		Wrapping:  fyne.TextWrapWord,
	}
	p.empty = container.NewCenter(container.NewVBox(
		widget.NewIcon(theme.StorageIcon()), title, container.NewGridWrap(fyne.NewSize(460, 80), hint),
		container.NewCenter(container.NewHBox(p.importer, p.create)),
	))
	p.problem = &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.DangerImportance}
	p.list = widget.NewList(
		func() int { return len(p.rows) },
		func() fyne.CanvasObject { return widget.NewLabel("connection") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			c := p.rows[i]
			o.(*widget.Label).SetText(c.Name + " · " + c.Auth.Label() + " · " + c.Status.Label())
		},
	)
	p.content = container.NewStack(p.empty)
	return p
}

func (p *connectionsPage) show(doc *model.Document) {
	p.rows = doc.Connections
	if len(p.rows) == 0 {
		p.content.Objects = []fyne.CanvasObject{p.empty}
	} else {
		p.content.Objects = []fyne.CanvasObject{p.list}
		p.list.Refresh()
	}
	p.content.Refresh()
}

func (p *connectionsPage) showError(err error) {
	p.problem.SetText(err.Error())
	p.content.Objects = []fyne.CanvasObject{container.NewPadded(p.problem)}
	p.content.Refresh()
}

func (p *connectionsPage) onCreate() {}

func (p *connectionsPage) onImport() {}
