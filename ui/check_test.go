package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"zoomconn/internal/secretstest"
	"zoomconn/model"
	"zoomconn/oauth"
)

// A sign-in revoked at Zoom: within one check interval (shortened here)
// every connection of it shows Reconnect needed, with nobody pressing
// Test, and the page says so and when it checked.
func TestTheWindowFindsASignInEndedAtZoom(t *testing.T) {
	svc, srv, _ := zoomFixture(t, nil, secretstest.New())
	ctx := context.Background()
	reports := oauthConnection(t, svc, srv)
	var names = []string{"Reports"}
	for _, n := range []string{"Webinar sync", "Ops dashboard"} {
		if _, err := svc.Setup.CreateConnection(ctx, model.Connection{Name: n, Env: reports.Env, Auth: model.AuthOAuth2, IClientID: reports.IClientID}, model.Secret{}); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	doc, _ := svc.Load()
	for _, c := range doc.Connections {
		a, err := svc.Consents.StartAuthorize(ctx, c.ID, srv.Browser())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Wait(ctx); err != nil {
			t.Fatal(err)
		}
	}
	old := checkFirstAfter
	checkFirstAfter = 50 * time.Millisecond
	t.Cleanup(func() { checkFirstAfter = old })
	u, w, _ := openWindowWith(t, Deps{Service: svc, CheckEvery: 300 * time.Millisecond})
	waitFor(t, "the first check", func() bool { return showsText(w, "sign-ins checked with Zoom at", true) })
	for _, n := range names {
		if s := statusOf(t, u, n); s != "Online" {
			t.Fatalf("%s is %s before the revoke", n, s)
		}
	}

	// Revoked in Zoom: nothing here knows yet.
	doc, _ = svc.Load()
	tok, _ := svc.Secrets.Get(ctx, model.SignInTokenAccount(doc.Connections[0].SignInID))
	parsed, _ := oauth.UnmarshalToken([]byte(tok.Reveal()))
	if err := oauth.Revoke(ctx, nil, oauth.Client{ID: "cid", Secret: "csecret", Env: reports.Env.OAuth()}, parsed.RefreshToken); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "every row to need reconnecting", func() bool {
		for _, n := range names {
			if statusOf(t, u, n) != "Reconnect needed" {
				return false
			}
		}
		return true
	})
	want := `Zoom no longer accepts the sign-in of "Reports", "Webinar sync" and "Ops dashboard": they are now Reconnect needed.`
	waitFor(t, want, func() bool { return strings.Contains(noticeOf(u), want) })
	var icon string
	onUI(func() { icon = u.connections.noticeIcon.Resource.Name() })
	if !strings.Contains(icon, "warning") {
		t.Errorf("bad news under a tick: the notice's icon is %q", icon)
	}
}
