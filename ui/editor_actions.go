// The editor's actions: the iClient buttons, Cancel, Save (and Save and
// authorize) and Test connection.

package ui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"

	"zoomconn/model"
)

// onMigrateTo switches a JWT connection to OAuth 2.0 or Server-to-Server
// OAuth: the iClient picker appears (with the Redirect URL, or the Account
// ID), and the API Key goes when it is saved. With no iClient of that kind
// to choose, creating one is the next step: Create iClient opens at once.
func (e *editor) onMigrateTo(target model.AuthType) {
	e.auth.SetSelected(target.Label())
	switch {
	case len(e.iclients.sel.Options) == 0:
		e.iclients.onAdd()
	case target == model.AuthS2S && e.iclients.sel.Selected != "" && strings.TrimSpace(e.accountID.Text) == "":
		e.win.Canvas().Focus(e.accountID)
	default:
		e.win.Canvas().Focus(e.iclients.sel)
	}
}

func (p *editorIClients) onAdd() {
	e := p.e
	kind := envKindOf(e.env.Selected)
	tmpl := newIClientTemplate(e.current().Env)
	if authOf(e.auth.Selected) == model.AuthS2S {
		tmpl.AppType, tmpl.Credentials = model.AppS2S, model.CredentialsSecret
	}
	if kind == "" {
		tmpl.Env = model.Environment{Kind: model.EnvZoom}
	}
	// A name to start from, so that the Client ID and secret are all
	// there is to paste: the admin may change it.
	if name := strings.TrimSpace(e.name.Text); name != "" && e.doc.IClientByName("Zoom app for "+name) == nil {
		tmpl.Name = "Zoom app for " + name
	}
	x := e.nav.openIClientDialogWith(nil, tmpl, p.onSaved)
	if x == nil {
		return
	}
	x.prefilled = tmpl.Name
	x.offerAuthorize(func() { e.onSave(true) })
	if tmpl.AppType == model.AppS2S {
		// The Account ID is on the same page in Zoom as the Client ID
		// and secret: it is pasted with them, into the connection.
		x.askAccountID(e.accountID.Text, func(id string) { e.accountID.SetText(id) })
		if tmpl.Name != "" {
			e.win.Canvas().Focus(x.accountID)
		}
		return
	}
	if tmpl.Name != "" {
		e.win.Canvas().Focus(x.clientID)
	}
}

func (p *editorIClients) onEdit() {
	e := p.e
	ic := e.doc.IClient(p.selectedID())
	if ic == nil {
		return
	}
	e.nav.openIClientDialog(ic, p.onSaved)
}

// onSaved adds (or updates) the iClient in the picker and selects it.
func (p *editorIClients) onSaved(ic model.IClient) {
	e := p.e
	if cur := e.doc.IClient(ic.ID); cur != nil {
		*cur = ic
	} else {
		e.doc.IClients = append(e.doc.IClients, ic)
	}
	p.fill(ic.ID)
	e.touched[fIClient] = true
	e.validate()
	e.win.Canvas().Focus(p.sel) // back where the admin was
}

func (e *editor) onCancel() {
	if e.busy {
		return
	}
	if !e.dirty() {
		e.d.Hide()
		return
	}
	name := e.name.Text
	if e.orig != nil {
		name = e.orig.Name
	}
	msg := "Your changes have not been saved."
	if name != "" {
		msg = fmt.Sprintf("Your changes to “%s” have not been saved.", name)
	}
	e.dlg.ask(question{Title: "Discard changes?", Message: msg, Yes: "Discard", No: "Keep editing", Danger: true}, func(discard bool) {
		if discard {
			e.d.Hide()
		}
	})
}

func (e *editor) setBusy(on bool, text string) {
	e.busy = on
	if on {
		e.activity.Show()
		e.activity.Start()
		e.status.SetText(text)
	} else {
		e.activity.Stop()
		e.activity.Hide()
	}
	e.updateButtons()
}

// onSave saves off the UI goroutine (a changed connection forgets its old
// token in the keyring), then closes; andAuthorize goes on to sign it in.
func (e *editor) onSave(andAuthorize bool) {
	e.tried = true
	e.validate()
	if !e.valid || e.busy {
		e.focusFirstProblem(e.win.Canvas())
		return
	}
	if e.orig != nil && !e.dirty() && !andAuthorize {
		e.d.Hide()
		return
	}
	c, changed := e.current(), e.dirty()
	if e.migrating() {
		e.saveAndMigrate(c)
		return
	}
	e.setBusy(true, "Saving…")
	go func() {
		var saved model.Connection
		var err error
		ctx := context.Background()
		if e.orig == nil {
			saved, err = e.svc.Setup.CreateConnection(ctx, c, model.Secret{})
		} else if changed {
			saved, err = e.svc.Setup.UpdateConnection(ctx, c)
		} else {
			saved = *e.orig
		}
		fyne.Do(func() {
			e.setBusy(false, "")
			var ve model.ValidationError
			if errors.As(err, &ve) {
				e.validate()
				e.showValidation(ve)
				return
			}
			if err != nil {
				e.status.SetText("")
				e.dlg.showError("The connection could not be saved", err)
				return
			}
			e.d.Hide()
			e.nav.reload()
			if andAuthorize {
				e.authorizeOrMigrate(saved)
			}
		})
	}()
}

// saveAndMigrate saves what else changed (the name, the environment) with
// the connection still on JWT, then migrates it with the chosen iClient as
// Migrate all… does: it switches only once the new credentials work, and
// the Activity keeps the API Key it had.
func (e *editor) saveAndMigrate(c model.Connection) {
	keep := *e.orig
	keep.Name, keep.Env = c.Name, c.Env
	changed := keep.Name != e.orig.Name || keep.Env != e.orig.Env
	plan := model.MigratePlan{Auth: c.Auth, IClientID: c.IClientID, AccountID: c.AccountID, Scopes: c.Scopes}
	e.setBusy(true, "Saving…")
	go func() {
		var err error
		if changed {
			_, err = e.svc.Setup.UpdateConnection(context.Background(), keep)
		}
		fyne.Do(func() {
			e.setBusy(false, "")
			if err != nil {
				e.status.SetText("")
				e.dlg.showError(fmt.Sprintf("“%s” could not be saved", e.orig.Name), err)
				return
			}
			e.d.Hide()
			e.nav.reload()
			e.nav.migrateNow(keep.ID, plan)
		})
	}()
}

// showValidation shows problems that only the saved document revealed (a
// name taken meanwhile by another window or a script).
func (e *editor) showValidation(ve model.ValidationError) {
	for _, fe := range ve {
		if l, ok := e.msgs[fe.Field]; ok {
			l.SetText(fe.Message)
			l.Show()
		}
	}
	if !slices.ContainsFunc(ve, func(fe model.FieldError) bool { _, ok := e.msgs[fe.Field]; return ok }) {
		e.dlg.showError("The connection could not be saved", ve)
	}
}

func (e *editor) onTest() {
	if e.orig != nil {
		e.testConnection(*e.orig)
	}
}
