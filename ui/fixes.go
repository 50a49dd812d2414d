package ui

import (
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"zoomconn/model"
	"zoomconn/oauth"
)

// fixes are the buttons that do what an error about the connection c says
// to do next, where the app can do it: enter the iClient's Client secret
// (or fix the iClient) and retry, Reconnect, migrate a JWT connection, or
// open Settings. hide closes the error's dialog first; retry, when not
// nil, tries the failed operation again once the fix is saved. The first
// button is the one to press: it is drawn as the primary one.
func (s screen) fixes(c model.Connection, err error, hide, retry func()) []fyne.CanvasObject {
	var oe *oauth.Error
	var ke *model.KeyringError
	var b *button
	switch {
	case errors.As(err, &oe) && (oe.Kind == oauth.BadClient || oe.Kind == oauth.NotS2SApp || oe.Kind == oauth.RedirectMismatch):
		ic := s.iclientOf(c)
		if ic == nil {
			return nil
		}
		text := fmt.Sprintf("Edit iClient “%s”…", ic.Name)
		if oe.Kind == oauth.BadClient {
			text = "Enter the Client secret…"
		}
		b = btn(&button{Button: widget.Button{Text: text, Icon: theme.DocumentCreateIcon(), OnTapped: func() {
			hide()
			x := s.nav.openIClientDialog(ic, func(model.IClient) {
				if retry != nil {
					retry()
				}
			})
			if x != nil && oe.Kind == oauth.BadClient {
				x.askSecret()
			}
		}}})
	case c.Auth == model.AuthJWT || (errors.As(err, &oe) && oe.Kind == oauth.JWTRetired):
		b = btn(&button{Button: widget.Button{Text: "Migrate to OAuth 2.0…", OnTapped: func() { hide(); s.nav.openEditor(&c) }}})
	case errors.As(err, &oe) && c.Auth == model.AuthOAuth2 && (oe.Kind == oauth.ReconnectNeeded || oe.Kind == oauth.TokenRejected):
		label := "Reconnect"
		if c.Status == model.StatusNotAuthorized {
			label = "Authorize"
		}
		b = btn(&button{Button: widget.Button{Text: label, Icon: theme.LoginIcon(), OnTapped: func() { hide(); s.nav.authorize(c) }}})
	case errors.As(err, &oe) && oe.Kind == oauth.PortBusy, errors.As(err, &ke):
		b = btn(&button{Button: widget.Button{Text: "Open Settings", Icon: theme.SettingsIcon(), OnTapped: func() { hide(); s.nav.openSettings() }}})
	default:
		return nil
	}
	b.Importance = widget.HighImportance
	return []fyne.CanvasObject{b}
}

// needsNewSecret says the error proves the stored Client secret wrong:
// trying again with it cannot work.
func needsNewSecret(err error) bool {
	var oe *oauth.Error
	return errors.As(err, &oe) && oe.Kind == oauth.BadClient
}

// iclientOf is the saved iClient c signs in with, if any.
func (s screen) iclientOf(c model.Connection) *model.IClient {
	if s.latest() == nil || c.IClientID == "" {
		return nil
	}
	if ic := s.latest().IClient(c.IClientID); ic != nil {
		cp := *ic
		return &cp
	}
	return nil
}

// openSettings shows the Settings tab.
func (u *UI) openSettings() {
	for _, t := range u.tabs.Items {
		if t.Text == "Settings" {
			u.tabs.Select(t)
		}
	}
}

// showErrorWith is showError with the buttons that fix it before Close.
func (dlg *dialogs) showErrorWith(title string, err error, fix func(hide func()) []fyne.CanvasObject) {
	d := dialog.NewCustomWithoutButtons(title, container.NewVBox(minWidth(460), errorContent(explain(err))), dlg.win)
	close := btn(&button{Button: widget.Button{Text: "Close", Importance: widget.HighImportance, OnTapped: d.Hide}})
	buttons := fix(d.Hide)
	if len(buttons) > 0 {
		close.Importance = widget.MediumImportance
	}
	dlg.setButtons(d, append(buttons, close)...)
	dlg.track(d, nil)
	d.Show()
}

// showText shows text in full, selectable, in a dialog titled title: what
// a list cuts with "…" is read here.
func (dlg *dialogs) showText(title, text string) {
	d := dialog.NewCustomWithoutButtons(title, container.NewVBox(minWidth(460),
		&widget.Label{Text: text, Wrapping: fyne.TextWrapWord, Selectable: true}), dlg.win)
	dlg.setButtons(d, btn(&button{Button: widget.Button{Text: "Close", Importance: widget.HighImportance, OnTapped: d.Hide}}))
	dlg.track(d, nil)
	d.Show()
}
