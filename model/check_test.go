package model

import (
	"context"
	"strings"
	"testing"

	"zoomconn/oauth"
)

// A sign-in ended at Zoom turns every connection that shares it into
// Reconnect needed at the next check, one /users/me per sign-in, and
// Activity names each of them.
func TestCheckAllFindsASignInEndedAtZoom(t *testing.T) {
	f := newZoomFixture(t)
	var ids []string
	for _, n := range []string{"Reports", "Webinar sync", "Ops dashboard"} {
		ids = append(ids, f.authorize(t, f.addOAuth(t, n)).ID)
	}
	s2s := f.s2sIClient(t)
	f.zoom.AddAccount("acct-s2s", bob)
	bot, err := f.svc.Setup.CreateConnection(context.Background(), Connection{Name: "Bot", Env: f.env, Auth: AuthS2S, IClientID: s2s.ID, AccountID: "acct-s2s"}, Secret{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Checks.Test(context.Background(), bot.ID); err != nil {
		t.Fatal(err)
	}
	before := f.zoom.APIRequests()
	rep, err := f.svc.Checks.CheckAll(context.Background())
	if err != nil || len(rep.Online) != 4 || len(rep.Ended) != 0 || rep.Checked != 2 {
		t.Fatalf("all well: %+v %v", rep, err)
	}
	if n := f.zoom.APIRequests() - before; n != 2 {
		t.Fatalf("%d calls to /users/me for one sign-in and one Server-to-Server app", n)
	}

	// The sign-in is revoked in Zoom (or replaced elsewhere): nothing here
	// knows until it asks.
	tok, _ := f.svc.signInStore(f.doc(t).Connection(ids[0]).SignInID).Load(context.Background())
	client := oauth.Client{ID: "oauth-client-id", Secret: f.secret, Env: f.env.OAuth()}
	if err := oauth.Revoke(context.Background(), nil, client, tok.RefreshToken); err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		if s := f.doc(t).Connection(id).Status; s != StatusOnline {
			t.Fatalf("before the check: %s", s)
		}
	}
	rep, err = f.svc.Checks.CheckAll(context.Background())
	if err != nil || strings.Join(rep.Ended, ",") != "Reports,Webinar sync,Ops dashboard" || strings.Join(rep.Online, ",") != "Bot" {
		t.Fatalf("after the revoke: %+v %v", rep, err)
	}
	for _, id := range ids {
		if s := f.doc(t).Connection(id).Status; s != StatusReconnectNeeded {
			t.Errorf("%s: %s", id, s)
		}
		events, _, _ := f.svc.Activity.Read(id)
		last := events[len(events)-1]
		if last.Kind != EventReconnectNeeded || !strings.Contains(last.Detail, "Zoom no longer accepts this sign-in") || !strings.Contains(last.Detail, "shared with") {
			t.Errorf("activity of %s: %+v", id, last)
		}
	}
	// Test says why and names every connection affected.
	_, err = f.svc.Checks.Test(context.Background(), ids[1])
	x := Explain(err)
	if !strings.Contains(x.Message, "revoked or the app removed in Zoom") || !strings.Contains(x.Message, "approved this app again elsewhere") ||
		!strings.Contains(x.Message, `"Reports", "Webinar sync" and "Ops dashboard" share this sign-in`) {
		t.Errorf("Test's error: %q", x.Message)
	}
}

// A check that Zoom rate-limits stops there and says how long to wait.
func TestCheckAllBacksOffOnARateLimit(t *testing.T) {
	f := newZoomFixture(t)
	f.authorize(t, f.addOAuth(t, "Reports"))
	f.zoom.RateLimit("/v2/users/me", 1, "7")
	rep, err := f.svc.Checks.CheckAll(context.Background())
	if err != nil || rep.RetryAfter < 7e9 || len(rep.Online)+len(rep.Ended)+len(rep.Failed) != 0 {
		t.Fatalf("%+v %v", rep, err)
	}
	if s := f.doc(t).Connections[0].Status; s != StatusOnline {
		t.Fatalf("a rate limit is not a verdict: %s", s)
	}
}

// The same Zoom user approving the same app on another computer ends the
// sign-in here: the next check finds it.
func TestCheckAllFindsASignInReplacedOnAnotherComputer(t *testing.T) {
	f := newZoomFixture(t)
	c := f.authorize(t, f.addOAuth(t, "Reports"))
	other := f.secondComputer(t, f.oauth, f.secret)
	oc, err := other.Setup.CreateConnection(context.Background(), Connection{Name: "Elsewhere", Env: f.env, Auth: AuthOAuth2, IClientID: other.mustDoc(t).IClients[0].ID}, Secret{})
	if err != nil {
		t.Fatal(err)
	}
	a, err := other.Consents.StartAuthorize(context.Background(), oc.ID, f.zoom.Browser())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	rep, err := f.svc.Checks.CheckAll(context.Background())
	if err != nil || strings.Join(rep.Ended, ",") != "Reports" {
		t.Fatalf("%+v %v", rep, err)
	}
	if s := f.doc(t).Connection(c.ID).Status; s != StatusReconnectNeeded {
		t.Fatalf("status %s", s)
	}
}

// A Reconnect joins the sign-in it already had: "the others" are the
// others only.
func TestReconnectDoesNotNameItselfAmongTheOthers(t *testing.T) {
	f := newZoomFixture(t)
	reports := f.authorize(t, f.addOAuth(t, "Reports"))
	again := func() []string {
		t.Helper()
		a, err := f.svc.Consents.StartAuthorize(context.Background(), reports.ID, f.zoom.Browser())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Wait(context.Background()); err != nil {
			t.Fatal(err)
		}
		return a.Joined()
	}
	if j := again(); len(j) != 0 {
		t.Fatalf("alone: joined %q", j)
	}
	f.authorize(t, f.addOAuth(t, "Webinar sync"))
	if j := again(); strings.Join(j, ",") != "Webinar sync" {
		t.Fatalf("with one other: joined %q", j)
	}
}
