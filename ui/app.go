// Package ui is Zoom Connections' window. It never imports
// fyne.io/fyne/v2/app, so its tests run with fyne's test driver and no display.
package ui

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"zoomconn/model"
	"zoomconn/oauth"
)

// Names the desktop knows the app by.
const (
	AppID   = "io.github.zoomconn"
	AppName = "Zoom Connections"
)

// UI is the main window's content and the state it shows. Its fields are
// touched on the UI goroutine only; work that may block (disk, keyring,
// network) runs in goroutines that hand results back with fyne.Do.
type UI struct {
	app    fyne.App
	win    fyne.Window
	svc    *model.Service
	svcErr error

	doc      *model.Document // last loaded; nil until then
	redirect string          // the Redirect URL of doc's settings
	loadSeq  int

	// opener opens consent pages and links; nil means $BROWSER or the
	// desktop's handler. Tests put zoomtest's browser here.
	opener oauth.Opener

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

	editor     *editor        // the open Edit connection, if any
	iclientDlg *iclientDialog // the open Create/Edit iClient, if any
	authDlg    *authorizeDialog

	escapes  []escHandler
	escSeq   int
	copying  map[*button]string
	guideWin fyne.Window
	defaults map[dialog.Dialog][]*button // each open dialog's primary buttons
}

// keyringCheckDelay lets the window show before the password store is asked.
const keyringCheckDelay = 400 * time.Millisecond

// Show fills w with the main window over svc, which main makes (see
// internal/wire); openErr, when not nil, says why it could not.
func Show(a fyne.App, w fyne.Window, svc *model.Service, openErr error) *UI {
	ApplyThemePreference(a)
	u := New(a, w, svc, openErr)
	w.Resize(fyne.NewSize(1180, 760))
	if s := sceneFromEnv(); s != "" {
		u.playScene(s)
	}
	return u
}

// New builds the window's content over svc. openErr, when not nil, says why
// the data folder could not be opened; the window still shows and says so.
func New(a fyne.App, w fyne.Window, svc *model.Service, openErr error) *UI {
	u := &UI{app: a, win: w, svc: svc, svcErr: openErr, redirect: oauth.RedirectURL(model.DefaultRedirectPort), copying: map[*button]string{}}
	u.connections = newConnectionsPage(u)
	u.iclients = newIClientsPage(u)
	u.activity = newActivityPage(u)
	u.guide = newGuidePage(u)
	u.settings = newSettingsPage(u)
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
	w.SetContent(container.NewBorder(u.keyringBanner, nil, nil, nil, u.tabs))
	u.addShortcuts()
	u.reload()
	if svc != nil {
		u.watchData(svc.Store.Path())
	}
	// The check talks to the password store over D-Bus and may wake it;
	// on two cores that slowed the window's first frame, and nothing on
	// screen depends on it in the first moments.
	time.AfterFunc(keyringCheckDelay, func() { fyne.Do(u.checkKeyring) })
	return u
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
			u.redirect = oauth.RedirectURL(doc.Settings.Port())
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
		u.showKeyringProblem(&model.KeyringError{Op: "read", Err: errors.New("no password store is configured")})
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), model.DefaultKeyringTimeout)
		defer cancel()
		_, err := u.svc.Secrets.Get(ctx, "health-check")
		if errors.Is(err, model.ErrSecretNotFound) {
			err = nil
		}
		fyne.Do(func() {
			if err != nil && model.IsKeyringUnavailable(err) {
				u.showKeyringProblem(err)
				return
			}
			u.keyringBanner.Hide()
		})
	}()
}

func (u *UI) showKeyringProblem(err error) {
	x := explain(err)
	u.keyringText.SetText(x.Message + " " + x.Next + " Connections that need no secret keep working.")
	u.keyringBanner.Show()
}

// redirectURL is the Redirect URL to register in every Zoom app.
func (u *UI) redirectURL() string { return u.redirect }

// showGuide switches to the Guide tab.
func (u *UI) showGuide() {
	u.tabs.Select(u.tabGuide)
}

// openGuideWindow shows the guide beside an open dialog: dialogs cover the
// window's tabs, and the admin wants the steps next to the form.
func (u *UI) openGuideWindow() {
	if !u.hasDialog() {
		u.showGuide()
		return
	}
	if u.guideWin != nil {
		u.guideWin.RequestFocus()
		return
	}
	g := newGuidePage(u)
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

// copyToClipboard puts text on the clipboard; b, when given, reads
// "Copied" for a moment.
func (u *UI) copyToClipboard(text string, b *button) {
	u.app.Clipboard().SetContent(text)
	if b == nil {
		return
	}
	if _, flipping := u.copying[b]; !flipping {
		u.copying[b] = b.Text
	}
	icon := b.Icon
	b.SetText("Copied")
	b.SetIcon(theme.ConfirmIcon())
	time.AfterFunc(1500*time.Millisecond, func() {
		fyne.Do(func() {
			if old, ok := u.copying[b]; ok && b.Text == "Copied" {
				delete(u.copying, b)
				b.SetText(old)
				b.SetIcon(icon)
			}
		})
	})
}

// browser is how links and consent pages open.
func (u *UI) browser() oauth.Opener {
	if u.opener != nil {
		return u.opener
	}
	return oauth.BrowserOpener{Fallback: func(raw string) error {
		p, err := url.Parse(raw)
		if err != nil {
			return err
		}
		fyne.DoAndWait(func() { err = u.app.OpenURL(p) })
		return err
	}}
}

// openURL opens raw in the browser ($BROWSER when set); a browser that
// cannot start is reported with the link to copy.
func (u *UI) openURL(raw string) {
	go func() {
		err := u.browser().Open(raw)
		if err != nil {
			fyne.Do(func() {
				u.showError("The browser could not be opened", fmt.Errorf("%w\nOpen this address yourself: %s", err, raw))
			})
		}
	}()
}

// migrateAll opens the wizard that migrates the given JWT connections at once.
func (u *UI) migrateAll(ids []string) {
	if len(ids) == 0 || u.doc == nil {
		return
	}
	u.openMigrateWizard(ids)
}

// chooseImport asks for an inventory file and imports it.
func (u *UI) chooseImport() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			u.showError("The file could not be opened", err)
			return
		}
		if r == nil {
			return
		}
		r.Close()
		u.importFile(r.URI().Path())
	}, u.win)
	d.Resize(fyne.NewSize(820, 560))
	d.Show()
}

// importFile imports the connections and iClients listed in path.
func (u *UI) importFile(path string) {
	if u.svc == nil {
		return
	}
	go func() {
		var res model.ImportResult
		f, err := os.Open(path)
		if err == nil {
			res, err = u.svc.Import(f, filepath.Base(path))
			f.Close()
		}
		fyne.Do(func() {
			if err != nil {
				u.showError("Import failed", err)
				return
			}
			u.reload()
			dialog.ShowCustom("Import finished", "Close", container.NewVBox(minWidth(440), importSummary(res)), u.win)
		})
	}()
}

func importSummary(res model.ImportResult) fyne.CanvasObject {
	box := container.NewVBox()
	add := func(s string) { box.Add(&widget.Label{Text: s, Wrapping: fyne.TextWrapWord}) }
	add(fmt.Sprintf("Imported %s and %s.", count(len(res.ConnectionsAdded), "connection"), count(len(res.IClientsAdded), "iClient")))
	if n := len(res.Skipped); n > 0 {
		add(fmt.Sprintf("Skipped %s whose names already exist (nothing was overwritten).", count(n, "entry")))
	}
	if len(res.IClientsAdded) > 0 {
		add("Imported iClients have no Client secret yet: open the iClients tab, edit each one and paste its Client secret from Zoom.")
	}
	return box
}

func count(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	if what == "entry" {
		return fmt.Sprintf("%d entries", n)
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// newBanner is a full-width strip with an icon, a message and buttons, on a
// tint of accent.
func newBanner(icon fyne.Resource, accent color.NRGBA, msg fyne.CanvasObject, buttons ...fyne.CanvasObject) *fyne.Container {
	bg := newTintRect(accent)
	row := container.NewBorder(nil, nil, container.NewCenter(widget.NewIcon(icon)), container.NewHBox(buttons...), msg)
	return container.NewStack(bg, container.NewPadded(row))
}
