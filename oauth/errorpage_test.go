package oauth

import (
	"strings"
	"testing"
	"time"
)

// A consent that asks for a scope the app lacks ends on Zoom's own page and
// never comes back: the timeout names that page, and the scopes asked for.
func TestConsentTimeoutNamesTheInvalidScopePage(t *testing.T) {
	f := newFixture(t)
	browser := f.srv.Browser()
	c := f.start(t, browser, func(cc *ConsentConfig) {
		cc.Scopes = []string{"meeting:read:list_meetings:admin"}
		cc.Timeout = 300 * time.Millisecond
	})
	_, err := c.Wait(waitCtx(t))
	e := asError(t, err, Timeout)
	if p := browser.Last(); p.Status != 400 || !strings.Contains(p.Body, "4,711") {
		t.Fatalf("the browser should show Zoom's scope page, shows %d %q", p.Status, p.Body)
	}
	for _, want := range []string{"“Invalid redirect” (4,700)", f.redirect, "If it showed “Invalid scope”", "asks for meeting:read:list_meetings:admin", "clear the connection's Scopes"} {
		if !strings.Contains(e.Next, want) {
			t.Errorf("the next step lacks %q: %s", want, e.Next)
		}
	}
}

func TestErrorPageChecksNameTheScopesForEachAppType(t *testing.T) {
	none := strings.Join(ErrorPageChecks("http://localhost:41587/oauth/callback", nil), "\n")
	for _, want := range []string{
		"“Invalid redirect” (4,700): add http://localhost:41587/oauth/callback to the app's OAuth Redirect URL and to its OAuth allow list",
		"“Invalid scope”: make sure the app in Zoom has, under Scopes, user:read:user:admin (admin-managed or Server-to-Server app) or user:read:user (user-managed app).",
	} {
		if !strings.Contains(none, want) {
			t.Errorf("without scopes, the checks lack %q:\n%s", want, none)
		}
	}
	some := ErrorPageChecks("http://localhost:41587/oauth/callback", []string{"a:b", "c:d"})
	if want := "“Invalid scope”: this connection asks for a:b c:d: add those scopes to the app in Zoom, or clear the connection's Scopes so that Zoom uses the app's own."; some[1] != want {
		t.Errorf("with scopes:\n got %s\nwant %s", some[1], want)
	}
}
