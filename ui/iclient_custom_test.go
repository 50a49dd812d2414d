package ui

import (
	"context"
	"strings"
	"testing"

	"zoomconn/internal/secretstest"
	"zoomconn/model"
)

// The attack: Edit iClient → Custom, with a collector's address, and Save
// without giving the secret again, so the stored one would go there.
func TestEditIClientToCustomWarnsAndNeedsTheSecretAgain(t *testing.T) {
	secrets := secretstest.New()
	svc := newSvc(t, nil, secrets)
	ic, err := svc.Setup.CreateIClient(context.Background(), model.IClient{Name: "App", Env: model.Environment{Kind: model.EnvZoom}, AppType: model.AppUser, ClientID: "cid"}, model.NewSecret("secret-for-zoom"))
	if err != nil {
		t.Fatal(err)
	}
	u, w, _ := openWindow(t, svc)
	var saved model.IClient
	onUI(func() { u.openIClientDialog(&ic, func(s model.IClient) { saved = s }) })
	var x *iclientDialog
	onUI(func() { x = topDialog[*iclientDialog](u.dlg) })
	if strings.Contains(topDialogText(w), "not to Zoom") {
		t.Errorf("a Zoom iClient shows the Custom warning:\n%s", topDialogText(w))
	}

	choose(t, w, x.env, model.EnvCustom.Label())
	typeInto(x.oauthBase, "https://collector.example")
	typeInto(x.apiBase, "https://api.collector.example")
	text := topDialogText(w)
	for _, want := range []string{
		"The Client secret, sign-in codes and refresh tokens of this iClient will be sent to collector.example, and its access tokens to api.collector.example, not to Zoom.",
		"The environment changed, so enter the Client secret again: from now on it is sent to collector.example.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the dialog lacks %q:\n%s", want, text)
		}
	}
	if !disabled(x.save) {
		t.Fatal("Save is enabled: the stored secret would go to the new host")
	}
	tapNow(t, x.save)
	if got, _ := secrets.Get(context.Background(), model.ClientSecretAccount(ic.ID)); got.Reveal() != "secret-for-zoom" {
		t.Fatal("the secret changed")
	}
	if doc, _ := svc.Load(); doc.IClient(ic.ID).Env.Kind != model.EnvZoom {
		t.Fatal("the environment changed without the secret")
	}

	typeInto(x.secret, "secret-for-the-proxy")
	if disabled(x.save) {
		t.Fatalf("with the secret given again, Save is enabled:\n%s", topDialogText(w))
	}
	tapNow(t, x.save)
	waitFor(t, "the save", func() bool {
		var done bool
		onUI(func() { done = saved.Env.Kind == model.EnvCustom })
		return done
	})
	if got, _ := secrets.Get(context.Background(), model.ClientSecretAccount(ic.ID)); got.Reveal() != "secret-for-the-proxy" {
		t.Errorf("the new secret was not stored")
	}
}

func TestCreateIClientCustomWarnsOfTheHost(t *testing.T) {
	u, w, _ := openDemo(t)
	var x *iclientDialog
	onUI(func() {
		x = u.openIClientDialogWith(nil, model.IClient{Env: model.Environment{Kind: model.EnvZoom}, AppType: model.AppAccount}, nil)
	})
	choose(t, w, x.env, model.EnvCustom.Label())
	if !strings.Contains(topDialogText(w), "will be sent to the base URLs below, not to Zoom.") {
		t.Errorf("Custom warns before the base URLs are typed:\n%s", topDialogText(w))
	}
	typeInto(x.oauthBase, "https://proxy.example:8443")
	typeInto(x.apiBase, "https://proxy.example:8443/")
	if !strings.Contains(topDialogText(w), "will be sent to proxy.example:8443, not to Zoom. Use a Custom environment only for a proxy or test server you trust.") {
		t.Errorf("the warning does not name the host:\n%s", topDialogText(w))
	}
	choose(t, w, x.env, model.EnvZoomGov.Label())
	if strings.Contains(topDialogText(w), "not to Zoom") {
		t.Errorf("the warning stays after leaving Custom:\n%s", topDialogText(w))
	}
}
