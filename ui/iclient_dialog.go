package ui

import (
	"context"
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"zoomconn/model"
)

// iclientDialog is Create iClient (and Edit iClient): the OAuth app's
// credentials as Zoom's App Marketplace shows them.
type iclientDialog struct {
	screen
	orig    *model.IClient // nil when creating
	onSaved func(model.IClient)
	d       *dialog.CustomDialog
	body    fyne.CanvasObject
	fieldForm

	name, oauthBase, apiBase, clientID, secret *escEntry
	env, appType                               *escSelect
	redirect                                   *readOnlyEntry
	copyRedirect                               *button
	customWarn                                 *widget.Label

	touched map[string]bool
	tried   bool
	valid   bool
	busy    bool
	// newSecret: Zoom said the stored Client secret is wrong, so this
	// edit asks for a new one and cannot be saved without it.
	newSecret bool

	save, cancel *button
	// saveAuth, shown when opened with + from a connection, saves the
	// iClient and goes on to the connection's Save & authorize.
	saveAuth      *button
	prefilled     string // the Name it was opened with, not a change
	thenAuthorize func()
	scroll        *container.Scroll
	activity      *widget.Activity
	status        *quietLabel
}

const (
	fAppType      = "app_type"
	fClientID     = "client_id"
	fClientSecret = "client_secret"
	fCustomWarn   = "custom_warning"
)

func appTypeLabels() []string          { return labels(model.AppTypes) }
func appTypeOf(l string) model.AppType { return byLabel(model.AppTypes, l) }

// openIClientDialog opens Edit iClient for existing, or Create iClient when
// it is nil; onSaved gets the iClient once it is stored.
func (u *UI) openIClientDialog(existing *model.IClient, onSaved func(model.IClient)) *iclientDialog {
	return u.openIClientDialogWith(existing, model.IClient{Env: model.Environment{Kind: model.EnvZoom}, AppType: model.AppAccount}, onSaved)
}

// openIClientDialogWith is openIClientDialog with the environment and app
// type a new iClient starts with (the editor's, when its + is clicked).
func (u *UI) openIClientDialogWith(existing *model.IClient, tmpl model.IClient, onSaved func(model.IClient)) *iclientDialog {
	if u.svc == nil {
		return nil
	}
	x := &iclientDialog{screen: u.screen(), onSaved: onSaved, fieldForm: newFieldForm(), touched: map[string]bool{}}
	if existing != nil {
		cp := *existing
		x.orig, tmpl = &cp, cp
	}
	x.build()
	x.load(tmpl)
	title := "Create iClient"
	if x.orig != nil {
		title = "Edit iClient: " + x.orig.Name
	}
	x.body = x.content()
	x.d = dialog.NewCustomWithoutButtons(title, x.body, u.win)
	x.d.Resize(fyne.NewSize(640, 580))
	u.dlg.track(x.d, x.onCancel)
	x.d.SetOnClosed(func() { u.iclientDlg = nil })
	u.iclientDlg = x
	u.dlg.setDefaults(x.d, x.save)
	x.d.Show()
	u.win.Canvas().Focus(x.name)
	return x
}

func (x *iclientDialog) build() {
	x.name = newEntry(x.keys, "For example: Acme reporting app")
	x.env = newSelect(x.keys, envLabels(), func(string) { x.touch(fEnv); x.showFields() })
	x.oauthBase = newEntry(x.keys, "https://zoom-proxy.example.com")
	x.apiBase = newEntry(x.keys, "https://api.zoom-proxy.example.com")
	x.appType = newSelect(x.keys, appTypeLabels(), func(string) { x.touch(fAppType); x.showFields() })
	x.clientID = newEntry(x.keys, "Paste the Client ID")
	x.secret = newPasswordEntry(x.keys, "Paste the Client secret")
	x.redirect = newReadOnlyEntry(x.keys, x.redirectURL())
	x.copyRedirect = btn(&button{Button: widget.Button{Text: "Copy", Icon: theme.ContentCopyIcon()}})
	x.copyRedirect.OnTapped = func() { x.links.copyToClipboard(x.redirect.Text, x.copyRedirect) }
	for key, en := range map[string]*escEntry{fName: x.name, fOAuthBase: x.oauthBase, fAPIBase: x.apiBase} {
		en.OnChanged = func(string) { x.touch(key) }
	}
	for key, en := range map[string]*escEntry{fClientID: x.clientID, fClientSecret: x.secret} {
		en.trimPaste = true
		en.OnChanged = func(string) { x.touch(key) }
		en.OnSubmitted = func(string) { x.dlg.pressDefault() }
	}

	// What the admin pastes and copies first, so that Name, Client ID,
	// Client secret and the Redirect URL with Copy are in sight as it
	// opens; the environment and app type, filled in already when opened
	// with + from a connection, come after.
	x.addRow(fName, "Name", x.name, "A name you will recognise, such as the app's name in Zoom.")
	x.addRow(fClientID, "Client ID", x.clientID, "")
	secretHint := "Kept in your system's password store, never in a file."
	if x.orig != nil {
		secretHint = "Leave empty to keep the current secret. Paste a new one after Regenerate in Zoom: every connection using this iClient gets it."
	}
	x.addRow(fClientSecret, "Client secret", x.secret, secretHint)
	x.addRow(fRedirect, "Redirect URL", container.NewBorder(nil, nil, nil, x.copyRedirect, x.redirect),
		"Add this to the app's Redirect URL for OAuth and to its Allow list in Zoom.")
	x.addRow(fAppType, "App type", x.appType, "As made in Zoom's App Marketplace: Account-level app for an Admin-managed General App, User-managed app for a User-managed one.")
	x.addRow(fEnv, "Environment", x.env, "")
	x.addRow(fOAuthBase, "OAuth base URL", x.oauthBase, "")
	x.addRow(fAPIBase, "API base URL", x.apiBase, "")
	// Any https address is accepted: say where the secret and tokens go.
	x.customWarn = &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.WarningImportance}
	x.addRow(fCustomWarn, "", container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.WarningIcon())), nil, x.customWarn), "")
	where := newLink("Where do I find these?", x.nav.openGuideWindow)
	x.form.Add(layout.NewSpacer())
	x.form.Add(container.NewHBox(widget.NewIcon(theme.HelpIcon()), where))

	x.cancel = btn(&button{Button: widget.Button{Text: "Cancel", OnTapped: x.onCancel}})
	x.save = btn(&button{Button: widget.Button{Text: "Save", Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance, OnTapped: x.onSave}})
	x.activity = widget.NewActivity()
	x.activity.Hide()
	x.status = newQuietLabel("")
	x.status.Wrapping = fyne.TextWrapWord
}

func (x *iclientDialog) content() fyne.CanvasObject {
	x.saveAuth = btn(&button{Button: widget.Button{Text: "Save & authorize", Icon: theme.LoginIcon(), Importance: widget.HighImportance,
		OnTapped: func() { x.onSaveThen(x.thenAuthorize) }}})
	x.saveAuth.Hide()
	bar := container.NewHBox(x.activity, x.status, layout.NewSpacer(), x.cancel, x.save, x.saveAuth)
	x.scroll = container.NewVScroll(container.NewPadded(x.form))
	return container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), bar), nil, nil,
		x.scroll)
}

func (x *iclientDialog) load(ic model.IClient) {
	if x.orig != nil {
		for k := range x.msgs {
			x.touched[k] = true
		}
	}
	x.name.Text = ic.Name
	x.env.Selected = ic.Env.Kind.Label()
	x.oauthBase.Text, x.apiBase.Text = ic.Env.OAuthBase, ic.Env.APIBase
	x.appType.Selected = ic.AppType.Label()
	x.clientID.Text = ic.ClientID
	if x.orig != nil {
		x.secret.PlaceHolder = "Leave empty to keep the current secret"
	}
	x.showFields()
	x.validate()
}

func (x *iclientDialog) current() model.IClient {
	var ic model.IClient
	if x.orig != nil {
		ic = *x.orig
	}
	ic.Name = x.name.Text
	ic.Env = model.Environment{Kind: envKindOf(x.env.Selected)}
	if ic.Env.Kind == model.EnvCustom {
		ic.Env.OAuthBase, ic.Env.APIBase = x.oauthBase.Text, x.apiBase.Text
	}
	ic.AppType = appTypeOf(x.appType.Selected)
	ic.ClientID = x.clientID.Text
	return ic
}

func (x *iclientDialog) dirty() bool {
	if x.secret.Text != "" {
		return true
	}
	ic := x.current()
	if x.orig == nil {
		return (ic.Name != "" && ic.Name != x.prefilled) || ic.ClientID != "" || ic.Env.OAuthBase != "" || ic.Env.APIBase != ""
	}
	o := *x.orig
	return ic.Name != o.Name || !ic.Env.Same(o.Env) || ic.Env.Kind != o.Env.Kind || ic.AppType != o.AppType || ic.ClientID != o.ClientID
}

func (x *iclientDialog) showFields() {
	custom := envKindOf(x.env.Selected) == model.EnvCustom
	show := map[string]bool{fOAuthBase: custom, fAPIBase: custom, fCustomWarn: custom, fRedirect: appTypeOf(x.appType.Selected) != model.AppS2S}
	x.showRows(show)
}

func (x *iclientDialog) touch(key string) {
	x.touched[key] = true
	x.validate()
}

// validate checks the form as the model will, so Save is enabled only for
// an iClient that will be accepted.
func (x *iclientDialog) validate() {
	ic := x.current()
	doc := x.latest()
	if doc == nil {
		doc = model.NewDocument()
	}
	var ve model.ValidationError
	if err := model.ValidateIClient(&ic, doc); err != nil {
		errors.As(err, &ve)
	}
	x.customWarn.SetText(model.CustomWarning(ic.Env))
	// A new environment or base URL must not get the stored secret.
	moved := x.orig != nil && !x.orig.Env.Same(ic.Env)
	switch {
	case x.newSecret && strings.TrimSpace(x.secret.Text) == "":
		ve = append(ve, model.FieldError{Field: fClientSecret, Message: "Zoom did not accept the Client secret saved for this iClient. Paste it from the app's App credentials in Zoom (copy it again with the copy button there)."})
	case moved && strings.TrimSpace(x.secret.Text) == "":
		ve = append(ve, model.FieldError{Field: fClientSecret, Message: model.SecretAgain(ic.Env)})
	case x.orig == nil || x.secret.Text != "":
		if _, msg := model.CleanID("Client secret", x.secret.Text); msg != "" {
			ve = append(ve, model.FieldError{Field: fClientSecret, Message: msg})
		}
	}
	if x.orig != nil {
		ph := "Leave empty to keep the current secret"
		if moved || x.newSecret {
			ph = "Enter the Client secret again"
		}
		if x.secret.PlaceHolder != ph {
			x.secret.SetPlaceHolder(ph)
		}
	}
	x.valid = len(ve) == 0
	x.showMessages(ve.For, func(key string) bool { return x.touched[key] || x.tried })
	x.updateButtons()
}

// askSecret is Edit iClient after Zoom refused its Client secret: the
// secret field is required, shown at once and focused.
func (x *iclientDialog) askSecret() {
	x.newSecret = true
	x.touched[fClientSecret] = true
	x.validate()
	x.win.Canvas().Focus(x.secret)
}

func (x *iclientDialog) updateButtons() {
	if x.save == nil {
		return
	}
	setEnabled(x.save, x.valid && !x.busy)
	if x.saveAuth != nil {
		setEnabled(x.saveAuth, x.valid && !x.busy)
	}
	setEnabled(x.cancel, !x.busy)
}

func (x *iclientDialog) onCancel() {
	if x.busy {
		return
	}
	if !x.dirty() {
		x.d.Hide()
		return
	}
	x.dlg.ask(question{Title: "Discard changes?", Message: "What you entered for this iClient has not been saved.", Yes: "Discard", No: "Keep editing", Danger: true}, func(discard bool) {
		if discard {
			x.d.Hide()
		}
	})
}

// onSave stores the iClient; the secret goes to the keyring, which may wait
// for an unlock prompt, so it runs off the UI goroutine.
func (x *iclientDialog) onSave() { x.onSaveThen(nil) }

// offerAuthorize shows Save & authorize, the dialog's default: then saves
// the iClient, and then (after onSaved) calls then.
func (x *iclientDialog) offerAuthorize(then func()) {
	x.thenAuthorize = then
	x.saveAuth.Show()
	x.save.Importance = widget.MediumImportance
	x.save.Refresh()
	x.dlg.setDefaults(x.d, x.saveAuth, x.save)
}

// onSaveThen saves, and once saved and closed calls then, if not nil.
func (x *iclientDialog) onSaveThen(then func()) {
	x.tried = true
	x.validate()
	if !x.valid || x.busy {
		return
	}
	ic, secret := x.current(), model.NewSecret(strings.TrimSpace(x.secret.Text))
	x.busy = true
	x.activity.Show()
	x.activity.Start()
	x.status.SetText("Saving… your password store may ask to be unlocked.")
	x.updateButtons()
	go func() {
		var saved model.IClient
		var err error
		if x.orig == nil {
			saved, err = x.svc.CreateIClient(context.Background(), ic, secret)
		} else {
			saved, err = x.svc.UpdateIClient(context.Background(), ic, secret)
		}
		fyne.Do(func() {
			x.busy = false
			x.activity.Stop()
			x.activity.Hide()
			x.status.SetText("")
			x.updateButtons()
			var ve model.ValidationError
			if errors.As(err, &ve) {
				for _, fe := range ve {
					if l, ok := x.msgs[fe.Field]; ok {
						l.SetText(fe.Message)
						l.Show()
					}
				}
				return
			}
			if err != nil {
				x.dlg.showError("The iClient could not be saved", err)
				return
			}
			x.d.Hide()
			x.nav.reload()
			if x.onSaved != nil {
				x.onSaved(saved)
			}
			if then != nil {
				then()
			}
		})
	}()
}
