package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"zoomconn/internal/demo"
	"zoomconn/internal/secretstest"
	"zoomconn/model"
)

// plusIClient taps the editor's + and returns the Create iClient dialog.
func plusIClient(t *testing.T, u *UI, w fyne.Window, e *editor) *iclientDialog {
	t.Helper()
	tapNow(t, e.iclients.add)
	var x *iclientDialog
	onUI(func() { x = topDialog[*iclientDialog](u.dlg) })
	if x == nil || !strings.Contains(topDialogText(w), "Create iClient") {
		t.Fatalf("+ should open Create iClient; top dialog:\n%s", topDialogText(w))
	}
	return x
}

func TestPlusCreatesAnIClientAndSelectsIt(t *testing.T) {
	// The real keyring: the Client secret must land there, and only there.
	svc := newSvc(t, demo.Document(9), secretstest.New())
	u, w, _ := openWindow(t, svc)
	e := editConnection(t, u, w, "Room status monitor")
	tapNow(t, dialogButton(t, w, "Migrate to OAuth 2.0"))
	x := plusIClient(t, u, w, e)

	msg := topDialogText(w)
	for _, want := range []string{"Name", "Credentials", "[Public client ID (no secret)]", "[Client ID and Client secret]", "Recommended: the public client ID", "Use Public Client OAuth",
		"Environment", "App type", "Client ID", "Redirect URL", "Where do I find these?"} {
		if !strings.Contains(msg, want) && find(w, func(h fyneHyperlink) bool { return h.Text == want }) == nil {
			t.Errorf("Create iClient lacks %q:\n%s", want, msg)
		}
	}
	if visible(w, x.secret) {
		t.Errorf("a public client ID, the kind a new iClient starts as, asks for no secret")
	}
	// This one has a Client ID and secret: the secret field appears.
	tapNow(t, x.kind.secret)
	var env, app string
	var masked bool
	onUI(func() { env, app, masked = x.env.Selected, x.appType.Selected, x.secret.Password })
	if env != "Zoom (zoom.us)" || app != "Admin-managed General App" || !masked || !visible(w, x.secret) {
		t.Errorf("the dialog should start with the editor's environment (%q), an OAuth app type (%q) and a masked secret (%v)", env, app, masked)
	}

	typeInto(x.name, "Room monitor app")
	typeInto(x.clientID, "AbC123 XyZ")
	if !strings.Contains(topDialogText(w), "The Client ID contains a space or line break in the middle. Copy it again from Zoom's App credentials.") {
		t.Errorf("a Client ID with a space inside is refused with its reason:\n%s", topDialogText(w))
	}
	if !disabled(x.save) {
		t.Errorf("Save must be disabled while the Client ID is wrong")
	}
	// Pasted with spaces and a line break around it: trimmed.
	onUI(func() {
		x.clientID.SetText("")
		x.clientID.TypedShortcut(&fyne.ShortcutPaste{Clipboard: pasteboard("  AbC123XyZ\n")})
	})
	var id string
	onUI(func() { id = x.clientID.Text })
	if id != "AbC123XyZ" {
		t.Errorf("the pasted Client ID reads %q, want it trimmed", id)
	}
	if !disabled(x.save) {
		t.Errorf("Save must stay disabled until the Client secret is given")
	}
	typeInto(x.secret, "s3cr3t-value")
	if disabled(x.save) {
		t.Fatalf("a complete iClient can be saved:\n%s", topDialogText(w))
	}
	tapNow(t, x.save)
	waitFor(t, "Create iClient to close", func() bool {
		var open bool
		onUI(func() { open = topDialog[*iclientDialog](u.dlg) != nil })
		return !open
	})
	var sel string
	onUI(func() { sel = e.iclients.sel.Selected })
	if sel != "Room monitor app" {
		t.Errorf("the new iClient should be selected in the editor, selected: %q", sel)
	}
	doc, _ := svc.Load()
	ic := doc.IClientByName("Room monitor app")
	if ic == nil || ic.ClientID != "AbC123XyZ" {
		t.Fatalf("the iClient was not saved: %+v", ic)
	}
	got, err := svc.Secrets.Get(context.Background(), model.ClientSecretAccount(ic.ID))
	if err != nil || got.Reveal() != "s3cr3t-value" {
		t.Errorf("the Client secret is not in the keyring (%v)", err)
	}
	if disabled(e.saveAuth) {
		t.Errorf("with the new iClient the connection can be saved and authorized:\n%s", topDialogText(w))
	}
}

// A public client ID is saved with nothing in the keyring; a Server-to-
// Server app always has a secret, so it is not offered the choice.
func TestPublicClientIDKeepsNothingSecret(t *testing.T) {
	secrets := secretstest.New()
	svc := newSvc(t, demo.Document(9), secrets)
	u, w, _ := openWindow(t, svc)
	e := editConnection(t, u, w, "Room status monitor")
	tapNow(t, dialogButton(t, w, "Migrate to OAuth 2.0"))
	x := plusIClient(t, u, w, e)
	typeInto(x.clientID, "PuB456")
	if disabled(x.save) {
		t.Fatalf("a public client ID needs no secret to be saved:\n%s", topDialogText(w))
	}
	tapNow(t, x.save)
	waitFor(t, "Create iClient to close", func() bool {
		var open bool
		onUI(func() { open = topDialog[*iclientDialog](u.dlg) != nil })
		return !open
	})
	doc, _ := svc.Load()
	ic := doc.IClientByName("Zoom app for Room status monitor")
	if ic == nil || !ic.Public() || ic.Loopback() != model.LoopbackIP {
		t.Fatalf("saved as %+v", ic)
	}
	if got := secrets.Accounts(); len(got) != 0 {
		t.Errorf("a public client ID put %v in the keyring", got)
	}

	onUI(func() { x = u.openIClientDialog(nil, nil) })
	choose(t, w, x.appType, model.AppS2S.Label())
	if visible(w, x.kind.box) || !visible(w, x.secret) {
		t.Errorf("Server-to-Server: no choice of credentials, and the secret is asked for")
	}
}

// An iClient registered with localhost keeps its Redirect URL; the dialog
// offers 127.0.0.1 and says what to change in Zoom.
func TestEditIClientOffersTheSwitchTo127(t *testing.T) {
	svc := newSvc(t, demo.Document(9), secretstest.New())
	u, w, _ := openWindow(t, svc)
	doc, _ := svc.Load()
	var x *iclientDialog
	onUI(func() { x = u.openIClientDialog(doc.IClientByName("HR user app"), nil) })
	var url string
	onUI(func() { url = x.redirect.Text })
	if url != "http://localhost:41587/oauth/callback" || !visible(w, x.useIP) ||
		!strings.Contains(topDialogText(w), "Registered in Zoom with localhost, whose port must match exactly") {
		t.Fatalf("%q:\n%s", url, topDialogText(w))
	}
	tapNow(t, x.useIP)
	onUI(func() { url = x.redirect.Text })
	if url != "http://127.0.0.1:41587/oauth/callback" || !strings.Contains(topDialogText(w), "add this URL to the app's Redirect URL and Allow list in Zoom before you authorize") {
		t.Fatalf("%q:\n%s", url, topDialogText(w))
	}
	tapNow(t, x.save)
	waitFor(t, "the switch to be saved", func() bool {
		doc, _ := svc.Load()
		return doc.IClientByName("HR user app").Loopback() == model.LoopbackIP
	})
}

func TestEditIClientKeepsTheSecretWhenLeftEmpty(t *testing.T) {
	secrets := secretstest.New()
	svc := newSvc(t, nil, secrets)
	ic, err := svc.Setup.CreateIClient(context.Background(), model.IClient{Name: "App", Env: model.Environment{Kind: model.EnvZoom}, AppType: model.AppUser, ClientID: "cid"}, model.NewSecret("old"))
	if err != nil {
		t.Fatal(err)
	}
	u, w, _ := openWindow(t, svc)
	var saved model.IClient
	onUI(func() { u.openIClientDialog(&ic, func(s model.IClient) { saved = s }) })
	var x *iclientDialog
	onUI(func() { x = topDialog[*iclientDialog](u.dlg) })
	if !strings.Contains(topDialogText(w), "Leave empty to keep the current secret") {
		t.Errorf("editing should say an empty secret keeps the current one:\n%s", topDialogText(w))
	}
	typeInto(x.name, "Renamed app")
	tapNow(t, x.save)
	waitFor(t, "the save", func() bool {
		var done bool
		onUI(func() { done = saved.Name == "Renamed app" })
		return done
	})
	if got, _ := secrets.Get(context.Background(), model.ClientSecretAccount(ic.ID)); got.Reveal() != "old" {
		t.Errorf("the secret changed although the field was left empty")
	}
}

func TestWhereDoIFindTheseOpensTheGuide(t *testing.T) {
	u, w, a := openDemo(t)
	onUI(func() { u.openIClientDialog(nil, nil) })
	link := inTop(w, func(h fyneHyperlink) bool { return h.Text == "Where do I find these?" })
	if link == nil {
		t.Fatal("no “Where do I find these?” link")
	}
	onUI(func() { link.OnTapped() })
	var titles []string
	onUI(func() {
		for _, win := range a.Driver().AllWindows() {
			titles = append(titles, win.Title())
		}
	})
	if !strings.Contains(strings.Join(titles, "|"), "Guide: create the OAuth app in Zoom") {
		t.Errorf("the guide should open beside the dialog; windows: %v", titles)
	}
}

type fyneHyperlink = *widget.Hyperlink

// pasteboard is a clipboard holding s, for a paste.
type pasteboard string

func (p pasteboard) Content() string   { return string(p) }
func (p pasteboard) SetContent(string) {}

func TestGoldenCreateIClient(t *testing.T) {
	u, _, _ := openDemo(t)
	var x *iclientDialog
	onUI(func() {
		x = u.openIClientDialogWith(nil, newIClientTemplate(model.Environment{Kind: model.EnvZoom}), nil)
	})
	typeInto(x.name, "Acme webinar app")
	typeInto(x.clientID, "Wq8ZbT3nRk5uLx2a Yd7sVe")
	onUI(func() { x.body.Resize(fyne.NewSize(620, 500)) })
	assertGolden(t, "create_iclient.xml", x.body)
}
