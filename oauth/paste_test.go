package oauth

import (
	"errors"
	"net/url"
	"strings"
	"testing"
)

// pasteRefusal is the reason Paste gave, "" when it took the address.
func pasteRefusal(t *testing.T, err error) PasteRefusal {
	t.Helper()
	if err == nil {
		return ""
	}
	var pe *PasteError
	if !errors.As(err, &pe) {
		t.Fatalf("Paste: %T %v, want *PasteError", err, err)
	}
	return pe.Reason
}

// The browser on another computer ends on the Redirect URL there (here:
// Consent returns it without visiting it); the admin pastes it.
func TestPasteFinishesAConsentElsewhere(t *testing.T) {
	f := newFixture(t)
	c := f.start(t, nil)
	callback, err := f.srv.Browser().Consent(c.URL())
	if err != nil || !strings.HasPrefix(callback, f.redirect+"?") {
		t.Fatalf("Zoom sent the browser to %q (%v)", callback, err)
	}
	u, _ := url.Parse(callback)
	q := u.Query()
	code := q.Get("code")

	// Garbage and near misses are refused, and the consent goes on.
	wrongState := *u
	q2 := u.Query()
	q2.Set("state", strings.Repeat("A", 43))
	wrongState.RawQuery = q2.Encode()
	noCode := *u
	noCode.RawQuery = "state=" + url.QueryEscape(q.Get("state"))
	for i, tc := range []struct {
		pasted string
		want   PasteRefusal
	}{
		{"", PasteNotAddress},
		{"yes I approved it", PasteNotAddress},
		{"https://zoom.us/oauth/authorize?response_type=code", PasteNotCallback},
		{strings.Replace(callback, "/oauth/callback", "/oauth/other", 1), PasteNotCallback},
		{strings.Replace(callback, u.Hostname(), "evil.example", 1), PasteNotCallback},
		{strings.Replace(callback, "http://", "https://", 1), PasteNotCallback},
		{"http://127.0.0.1:1/oauth/callback", PasteIncomplete},
		{noCode.String(), PasteIncomplete},
		{wrongState.String(), PasteWrongState},
	} {
		if got := pasteRefusal(t, c.Paste(tc.pasted)); got != tc.want {
			t.Errorf("paste %d = %q, want %q", i, got, tc.want) // never print the code
		}
	}
	select {
	case <-c.Done():
		t.Fatal("a refused paste ended the consent")
	default:
	}

	// Zoom ignores a 127.0.0.1 redirect's port: another loopback name and
	// port, a trailing space, no scheme (as an address bar shows it) are
	// all the same.
	pasted := strings.TrimPrefix(strings.Replace(callback, u.Host, "127.0.0.1:41587", 1), "http://") + " \n"
	if err := c.Paste(pasted); err != nil {
		t.Fatalf("Paste of the address: %v", err)
	}
	res, err := c.Wait(waitCtx(t))
	if err != nil || res.User.Email != "jane@example.com" {
		t.Fatalf("after the paste: %+v %v", res, err)
	}
	// Once: neither a second paste nor the browser itself gets in again.
	if got := pasteRefusal(t, c.Paste(callback)); got != PasteUsed {
		t.Errorf("second paste: %q, want used", got)
	}
	if strings.Contains((&PasteError{PasteUsed}).Error(), code) {
		t.Error("the error holds the code")
	}
}

func TestPasteAndBrowserFirstOneWins(t *testing.T) {
	f := newFixture(t)
	c := f.start(t, nil)
	browser := f.srv.Browser()
	callback, _ := browser.Consent(c.URL())
	if _, err := browser.Get(callback); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Wait(waitCtx(t)); err != nil {
		t.Fatal(err)
	}
	if got := pasteRefusal(t, c.Paste(callback)); got != PasteUsed {
		t.Errorf("paste after the browser's callback: %q, want used", got)
	}

	// The other way round: the paste first, the browser's callback refused.
	c2 := f.start(t, nil)
	callback2, _ := browser.Consent(c2.URL())
	if err := c2.Paste(callback2); err != nil {
		t.Fatal(err)
	}
	// The port is closed by now, or the answer refused as used.
	if p, err := browser.Get(callback2); err == nil && (p.Status != 409 || !strings.Contains(p.Body, "already used")) {
		t.Errorf("the browser after a paste: %d %s", p.Status, p.Body)
	}
	if _, err := c2.Wait(waitCtx(t)); err != nil {
		t.Fatal(err)
	}
}

func TestPastedDenyEndsTheConsent(t *testing.T) {
	f := newFixture(t)
	f.srv.DenyConsent(true)
	c := f.start(t, nil)
	callback, _ := f.srv.Browser().Consent(c.URL())
	if err := c.Paste(callback); err != nil {
		t.Fatal(err)
	}
	_, err := c.Wait(waitCtx(t))
	asError(t, err, Denied)

	// A consent that has ended takes nothing.
	c2 := f.start(t, nil)
	callback2, _ := f.srv.Browser().Consent(c2.URL())
	c2.Cancel()
	if got := pasteRefusal(t, c2.Paste(callback2)); got != PasteEnded {
		t.Errorf("paste after Cancel: %q, want ended", got)
	}
}
