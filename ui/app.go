// Package ui is Zoom Connections' window. It never imports
// fyne.io/fyne/v2/app, so its tests run with fyne's test driver and no display.
package ui

import (
	"context"
	"fmt"
	"image/color"
	"net/url"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"zoomconn/internal/browser"
	"zoomconn/model"
)

// Names the desktop knows the app by.
const (
	AppID   = "io.github.zoomconn"
	AppName = "Zoom Connections"
)

// UI is the main window: its tabs, the banner over them, and the document
// they show. Its fields are touched on the UI goroutine only; work that
// may block (disk, keyring, network) runs in goroutines that hand results
// back with fyne.Do. Pages and dialogs get a screen, not the UI.
type UI struct {
	app    fyne.App
	win    fyne.Window
	svc    *model.Service
	svcErr error

	doc     *model.Document // last loaded; nil until then
	loadSeq int

	dlg   *dialogs
	links *links

	connections *connectionsPage
	iclients    *iclientsPage
	activity    *activityPage
	guide       *guidePage
	settings    *settingsPage
	tabs        *container.AppTabs
	tabActivity *container.TabItem
	tabGuide    *container.TabItem

	keyringBanner *fyne.Container
	keyringText   *widget.Label
	body          *fyne.Container // the keyring banner over the tabs

	editor     *editor        // the open Edit connection, if any
	iclientDlg *iclientDialog // the open Create/Edit iClient, if any
	guideWin   fyne.Window
	closed     chan struct{} // closed when the window closes
}

// Deps are what the composition root (internal/wire, called by main)
// gives the window. Tests fill them with fakes.
type Deps struct {
	Service *model.Service // nil when the data folder could not be opened
	OpenErr error          // why Service is nil
	// Secrets is the password store the window checks when Service is
	// nil: the command line's, under the same name.
	Secrets model.Secrets
	// Opener opens consent pages and links; nil means $BROWSER, else the
	// desktop's handler.
	Opener model.Opener
	// CheckEvery is how often the window asks Zoom about every sign-in,
	// the first time soon after it opens (CheckEvery in main); 0 never.
	CheckEvery time.Duration
}

// keyringCheckDelay lets the window show before the password store is asked.
const keyringCheckDelay = 400 * time.Millisecond

// Show fills w with the main window over what d holds, which main makes
// (see internal/wire).
func Show(a fyne.App, w fyne.Window, d Deps) *UI {
	ApplyThemePreference(a)
	if sceneFromEnv() != "" {
		d.CheckEvery = 0 // a screenshot shows the demo data as it is, and asks no Zoom
	}
	u := New(a, w, d)
	w.Resize(fyne.NewSize(1180, 760))
	if s := sceneFromEnv(); s != "" {
		(&scenePlayer{UI: u}).playScene(s)
	}
	return u
}

// New builds the window's content over d.Service. When d.OpenErr says why
// the data folder could not be opened, the window still shows and says so.
func New(a fyne.App, w fyne.Window, d Deps) *UI {
	u := &UI{app: a, win: w, svc: d.Service, svcErr: d.OpenErr, dlg: &dialogs{win: w}, closed: make(chan struct{})}
	w.SetOnClosed(func() { close(u.closed) })
	u.links = &links{app: a, dlg: u.dlg, opener: d.Opener, copying: map[*button]string{}}
	s := u.screen()
	u.connections = newConnectionsPage(s)
	u.iclients = newIClientsPage(s)
	u.activity = newActivityPage(s)
	u.guide = newGuidePage(s, a.Preferences())
	u.settings = newSettingsPage(s, a, d.Secrets)
	u.tabActivity = container.NewTabItemWithIcon("Activity", theme.HistoryIcon(), u.activity.content)
	u.tabGuide = container.NewTabItemWithIcon("Guide", theme.HelpIcon(), u.guide.content)
	u.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon("Connections", theme.StorageIcon(), u.connections.content),
		container.NewTabItemWithIcon("iClients", theme.AccountIcon(), u.iclients.content),
		u.tabActivity,
		u.tabGuide,
		container.NewTabItemWithIcon("Settings", theme.SettingsIcon(), u.settings.content),
	)
	u.keyringText = &widget.Label{Wrapping: fyne.TextWrapWord}
	u.keyringBanner = newBanner(theme.WarningIcon(), colorProblem, u.keyringText,
		btn(&button{Button: widget.Button{Text: "Check again", Icon: theme.ViewRefreshIcon(), OnTapped: u.checkKeyring}}))
	u.keyringBanner.Hide()
	u.body = container.NewBorder(u.keyringBanner, nil, nil, nil, u.tabs, offscreenPages(u.tabs))
	w.SetContent(u.body)
	u.addShortcuts()
	u.reload()
	if u.svc != nil {
		u.watchData(u.svc.Store.Path())
		if d.CheckEvery > 0 {
			u.startChecking(d.CheckEvery)
		}
	}
	// The check talks to the password store over D-Bus and may wake it;
	// on two cores that slowed the window's first frame, and nothing on
	// screen depends on it in the first moments.
	time.AfterFunc(keyringCheckDelay, func() { fyne.Do(u.checkKeyring) })
	return u
}

// offscreenPages holds every tab's page, hidden, in the window: Fyne
// applies a new theme to what the window holds, and the tabs hold only the
// page on screen. Without it, after a theme switch on the Settings tab, the
// Connections page kept the old theme's icons (white on white after Dark →
// Light) until each was redrawn. It is never shown and lays nothing out.
func offscreenPages(tabs *container.AppTabs) *fyne.Container {
	c := &fyne.Container{}
	for _, it := range tabs.Items {
		c.Objects = append(c.Objects, it.Content)
	}
	c.Hide()
	return c
}

// screen is what the window gives a page or a dialog.
func (u *UI) screen() screen {
	return screen{
		win: u.win, svc: u.svc, dlg: u.dlg, links: u.links, nav: u,
		latest: func() *model.Document { return u.doc },
		keys:   fieldKeys{onEsc: u.dlg.escape, onEnter: u.dlg.pressDefault},
		closed: u.closed,
	}
}

// reload reads the document off the UI goroutine and shows it on every page.
func (u *UI) reload() {
	if u.svc == nil {
		u.connections.showProblem(u.svcErr)
		return
	}
	u.loadSeq++
	seq := u.loadSeq
	go func() {
		doc, err := u.svc.Load()
		fyne.Do(func() {
			if seq != u.loadSeq {
				return // a newer load is on its way
			}
			if err != nil {
				u.connections.showProblem(err)
				return
			}
			u.doc = doc
			u.connections.show(doc)
			u.iclients.show(doc)
			u.activity.show(doc)
			u.guide.show(doc)
			u.settings.show(doc)
		})
	}()
}

// checkKeyring asks the password store for a secret that does not exist: an
// answer of "not found" means it works. It may wait on an unlock prompt, so
// it runs in a goroutine and the window keeps working meanwhile.
func (u *UI) checkKeyring() {
	if u.svc == nil {
		return
	}
	if u.svc.Secrets == nil {
		u.showKeyringProblem(errNoStore)
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), model.DefaultKeyringTimeout)
		defer cancel()
		err := model.ProbeKeyring(ctx, u.svc.Secrets)
		fyne.Do(func() {
			if err != nil && model.IsKeyringUnavailable(err) {
				u.showKeyringProblem(err)
				return
			}
			u.keyringBanner.Hide()
			relayout(u.body)
		})
	}()
}

func (u *UI) showKeyringProblem(err error) {
	x := explain(err)
	u.keyringText.SetText(x.Message + " " + x.Next + " Connections that need no secret keep working.")
	u.keyringBanner.Show()
	relayout(u.body)
}

// showGuide switches to the Guide tab.
func (u *UI) showGuide() {
	u.tabs.Select(u.tabGuide)
}

// openGuideWindow shows the guide beside an open dialog: dialogs cover the
// window's tabs, and the admin wants the steps next to the form.
func (u *UI) openGuideWindow() {
	if !u.dlg.hasDialog() {
		u.showGuide()
		return
	}
	if u.guideWin != nil {
		u.guideWin.RequestFocus()
		return
	}
	g := newGuidePage(u.screen(), u.app.Preferences())
	if u.doc != nil {
		g.show(u.doc)
	}
	w := u.app.NewWindow("Guide: create the OAuth app in Zoom")
	// Esc or Close ends it, as a dialog would.
	g.onEscape = w.Close
	w.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) {
		if ev.Name == fyne.KeyEscape {
			w.Close()
		}
	})
	closeBtn := btn(&button{Button: widget.Button{Text: "Close", Importance: widget.HighImportance, OnTapped: w.Close}})
	w.SetContent(container.NewBorder(nil, container.NewPadded(container.NewHBox(spacer(), closeBtn)), nil, nil, g.content))
	w.Resize(fyne.NewSize(760, 720))
	w.SetOnClosed(func() { u.guideWin = nil })
	u.guideWin = w
	w.Show()
}

// showActivity shows the Activity tab for one connection.
func (u *UI) showActivity(connID string) {
	u.activity.showFor(connID)
	u.tabs.Select(u.tabActivity)
}

// announce shows text in the Connections page's footer for a few seconds.
func (u *UI) announce(text string) { u.connections.announce(text) }

// links are the clipboard and the browser.
type links struct {
	app     fyne.App
	dlg     *dialogs
	opener  model.Opener // nil: $BROWSER or the desktop's handler; tests put zoomtest's browser here
	copying map[*button]string
}

// copyToClipboard puts text on the clipboard; b, when given, reads
// "Copied" for a moment.
func (l *links) copyToClipboard(text string, b *button) {
	l.app.Clipboard().SetContent(text)
	if b == nil {
		return
	}
	if _, flipping := l.copying[b]; !flipping {
		l.copying[b] = b.Text
	}
	icon := b.Icon
	b.SetText("Copied")
	b.SetIcon(theme.ConfirmIcon())
	time.AfterFunc(1500*time.Millisecond, func() {
		fyne.Do(func() {
			if old, ok := l.copying[b]; ok && b.Text == "Copied" {
				delete(l.copying, b)
				b.SetText(old)
				b.SetIcon(icon)
			}
		})
	})
}

// browser is how links and consent pages open.
func (l *links) browser() model.Opener {
	if l.opener != nil {
		return l.opener
	}
	return browser.Opener{Fallback: func(raw string) error {
		p, err := url.Parse(raw)
		if err != nil {
			return err
		}
		fyne.DoAndWait(func() { err = l.app.OpenURL(p) })
		return err
	}}
}

// openURL opens raw in the browser ($BROWSER when set); a browser that
// cannot start is reported with the link to copy.
func (l *links) openURL(raw string) {
	go func() {
		err := l.browser().Open(raw)
		if err != nil {
			fyne.Do(func() {
				l.dlg.showError("The browser could not be opened", fmt.Errorf("%w\nOpen this address yourself: %s", err, raw))
			})
		}
	}()
}

// newBanner is a full-width strip with an icon, a message and buttons, on a
// tint of accent.
func newBanner(icon fyne.Resource, accent color.NRGBA, msg fyne.CanvasObject, buttons ...fyne.CanvasObject) *fyne.Container {
	bg := newTintRect(accent)
	row := container.NewBorder(nil, nil, container.NewCenter(widget.NewIcon(icon)), container.NewHBox(buttons...), msg)
	return container.NewStack(bg, container.NewPadded(row))
}
