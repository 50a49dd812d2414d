package ui

import (
	"context"
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"zoomconn/internal/words"
	"zoomconn/model"
)

// Deleting a connection, signing it out, forgetting its sign-in here, or
// removing its app from the Zoom account: each asks first, saying what else
// it ends.

// confirmDelete asks before deleting c. The access is revoked at Zoom first;
// if Zoom cannot be reached, deleting here only is the admin's choice.
func (s screen) confirmDelete(c model.Connection) {
	msg := fmt.Sprintf("“%s” and its stored secrets are removed from this computer. Its access is revoked at Zoom first. This cannot be undone.", c.Name)
	if s.adminManaged(c) {
		msg = fmt.Sprintf("“%s” and its stored secrets are removed from this computer. Its sign-in is forgotten here, not revoked at Zoom: the app is admin-managed, and a revoke would remove it from the whole Zoom account. This cannot be undone.", c.Name)
	}
	if others := s.sharers(c); len(others) > 0 {
		msg = fmt.Sprintf("“%s” is removed from this computer. Its sign-in stays, because %s %s it too. This cannot be undone.",
			c.Name, model.JoinNames(others), words.Plural(len(others), "uses", "use"))
	}
	s.dlg.ask(question{Title: "Delete this connection?", Message: msg, Yes: "Delete", Danger: true}, func(ok bool) {
		if ok {
			s.deleteConnection(c, false)
		}
	})
}

func (s screen) deleteConnection(c model.Connection, evenIfRevokeFails bool) {
	ctx, cancel := context.WithCancel(context.Background())
	t := s.dlg.startTask(fmt.Sprintf("Delete “%s”", c.Name), "Revoking its access at Zoom, then deleting it…", cancel)
	go func() {
		defer cancel()
		removal, err := s.svc.Revocation.DeleteConnectionRevoking(ctx, c.ID, evenIfRevokeFails)
		fyne.Do(func() {
			s.nav.reload()
			var rf *model.RevokeFailedError
			switch {
			case errors.As(err, &rf):
				t.d.Hide()
				s.askDeleteAnyway(c, rf)
			case err != nil:
				t.fail(err)
			default:
				t.d.Hide()
				s.nav.announce(removal.Sentence())
			}
		})
	}()
}

func (s screen) askDeleteAnyway(c model.Connection, rf *model.RevokeFailedError) {
	x := explain(rf)
	content := container.NewVBox(minWidth(460), errorContent(explained{Message: x.Message, Detail: x.Detail}),
		&widget.Label{Text: "Delete here anyway? Its access then stays valid at Zoom until it expires or you remove the app in Zoom.", Wrapping: fyne.TextWrapWord})
	s.dlg.ask(question{Title: "Delete here anyway?", Content: content, Yes: "Delete here anyway", No: "Keep it", Danger: true}, func(ok bool) {
		if ok {
			s.deleteConnection(c, true)
		}
	})
}

// adminManaged reports whether c signs in with an admin-managed app, whose
// revoke at Zoom would remove it from the whole account.
func (s screen) adminManaged(c model.Connection) bool {
	doc := s.latest()
	if doc == nil {
		return false
	}
	icID := c.IClientID
	if si := doc.SignIn(c.SignInID); si != nil {
		icID = si.IClientID
	}
	ic := doc.IClient(icID)
	return ic != nil && ic.AdminManaged()
}

// confirmForget asks before forgetting c's sign-in on this computer only.
func (s screen) confirmForget(c model.Connection) {
	msg := fmt.Sprintf("The sign-in that “%s” uses is forgotten on this computer; Zoom is not asked, so it stays valid there until it is replaced or the app removed.", c.Name)
	if others := s.sharers(c); len(others) > 0 {
		msg += fmt.Sprintf(" %s %s it and %s signed out here too.", model.JoinNames(others),
			words.Plural(len(others), "shares", "share"), words.Plural(len(others), "is", "are"))
	}
	msg += " Authorize again to sign back in."
	s.dlg.ask(question{Title: "Sign out on this computer?", Message: msg, Yes: "Sign out here", Danger: true}, func(ok bool) {
		if ok {
			s.runSignOut(c, "Forgetting the sign-in on this computer…", s.svc.Revocation.ForgetSignIn, "Signed out here: %s %s now Not authorized. Zoom still holds the sign-in.")
		}
	})
}

// confirmRemoveApp names every connection that removing the admin-managed
// app from its Zoom account stops, then removes it if the admin says so.
func (s screen) confirmRemoveApp(c model.Connection) {
	plan, err := s.svc.Revocation.PlanAppRemoval(c.ID)
	if err != nil {
		s.dlg.showError("The app cannot be removed", err)
		return
	}
	account := "the Zoom account"
	if plan.Account != "" {
		account = "Zoom account " + plan.Account
	}
	msg := fmt.Sprintf("“%s” is an admin-managed app. Removing it from %s ends every sign-in of it there: %s here, and every other admin's use of it, on other computers and in other tools too. "+
		"An owner or admin can install it again by authorizing a connection.", plan.IClient, account, model.JoinNames(plan.Stops))
	s.dlg.ask(question{Title: "Remove the app from the Zoom account?", Message: msg, Yes: "Remove the app", Danger: true}, func(ok bool) {
		if ok {
			s.runSignOut(c, "Asking Zoom to remove the app from the account…", s.svc.Revocation.RemoveAppFromAccount, "Removed the app from the Zoom account: %s %s now Not authorized.")
		}
	})
}

// sharers names the other connections that use c's sign-in.
func (s screen) sharers(c model.Connection) []string {
	if s.latest() == nil {
		return nil
	}
	return s.latest().AlsoUsedBy(c)
}

// confirmSignOut asks before signing c out at Zoom, naming every connection
// that shares its sign-in: Zoom keeps one sign-in per user per app, so they
// are all signed out together.
func (s screen) confirmSignOut(c model.Connection) {
	who := "its Zoom user"
	if si := s.latest().SignIn(c.SignInID); si != nil && si.User.Email != "" {
		who = si.User.Email
	}
	msg := fmt.Sprintf("Zoom ends the sign-in of %s that “%s” uses, and its token is forgotten here.", who, c.Name)
	if others := s.sharers(c); len(others) > 0 {
		msg += fmt.Sprintf(" %s %s this sign-in and %s signed out too.", model.JoinNames(others),
			words.Plural(len(others), "shares", "share"), words.Plural(len(others), "is", "are"))
	}
	msg += " Authorize again to sign back in."
	s.dlg.ask(question{Title: "Sign out at Zoom?", Message: msg, Yes: "Sign out", Danger: true}, func(ok bool) {
		if ok {
			s.signOut(c)
		}
	})
}

func (s screen) signOut(c model.Connection) {
	s.runSignOut(c, "Asking Zoom to end the sign-in…", s.svc.Revocation.Revoke, "Signed out: %s %s now Not authorized.")
}

// runSignOut runs one of the ways to end c's sign-in in a task dialog;
// done says which connections it ended (%s names them, %s is or are).
func (s screen) runSignOut(c model.Connection, busy string, op func(context.Context, string) ([]string, error), done string) {
	ctx, cancel := context.WithCancel(context.Background())
	t := s.dlg.startTask(fmt.Sprintf("Sign out “%s”", c.Name), busy, cancel)
	go func() {
		defer cancel()
		names, err := op(ctx, c.ID)
		fyne.Do(func() {
			s.nav.reload()
			if t.done || t.canceled {
				return
			}
			if err != nil {
				t.fail(err)
				return
			}
			t.succeed(fmt.Sprintf(done, model.JoinNames(names), words.Plural(len(names), "is", "are")))
		})
	}()
}
