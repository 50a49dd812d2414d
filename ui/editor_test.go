package ui

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"zoomconn/model"
)

// editConnection opens Edit connection on the row named name, through its
// … menu, and returns the editor.
func editConnection(t *testing.T, u *UI, w fyne.Window, name string) *editor {
	t.Helper()
	tapNow(t, row(t, u, name).more)
	tapMenuItem(t, w, "Edit connection")
	var e *editor
	onUI(func() { e = topDialog[*editor](u.dlg) })
	if e == nil {
		t.Fatalf("Edit connection did not open for %s", name)
	}
	return e
}

// visible reports whether o is shown, with every container it is in.
func visible(w fyne.Window, o fyne.CanvasObject) bool {
	return inTop(w, func(x fyne.CanvasObject) bool { return x == o }) != nil
}

func TestSwitchingJWTToOAuthRevealsTheIClientPickerAndRedirectURL(t *testing.T) {
	u, w, _ := openDemo(t)
	e := editConnection(t, u, w, "Webinar registrations sync")
	// The demo's JWT records have no API Secret in the password store.
	waitFor(t, "the API Secret to be looked up", func() bool {
		return strings.Contains(topDialogText(w), "None stored: this record was imported without it.")
	})
	msg := topDialogText(w)
	for _, want := range []string{"API Key", "API Secret", "Migrate to OAuth 2.0"} {
		if !strings.Contains(msg, want) {
			t.Errorf("a JWT connection should show %q; the editor shows:\n%s", want, msg)
		}
	}
	var key string
	onUI(func() { key = e.apiKey.Text })
	if key != "demoKey0000Qx7Lm" || !visible(w, e.apiKey) {
		t.Errorf("the API Key should be shown, read-only; shows %q", key)
	}
	if visible(w, e.iclients.sel) || visible(w, e.redirect) {
		t.Fatalf("a JWT connection has no iClient or Redirect URL")
	}

	tapNow(t, dialogButton(t, w, "Migrate to OAuth 2.0"))
	if !visible(w, e.iclients.sel) || !visible(w, e.redirect) || !visible(w, e.advanced) {
		t.Fatalf("OAuth 2.0 should show the iClient picker, the advanced Scopes and the Redirect URL:\n%s", topDialogText(w))
	}
	if visible(w, e.apiKey) || strings.Contains(topDialogText(w), "Migrate to OAuth 2.0") {
		t.Errorf("the JWT fields should go once OAuth 2.0 is chosen")
	}
	var redirect, auth string
	var opts []string
	onUI(func() { redirect, auth, opts = e.redirect.Text, e.auth.Selected, e.iclients.sel.Options })
	if redirect != "http://127.0.0.1:41587/oauth/callback" || auth != "OAuth 2.0" {
		t.Errorf("Redirect URL %q, auth %q", redirect, auth)
	}
	if want := []string{"Acme reporting app", "HR user app", "Spare marketing app"}; !slices.Equal(opts, want) {
		t.Errorf("the picker offers %v, want the Zoom OAuth apps %v", opts, want)
	}
	if !strings.Contains(topDialogText(w), "Add this to your Zoom app's Redirect URL and Allow list.") {
		t.Errorf("the Redirect URL should say where it goes")
	}
	if !disabled(e.save) || !strings.Contains(topDialogText(w), "Choose an iClient, or create one with the + button.") {
		t.Errorf("without an iClient, Save must be disabled and say why")
	}

	// Each iClient shows the Redirect URL it is registered with: the HR
	// app was registered with localhost before 2026.
	choose(t, w, e.iclients.sel, "HR user app")
	onUI(func() { redirect = e.redirect.Text })
	if redirect != "http://localhost:41587/oauth/callback" {
		t.Errorf("the HR app's Redirect URL reads %q", redirect)
	}
	choose(t, w, e.iclients.sel, "Acme reporting app")
	// A JWT connection stays on JWT until its new credentials work, as
	// in Migrate all…: only Save & authorize, which signs in first.
	if !disabled(e.save) || disabled(e.saveAuth) {
		t.Fatalf("with an iClient chosen, Save & authorize migrates; plain Save would switch before the sign-in works")
	}
	if !strings.Contains(topDialogText(w), "“Webinar registrations sync” stays on JWT until its new credentials work") {
		t.Errorf("the editor should say why only Save & authorize:\n%s", topDialogText(w))
	}
	doc, _ := u.svc.Load()
	if c := doc.ConnectionByName("Webinar registrations sync"); c.Auth != model.AuthJWT || c.APIKey == "" {
		t.Errorf("nothing is saved before Save & authorize: %+v", c)
	}
}

func TestCopyPutsTheRedirectURLOnTheClipboard(t *testing.T) {
	u, w, a := openDemo(t)
	e := editConnection(t, u, w, "Training attendance")
	tapNow(t, e.copyRedirect)
	if got := a.Clipboard().Content(); got != "http://127.0.0.1:41587/oauth/callback" {
		t.Errorf("the clipboard holds %q", got)
	}
	var text string
	onUI(func() { text = e.copyRedirect.Text })
	if text != "Copied" {
		t.Errorf("the button reads %q right after copying, want Copied", text)
	}
	waitFor(t, "the button to read Copy again", func() bool {
		onUI(func() { text = e.copyRedirect.Text })
		return text == "Copy"
	})
}

func TestCreateConnectionValidatesAsYouType(t *testing.T) {
	u, w, _ := openDemo(t)
	shortcut(w, shortcutNew)
	var e *editor
	onUI(func() { e = topDialog[*editor](u.dlg) })
	if e == nil || !disabled(e.save) {
		t.Fatalf("an empty Create connection cannot be saved")
	}
	if strings.Contains(topDialogText(w), "Enter a name") {
		t.Errorf("no complaint before anything was typed")
	}
	if strings.Contains(topDialogText(w), "JWT (retired)") {
		t.Errorf("JWT can never be chosen for a new connection")
	}
	typeInto(e.name, "meeting REPORTS")
	if !strings.Contains(topDialogText(w), `A connection named "Meeting reports" already exists. Choose another name.`) {
		t.Errorf("a taken name should be refused as it is typed:\n%s", topDialogText(w))
	}
	typeInto(e.name, "Attendance export")

	choose(t, w, e.auth, "Server-to-Server OAuth")
	if !visible(w, e.accountID) || visible(w, e.redirect) {
		t.Errorf("Server-to-Server OAuth asks for the Account ID, and has no Redirect URL")
	}
	var opts []string
	onUI(func() { opts = e.iclients.sel.Options })
	if !slices.Equal(opts, []string{"Acme automation (S2S)"}) {
		t.Errorf("Server-to-Server offers only its own Zoom iClients, got %v", opts)
	}
	choose(t, w, e.iclients.sel, "Acme automation (S2S)")
	typeInto(e.accountID, "abc 123")
	if !strings.Contains(topDialogText(w), "The Account ID contains a space or line break in the middle.") || !disabled(e.save) {
		t.Errorf("an Account ID with a space inside is refused:\n%s", topDialogText(w))
	}
	typeInto(e.accountID, "AcMe1234")
	if disabled(e.save) {
		t.Fatalf("a complete connection can be saved:\n%s", topDialogText(w))
	}

	choose(t, w, e.env, "Custom")
	if !visible(w, e.oauthBase) || !visible(w, e.apiBase) {
		t.Errorf("Custom asks for the two base URLs")
	}
	typeInto(e.oauthBase, "http://zoom-proxy.example.com")
	if !strings.Contains(topDialogText(w), "The OAuth base URL must use https (http is allowed only for localhost).") {
		t.Errorf("plain http to a remote host is refused:\n%s", topDialogText(w))
	}
	choose(t, w, e.env, "Zoom (zoom.us)")
	choose(t, w, e.iclients.sel, "Acme automation (S2S)")
	tapNow(t, e.save)
	waitFor(t, "the new row", func() bool { return slices.Contains(rowsShown(u), "Attendance export") })
}

// Scopes are an advanced option: closed and empty unless the connection
// has some, with a granular example, since apps made since 2024 have no
// classic scopes.
func TestScopesAreAnAdvancedOptionClosedUnlessSet(t *testing.T) {
	u, w, _ := openDemo(t)
	e := editConnection(t, u, w, "Training attendance")
	if !strings.Contains(topDialogText(w), "[Scopes (optional)]") || visible(w, e.scopes) {
		t.Fatalf("Scopes should be a closed advanced option:\n%s", topDialogText(w))
	}
	tapNow(t, dialogButton(t, w, "Scopes (optional)"))
	var text, placeholder string
	onUI(func() { text, placeholder = e.scopes.Text, e.scopes.PlaceHolder })
	if !visible(w, e.scopes) || text != "" {
		t.Fatalf("opened, Scopes should show an empty field, shows %q", text)
	}
	if placeholder != "For example: meeting:read:list_meetings:admin" {
		t.Errorf("the example should name one granular scope: %q", placeholder)
	}
	if msg := topDialogText(w); !strings.Contains(msg, "Leave empty to use the scopes set on the app in Zoom") || !strings.Contains(msg, "or Zoom shows “Invalid scope”") {
		t.Errorf("the Scopes hint should say to leave it empty, and why:\n%s", msg)
	}
	typeInto(e.scopes, "user:read:user:admin")
	tapNow(t, e.save)
	waitFor(t, "the editor to close", func() bool { return topDialogText(w) == "" })
	waitFor(t, "the list to show the saved scopes", func() bool {
		var scopes string
		onUI(func() { scopes = row(t, u, "Training attendance").c.Scopes })
		return scopes == "user:read:user:admin"
	})

	// A connection with scopes shows them at once.
	e = editConnection(t, u, w, "Training attendance")
	onUI(func() { text = e.scopes.Text })
	if !visible(w, e.scopes) || text != "user:read:user:admin" {
		t.Errorf("a connection's own scopes should be shown open, shows %q (visible %v)", text, visible(w, e.scopes))
	}
}

// disabled reports whether b is greyed out.
func disabled(b fyne.Disableable) bool {
	var off bool
	onUI(func() { off = b.Disabled() })
	return off
}

func TestGoldenEditConnectionOnOAuth(t *testing.T) {
	u, w, _ := openDemo(t)
	e := editConnection(t, u, w, "Webinar registrations sync")
	tapNow(t, dialogButton(t, w, "Migrate to OAuth 2.0"))
	choose(t, w, e.iclients.sel, "Acme reporting app")
	onUI(func() { e.body.Resize(fyne.NewSize(660, 520)) })
	assertGolden(t, "edit_connection_oauth.xml", e.body)
	assertGolden(t, "edit_connection_oauth.png", e.body)
}
