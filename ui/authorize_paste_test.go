package ui

import (
	"net/url"
	"strings"
	"sync"
	"testing"

	"zoomconn/internal/secretstest"
	"zoomconn/internal/zoomtest"
	"zoomconn/model"
)

// elsewhere is a browser on another computer: Zoom's consent is approved
// there, and its redirect to this computer's loopback address is never
// followed. It keeps the address it ended on.
type elsewhere struct {
	srv *zoomtest.Server
	mu  sync.Mutex
	url string
}

func (b *elsewhere) Open(consentURL string) error {
	cb, err := b.srv.Browser().Consent(consentURL)
	b.mu.Lock()
	b.url = cb
	b.mu.Unlock()
	return err
}

func (b *elsewhere) endedOn() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.url
}

func TestAuthorizeWithTheAddressPastedFromAnotherComputer(t *testing.T) {
	svc, srv, _ := zoomFixture(t, nil, secretstest.New())
	c := oauthConnection(t, svc, srv)
	u, w, _ := openWindow(t, svc)
	browser := &elsewhere{srv: srv}
	onUI(func() { u.links.opener = browser })
	var a *authorizeDialog
	onUI(func() { a = u.authorize(c) })
	waitFor(t, "the consent to be approved elsewhere", func() bool { return browser.endedOn() != "" })
	waitFor(t, "the paste field", func() bool {
		var on bool
		onUI(func() { on = !a.paste.entry.Disabled() })
		return on
	})
	onUI(func() { a.paste.section.Open(0) })
	for _, want := range []string{"The browser is on another computer?", "that browser shows a page that cannot connect", "[Use this address]"} {
		if !strings.Contains(topDialogText(w), want) {
			t.Errorf("the Authorize dialog lacks %q:\n%s", want, topDialogText(w))
		}
	}

	// Not the address: said, the field cleared, still waiting.
	typeInto(a.paste.entry, "https://zoom.us/oauth/authorize?client_id=cid")
	tapNow(t, dialogButton(t, w, "Use this address"))
	waitFor(t, "the refusal", func() bool {
		return strings.Contains(topDialogText(w), "That is not the address Zoom sends the browser back to")
	})
	var left string
	onUI(func() { left = a.paste.entry.Text })
	if left != "" {
		t.Errorf("the field still holds %q after use", left)
	}

	// The address the browser ended on, with Enter: Online.
	code, _ := url.Parse(browser.endedOn())
	typeInto(a.paste.entry, browser.endedOn())
	onUI(func() { a.paste.entry.OnSubmitted(a.paste.entry.Text) })
	waitFor(t, "the row to turn Online", func() bool { return statusOf(t, u, "Reports") == "Online" })
	waitFor(t, "the dialog to close", func() bool { return topDialogText(w) == "" })
	if n := noticeOf(u); !strings.Contains(n, "“Reports” is Online") || strings.Contains(n, code.Query().Get("code")) {
		t.Errorf("the Connections page says %q", n)
	}
	doc, _ := svc.Load()
	if got := doc.Connection(c.ID); got.Status != model.StatusOnline || got.AuthorizedAs.Email != "jane@example.com" {
		t.Errorf("saved as %+v", got)
	}
}
