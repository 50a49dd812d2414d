package ui

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"zoomconn/internal/words"
	"zoomconn/model"
)

// Status filter choices.
const (
	filterAll       = "All"
	filterMigration = "Needs migration"
	filterOnline    = "Online"
	filterOffline   = "Offline"
	filterNotAuth   = "Not authorized"
)

var statusFilters = []string{filterAll, filterMigration, filterOnline, filterOffline, filterNotAuth}

// connectionsPage is the home screen: every connection and its status.
type connectionsPage struct {
	screen
	content *fyne.Container // one of: empty, table, problem

	empty   *fyne.Container
	table   *fyne.Container
	problem *fyne.Container

	page       *fyne.Container // the banner, toolbar and headers over the list, the footer under it
	banner     *fyne.Container
	bannerText *widget.Label
	search     *searchEntry
	filter     *widget.Select
	create     *button
	importer   *button
	header     []*button
	list       *connList
	listArea   *fyne.Container
	noMatch    *widget.Label
	countLabel *quietLabel
	checkedAt  time.Time       // when the window last asked Zoom about every sign-in
	notice     *fyne.Container // what just succeeded, for a few seconds
	noticeText *widget.Label
	noticeIcon *widget.Icon
	noticeSeq  int

	view  connView
	jwt   []string // ids of JWT connections, for Migrate all
	files dataFiles
}

func newConnectionsPage(s screen) *connectionsPage {
	p := &connectionsPage{screen: s, files: dataFiles{s}}
	p.create = btn(&button{Button: widget.Button{Text: "Create connection", Icon: theme.ContentAddIcon(), Importance: widget.HighImportance, OnTapped: s.nav.newConnection}})
	p.importer = btn(&button{Button: widget.Button{Text: "Import", Icon: theme.DownloadIcon(), OnTapped: p.files.chooseImport}})
	p.content = container.NewStack()
	p.empty = p.makeEmpty()
	p.table = p.makeTable()
	p.content.Objects = []fyne.CanvasObject{p.empty}
	return p
}

func (p *connectionsPage) makeEmpty() *fyne.Container {
	guide := btn(&button{Button: widget.Button{Text: "How do I create the OAuth app in Zoom?", Icon: theme.HelpIcon(), Importance: widget.LowImportance, OnTapped: p.nav.showGuide}})
	return emptyState(theme.StorageIcon(), "No connections yet",
		"A connection lets your integrations call the Zoom API. Create one, or import the list of connections you used with JWT and migrate them to OAuth 2.0.",
		[]fyne.CanvasObject{p.importer, p.create}, guide)
}

func (p *connectionsPage) makeTable() *fyne.Container {
	p.bannerText = &widget.Label{Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true}}
	p.banner = newBanner(theme.WarningIcon(), colorMigration, p.bannerText,
		btn(&button{Button: widget.Button{Text: "Show timeline", Icon: theme.HistoryIcon(), OnTapped: func() { showTimeline(p.dlg) }}}),
		btn(&button{Button: widget.Button{Text: "Migrate all…", Importance: widget.WarningImportance, OnTapped: func() { p.nav.openMigrateWizard(p.jwt) }}}),
	)
	p.banner.Hide()

	p.search = &searchEntry{win: p.win}
	p.search.PlaceHolder = "Search name, account, iClient or type"
	p.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	p.search.OnChanged = p.onSearchChanged
	p.search.onDown = p.focusList
	p.search.onOpen = func() { p.open(0) } // the only or first match
	p.search.ExtendBaseWidget(p.search)
	p.filter = &widget.Select{Options: statusFilters, Selected: filterAll, OnChanged: p.onFilterChanged}
	toolbar := container.NewBorder(nil, nil,
		container.NewHBox(container.NewGridWrap(fyne.NewSize(340, p.search.MinSize().Height), p.search), p.filter),
		container.NewHBox(btn(&button{Button: widget.Button{Text: "Report", Icon: theme.DocumentIcon(), OnTapped: p.files.chooseReport}}), p.importer2(), p.create2()))

	p.view.sortCol, p.view.status = colName, filterAll
	headerRow := container.New(newColumnsLayout())
	for i, col := range columns {
		b := btn(&button{Button: widget.Button{Text: col.title, Alignment: widget.ButtonAlignLeading, Importance: widget.LowImportance, IconPlacement: widget.ButtonIconTrailingText}})
		if col.title == "" {
			b.Disable()
		} else {
			b.OnTapped = func() { p.onSort(i) }
		}
		p.header = append(p.header, b)
		headerRow.Add(b)
	}
	p.updateHeader()

	p.list = &connList{win: p.win, selected: -1}
	p.list.Length = func() int { return len(p.view.rows) }
	p.list.CreateItem = func() fyne.CanvasObject { return newConnRowView(p) }
	p.list.UpdateItem = func(id widget.ListItemID, o fyne.CanvasObject) { o.(*connRowView).set(id, p.view.row(id)) }
	p.list.OnSelected = func(id widget.ListItemID) { p.list.selected = id }
	p.list.OnUnselected = func(widget.ListItemID) { p.list.selected = -1 }
	p.list.onEnter = p.open
	p.list.ExtendBaseWidget(p.list)

	p.noMatch = &widget.Label{Alignment: fyne.TextAlignCenter, Wrapping: fyne.TextWrapWord}
	p.listArea = container.NewStack(p.list)
	p.countLabel = newQuietLabel("")
	top := container.NewVBox(p.banner, toolbar, container.NewStack(newHeaderBackground(), headerRow))
	p.page = container.NewBorder(top, p.footer(p.countLabel), nil, nil, p.listArea)
	return container.NewPadded(p.page)
}

// footer is the row count and, beside it, the notice of what just
// succeeded (an authorization whose dialog closed by itself).
func (p *connectionsPage) footer(count fyne.CanvasObject) fyne.CanvasObject {
	p.noticeText = &widget.Label{Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true}}
	p.noticeIcon = widget.NewIcon(theme.ConfirmIcon())
	p.notice = container.NewBorder(nil, nil, container.NewVBox(p.noticeIcon), nil, p.noticeText)
	p.notice.Hide()
	return container.NewBorder(nil, nil, count, nil, p.notice)
}

// noticeFor is how long the footer shows a notice.
const noticeFor = 12 * time.Second

// announce shows text in the footer for a while: where the admin looks
// once a dialog that ended well has closed by itself.
func (p *connectionsPage) announce(text string) {
	p.noticeIcon.SetResource(theme.ConfirmIcon())
	p.notify(text)
}

// warn is announce for bad news: Zoom ended a sign-in.
func (p *connectionsPage) warn(text string) {
	p.noticeIcon.SetResource(theme.NewWarningThemedResource(theme.WarningIcon()))
	p.notify(text)
}

func (p *connectionsPage) notify(text string) {
	p.noticeSeq++
	seq := p.noticeSeq
	p.noticeText.SetText(text)
	p.notice.Show()
	relayout(p.page)
	time.AfterFunc(noticeFor, func() {
		fyne.Do(func() {
			select {
			case <-p.closed:
				return // the window is gone, and the notice with it
			default:
			}
			if seq == p.noticeSeq {
				p.notice.Hide()
				relayout(p.page)
			}
		})
	})
}

// The empty state and the toolbar each show an Import and a Create button;
// a widget can have only one parent, so the toolbar gets its own pair.
func (p *connectionsPage) importer2() *button {
	return btn(&button{Button: widget.Button{Text: "Import", Icon: theme.DownloadIcon(), OnTapped: p.files.chooseImport}})
}

func (p *connectionsPage) create2() *button {
	return btn(&button{Button: widget.Button{Text: "Create connection", Icon: theme.ContentAddIcon(), Importance: widget.HighImportance, OnTapped: p.nav.newConnection}})
}

// show shows doc's connections, keeping the search, filter, sort and selection.
func (p *connectionsPage) show(doc *model.Document) {
	if len(doc.Connections) == 0 {
		p.setBody(p.empty)
		return
	}
	var selected string
	if p.list.selected >= 0 && p.list.selected < len(p.view.rows) {
		selected = p.view.row(p.list.selected).c.ID
	}
	p.view.load(doc)
	p.jwt = p.view.jwtIDs()
	if n := len(p.jwt); n > 0 {
		verb, them := "connections still use", "them"
		if n == 1 {
			verb, them = "connection still uses", "it"
		}
		p.bannerText.SetText(fmt.Sprintf("%d %s JWT, which Zoom turned off on September 8, 2023. Migrate %s: %s", n, verb, them, migrateAdvice))
		p.banner.Show()
	} else {
		p.banner.Hide()
	}
	relayout(p.page)
	p.setBody(p.table)
	p.refresh()
	p.list.UnselectAll()
	if selected != "" {
		if i := p.view.indexOf(selected); i >= 0 {
			p.list.Select(i)
		}
	}
}

func (p *connectionsPage) setBody(o fyne.CanvasObject) {
	if len(p.content.Objects) == 1 && p.content.Objects[0] == o {
		return
	}
	p.content.Objects = []fyne.CanvasObject{o}
	p.content.Refresh()
}

// showProblem says why the connections cannot be shown (an unreadable data
// file, an unusable data folder), where, and what can be done about it.
func (p *connectionsPage) showProblem(err error) {
	p.problem = p.files.problemView(err)
	p.setBody(p.problem)
}

func (p *connectionsPage) onSearchChanged(q string) {
	p.view.setQuery(q)
	p.refresh()
}

func (p *connectionsPage) onFilterChanged(s string) {
	p.view.status = s
	p.view.filter()
	p.refresh()
}

func (p *connectionsPage) onSort(col int) {
	if p.view.sortCol == col {
		p.view.sortDesc = !p.view.sortDesc
	} else {
		p.view.sortCol, p.view.sortDesc = col, false
	}
	p.view.sort()
	p.view.filter()
	p.updateHeader()
	p.list.UnselectAll()
	p.refresh()
}

func (p *connectionsPage) updateHeader() {
	for i, b := range p.header {
		var icon fyne.Resource
		if i == p.view.sortCol {
			icon = theme.MenuDropUpIcon()
			if p.view.sortDesc {
				icon = theme.MenuDropDownIcon()
			}
		}
		b.SetIcon(icon)
	}
}

// refresh shows the filtered rows (only the visible ones are built).
func (p *connectionsPage) refresh() {
	n, total := len(p.view.rows), len(p.view.all)
	if n == 0 && total > 0 {
		p.noMatch.SetText(p.view.noMatchText())
		p.listArea.Objects = []fyne.CanvasObject{container.NewCenter(container.NewGridWrap(fyne.NewSize(420, 60), p.noMatch))}
	} else {
		p.listArea.Objects = []fyne.CanvasObject{p.list}
	}
	p.listArea.Refresh()
	p.list.Refresh()
	text := words.Count(total, "connection", "connections")
	if n != total {
		text = fmt.Sprintf("%d of %s", n, words.Count(total, "connection", "connections"))
	}
	if !p.checkedAt.IsZero() {
		text += " · sign-ins checked with Zoom at " + p.checkedAt.Local().Format("15:04")
	}
	p.countLabel.SetText(text)
}

// setChecked says when the window last asked Zoom about every sign-in.
func (p *connectionsPage) setChecked(rep model.CheckReport) {
	p.checkedAt = rep.At
	p.refresh()
}

func (p *connectionsPage) focusList() {
	if len(p.view.rows) == 0 {
		return
	}
	p.win.Canvas().Focus(p.list)
	if p.list.selected < 0 {
		p.list.Select(0)
	}
}

// open opens the connection in row id in Edit connection.
func (p *connectionsPage) open(id widget.ListItemID) {
	if id < 0 || id >= len(p.view.rows) {
		return
	}
	c := p.view.row(id).c
	p.nav.openEditor(&c)
}

// showMenu opens the row's actions menu below its … button.
func (p *connectionsPage) showMenu(c model.Connection, at fyne.CanvasObject) {
	auth := fyne.NewMenuItem(authorizeLabel(c), func() { p.authorizeOrMigrate(c) })
	auth.Icon = theme.LoginIcon()
	items := []*fyne.MenuItem{
		{Label: "Edit connection", Icon: theme.DocumentCreateIcon(), Action: func() { p.nav.openEditor(&c) }},
		{Label: "Test connection", Icon: theme.MediaPlayIcon(), Action: func() { p.testConnection(c) }},
		auth,
		{Label: "Activity", Icon: theme.HistoryIcon(), Action: func() { p.nav.showActivity(c.ID) }},
	}
	if doc := p.latest(); doc != nil && c.Auth == model.AuthOAuth2 && doc.SignIn(c.SignInID) != nil {
		if p.adminManaged(c) {
			// Zoom's revoke would uninstall the app from the whole account.
			items = append(items,
				&fyne.MenuItem{Label: "Sign out here…", Icon: theme.LogoutIcon(), Action: func() { p.confirmForget(c) }},
				&fyne.MenuItem{Label: "Remove the app from the Zoom account…", Icon: theme.WarningIcon(), Action: func() { p.confirmRemoveApp(c) }})
		} else {
			items = append(items, &fyne.MenuItem{Label: "Sign out…", Icon: theme.LogoutIcon(), Action: func() { p.confirmSignOut(c) }})
		}
	}
	items = append(items,
		fyne.NewMenuItemSeparator(),
		&fyne.MenuItem{Label: "Delete", Icon: theme.DeleteIcon(), Action: func() { p.confirmDelete(c) }},
	)
	showMenuUnder(fyne.NewMenu("", items...), p.win.Canvas(), at)
}

// authorizeLabel names the row action that signs a connection in.
func authorizeLabel(c model.Connection) string {
	switch {
	case c.Auth == model.AuthJWT:
		return "Migrate…"
	case c.Status == model.StatusNotAuthorized:
		return "Authorize"
	}
	return "Reconnect"
}

// connRowView is one row of the list; the list reuses it for other rows.
type connRowView struct {
	widget.BaseWidget
	p                                  *connectionsPage
	id                                 widget.ListItemID
	c                                  model.Connection
	name, env, auth, account, modified *cell
	badge                              *statusBadge
	more                               *button
	box                                *fyne.Container
}

func newConnRowView(p *connectionsPage) *connRowView {
	r := &connRowView{p: p}
	r.name, r.env, r.auth, r.account, r.modified = newCell(), newCell(), newCell(), newCell(), newCell()
	r.name.bold = true
	r.badge = newStatusBadge(model.StatusNotAuthorized)
	r.more = btn(&button{Button: widget.Button{Icon: theme.MoreHorizontalIcon(), Importance: widget.LowImportance}})
	r.more.OnTapped = func() { p.showMenu(r.c, r.more) }
	r.box = container.New(newColumnsLayout(), r.name, r.env, r.auth, r.badge, r.account, r.modified, r.more)
	r.ExtendBaseWidget(r)
	return r
}

func (r *connRowView) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.box) }

// Tapped selects the row. The row must take taps itself: being
// DoubleTappable, it is what a click finds, before the list's own item.
func (r *connRowView) Tapped(*fyne.PointEvent) {
	r.p.win.Canvas().Focus(r.p.list)
	r.p.list.Select(r.id)
}

// DoubleTapped opens the connection, as a double click does in any table.
func (r *connRowView) DoubleTapped(*fyne.PointEvent) { r.p.open(r.id) }

func (r *connRowView) set(id widget.ListItemID, row *connRow) {
	r.id, r.c = id, row.c
	r.name.SetText(row.c.Name)
	r.env.SetText(row.env)
	r.auth.SetText(row.auth)
	r.badge.SetStatus(row.c.Status)
	r.account.dim = row.c.AuthorizedAs == nil
	r.account.SetText(row.account)
	r.modified.SetText(row.modified)
}

// noMatchText says that nothing matches, and what to change.
func (v *connView) noMatchText() string {
	var parts []string
	if v.query != "" {
		parts = append(parts, fmt.Sprintf("“%s”", strings.TrimSpace(v.rawQuery)))
	}
	if v.status != filterAll {
		parts = append(parts, fmt.Sprintf("the filter %s", v.status))
	}
	return "No connection matches " + strings.Join(parts, " and ") + ". Clear the search or choose All."
}
