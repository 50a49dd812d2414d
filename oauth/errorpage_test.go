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
	if e.Redirect != f.redirect || strings.Join(e.Scopes, " ") != "meeting:read:list_meetings:admin" {
		t.Errorf("the timeout lacks the Redirect URL or the scopes asked for: %#v %v %v", e, e.Redirect, e.Scopes)
	}
}
