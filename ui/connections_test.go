package ui

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"golang.org/x/oauth2"

	"zoomconn/internal/demo"
	"zoomconn/internal/secretstest"
	"zoomconn/model"
	"zoomconn/oauth"
)

func TestSearchNarrowsTheList(t *testing.T) {
	u, w, _ := openDemo(t)
	if got := rowsShown(u); len(got) != 9 {
		t.Fatalf("the demo should show 9 rows, shows %v", got)
	}
	for _, tc := range []struct{ typed, want string }{
		{"webinar", "Webinar registrations sync"}, // name
		{"jane.doe@", "Meeting reports"},          // account email
		{"S2S", "Cloud recordings archive"},       // iClient name
		{"for government", "Gov recordings"},      // environment
		{"  LEGACY  ", "Legacy usage dashboard"},  // any case, spaces
	} {
		typeInto(u.connections.search, tc.typed)
		if got := rowsShown(u); len(got) == 0 || got[0] != tc.want {
			t.Errorf("typing %q shows %v, want %s first", tc.typed, got, tc.want)
		}
	}
	typeInto(u.connections.search, "webinar")
	if got := rowsShown(u); !slices.Equal(got, []string{"Webinar registrations sync"}) {
		t.Errorf("typing webinar shows %v", got)
	}
	if !showsText(w, "1 of 9 connections", false) {
		t.Errorf("the count should read 1 of 9 connections")
	}
	typeInto(u.connections.search, "server-to-server")
	if got := rowsShown(u); len(got) != 2 {
		t.Errorf("searching the auth type shows %v, want the 2 Server-to-Server connections", got)
	}
	typeInto(u.connections.search, "nothing like this")
	if !showsText(w, "No connection matches “nothing like this”. Clear the search or choose All.", false) {
		t.Errorf("no match should say so")
	}
	typeInto(u.connections.search, "")
	if got := rowsShown(u); len(got) != 9 {
		t.Errorf("clearing the search shows %v", got)
	}
}

func TestStatusFilter(t *testing.T) {
	u, w, _ := openDemo(t)
	for _, tc := range []struct {
		filter string
		want   []string
	}{
		{filterMigration, []string{"Legacy usage dashboard", "Room status monitor", "Webinar registrations sync"}},
		{filterOnline, []string{"Cloud recordings archive", "Meeting reports"}},
		{filterOffline, []string{"Gov recordings", "HR onboarding"}},
		{filterNotAuth, []string{"Local proxy test", "Training attendance"}},
	} {
		choose(t, w, u.connections.filter, tc.filter)
		if got := rowsShown(u); !slices.Equal(got, tc.want) {
			t.Errorf("%s shows %v, want %v", tc.filter, got, tc.want)
		}
	}
}

func TestHeaderSortsAndShowsTheDirection(t *testing.T) {
	u, _, _ := openDemo(t)
	header := func(title string) *headerButton {
		for _, b := range u.connections.header {
			if b.Text == title {
				return &headerButton{b.Text, b.Icon}
			}
		}
		return nil
	}
	if got := rowsShown(u); got[0] != "Cloud recordings archive" || header("Name").icon != theme.MenuDropUpIcon() {
		t.Fatalf("the list starts sorted by Name ▲, shows %v", got)
	}
	tapNow(t, u.connections.header[colName])
	if got := rowsShown(u); got[0] != "Webinar registrations sync" || header("Name").icon != theme.MenuDropDownIcon() {
		t.Errorf("a second tap on Name sorts Z to A with ▼, shows %v", got)
	}
	tapNow(t, u.connections.header[colStatus])
	got := rowsShown(u)
	if got[0] != "Legacy usage dashboard" || got[len(got)-1] != "Meeting reports" {
		t.Errorf("Status sorts what needs attention first (migration, then … online last), shows %v", got)
	}
	if header("Name").icon != nil || header("Status").icon != theme.MenuDropUpIcon() {
		t.Errorf("only the sort column shows an arrow")
	}
}

type headerButton struct {
	text string
	icon fyne.Resource
}

func TestBadgesShowEachStatus(t *testing.T) {
	u, _, _ := openDemo(t)
	for name, want := range map[string]string{
		"Meeting reports": "Online", "Gov recordings": "Offline", "HR onboarding": "Reconnect needed",
		"Webinar registrations sync": "Migration needed", "Training attendance": "Not authorized",
	} {
		r := row(t, u, name)
		var got string
		onUI(func() { got = r.badge.Text() })
		if got != want {
			t.Errorf("%s reads %q, want %q", name, got, want)
		}
	}
	if statusColor(model.StatusOnline) == statusColor(model.StatusOffline) || statusColor(model.StatusMigrationNeeded) == statusColor(model.StatusNotAuthorized) {
		t.Errorf("statuses should differ in colour")
	}
}

func TestRowMenuOpensEditConnection(t *testing.T) {
	u, w, _ := openDemo(t)
	tapNow(t, row(t, u, "HR onboarding").more)
	for _, item := range []string{"Edit connection", "Test connection", "Reconnect", "Activity", "Delete"} {
		if inTop(w, func(c *canvas.Text) bool { return c.Text == item }) == nil {
			t.Errorf("the … menu has no %q", item)
		}
	}
	tapMenuItem(t, w, "Edit connection")
	msg := topDialogText(w)
	if !strings.Contains(msg, "Edit connection: HR onboarding") || !strings.Contains(msg, "Save & authorize") {
		t.Errorf("Edit connection did not open; the dialog says:\n%s", msg)
	}
	var sel string
	onUI(func() { sel = topDialog[*editor](u.dlg).iclients.sel.Selected })
	if sel != "HR user app" {
		t.Errorf("the editor shows iClient %q, want HR user app", sel)
	}
}

func TestJWTBannerAndTimeline(t *testing.T) {
	u, w, _ := openDemo(t)
	want := "3 connections still use JWT, which Zoom turned off on September 8, 2023. Migrate them: " + migrateAdvice
	if !showsText(w, want, false) {
		t.Fatalf("the banner should read %q", want)
	}
	tapNow(t, buttonReading(t, w, "Show timeline"))
	msg := topDialogText(w)
	for _, s := range []string{"June 1, 2023", "Early July 2023", "September 1, 2023 → moved to September 8, 2023", "Zoom disabled JWT app authorization",
		"Meeting SDK and Video SDK JWTs are not affected: they still work and must not be migrated."} {
		if !strings.Contains(msg, s) {
			t.Errorf("the timeline lacks %q:\n%s", s, msg)
		}
	}
	key(w, fyne.KeyEscape)
	tapNow(t, buttonReading(t, w, "Migrate all…"))
	if msg := topDialogText(w); !strings.Contains(msg, "Migrate JWT connections") || !strings.Contains(msg, "3 connections still use JWT") ||
		!strings.Contains(msg, "Meeting SDK and Video SDK JWTs are not affected") {
		t.Errorf("Migrate all… should open the migration wizard; it shows:\n%s", msg)
	}
	key(w, fyne.KeyEscape)
	// Once no JWT connection is left, the banner goes.
	for _, id := range []string{"demo-conn-0", "demo-conn-1", "demo-conn-2"} {
		if err := u.svc.Setup.DeleteConnection(context.Background(), id); err != nil {
			t.Fatal(err)
		}
	}
	onUI(u.reload)
	waitFor(t, "the banner to go", func() bool { return !showsText(w, want, false) && len(rowsShown(u)) == 6 })
}

func TestDeleteAsksThenRemovesTheRow(t *testing.T) {
	u, w, _ := openDemo(t)
	tapNow(t, row(t, u, "Room status monitor").more)
	tapMenuItem(t, w, "Delete")
	if msg := topDialogText(w); !strings.Contains(msg, "“Room status monitor” and its stored secrets are removed") {
		t.Fatalf("Delete should ask first; the dialog says:\n%s", msg)
	}
	tapNow(t, dialogButton(t, w, "Delete"))
	waitFor(t, "the row to go", func() bool { return !slices.Contains(rowsShown(u), "Room status monitor") })
}

func TestDeleteWhenZoomCannotRevokeAsksToDeleteAnyway(t *testing.T) {
	secrets := secretstest.New()
	doc := demo.Document(9)
	svc := newSvc(t, doc, secrets)
	// "Meeting reports" is Online with a token, but Zoom cannot be reached:
	// its iClient points at a loopback port where nothing listens.
	doc.IClients[0].Env = demo.Loopback
	doc.IClients[0].AppType = model.AppUser // an admin-managed app is never revoked by a Delete
	doc.Connections[3].Env = demo.Loopback
	if err := svc.Store.Save(doc); err != nil {
		t.Fatal(err)
	}
	tok, _ := oauth.MarshalToken(&oauth2.Token{AccessToken: "a", RefreshToken: "r", TokenType: "Bearer"})
	ctx := context.Background()
	secrets.Set(ctx, model.SignInTokenAccount("demo-conn-3"), model.NewSecret(string(tok)))
	secrets.Set(ctx, model.ClientSecretAccount(doc.IClients[0].ID), model.NewSecret("s"))
	u, w, _ := openWindow(t, svc)

	tapNow(t, row(t, u, "Meeting reports").more)
	tapMenuItem(t, w, "Delete")
	tapNow(t, dialogButton(t, w, "Delete"))
	waitFor(t, "the question", func() bool { return strings.Contains(topDialogText(w), "Delete here anyway?") })
	if !strings.Contains(topDialogText(w), "Zoom could not be reached") {
		t.Errorf("the question should say why revoking failed:\n%s", topDialogText(w))
	}
	if !slices.Contains(rowsShown(u), "Meeting reports") {
		t.Fatalf("nothing may be deleted before the admin answers")
	}
	tapNow(t, dialogButton(t, w, "Delete here anyway"))
	waitFor(t, "the row to go", func() bool { return !slices.Contains(rowsShown(u), "Meeting reports") })
}

func TestEmptyStateButtonsWork(t *testing.T) {
	u, w, _ := openWindow(t, newSvc(t, nil, secretstest.New()))
	onUI(func() { test.Tap(u.connections.create) })
	if !strings.Contains(topDialogText(w), "Create connection") {
		t.Errorf("Create connection in the empty state opens nothing:\n%s", topDialogText(w))
	}
}

func TestGoldenConnections(t *testing.T) {
	u, _, _ := openDemo(t)
	onUI(func() { u.connections.content.Resize(fyne.NewSize(1160, 560)) })
	assertGolden(t, "connections.xml", u.connections.content)
	assertGolden(t, "connections.png", u.connections.content)
}
