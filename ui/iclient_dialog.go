package ui

import (
	"errors"
	"fmt"
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
	// accountID is the connection's Account ID, asked here when the dialog
	// was opened with + from a Server-to-Server connection (askAccountID).
	accountID    *escEntry
	onAccountID  func(string)
	env, appType *escSelect
	kind         *kindChoice
	redirect     *readOnlyEntry
	copyRedirect *button
	// useIP switches an iClient registered with localhost to 127.0.0.1;
	// redirectHost is the host the dialog will save.
	useIP        *button
	redirectHost string
	redirectNote *quietLabel
	customWarn   *widget.Label

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
	initial       string // the form as it opened, to see unsaved changes
	thenAuthorize func()
	scroll        *container.Scroll
	activity      *widget.Activity
	status        *quietLabel
}

const (
	fAppType      = "app_type"
	fCredentials  = "credentials"
	fClientID     = "client_id"
	fClientSecret = "client_secret"
	fCustomWarn   = "custom_warning"
)

func appTypeLabels() []string          { return labels(model.AppTypes) }
func appTypeOf(l string) model.AppType { return byLabel(model.AppTypes, l) }

// kindChoice is the choice of credentials: one button for each kind, side
// by side, the chosen one drawn as the primary button with a tick; one
// click either way.
type kindChoice struct {
	public, secret *button
	box            *fyne.Container
	chosen         model.Credentials
	onChanged      func() // after the admin chose
}

func newKindChoice(onChanged func()) *kindChoice {
	k := &kindChoice{onChanged: onChanged}
	choose := func(c model.Credentials) func() {
		return func() {
			k.set(c)
			k.onChanged()
		}
	}
	k.public = btn(&button{Button: widget.Button{Text: model.CredentialsPublic.Label(), OnTapped: choose(model.CredentialsPublic)}})
	k.secret = btn(&button{Button: widget.Button{Text: model.CredentialsSecret.Label(), OnTapped: choose(model.CredentialsSecret)}})
	k.box = container.NewHBox(k.public, k.secret)
	k.set(model.CredentialsPublic)
	return k
}

// set shows c as chosen.
func (k *kindChoice) set(c model.Credentials) {
	k.chosen = c
	for kind, b := range map[model.Credentials]*button{model.CredentialsPublic: k.public, model.CredentialsSecret: k.secret} {
		b.Importance, b.Icon = widget.MediumImportance, nil
		if kind == c {
			b.Importance, b.Icon = widget.HighImportance, theme.ConfirmIcon()
		}
		b.Refresh()
	}
}

// newIClientTemplate is what a new iClient starts as: an admin-managed
// General App with a public client ID, the kind Zoom made for desktop
// apps, and a 127.0.0.1 Redirect URL.
func newIClientTemplate(env model.Environment) model.IClient {
	return model.IClient{Env: env, AppType: model.AppAccount, Credentials: model.CredentialsPublic, RedirectHost: model.LoopbackIP}
}

func (x *iclientDialog) build() {
	x.name = newEntry(x.keys, "For example: Acme reporting app")
	x.env = newSelect(x.keys, envLabels(), func(string) { x.touch(fEnv); x.showFields() })
	x.oauthBase = newEntry(x.keys, "https://zoom-proxy.example.com")
	x.apiBase = newEntry(x.keys, "https://api.zoom-proxy.example.com")
	x.appType = newSelect(x.keys, appTypeLabels(), func(string) { x.touch(fAppType); x.showFields() })
	x.kind = newKindChoice(x.onKindChanged)
	x.clientID = newEntry(x.keys, "Paste the Client ID")
	x.secret = newPasswordEntry(x.keys, "Paste the Client secret")
	x.redirect = newReadOnlyEntry(x.keys, x.redirectURL())
	x.copyRedirect = btn(&button{Button: widget.Button{Text: "Copy", Icon: theme.ContentCopyIcon()}})
	x.copyRedirect.OnTapped = func() { x.links.copyToClipboard(x.redirect.Text, x.copyRedirect) }
	x.useIP = btn(&button{Button: widget.Button{Text: "Use 127.0.0.1", OnTapped: x.onUseIP}})
	x.redirectNote = newQuietLabel("")
	x.redirectNote.Wrapping = fyne.TextWrapWord
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
	x.accountID = newEntry(x.keys, "Paste the Account ID")
	x.accountID.trimPaste = true
	x.accountID.OnChanged = func(string) { x.touch(fAccountID) }
	x.addRow(fAccountID, "Account ID", x.accountID, "From the app's App credentials in Zoom, beside the Client ID. It is kept with the connection.")
	x.addRow(fCredentials, "Credentials", x.kind.box,
		"Recommended: the public client ID, in Zoom under App Credentials → Use Public Client OAuth. Nothing secret to paste or keep. Scripts that run unattended need the Client ID and secret.")
	x.addRow(fClientID, "Client ID", x.clientID, "")
	secretHint := "Kept in your system's password store, never in a file."
	if x.orig != nil {
		secretHint = "Leave empty to keep the current secret. Paste a new one after Regenerate in Zoom: every connection using this iClient gets it."
	}
	x.addRow(fClientSecret, "Client secret", x.secret, secretHint)
	x.addRow(fRedirect, "Redirect URL", container.NewVBox(container.NewBorder(nil, nil, nil, x.copyRedirect, x.redirect),
		container.NewBorder(nil, nil, nil, x.useIP, x.redirectNote)), "")
	x.addRow(fAppType, "App type", x.appType, "As made in Zoom's App Marketplace: Admin-managed, which only an owner or admin can approve (once, for the whole account), or User-managed (each person for their own data); or a Server-to-Server OAuth App for scripts, with no browser.")
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
	x.status.Hide()
	x.saveAuth = btn(&button{Button: widget.Button{Text: "Save & authorize", Icon: theme.LoginIcon(), Importance: widget.HighImportance,
		OnTapped: func() { x.onSaveThen(x.thenAuthorize) }}})
	x.saveAuth.Hide()
	// The status wraps: above the buttons, with the dialog's width. In the
	// buttons' row it would get no width and stand one letter a line.
	bar := container.NewHBox(x.activity, layout.NewSpacer(), x.cancel, x.save, x.saveAuth)
	x.scroll = container.NewVScroll(container.NewPadded(x.form))
	return container.NewBorder(nil, container.NewVBox(x.status, widget.NewSeparator(), bar), nil, nil,
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
	x.kind.set(ic.Kind())
	x.redirectHost = ic.Loopback()
	x.clientID.Text = ic.ClientID
	if x.orig != nil {
		x.secret.PlaceHolder = "Leave empty to keep the current secret"
	}
	x.showFields()
	x.validate()
	x.initial = x.formSnapshot()
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
	ic.Credentials = x.kind.chosen
	if ic.AppType == model.AppS2S {
		ic.Credentials = model.CredentialsSecret // Server-to-Server has no public client ID
	}
	ic.RedirectHost = x.redirectHost
	ic.ClientID = x.clientID.Text
	return ic
}

// onKindChanged shows the fields of the kind chosen and puts the focus
// where the next paste goes.
func (x *iclientDialog) onKindChanged() {
	x.touch(fCredentials)
	x.showFields()
	switch {
	case x.clientID.Text == "":
		x.win.Canvas().Focus(x.clientID)
	case !x.public():
		x.win.Canvas().Focus(x.secret)
	}
}

// public reports whether the form describes a public client ID.
func (x *iclientDialog) public() bool { return x.current().Public() }

// onUseIP switches an iClient registered with localhost to 127.0.0.1, on
// which Zoom accepts any port; the admin adds the new URL in Zoom.
func (x *iclientDialog) onUseIP() {
	x.redirectHost = model.LoopbackIP
	x.touch(fRedirect)
	x.showFields()
}

// showRedirect shows the Redirect URL the iClient will have, and, for one
// registered with localhost, the offer to switch.
func (x *iclientDialog) showRedirect() {
	ic := x.current()
	x.redirect.SetText(x.redirectURLOf(&ic))
	switch {
	case ic.Loopback() == model.LoopbackName:
		x.useIP.Show()
		x.redirectNote.SetText("Registered in Zoom with localhost, whose port must match exactly. With 127.0.0.1 Zoom accepts any port, so a busy port is no problem.")
	case x.orig != nil && x.orig.Loopback() == model.LoopbackName:
		x.useIP.Hide()
		x.redirectNote.SetText("Saved with 127.0.0.1: add this URL to the app's Redirect URL and Allow list in Zoom before you authorize (the old one can stay there).")
	default:
		x.useIP.Hide()
		x.redirectNote.SetText("Add this to the app's Redirect URL for OAuth and to its Allow list in Zoom.")
	}
}

// formSnapshot is what the admin can change in the form.
func (x *iclientDialog) formSnapshot() string {
	ic := x.current()
	return fmt.Sprintf("%q", []string{ic.Name, string(ic.Env.Kind), ic.Env.OAuthBase, ic.Env.APIBase, string(ic.AppType),
		string(ic.Kind()), ic.Loopback(), ic.ClientID, x.secret.Text, x.accountID.Text})
}

func (x *iclientDialog) dirty() bool {
	if x.secret.Text != "" {
		return true
	}
	ic := x.current()
	if x.orig == nil {
		// What it opened with (a name, the editor's environment) is no
		// change: Esc on an untouched dialog just closes it.
		return x.formSnapshot() != x.initial
	}
	o := *x.orig
	return ic.Name != o.Name || !ic.Env.Same(o.Env) || ic.Env.Kind != o.Env.Kind || ic.AppType != o.AppType || ic.ClientID != o.ClientID ||
		ic.Kind() != o.Kind() || ic.Loopback() != o.Loopback()
}

func (x *iclientDialog) showFields() {
	custom := envKindOf(x.env.Selected) == model.EnvCustom
	s2s := appTypeOf(x.appType.Selected) == model.AppS2S
	show := map[string]bool{fOAuthBase: custom, fAPIBase: custom, fCustomWarn: custom, fRedirect: !s2s,
		fCredentials: !s2s, fClientSecret: !x.public(), fAccountID: s2s && x.onAccountID != nil}
	x.showRows(show)
	if x.public() {
		x.clientID.SetPlaceHolder("Paste the public client ID")
	} else {
		x.clientID.SetPlaceHolder("Paste the Client ID")
	}
	x.showRedirect()
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
	becameSecret := x.orig != nil && x.orig.Public() && !ic.Public()
	switch {
	case ic.Public():
		// No secret at all: whatever was typed is not saved.
	case x.newSecret && strings.TrimSpace(x.secret.Text) == "":
		ve = append(ve, model.FieldError{Field: fClientSecret, Message: "Zoom did not accept the Client secret saved for this iClient. Paste it from the app's App credentials in Zoom (copy it again with the copy button there)."})
	case moved && strings.TrimSpace(x.secret.Text) == "":
		ve = append(ve, model.FieldError{Field: fClientSecret, Message: model.SecretAgain(ic.Env)})
	case becameSecret && strings.TrimSpace(x.secret.Text) == "":
		ve = append(ve, model.FieldError{Field: fClientSecret, Message: "Paste the Client secret from the app's App Credentials in Zoom."})
	case x.orig == nil || x.secret.Text != "":
		if _, msg := model.CleanID("Client secret", x.secret.Text); msg != "" {
			ve = append(ve, model.FieldError{Field: fClientSecret, Message: msg})
		}
	}
	if x.orig != nil {
		ph := "Leave empty to keep the current secret"
		if moved || x.newSecret || becameSecret {
			ph = "Enter the Client secret again"
		}
		if x.secret.PlaceHolder != ph {
			x.secret.SetPlaceHolder(ph)
		}
	}
	if x.onAccountID != nil && ic.AppType == model.AppS2S {
		if _, msg := model.CleanID("Account ID", x.accountID.Text); msg != "" {
			ve = append(ve, model.FieldError{Field: fAccountID, Message: msg})
		}
	}
	x.valid = len(ve) == 0
	x.showMessages(ve.For, func(key string) bool { return x.touched[key] || x.tried })
	// Right under "Zoom did not accept the Client secret", "leave empty to
	// keep it" would contradict it.
	if h := x.hints[fClientSecret]; h != nil {
		h.Hidden = x.newSecret || becameSecret || moved
		h.Refresh()
	}
	x.updateButtons()
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

// showIClientDialog opens Edit iClient for existing, or Create iClient
// starting as tmpl; onSaved gets the iClient once it is stored.
func showIClientDialog(s screen, existing *model.IClient, tmpl model.IClient, onSaved func(model.IClient)) *iclientDialog {
	if s.svc == nil {
		return nil
	}
	x := &iclientDialog{screen: s, onSaved: onSaved, fieldForm: newFieldForm(), touched: map[string]bool{}}
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
	x.d = dialog.NewCustomWithoutButtons(title, x.body, s.win)
	x.d.Resize(fyne.NewSize(640, 580))
	s.dlg.track(x.d, x.onCancel)
	s.dlg.own(x.d, x)
	s.dlg.setDefaults(x.d, x.save)
	x.d.Show()
	s.win.Canvas().Focus(x.name)
	return x
}
