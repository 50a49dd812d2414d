package ui

import (
	"strings"
	"testing"
	"time"

	"zoomconn/internal/secretstest"
	"zoomconn/model"
)

// noticeOf is what the Connections page's footer says just now: what a
// dialog that closed by itself achieved; "" when it says nothing.
func noticeOf(u *UI) string {
	var s string
	onUI(func() {
		if p := u.connections; p.notice != nil && p.notice.Visible() {
			s = p.noticeText.Text
		}
	})
	return s
}

// A successful authorization from the row's Authorize closes its dialog
// by itself; the footer says Online, and Activity has it, dated today.
// A failure stays in the dialog with its buttons.
func TestAuthorizeClosesByItselfWhenOnline(t *testing.T) {
	svc, srv, _ := zoomFixture(t, nil, secretstest.New())
	c := oauthConnection(t, svc, srv)
	u, w, _ := openWindow(t, svc)
	onUI(func() { u.links.opener = srv.Browser() })

	srv.DenyConsent(true)
	tapNow(t, row(t, u, "Reports").more)
	tapMenuItem(t, w, "Authorize")
	waitFor(t, "the denial", func() bool { return strings.Contains(topDialogText(w), "You chose Deny in Zoom.") })
	if noticeOf(u) != "" {
		t.Errorf("a failure should not be announced on the page: %q", noticeOf(u))
	}
	tapNow(t, dialogButton(t, w, "Close"))

	srv.DenyConsent(false)
	tapNow(t, row(t, u, "Reports").more)
	tapMenuItem(t, w, "Authorize")
	want := "“Reports” is Online: connected as jane@example.com"
	waitFor(t, want, func() bool { return strings.Contains(noticeOf(u), want) })
	if d := topDialogText(w); d != "" {
		t.Errorf("the dialog should close by itself once Online; it shows:\n%s", d)
	}
	waitFor(t, "the row to turn Online", func() bool { return statusOf(t, u, "Reports") == "Online" })
	evs, _, err := svc.Activity.Read(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	today := false
	for _, ev := range evs {
		y1, m1, d1 := ev.Time.Local().Date()
		y2, m2, d2 := time.Now().Date()
		today = today || (ev.Kind == model.EventAuthorized && y1 == y2 && m1 == m2 && d1 == d2 && ev.OK != nil && *ev.OK)
	}
	if !today {
		t.Errorf("Activity should record the authorization today: %+v", evs)
	}
}

// Authorize on a Server-to-Server OAuth connection (a token, no browser)
// also closes by itself once Online.
func TestAuthorizeServerToServerClosesByItself(t *testing.T) {
	svc, _ := s2sFixture(t)
	u, w, _ := openWindow(t, svc)
	tapNow(t, row(t, u, "Recordings").more)
	tapMenuItem(t, w, "Authorize")
	want := "“Recordings” is Online: connected as zoom-admin@example.com (account acct-42)."
	waitFor(t, want, func() bool { return noticeOf(u) == want })
	if d := topDialogText(w); d != "" {
		t.Errorf("the dialog should close by itself once Online; it shows:\n%s", d)
	}
}
