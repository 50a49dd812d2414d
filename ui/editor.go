package ui

import (
	"context"
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

// editor is Edit connection (and Create connection): a dialog over the
// window, so the list stays where it was.
type editor struct {
	screen
	orig *model.Connection // nil when creating
	doc  *model.Document   // a copy, with iClients created meanwhile
	d    *dialog.CustomDialog
	body fyne.CanvasObject
	fieldForm

	name, oauthBase, apiBase, scopes, accountID *escEntry
	env, auth                                   *escSelect
	iclients                                    editorIClients
	advanced                                    *widget.Accordion // Scopes, closed unless set
	redirect, apiKey                            *readOnlyEntry
	apiSecret                                   *quietLabel
	copyRedirect, migrate, migrateS2S           *button
	migrateCard                                 *fyne.Container // JWT: why and Migrate, over the form
	scripts                                     *scriptSnippets // Use in scripts (snippets.go)

	touched map[string]bool
	tried   bool
	initial string // the form's values when opened, to see unsaved changes
	why     string // the first problem, which keeps Save off

	test, cancel, save, saveAuth *button
	activity                     *widget.Activity
	status                       *quietLabel
	busy, valid                  bool
	scroll                       *container.Scroll // the form, scrolled to the focused field
}

// Field keys, as model.ValidationError names them.
const (
	fName      = "name"
	fEnv       = "environment"
	fOAuthBase = "oauth_base"
	fAPIBase   = "api_base"
	fAuth      = "auth_type"
	fIClient   = "iclient"
	fScopes    = "scopes"
	fRedirect  = "redirect"
	fAccountID = "account_id"
	fAPIKey    = "api_key"
	fAPISecret = "api_secret"
	fHeading   = "heading"
)

func envLabels() []string              { return labels(model.EnvKinds) }
func envKindOf(l string) model.EnvKind { return byLabel(model.EnvKinds, l) }
func authOf(l string) model.AuthType {
	return byLabel([]model.AuthType{model.AuthOAuth2, model.AuthS2S, model.AuthJWT}, l)
}

func (e *editor) build() {
	e.name = newEntry(e.keys, "For example: Webinar registrations sync")
	e.env = newSelect(e.keys, envLabels(), func(string) { e.touch(fEnv); e.onEnvChanged() })
	e.oauthBase = newEntry(e.keys, "https://zoom-proxy.example.com")
	e.apiBase = newEntry(e.keys, "https://api.zoom-proxy.example.com")
	e.auth = newSelect(e.keys, nil, func(string) { e.touch(fAuth); e.onAuthChanged() })
	e.iclients.sel = newSelect(e.keys, nil, func(string) { e.touch(fIClient); e.showRedirect(); e.updateButtons() })
	e.iclients.sel.PlaceHolder = "Choose a Zoom app (iClient)"
	e.iclients.add = btn(&button{Button: widget.Button{Icon: theme.ContentAddIcon(), OnTapped: e.iclients.onAdd}})
	e.iclients.edit = btn(&button{Button: widget.Button{Icon: theme.DocumentCreateIcon(), OnTapped: e.iclients.onEdit}})
	// One scope: Zoom has refused two granular scopes in one consent.
	e.scopes = newEntry(e.keys, "For example: meeting:read:list_meetings:admin")
	// Most connections want the scopes set on the app in Zoom; a scope= on
	// the consent that the app lacks ends on Zoom's "Invalid scope" page.
	e.advanced = widget.NewAccordion(widget.NewAccordionItem("Scopes (optional)", container.NewVBox(e.scopes,
		quietHint("Leave empty to use the scopes set on the app in Zoom: that is almost always right. "+
			"To ask for fewer, list them separated by spaces; each must also be on the app, or Zoom shows “Invalid scope”. "+
			"Connections that share a sign-in share its scopes: a narrower approval narrows theirs too."))))
	e.redirect = newReadOnlyEntry(e.keys, e.redirectURL())
	e.copyRedirect = btn(&button{Button: widget.Button{Text: "Copy", Icon: theme.ContentCopyIcon()}})
	e.copyRedirect.OnTapped = func() { e.links.copyToClipboard(e.redirect.Text, e.copyRedirect) }
	e.accountID = newEntry(e.keys, "From the app's App credentials in Zoom")
	e.apiKey = newReadOnlyEntry(e.keys, "")
	e.migrate = btn(&button{Button: widget.Button{Text: "Migrate to OAuth 2.0", Icon: theme.MailForwardIcon(), Importance: widget.HighImportance,
		OnTapped: func() { e.onMigrateTo(model.AuthOAuth2) }}})
	e.migrateS2S = btn(&button{Button: widget.Button{Text: "Migrate to Server-to-Server OAuth", Icon: theme.MailForwardIcon(),
		OnTapped: func() { e.onMigrateTo(model.AuthS2S) }}})
	for key, en := range map[string]*escEntry{fName: e.name, fOAuthBase: e.oauthBase, fAPIBase: e.apiBase, fScopes: e.scopes, fAccountID: e.accountID} {
		en.OnChanged = func(string) { e.touch(key) }
	}
	// The iClients offered are those of this environment: Custom's base
	// URLs decide which.
	for key, en := range map[string]*escEntry{fOAuthBase: e.oauthBase, fAPIBase: e.apiBase} {
		en.OnChanged = func(string) {
			e.touched[key] = true
			e.iclients.fill(e.iclients.selectedID()) // no relayout: the fields stay
			e.validate()
		}
	}
	e.accountID.trimPaste = true
	e.layOut()
	e.migrateCard = e.migrateTargets()
	e.test = btn(&button{Button: widget.Button{Text: "Test connection", Icon: theme.MediaPlayIcon(), OnTapped: e.onTest}})
	e.buttons()
}

// layOut adds the editor's rows to its form, in the order they read.
func (e *editor) layOut() {
	e.addRow(fName, "Name", e.name, "")
	e.addRow(fEnv, "Environment", e.env, "")
	e.addRow(fOAuthBase, "OAuth base URL", e.oauthBase, "Zoom's /oauth/authorize, /oauth/token and /oauth/revoke are added to it. Use https (http only for localhost).")
	e.addRow(fAPIBase, "API base URL", e.apiBase, "/v2 is added unless it is there.")
	heading := &widget.Label{Text: "Application details", TextStyle: fyne.TextStyle{Bold: true}}
	e.form.Add(heading)
	e.form.Add(container.NewVBox(layout.NewSpacer(), widget.NewSeparator(), layout.NewSpacer()))
	e.addRow(fAuth, "Authentication type", e.auth, "")
	e.addRow(fIClient, "Zoom app (iClient)", container.NewBorder(nil, nil, nil, container.NewHBox(e.iclients.add, e.iclients.edit), e.iclients.sel),
		"The OAuth app in Zoom that this connection signs in with. + adds one.")
	e.fields[fIClient] = e.iclients.sel
	e.addRow(fScopes, "Advanced", e.advanced, "")
	how := newLink("How? → Guide", e.nav.openGuideWindow)
	hint := &widget.Label{Text: "Add this to your Zoom app's Redirect URL and Allow list.", Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameCaptionText}
	e.addRow(fRedirect, "Redirect URL", container.NewVBox(
		container.NewBorder(nil, nil, nil, e.copyRedirect, e.redirect),
		container.NewBorder(nil, nil, nil, how, hint)), "")
	e.addRow(fAccountID, "Account ID", e.accountID, "Server-to-Server OAuth: the Account ID from the app's App credentials.")
	e.addRow(fAPIKey, "API Key", e.apiKey, "")
	e.apiSecret = newQuietLabel("Stored in your password store; never shown.")
	e.apiSecret.Wrapping = fyne.TextWrapWord
	e.addRow(fAPISecret, "API Secret", e.apiSecret, "")
}

// migrateTargets is the card a JWT connection opens with: Zoom turned JWT
// off, and the two ways on. Above the form, not in it: seen, with its
// buttons, as the dialog opens.
func (e *editor) migrateTargets() *fyne.Container {
	warn := &widget.Label{Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true},
		Text: "Zoom turned JWT off on September 8, 2023: this connection no longer works. Move it to one of these:"}
	why := func(s string) *widget.Label { return &widget.Label{Text: s, Wrapping: fyne.TextWrapWord} }
	targets := container.New(layout.NewFormLayout(),
		e.migrate, why("You sign in to Zoom in your browser, once. For an integration that acts for a Zoom user."),
		e.migrateS2S, why("No browser: the app's Account ID, Client ID and secret. For scripts that work across the account."))
	return container.NewStack(newTintRect(colorMigration), container.NewPadded(container.NewVBox(warn, targets)))
}

// buttons are the editor's buttons and its status line.
func (e *editor) buttons() {
	e.cancel = btn(&button{Button: widget.Button{Text: "Cancel", OnTapped: e.onCancel}})
	e.save = btn(&button{Button: widget.Button{Text: "Save", Icon: theme.DocumentSaveIcon(), OnTapped: func() { e.onSave(false) }}})
	e.saveAuth = btn(&button{Button: widget.Button{Text: "Save & authorize", Icon: theme.LoginIcon(), Importance: widget.HighImportance, OnTapped: func() { e.onSave(true) }}})
	e.activity = widget.NewActivity()
	e.activity.Hide()
	e.status = newQuietLabel("")
	e.status.Wrapping = fyne.TextWrapWord
	e.scripts = newScriptSnippets(e)
}

func (e *editor) content() fyne.CanvasObject {
	bar := container.NewHBox(e.test, e.activity, layout.NewSpacer(), e.cancel, e.save, e.saveAuth)
	bottom := container.NewVBox(e.status, widget.NewSeparator(), bar)
	e.scroll = container.NewVScroll(container.NewPadded(container.NewVBox(e.form, e.scripts.section)))
	return container.NewBorder(e.migrateCard, bottom, nil, nil, e.scroll)
}

// load fills the form from the connection being edited, or with defaults.
func (e *editor) load() {
	c := model.Connection{Env: model.Environment{Kind: model.EnvZoom}, Auth: model.AuthOAuth2}
	if e.orig != nil {
		c = *e.orig
		for k := range e.msgs {
			e.touched[k] = true // an existing connection's problems show at once
		}
		if c.Auth == model.AuthJWT {
			// Fields a migration brings are new: empty is not a problem yet.
			delete(e.touched, fIClient)
			delete(e.touched, fAccountID)
		}
	}
	opts := []string{model.AuthOAuth2.Label(), model.AuthS2S.Label()}
	if c.Auth == model.AuthJWT {
		opts = append(opts, model.AuthJWT.Label()) // kept on record, never chosen anew
	}
	e.auth.Options = opts
	e.name.Text = c.Name
	e.env.Selected = c.Env.Kind.Label()
	e.oauthBase.Text, e.apiBase.Text = c.Env.OAuthBase, c.Env.APIBase
	e.auth.Selected = c.Auth.Label()
	e.scopes.Text = c.Scopes
	if c.Scopes != "" {
		e.advanced.Open(0)
	}
	e.accountID.Text = c.AccountID
	e.apiKey.Text = c.APIKey
	e.iclients.fill(c.IClientID)
	e.showFields()
	e.initial = snapshot(e.current())
	e.validate()
	if c.Auth == model.AuthJWT && e.orig != nil {
		go e.checkAPISecret(c.ID)
	}
}

// current is the connection as the form now describes it.
func (e *editor) current() model.Connection {
	var c model.Connection
	if e.orig != nil {
		c = *e.orig
	}
	c.Name = e.name.Text
	c.Env = model.Environment{Kind: envKindOf(e.env.Selected)}
	if c.Env.Kind == model.EnvCustom {
		c.Env.OAuthBase, c.Env.APIBase = e.oauthBase.Text, e.apiBase.Text
	}
	c.Auth = authOf(e.auth.Selected)
	c.IClientID, c.Scopes, c.AccountID = "", "", ""
	switch c.Auth {
	case model.AuthOAuth2:
		c.IClientID, c.Scopes = e.iclients.selectedID(), e.scopes.Text
	case model.AuthS2S:
		c.IClientID, c.AccountID = e.iclients.selectedID(), e.accountID.Text
	}
	return c
}

// snapshot is what of c the form edits, to tell whether it changed.
func snapshot(c model.Connection) string {
	return fmt.Sprintf("%q", []string{c.Name, string(c.Env.Kind), c.Env.OAuthBase, c.Env.APIBase, string(c.Auth), c.IClientID, c.Scopes, c.AccountID})
}

func (e *editor) dirty() bool { return snapshot(e.current()) != e.initial }

// migrating says the form moves a JWT connection to OAuth 2.0 or
// Server-to-Server OAuth. Like Migrate all…, that switch is made only once
// the new credentials work (model.Migration.Migrate), so plain Save is off.
func (e *editor) migrating() bool {
	return e.orig != nil && e.orig.Auth == model.AuthJWT && authOf(e.auth.Selected) != model.AuthJWT
}

// showRedirect shows the Redirect URL of the chosen iClient: each keeps
// the one it is registered with in Zoom (127.0.0.1 for new ones).
func (e *editor) showRedirect() {
	if e.redirect == nil {
		return
	}
	url := e.redirectURLOf(e.doc.IClient(e.iclients.selectedID()))
	if e.redirect.Text != url {
		e.redirect.SetText(url)
	}
}

func (e *editor) onEnvChanged() {
	e.iclients.fill(e.iclients.selectedID())
	e.showFields()
	e.validate()
}

func (e *editor) onAuthChanged() {
	e.iclients.fill(e.iclients.selectedID())
	e.showFields()
	e.validate()
}

// showFields shows the rows the chosen environment and auth type need.
func (e *editor) showFields() {
	custom := envKindOf(e.env.Selected) == model.EnvCustom
	a := authOf(e.auth.Selected)
	show := map[string]bool{
		fOAuthBase: custom, fAPIBase: custom,
		fIClient: a == model.AuthOAuth2 || a == model.AuthS2S,
		fScopes:  a == model.AuthOAuth2, fRedirect: a == model.AuthOAuth2,
		fAccountID: a == model.AuthS2S,
		fAPIKey:    a == model.AuthJWT, fAPISecret: a == model.AuthJWT,
	}
	e.showRows(show)
	e.scripts.show(e.orig, e.scriptsShown())
	if a == model.AuthJWT {
		e.migrateCard.Show()
	} else {
		e.migrateCard.Hide()
	}
	if e.body != nil {
		e.body.Refresh() // the form moves up or down with the card
	}
}

func (e *editor) touch(key string) {
	e.touched[key] = true
	e.validate()
}

// validate shows each field's problem under it and enables Save only when
// there is none.
func (e *editor) validate() {
	c := e.current()
	err := model.ValidateConnection(&c, e.doc, e.orig == nil)
	var ve model.ValidationError
	errors.As(err, &ve)
	e.valid = err == nil
	msgFor := func(key string) string {
		if msg := ve.For(key); msg != "" || key != fAuth {
			return msg
		}
		return ve.For(fEnv)
	}
	e.showMessages(msgFor, func(key string) bool { return e.touched[key] || e.tried })
	// Why Save is off, in quiet words, while no red message says it yet:
	// a problem the admin has not touched is not an error yet.
	e.why = ""
	if !e.valid {
		for _, k := range e.order {
			if m := msgFor(k); m != "" && e.rows[k][1].Visible() {
				e.why = m
				break
			}
		}
	}
	e.updateButtons()
}

func (e *editor) updateButtons() {
	if e.save == nil {
		return
	}
	a := authOf(e.auth.Selected)
	unchanged := e.orig != nil && !e.dirty() // nothing to save
	setEnabled(e.save, e.valid && !e.busy && !e.migrating() && !unchanged)
	setEnabled(e.saveAuth, e.valid && !e.busy && a != model.AuthJWT)
	setEnabled(e.test, !e.busy && e.orig != nil && !e.dirty())
	setEnabled(e.iclients.edit, e.iclients.sel.Selected != "")
	setEnabled(e.cancel, !e.busy)
	_, shown := e.firstShownProblem()
	switch {
	case e.busy:
	case e.why != "" && shown == "" && a != model.AuthJWT && (e.orig != nil || len(e.touched) > 0):
		e.status.SetText(e.why)
	case e.orig == nil:
		e.status.SetText("")
	case e.migrating():
		e.status.SetText(fmt.Sprintf("“%s” stays on JWT until its new credentials work: Save & authorize signs in with them, then switches it.", e.orig.Name))
	case e.dirty():
		e.status.SetText("You have unsaved changes. Test connection tries the saved settings, so save first.")
	case a == model.AuthJWT:
		e.status.SetText("")
	default:
		text := lastTestText(*e.orig)
		if e.latest() != nil {
			if who := model.SignedInAs(e.latest(), *e.orig); who != "" && e.orig.Auth == model.AuthOAuth2 {
				text = strings.TrimSpace(who + "\n" + text)
			}
		}
		e.status.SetText(text)
	}
}

func lastTestText(c model.Connection) string {
	if c.LastTestAt.IsZero() {
		return ""
	}
	return fmt.Sprintf("Last test %s: %s", lastModified(c.LastTestAt), c.LastTest)
}

func setEnabled(b *button, on bool) {
	if on {
		b.Enable()
	} else {
		b.Disable()
	}
}

// checkAPISecret says so when the JWT record has no API Secret (it was
// imported from a file), rather than claiming one is stored.
func (e *editor) checkAPISecret(id string) {
	has, err := e.svc.Setup.HasJWTSecret(context.Background(), id)
	if err != nil || has {
		return
	}
	fyne.Do(func() {
		e.apiSecret.SetText("None stored: this record was imported without it. JWT no longer works anyway; migrating needs none.")
	})
}

// showEditor opens Edit connection for c, or Create connection when c is nil.
func showEditor(s screen, c *model.Connection) *editor {
	if s.svc == nil || s.latest() == nil {
		return nil
	}
	e := &editor{screen: s, doc: s.latest().Clone(), fieldForm: newFieldForm(), touched: map[string]bool{}}
	e.iclients.e = e
	if c != nil {
		cp := *c
		e.orig = &cp
	}
	e.build()
	e.load()
	title := "Create connection"
	if e.orig != nil {
		title = "Edit connection: " + e.orig.Name
	}
	e.body = e.content()
	e.d = dialog.NewCustomWithoutButtons(title, e.body, s.win)
	e.d.Resize(fyne.NewSize(680, 600))
	s.dlg.track(e.d, e.onCancel)
	s.dlg.own(e.d, e)
	// Enter in any field: Save & authorize, or Save when that is off.
	s.dlg.setDefaults(e.d, e.saveAuth, e.save)
	e.d.Show()
	switch {
	case e.orig == nil:
		s.win.Canvas().Focus(e.name)
	case e.orig.Auth == model.AuthJWT:
		s.win.Canvas().Focus(e.migrate) // what a JWT connection needs
	}
	return e
}
