package oauth

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/oauth2"
)

// TestNoSecretInErrors provokes every failure with known secrets and looks
// for each secret in what an admin or a log could ever see.
func TestNoSecretInErrors(t *testing.T) {
	var secrets []string
	var seen []string
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, nil))
	keep := func(s ...string) {
		for _, x := range s {
			if x != "" {
				secrets = append(secrets, x)
			}
		}
	}
	collect := func(err error) {
		t.Helper()
		if err == nil {
			t.Fatal("expected an error")
		}
		seen = append(seen, err.Error(), fmt.Sprintf("%v|%+v|%#v|%s|%q", err, err, err, err, err))
		var e *Error
		if errors.As(err, &e) {
			seen = append(seen, e.Detail, e.Reason, e.SentTo, e.Proxy, strings.Join(e.Facts(), "\n"), fmt.Sprintf("%#v", e))
		}
		logger.Error("failed", "err", err)
	}
	ctx := context.Background()
	f := newFixture(t)
	keep(testSecret)

	// A good consent gives tokens to look for later.
	c := f.start(t, nil)
	browser := f.srv.Browser()
	keep(c.verifier, urlParam(t, c.URL(), "state"))
	cb, _ := browser.Consent(c.URL())
	keep(urlParam(t, cb, "code"))
	browser.Get(cb)
	res, err := c.Wait(waitCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	keep(res.Token.AccessToken, res.Token.RefreshToken)
	logger.Info("client", "client", f.client)
	seen = append(seen, fmt.Sprintf("%v|%+v|%#v|%s|%d|%x|%q", f.client, f.client, f.client, f.client, f.client, f.client, f.client),
		fmt.Sprint(&f.client), f.client.String())
	if b, err := f.client.MarshalJSON(); err == nil {
		seen = append(seen, string(b))
	}

	// Expired code.
	c = f.start(t, nil)
	keep(c.verifier, urlParam(t, c.URL(), "state"))
	cb, _ = browser.Consent(c.URL())
	keep(urlParam(t, cb, "code"))
	f.srv.ExpireCodes()
	browser.Get(cb)
	_, err = c.Wait(waitCtx(t))
	collect(err)

	// Wrong secret in a consent.
	bad := f.client
	bad.Secret = "wrong-secret-" + testSecret
	keep(bad.Secret)
	c, err = StartConsent(ctx, ConsentConfig{Client: bad, Port: f.port, Opener: browser})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Wait(waitCtx(t))
	collect(err)

	// Refresh refused, rate-limited, unreachable.
	store := &memStore{}
	_ = store.Save(ctx, res.Token)
	expire(t, f, store)
	lock := filepath.Join(t.TempDir(), "l")
	f.srv.RateLimit("/oauth/token", 1, "")
	_, err = NewPersistingTokenSource(f.oauthConfig(), store, lock).Token()
	collect(err)
	dead := f.oauthConfig()
	dead.Endpoint.TokenURL = closedURL(t) + "/oauth/token?x=1"
	_, err = NewPersistingTokenSource(dead, store, lock).Token()
	collect(err)
	collect(Revoke(ctx, nil, bad, res.Token.RefreshToken))
	if err := Revoke(ctx, nil, f.client, res.Token.RefreshToken); err != nil {
		t.Fatal(err)
	}
	_, err = NewPersistingTokenSource(f.oauthConfig(), store, lock).Token()
	collect(err)
	_, err = Check(ctx, nil, f.client.Env.APIBase, oauth2.StaticTokenSource(res.Token))
	collect(err)

	// JWT, Server-to-Server, denial, busy port.
	keep("jwt-api-secret-value")
	jwtTok, _ := JWTToken("key", "jwt-api-secret-value", 60e9)
	keep(jwtTok)
	_, err = CheckJWT(ctx, nil, f.client.Env.APIBase, "key", "jwt-api-secret-value")
	collect(err)
	_, err = NewS2STokenSource(bad, "acct", nil).Token()
	collect(err)
	f.srv.DenyConsent(true)
	c = f.start(t, browser)
	_, err = c.Wait(waitCtx(t))
	collect(err)
	l, _ := net.Listen("tcp4", "127.0.0.1:"+itoa(f.port))
	_, err = StartConsent(ctx, ConsentConfig{Client: f.client, RedirectHost: LoopbackName, Port: f.port})
	collect(err)
	l.Close()

	for _, p := range browser.Pages() {
		seen = append(seen, p.Body)
	}
	seen = append(seen, logs.String())
	all := strings.Join(seen, "\n")
	for _, s := range secrets {
		if strings.Contains(all, s) {
			t.Errorf("secret %.6s… appears in errors, logs or tab pages", s)
		}
	}
	if len(secrets) < 10 || !strings.Contains(all, "zoom: reconnect_needed") || !strings.Contains(all, "zoom: bad_client") {
		t.Fatalf("test collected too little: %d secrets", len(secrets))
	}
}

func urlParam(t *testing.T, raw, key string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query().Get(key)
}
