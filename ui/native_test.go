package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"zoomconn/internal/secretstest"
	"zoomconn/internal/zoomtest"
	"zoomconn/model"
)

// An admin-managed app is never uninstalled from the row's menu by
// accident: "Sign out here…" forgets the sign-in on this computer, and
// only "Remove the app from the Zoom account…" revokes, after naming every
// connection it stops.
func TestAdminManagedAppInTheWindow(t *testing.T) {
	svc, srv, _ := zoomFixture(t, nil, secretstest.New())
	srv.SetAdminManaged("cid", true)
	ctx := context.Background()
	reports := oauthConnection(t, svc, srv)
	ic, _ := svc.Load()
	app := *ic.IClient(reports.IClientID)
	app.AppType = model.AppAccount
	if _, err := svc.Setup.UpdateIClient(ctx, app, model.Secret{}); err != nil {
		t.Fatal(err)
	}
	webinar, err := svc.Setup.CreateConnection(ctx, model.Connection{Name: "Webinar sync", Env: reports.Env, Auth: model.AuthOAuth2, IClientID: app.ID}, model.Secret{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []model.Connection{reports, webinar} {
		a, err := svc.Consents.StartAuthorize(ctx, c.ID, srv.Browser())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Wait(ctx); err != nil {
			t.Fatal(err)
		}
	}
	u, w, _ := openWindow(t, svc)

	// Delete says the sign-in stays at Zoom.
	tapNow(t, row(t, u, "Reports").more)
	tapMenuItem(t, w, "Delete")
	if msg := topDialogText(w); !strings.Contains(msg, "Its sign-in stays, because") {
		t.Errorf("Delete of a shared sign-in:\n%s", msg)
	}
	tapNow(t, dialogButton(t, w, "Cancel"))

	tapNow(t, row(t, u, "Reports").more)
	if showsText(w, "Sign out…", true) {
		t.Errorf("an admin-managed app offers the plain Sign out, which would uninstall it")
	}
	tapMenuItem(t, w, "Remove the app from the Zoom account…")
	msg := topDialogText(w)
	for _, want := range []string{"“Test app” is an admin-managed app.", `"Reports" and "Webinar sync" here`, "every other admin's use of it"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the question lacks %q:\n%s", want, msg)
		}
	}
	if srv.Grants("cid") != 1 {
		t.Fatal("revoked before the admin answered")
	}
	tapNow(t, dialogButton(t, w, "Remove the app"))
	waitFor(t, "the outcome", func() bool {
		return strings.Contains(topDialogText(w), `Removed the app from the Zoom account: "Reports" and "Webinar sync" are now Not authorized.`)
	})
	if srv.Grants("cid") != 0 {
		t.Errorf("%d grants left at Zoom", srv.Grants("cid"))
	}
	tapNow(t, dialogButton(t, w, "Close"))

	// Sign out here asks Zoom nothing.
	a, _ := svc.Consents.StartAuthorize(ctx, reports.ID, srv.Browser())
	if _, err := a.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the row Online", func() bool { return statusOf(t, u, "Reports") == "Online" })
	tapNow(t, row(t, u, "Reports").more)
	tapMenuItem(t, w, "Sign out here…")
	if msg := topDialogText(w); !strings.Contains(msg, "Zoom is not asked") {
		t.Errorf("Sign out here:\n%s", msg)
	}
	tapNow(t, dialogButton(t, w, "Sign out here"))
	waitFor(t, "the row Not authorized", func() bool { return statusOf(t, u, "Reports") == "Not authorized" })
	if srv.Grants("cid") != 1 {
		t.Errorf("Sign out here revoked at Zoom: %d grants", srv.Grants("cid"))
	}
}

// Before the browser opens, the Authorize dialog says that approving ends
// this Zoom user's other sign-ins of the app.
func TestAuthorizeSaysWhatApprovingEnds(t *testing.T) {
	svc, srv, _ := zoomFixture(t, nil, secretstest.New())
	oauthConnection(t, svc, srv)
	u, w, _ := openWindow(t, svc)
	onUI(func() { u.links.opener = nil })
	tapNow(t, row(t, u, "Reports").more)
	tapMenuItem(t, w, "Authorize")
	waitFor(t, "the waiting dialog", func() bool {
		return strings.Contains(topDialogText(w), "Approving ends this Zoom user's other sign-ins of the same app, in other tools or on other computers.")
	})
	tapNow(t, dialogButton(t, w, "Cancel"))
}

// Server-to-Server from the editor: the JWT notice offers it beside OAuth
// 2.0, Create iClient asks for the Account ID with the credentials, and
// its Save & authorize ends with the connection Online: 8 mouse actions
// at most, counted as the main path is.
func TestServerToServerFromTheEditor(t *testing.T) {
	now := time.Now().UTC()
	doc := model.NewDocument()
	doc.Connections = []model.Connection{{ID: "c1", Name: "Usage export", Auth: model.AuthJWT, APIKey: "jwtKey9",
		Status: model.StatusMigrationNeeded, Created: now, Modified: now}}
	svc, srv, _ := zoomFixture(t, doc, secretstest.New())
	srv.AddAccount("acct-s2s", zoomtest.User{ID: "bot", Email: "bot@example.com"})
	saved, _ := svc.Load()
	c := *saved.Connection("c1")
	c.Env = model.Environment{Kind: model.EnvCustom, OAuthBase: srv.URL(), APIBase: srv.URL()}
	if _, err := svc.Setup.UpdateConnection(t.Context(), c); err != nil {
		t.Fatal(err)
	}
	u, w, _ := openWindow(t, svc)
	n := 0
	click := func(o fyne.Tappable) { t.Helper(); n++; tapNow(t, o) }
	paste := func(e *escEntry, v string) {
		t.Helper()
		if f := w.Canvas().Focused(); f != e {
			n++ // the click into the field
			onUI(func() { w.Canvas().Focus(e) })
		}
		n++
		typeInto(e, v)
	}
	n++ // double-click the row
	onUI(func() { row(t, u, "Usage export").DoubleTapped(nil) })
	e := topDialog[*editor](u.dlg)
	if !strings.Contains(topDialogText(w), "For scripts that work across the account.") {
		t.Errorf("the JWT notice should say what each target is for:\n%s", topDialogText(w))
	}
	click(e.migrateS2S) // no Server-to-Server iClient yet: Create iClient opens
	x := topDialog[*iclientDialog](u.dlg)
	if x == nil || !visible(w, x.accountID) || w.Canvas().Focused() != x.accountID {
		t.Fatalf("Create iClient should ask for the Account ID first:\n%s", topDialogText(w))
	}
	paste(x.accountID, "acct-s2s")
	paste(x.clientID, "cid")
	paste(x.secret, "csecret")
	click(x.saveAuth)
	waitFor(t, "the connection Online", func() bool { return statusOf(t, u, "Usage export") == "Online" })
	t.Logf("Server-to-Server from the editor: %d actions", n)
	if n > 8 {
		t.Errorf("%d actions, the goal is 8", n)
	}
	saved, _ = svc.Load()
	if got := saved.Connection("c1"); got.Auth != model.AuthS2S || got.AccountID != "acct-s2s" {
		t.Errorf("saved as %+v", got)
	}
}
