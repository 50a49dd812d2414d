package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"zoomconn/model"
)

// fixes are the buttons that take the next step model says an error about
// the connection c calls for (model.ExplainFor), where the window can take
// it: enter the iClient's Client secret (or fix the iClient) and retry,
// choose another iClient, migrate a JWT connection, authorize or
// reconnect, or open Settings. hide closes the error's dialog first;
// retry, when not nil, tries the failed operation again once the fix is
// saved. The first button is the one to press: it is drawn as the primary
// one.
func (s screen) fixes(c model.Connection, err error, hide, retry func()) []fyne.CanvasObject {
	var b *button
	switch do := model.ExplainFor(c, err).Do; do.Action {
	case model.ActionEditIClient:
		ic := s.iclientOf(c)
		if ic == nil {
			return nil
		}
		newSecret := needsNewSecret(err) && !ic.Public()
		text := fmt.Sprintf("Edit iClient “%s”…", ic.Name)
		if newSecret {
			text = "Enter the Client secret…"
		}
		b = btn(&button{Button: widget.Button{Text: text, Icon: theme.DocumentCreateIcon(), OnTapped: func() {
			hide()
			x := s.nav.openIClientDialog(ic, func(model.IClient) {
				if retry != nil {
					retry()
				}
			})
			if x != nil && needsNewSecret(err) {
				x.askSecret()
			}
		}}})
	case model.ActionEditConnection:
		b = btn(&button{Button: widget.Button{Text: do.Action.Label() + "…", Icon: theme.DocumentCreateIcon(), OnTapped: func() { hide(); s.nav.openEditor(&c) }}})
	case model.ActionMigrate:
		b = btn(&button{Button: widget.Button{Text: do.Action.Label(), OnTapped: func() { hide(); s.nav.openEditor(&c) }}})
	case model.ActionAuthorize, model.ActionReconnect:
		b = btn(&button{Button: widget.Button{Text: do.Action.Label(), Icon: theme.LoginIcon(), OnTapped: func() { hide(); s.authorizeOrMigrate(c) }}})
	case model.ActionOpenSettings, model.ActionCheckKeyring: // Settings checks the password store
		b = btn(&button{Button: widget.Button{Text: model.ActionOpenSettings.Label(), Icon: theme.SettingsIcon(), OnTapped: func() { hide(); s.nav.openSettings() }}})
	default:
		return nil
	}
	b.Importance = widget.HighImportance
	return []fyne.CanvasObject{b}
}

// needsNewSecret says the error proves the stored Client secret wrong:
// trying again with it cannot work.
func needsNewSecret(err error) bool {
	return model.WrongClient(err)
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
