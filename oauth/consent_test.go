package oauth

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"zoomconn/internal/zoomtest"
)

func TestConsentHappyPath(t *testing.T) {
	f := newFixture(t)
	browser := f.srv.Browser()
	c := f.start(t, browser)
	if c.OpenErr() != nil {
		t.Fatalf("OpenErr: %v", c.OpenErr())
	}
	if c.RedirectURL() != f.redirect || !strings.HasPrefix(c.URL(), f.client.Env.AuthorizeURL+"?") {
		t.Fatalf("URL %s, redirect %s", c.URL(), c.RedirectURL())
	}
	q, _ := url.ParseQuery(strings.SplitN(c.URL(), "?", 2)[1])
	if q.Get("code_challenge_method") != "S256" || len(q.Get("state")) != 43 || q.Get("redirect_uri") != f.redirect {
		t.Fatalf("consent URL lacks PKCE/state/redirect: %v", q)
	}
	res, err := c.Wait(waitCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	if res.User.Email != "jane@example.com" || res.User.AccountID != "acct-cid-1" || res.APIURL != f.srv.URL() ||
		!slices.Equal(res.Scopes, []string{"user:read:admin"}) || res.Token.RefreshToken == "" {
		t.Fatalf("result: %+v", res)
	}
	if p := browser.Last(); p.Status != 200 || !strings.Contains(p.Body, "Connected") || !strings.Contains(p.Body, "jane@example.com") ||
		!strings.Contains(p.Body, "close this tab") {
		t.Fatalf("tab shows %d %s", p.Status, p.Body)
	}
	store := &memStore{}
	if err := store.Save(context.Background(), res.Token); err != nil {
		t.Fatal(err)
	}
	got := store.token(t)
	if got.RefreshToken != res.Token.RefreshToken || got.Extra("api_url") != f.srv.URL() || got.Extra("scope") != "user:read:admin" {
		t.Fatalf("stored %+v", got)
	}
	// The port is free again once the consent has ended.
	_ = c.Close()
	l, err := net.Listen("tcp4", "127.0.0.1:"+itoa(f.port))
	if err != nil {
		t.Fatalf("port still bound after the consent: %v", err)
	}
	l.Close()
}

func TestConsentWrongSecret(t *testing.T) {
	f := newFixture(t)
	f.client.Secret = "not-the-secret"
	browser := f.srv.Browser()
	_, err := f.start(t, browser).Wait(waitCtx(t))
	e := asError(t, err, BadClient)
	if e.Public || e.Status != 400 {
		t.Fatalf("%v (status %d)", e, e.Status)
	}
	if !strings.Contains(browser.Last().Body, "Not connected") {
		t.Fatalf("tab: %s", browser.Last().Body)
	}
}

func TestConsentRedirectNotAllowed(t *testing.T) {
	f := newFixture(t)
	other := freePort(t)
	// The app in Zoom lists another port than the one in Settings: Zoom
	// shows its own error page and never calls back.
	browser := f.srv.Browser()
	c := f.start(t, browser, func(cc *ConsentConfig) {
		cc.RedirectHost = LoopbackName
		cc.Port = other
		cc.Timeout = 300 * time.Millisecond
	})
	if p := browser.Last(); p.Status != 400 || !strings.Contains(p.Body, "Invalid redirect") || !strings.Contains(p.Body, "4,700") {
		t.Fatalf("Zoom page: %+v", p)
	}
	_, err := c.Wait(waitCtx(t))
	e := asError(t, err, Timeout)
	if e.Redirect != RedirectURL(LoopbackName, other) || e.Limit != 300*time.Millisecond {
		t.Fatalf("timeout does not name the Redirect URL: %v", e)
	}
}

func TestExchangeRedirectMismatch(t *testing.T) {
	f := newFixture(t)
	wrong := RedirectURL(LoopbackName, f.port+1)
	f.srv.AllowRedirect("cid-1", wrong)
	v := oauth2.GenerateVerifier()
	cb, err := f.srv.Browser().Consent(f.client.Config(wrong, nil).AuthCodeURL("state-0123456789", oauth2.S256ChallengeOption(v)))
	if err != nil || cb == "" {
		t.Fatal(cb, err)
	}
	u, _ := url.Parse(cb)
	// Exchanged with another redirect_uri than the consent used.
	_, err = f.oauthConfig().Exchange(context.Background(), u.Query().Get("code"), oauth2.VerifierOption(v))
	e := exchangeError(err, f.redirect)
	if e.Kind != RedirectMismatch || e.Redirect != f.redirect {
		t.Fatalf("%s: %v", e.Kind, e)
	}
}

func TestConsentDenied(t *testing.T) {
	f := newFixture(t)
	f.srv.DenyConsent(true)
	browser := f.srv.Browser()
	_, err := f.start(t, browser).Wait(waitCtx(t))
	asError(t, err, Denied)
	if !strings.Contains(browser.Last().Body, "You chose Deny in Zoom") {
		t.Fatalf("tab: %s", browser.Last().Body)
	}
}

func TestConsentWrongStateThenRight(t *testing.T) {
	f := newFixture(t)
	c := f.start(t, nil)
	browser := f.srv.Browser()
	cb, err := browser.Consent(c.URL())
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(cb)
	for _, state := range []string{"forged", "", strings.Repeat("A", 43)} {
		q := u.Query()
		q.Set("state", state)
		bad := *u
		bad.RawQuery = q.Encode()
		p, err := browser.Get(bad.String())
		if err != nil || p.Status != 400 || !strings.Contains(p.Body, "not for this sign-in") {
			t.Fatalf("state %q: %v %+v", state, err, p)
		}
	}
	noCode := *u
	noCode.RawQuery = url.Values{"state": {u.Query().Get("state")}}.Encode()
	if p, _ := browser.Get(noCode.String()); p.Status != 400 || !strings.Contains(p.Body, "incomplete") {
		t.Fatalf("missing code: %+v", p)
	}
	select {
	case <-c.Done():
		t.Fatal("a refused callback ended the consent")
	default:
	}
	if p, _ := browser.Get(cb); p.Status != 200 {
		t.Fatalf("right callback: %+v", p)
	}
	if _, err := c.Wait(waitCtx(t)); err != nil {
		t.Fatal(err)
	}
}

// blockingTransport holds token requests until released.
type blockingTransport struct {
	entered, release chan struct{}
}

func (b blockingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.HasSuffix(r.URL.Path, "/oauth/token") {
		b.entered <- struct{}{}
		<-b.release
	}
	return http.DefaultTransport.RoundTrip(r)
}

func TestConsentReplayedCallback(t *testing.T) {
	f := newFixture(t)
	bt := blockingTransport{make(chan struct{}, 1), make(chan struct{})}
	c := f.start(t, nil, func(cc *ConsentConfig) { cc.HTTPClient = &http.Client{Transport: bt} })
	browser := f.srv.Browser()
	cb, _ := browser.Consent(c.URL())
	first := make(chan zoomtest.Page)
	go func() { p, _ := browser.Get(cb); first <- p }()
	<-bt.entered
	// The same callback again while the first is being exchanged.
	if p, err := browser.Get(cb); err != nil || p.Status != 409 || !strings.Contains(p.Body, "already used") {
		t.Fatalf("replay: %v %+v", err, p)
	}
	close(bt.release)
	if p := <-first; p.Status != 200 {
		t.Fatalf("first: %+v", p)
	}
	if _, err := c.Wait(waitCtx(t)); err != nil {
		t.Fatal(err)
	}
	_ = c.Close()
	// Once the consent is over nothing listens any more.
	if _, err := browser.Get(cb); err == nil {
		t.Fatal("callback accepted after the consent ended")
	}
}

func TestConsentExpiredCode(t *testing.T) {
	f := newFixture(t)
	c := f.start(t, nil)
	browser := f.srv.Browser()
	cb, _ := browser.Consent(c.URL())
	f.srv.ExpireCodes()
	p, _ := browser.Get(cb)
	_, err := c.Wait(waitCtx(t))
	e := asError(t, err, CodeExpired)
	if e.Status != 400 {
		t.Fatal(e)
	}
	if !strings.Contains(p.Body, "Not connected") || !strings.Contains(p.Body, "says what happened and what to do") {
		t.Fatalf("tab: %s", p.Body)
	}
}

func TestConsentMissingScope(t *testing.T) {
	f := newFixture(t)
	f.srv.RequireScope("user:read:user")
	res, err := f.start(t, f.srv.Browser()).Wait(waitCtx(t))
	e := asError(t, err, MissingScope)
	if len(e.Scopes) != 1 || e.Scopes[0] != "user:read:user" {
		t.Fatal(e)
	}
	if res == nil || res.Token == nil || res.Token.RefreshToken == "" {
		t.Fatal("the token is lost when only /users/me failed")
	}
}

func TestConsentCancelAndTimeout(t *testing.T) {
	f := newFixture(t)
	c := f.start(t, nil)
	c.Cancel()
	_, err := c.Wait(waitCtx(t))
	asError(t, err, Canceled)

	ctx, cancel := context.WithCancel(context.Background())
	c = f.start(t, nil)
	cancel()
	_, err = c.Wait(ctx)
	asError(t, err, Canceled)

	c = f.start(t, nil, func(cc *ConsentConfig) { cc.Timeout = 100 * time.Millisecond })
	_, err = c.Wait(waitCtx(t))
	e := asError(t, err, Timeout)
	if e.Limit != 100*time.Millisecond || e.Redirect == "" {
		t.Fatal(e)
	}
}

// A localhost Redirect URL is matched exactly by Zoom: a busy port is a
// dead end, and the error says the way out (127.0.0.1).
func TestConsentPortBusyForLocalhost(t *testing.T) {
	f := newFixture(t)
	l, err := net.Listen("tcp4", "127.0.0.1:"+itoa(f.port))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	_, err = StartConsent(context.Background(), ConsentConfig{Client: f.client, RedirectHost: LoopbackName, Port: f.port})
	e := asError(t, err, PortBusy)
	if e.Port != f.port || !e.InUse {
		t.Fatal(e)
	}
}

// With a 127.0.0.1 Redirect URL a busy port is no obstacle: Zoom ignores
// the port, so the consent listens on a free one, sends that, and the
// admin's approval comes back there.
func TestConsentOnAFreePortWhenTheDefaultIsBusy(t *testing.T) {
	f := newFixture(t)
	l, err := net.Listen("tcp4", "127.0.0.1:"+itoa(f.port))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	c := f.start(t, f.srv.Browser())
	u, _ := url.Parse(c.RedirectURL())
	if u.Hostname() != LoopbackIP || u.Port() == itoa(f.port) || u.Path != CallbackPath {
		t.Fatalf("redirect %s while %d is busy", c.RedirectURL(), f.port)
	}
	if !strings.Contains(c.URL(), url.QueryEscape(c.RedirectURL())) {
		t.Fatalf("the consent does not send the port it listens on: %s", c.URL())
	}
	res, err := c.Wait(waitCtx(t))
	if err != nil || res.User.Email != "jane@example.com" {
		t.Fatalf("%+v %v", res, err)
	}
}

func TestConsentHostileCallbacks(t *testing.T) {
	f := newFixture(t)
	c := f.start(t, nil)
	browser := f.srv.Browser()
	cb, _ := browser.Consent(c.URL())
	base := "http://127.0.0.1:" + itoa(f.port)
	cases := []struct {
		method, target string
		body           io.Reader
		status         int
	}{
		{"GET", base + "/", nil, 404},
		{"GET", base + "/oauth/callback/", nil, 404},
		{"GET", base + "/favicon.ico", nil, 404},
		{"POST", cb, strings.NewReader("code=x"), 405},
		{"PUT", cb, nil, 405},
		{"GET", cb + "&pad=" + strings.Repeat("x", 9000), nil, 414},
		{"GET", cb, strings.NewReader("body"), 413},
		{"GET", base + "/oauth/callback?state=x&code=y", nil, 400},
	}
	for _, tc := range cases {
		p, err := browser.Do(tc.method, tc.target, tc.body)
		if err != nil || p.Status != tc.status || !strings.Contains(p.Body, "Zoom Connections") {
			t.Errorf("%s %.60s: %v %d %.80s", tc.method, tc.target, err, p.Status, p.Body)
		}
	}
	// A request with another Host (DNS rebinding) is ignored, and so is
	// "localhost" for a 127.0.0.1 Redirect URL: only what Zoom sends to.
	for _, host := range []string{"evil.example", "localhost"} {
		req, _ := http.NewRequest("GET", cb, nil)
		req.Host = host + ":" + itoa(f.port)
		resp, err := http.DefaultClient.Do(req)
		if err != nil || resp.StatusCode != 404 {
			t.Fatalf("Host %s: %v %v", host, err, resp)
		}
		resp.Body.Close()
	}
	select {
	case <-c.Done():
		t.Fatal("hostile requests ended the consent")
	default:
	}
	if p, _ := browser.Get(cb); p.Status != 200 {
		t.Fatalf("real callback after hostile ones: %+v", p)
	}
	if _, err := c.Wait(waitCtx(t)); err != nil {
		t.Fatal(err)
	}
}

func TestConsentOpenerFailureIsNotFatal(t *testing.T) {
	f := newFixture(t)
	c := f.start(t, OpenerFunc(func(string) error { return io.ErrClosedPipe }))
	if c.OpenErr() == nil {
		t.Fatal("OpenErr lost")
	}
	if err := f.srv.Browser().Open(c.URL()); err != nil { // the admin used Copy link
		t.Fatal(err)
	}
	if _, err := c.Wait(waitCtx(t)); err != nil {
		t.Fatal(err)
	}
}
