package ui

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"path/filepath"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"zoomconn/internal/words"
	"zoomconn/model"
)

// settingsPage holds the redirect port, the theme, where things are kept and
// the password store check.
type settingsPage struct {
	screen
	app     fyne.App      // its preferences and theme
	secrets model.Secrets // what Check password store checks when there is no service
	content fyne.CanvasObject

	port        *widget.Entry
	portError   *widget.Label
	portWarn    *widget.Label
	portWarnRow *fyne.Container
	savePort    *button
	currentURL  *widget.Label
	copyURL     *button
	saved       int // the port in the document

	theme *widget.RadioGroup

	dataDir     *widget.Label
	openFolder  *button
	check       *button
	checkResult *fyne.Container
	dir         string
}

// Theme choices, as shown and as kept in the preferences.
const (
	themePref   = "theme"
	themeLight  = "Light"
	themeDark   = "Dark"
	themeSystem = "System"
)

func newSettingsPage(s screen, app fyne.App, secrets model.Secrets) *settingsPage {
	p := &settingsPage{screen: s, app: app, secrets: secrets, saved: model.DefaultRedirectPort}
	p.content = newLazyContent(p.build)
	return p
}

// build makes the page the first time it is shown.
func (p *settingsPage) build() fyne.CanvasObject {
	p.port = &widget.Entry{Text: strconv.Itoa(p.saved), OnChanged: p.onPortChanged, OnSubmitted: func(string) { p.onSavePort() }}
	p.portError = &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}
	p.portError.Hide()
	p.portWarn = &widget.Label{Importance: widget.WarningImportance, Wrapping: fyne.TextWrapWord}
	p.portWarnRow = container.NewBorder(nil, nil, widget.NewIcon(theme.NewWarningThemedResource(theme.WarningIcon())), nil, p.portWarn)
	p.portWarnRow.Hide()
	p.savePort = btn(&button{Button: widget.Button{Text: "Save port", Importance: widget.HighImportance, OnTapped: p.onSavePort}})
	p.savePort.Disable()
	p.currentURL = &widget.Label{TextStyle: fyne.TextStyle{Monospace: true}, Selectable: true}
	p.copyURL = btn(&button{Button: widget.Button{Text: "Copy", Icon: theme.ContentCopyIcon(), OnTapped: func() { p.links.copyToClipboard(p.currentURL.Text, p.copyURL) }}})

	p.theme = &widget.RadioGroup{Options: []string{themeLight, themeDark, themeSystem}, Horizontal: true, Required: true,
		Selected: p.app.Preferences().StringWithFallback(themePref, themeSystem)}
	p.theme.OnChanged = p.onThemeChanged

	p.dataDir = &widget.Label{TextStyle: fyne.TextStyle{Monospace: true}, Selectable: true, Truncation: fyne.TextTruncateEllipsis}
	p.openFolder = btn(&button{Button: widget.Button{Text: "Open folder", Icon: theme.FolderOpenIcon(), OnTapped: p.onOpenFolder}})
	p.check = btn(&button{Button: widget.Button{Text: "Check password store", Icon: theme.ConfirmIcon(), OnTapped: p.onCheck}})
	p.checkResult = container.NewVBox()
	p.setDir()

	title := &widget.Label{Text: "Settings", TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameSubHeadingText}
	p.showPort(p.saved)
	return container.NewVScroll(container.NewPadded(container.NewVBox(
		title, p.redirectCard(), p.appearanceCard(), p.storageCard(),
	)))
}

func (p *settingsPage) redirectCard() fyne.CanvasObject {
	intro := &widget.Label{Wrapping: fyne.TextWrapWord, Text: "When you authorize a connection, Zoom sends your browser back to this address on your own computer. " +
		"Every Zoom OAuth app you use must list it under Redirect URL and in its Allow list. " +
		"Zoom ignores the port of a 127.0.0.1 address, so a busy port is no problem: Zoom Connections then listens on a free one."}
	form := container.New(layout.NewFormLayout(),
		&widget.Label{Text: "Redirect URL"}, container.NewHBox(p.currentURL, p.copyURL),
		&widget.Label{Text: "Port"}, container.NewHBox(container.NewGridWrap(fyne.NewSize(110, p.port.MinSize().Height), p.port), p.savePort),
	)
	return sectionCard("Redirect URL", intro, form, p.portError, p.portWarnRow)
}

func (p *settingsPage) appearanceCard() fyne.CanvasObject {
	form := container.New(layout.NewFormLayout(), &widget.Label{Text: "Theme"}, container.NewHBox(p.theme))
	return sectionCard("Appearance", form, hintText("System follows your desktop's light or dark setting."))
}

func (p *settingsPage) storageCard() fyne.CanvasObject {
	data := &widget.Label{Wrapping: fyne.TextWrapWord, Text: "Connections, iClients and the activity log are kept in this folder. They hold no secret: Client IDs, names and statuses only."}
	secrets := &widget.Label{Wrapping: fyne.TextWrapWord, Text: fmt.Sprintf(
		"Client secrets, tokens and JWT API Secrets are kept only in %s, under the name %q. They never reach a file.",
		model.PasswordStoreName(), keyringService(p.store()))}
	folder := container.NewBorder(nil, nil, nil, p.openFolder, p.dataDir)
	checkHint := hintText("Saves, reads back and deletes a test secret.")
	return sectionCard("Where your data is kept",
		data, folder, widget.NewSeparator(), secrets,
		container.NewBorder(nil, nil, p.check, nil, checkHint), p.checkResult,
	)
}

// sectionCard is a titled group of settings or steps on a card. A Card's own
// title is heading-sized, too loud for a section of a page.
func sectionCard(title string, content ...fyne.CanvasObject) *widget.Card {
	heading := &widget.Label{Text: title, TextStyle: fyne.TextStyle{Bold: true}}
	return &widget.Card{Content: container.NewVBox(append([]fyne.CanvasObject{heading}, content...)...)}
}

func (p *settingsPage) setDir() {
	p.dir = ""
	if p.svc != nil {
		p.dir = p.svc.Dir
	} else if d, err := model.DefaultDir(); err == nil {
		p.dir = d
	}
	p.dataDir.SetText(p.dir)
	if p.dir == "" {
		p.openFolder.Disable()
	}
}

// show is called whenever the document reloads.
func (p *settingsPage) show(doc *model.Document) {
	old := p.saved
	p.saved = doc.Settings.Port()
	if p.port == nil {
		return // build shows it
	}
	if p.port.Text == strconv.Itoa(old) {
		p.port.SetText(strconv.Itoa(p.saved)) // not being edited
	}
	p.showPort(p.saved)
	p.onPortChanged(p.port.Text)
}

func (p *settingsPage) showPort(port int) {
	p.currentURL.SetText(model.RedirectURL(model.LoopbackIP, port))
}

// localhostIClients names the iClients still registered in Zoom with a
// localhost Redirect URL, whose port Zoom matches exactly.
func (p *settingsPage) localhostIClients() []string {
	var names []string
	if doc := p.latest(); doc != nil {
		for _, ic := range doc.IClients {
			if ic.AppType != model.AppS2S && ic.Loopback() == model.LoopbackName {
				names = append(names, ic.Name)
			}
		}
	}
	return names
}

// parsePort returns the port typed, or a message saying what is wrong.
func parsePort(s string) (int, string) {
	n, err := model.ParsePort(s)
	if err != nil {
		return 0, err.Error()
	}
	return n, ""
}

func (p *settingsPage) onPortChanged(s string) {
	n, msg := parsePort(s)
	if msg != "" {
		p.portError.SetText(msg)
		p.portError.Show()
		p.portWarnRow.Hide()
		p.savePort.Disable()
		return
	}
	p.portError.Hide()
	if n == p.saved {
		p.portWarnRow.Hide()
		p.savePort.Disable()
		return
	}
	if old := p.localhostIClients(); len(old) > 0 {
		p.portWarn.SetText(fmt.Sprintf("For 127.0.0.1 Redirect URLs Zoom ignores the port. But %s %s registered with %s: add that to %s app's Redirect URL and Allow list in Zoom, or %s authorizations will fail.",
			model.JoinNames(old), words.Plural(len(old), "is", "are"), model.RedirectURL(model.LoopbackName, n),
			words.Plural(len(old), "its", "each"), words.Plural(len(old), "its", "their")))
	} else {
		p.portWarn.SetText(fmt.Sprintf("New Redirect URLs become %s. Zoom ignores the port of 127.0.0.1 addresses, so nothing needs to change in Zoom.", model.RedirectURL(model.LoopbackIP, n)))
	}
	p.portWarnRow.Show()
	if p.svc != nil {
		p.savePort.Enable()
	}
}

// onSavePort saves off the UI goroutine: the document is written under a lock
// another process may hold.
func (p *settingsPage) onSavePort() {
	n, msg := parsePort(p.port.Text)
	if msg != "" || n == p.saved || p.svc == nil {
		return
	}
	p.savePort.Disable()
	svc := p.svc
	go func() {
		err := svc.SetRedirectPort(n)
		fyne.Do(func() {
			if err != nil {
				p.dlg.showError("The port was not changed", err)
				p.onPortChanged(p.port.Text)
				return
			}
			p.saved = n
			p.showPort(n)
			p.portWarnRow.Hide()
			p.nav.reload()
		})
	}()
}

func (p *settingsPage) onThemeChanged(choice string) {
	p.app.Preferences().SetString(themePref, choice)
	ApplyThemePreference(p.app)
}

func (p *settingsPage) onOpenFolder() {
	if p.dir != "" {
		p.links.openURL(storage.NewFileURI(filepath.Clean(p.dir)).String())
	}
}

// onCheck saves, reads back and deletes a throwaway secret off the UI
// goroutine; an unlock prompt may keep it waiting.
func (p *settingsPage) onCheck() {
	secrets := p.store()
	p.check.Disable()
	bar := widget.NewProgressBarInfinite()
	p.checkResult.Objects = []fyne.CanvasObject{container.NewHBox(&widget.Label{Text: "Checking… (if your system asks to unlock the password store, answer it)"}), bar}
	p.checkResult.Refresh()
	go func() {
		var err error = errNoStore
		if secrets != nil {
			err = checkSecrets(secrets)
		}
		fyne.Do(func() {
			bar.Stop()
			p.check.Enable()
			if err != nil {
				p.checkResult.Objects = []fyne.CanvasObject{errorContent(explain(err))}
			} else {
				ok := &widget.Label{Text: "OK: the password store works. A test secret was saved, read back and deleted.", Wrapping: fyne.TextWrapWord}
				p.checkResult.Objects = []fyne.CanvasObject{container.NewBorder(nil, nil, widget.NewIcon(theme.NewSuccessThemedResource(theme.ConfirmIcon())), nil, ok)}
			}
			p.checkResult.Refresh()
		})
	}()
}

// store is the password store the service uses, else the one the window
// was given for when there is no service.
func (p *settingsPage) store() model.Secrets {
	if p.svc != nil && p.svc.Secrets != nil {
		return p.svc.Secrets
	}
	return p.secrets
}

// errNoStore is what the check says when the window was given no store.
var errNoStore = &model.KeyringError{Op: "read", Err: errors.New("no password store is configured")}

// keyringService is the name secrets are kept under in s, as the
// password store shows it.
func keyringService(s model.Secrets) string {
	if name := model.KeyringServiceOf(s); name != "" {
		return name
	}
	return model.KeyringService
}

// checkSecrets is a round trip through the password store with a value that
// is no secret, under an account no real secret uses.
func checkSecrets(s model.Secrets) error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	return model.CheckKeyring(ctx, s)
}

// ApplyThemePreference sets the theme the administrator chose in Settings
// (Light, Dark or System). Call it once at start.
func ApplyThemePreference(a fyne.App) {
	switch a.Preferences().StringWithFallback(themePref, themeSystem) {
	case themeLight:
		a.Settings().SetTheme(&forcedVariant{Theme: baseTheme(), variant: theme.VariantLight})
	case themeDark:
		a.Settings().SetTheme(&forcedVariant{Theme: baseTheme(), variant: theme.VariantDark})
	default:
		a.Settings().SetTheme(baseTheme())
	}
}

// baseTheme is the app's theme before a variant is forced.
func baseTheme() fyne.Theme { return readableTheme{theme.DefaultTheme()} }

// forcedVariant is a theme that shows one variant whatever the desktop prefers.
type forcedVariant struct {
	fyne.Theme
	variant fyne.ThemeVariant
}

func (f *forcedVariant) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return f.Theme.Color(n, f.variant)
}
