package ui

import (
	"context"
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"zoomconn/model"
)

// Create/Edit iClient: Cancel, Save, and Save & authorize, with what they
// ask first (the Account ID, the secret) and what they say after.

// askAccountID asks, beside the credentials, for the Account ID of the
// Server-to-Server connection the dialog was opened from; set gets it
// when the iClient is saved.
func (x *iclientDialog) askAccountID(current string, set func(string)) {
	x.onAccountID = set
	x.accountID.SetText(current)
	x.showFields()
	x.validate()
	x.initial = x.formSnapshot()
}

// askSecret is Edit iClient after Zoom refused its Client secret: the
// secret field is required, shown at once and focused.
func (x *iclientDialog) askSecret() {
	if x.public() {
		// No secret to fix: the public client ID itself, or the app's
		// setting in Zoom.
		x.say("Zoom did not accept this public client ID. In the app's App Credentials in Zoom, check that Use Public Client OAuth is on, and copy its public client ID again.")
		x.win.Canvas().Focus(x.clientID)
		return
	}
	x.newSecret = true
	x.touched[fClientSecret] = true
	x.validate()
	x.win.Canvas().Focus(x.secret)
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
	// The 2-key route, where the keyboard is: Save & authorize is many
	// Tabs away below the form.
	x.say("Enter in any field: Save & authorize.")
	x.save.Importance = widget.MediumImportance
	x.save.Refresh()
	x.dlg.setDefaults(x.d, x.saveAuth, x.save)
}

// onSaveThen saves, and once saved and closed calls then, if not nil.
func (x *iclientDialog) onSaveThen(then func()) {
	x.tried = true
	x.validate()
	if !x.valid || x.busy {
		x.focusFirstProblem(x.win.Canvas())
		return
	}
	ic, secret := x.current(), model.NewSecret(strings.TrimSpace(x.secret.Text))
	if ic.Public() {
		secret = model.Secret{}
	}
	x.busy = true
	x.activity.Show()
	x.activity.Start()
	x.say("Saving… your password store may ask to be unlocked.")
	x.updateButtons()
	go func() {
		var saved model.IClient
		var err error
		if x.orig == nil {
			saved, err = x.svc.Setup.CreateIClient(context.Background(), ic, secret)
		} else {
			saved, err = x.svc.Setup.UpdateIClient(context.Background(), ic, secret)
		}
		fyne.Do(func() {
			x.busy = false
			x.activity.Stop()
			x.activity.Hide()
			x.say("")
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
			if x.onAccountID != nil && saved.AppType == model.AppS2S {
				id, _ := model.CleanID("Account ID", x.accountID.Text)
				x.onAccountID(id)
			}
			if x.onSaved != nil {
				x.onSaved(saved)
			}
			if then != nil {
				then()
			}
		})
	}()
}

// say shows text above the buttons; none, and the line takes no room.
func (x *iclientDialog) say(text string) {
	x.status.SetText(text)
	x.status.Hidden = text == ""
	x.status.Refresh()
}
