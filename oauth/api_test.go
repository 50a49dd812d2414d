package oauth

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/oauth2"

	"zoomconn/internal/zoomtest"
)

// recordingTransport keeps the bodies of token requests.
type recordingTransport struct{ bodies []string }

func (r *recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		b, _ := io.ReadAll(req.Body)
		r.bodies = append(r.bodies, string(b)+" auth="+strings.SplitN(req.Header.Get("Authorization"), " ", 2)[0])
		req.Body = io.NopCloser(bytes.NewReader(b))
	}
	return http.DefaultTransport.RoundTrip(req)
}

func TestServerToServer(t *testing.T) {
	f := newFixture(t)
	f.srv.AddAccount("acct-9", zoomtest.User{ID: "u9", Email: "robot@example.com"})
	rec := &recordingTransport{}
	hc := &http.Client{Transport: rec}
	ts := NewS2STokenSource(f.client, "acct-9", hc)
	for range 2 {
		u, err := Check(waitCtx(t), hc, f.client.Env.APIBase, ts)
		if err != nil || u.Email != "robot@example.com" || u.AccountID != "acct-9" {
			t.Fatalf("%+v %v", u, err)
		}
	}
	if f.srv.S2SCount() != 1 {
		t.Fatalf("token not cached: %d issued", f.srv.S2SCount())
	}
	body, _ := url.ParseQuery(strings.Fields(rec.bodies[0])[0])
	if len(body["grant_type"]) != 1 || body.Get("grant_type") != "account_credentials" || body.Get("account_id") != "acct-9" ||
		body.Has("client_secret") || !strings.HasSuffix(rec.bodies[0], "auth=Basic") {
		t.Fatalf("request body %q", rec.bodies[0])
	}

	// Cached until a minute before expiry, then renewed.
	short := newFixture(t, zoomtest.WithAccessTokenLifespan(30*time.Second))
	short.srv.AddAccount("acct-9", zoomtest.User{ID: "u9", Email: "robot@example.com"})
	ts = NewS2STokenSource(short.client, "acct-9", nil)
	for range 2 {
		if _, err := ts.Token(); err != nil {
			t.Fatal(err)
		}
	}
	if short.srv.S2SCount() != 2 {
		t.Fatalf("a token within a minute of expiry was reused (%d issued)", short.srv.S2SCount())
	}
}

func TestServerToServerFailingAccount(t *testing.T) {
	f := newFixture(t)
	f.srv.FailAccount("acct-off", http.StatusBadRequest, "invalid_request", "Something unusual: try later")
	_, err := Check(waitCtx(t), nil, f.client.Env.APIBase, NewS2STokenSource(f.client, "acct-off", nil))
	e := asError(t, err, Other)
	if !strings.Contains(e.Reason, "Something unusual: try later") || e.Status != 400 {
		t.Fatal(e)
	}
	// Zoom knows no such account: the Account ID is wrong.
	_, err = NewS2STokenSource(f.client, "acct-nobody", nil).Token()
	asError(t, err, WrongAccountID)
	bad := f.client
	bad.Secret = "wrong"
	_, err = NewS2STokenSource(bad, "acct-off", nil).Token()
	asError(t, err, BadClient)
}

func TestJWT(t *testing.T) {
	tok, err := JWTToken("api-key", "api-secret", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := jwt.Parse(tok, func(*jwt.Token) (any, error) { return []byte("api-secret"), nil },
		jwt.WithValidMethods([]string{"HS256"}))
	if err != nil {
		t.Fatal(err)
	}
	claims := parsed.Claims.(jwt.MapClaims)
	if claims["iss"] != "api-key" || claims["exp"] == nil {
		t.Fatalf("claims %v", claims)
	}
	if _, err := JWTToken("", "s", time.Minute); err == nil {
		t.Fatal("empty key accepted")
	}

	f := newFixture(t)
	_, err = CheckJWT(waitCtx(t), nil, f.client.Env.APIBase, "api-key", "api-secret")
	e := asError(t, err, JWTRetired)
	if e.Status != 401 || e.Code != 124 {
		t.Fatal(e)
	}
}

func TestRateLimited(t *testing.T) {
	f := newFixture(t)
	tok := f.authorize(t).Token
	ts := oauth2.StaticTokenSource(tok)
	f.srv.RateLimit("/v2/users/me", 1, "30")
	_, err := Check(waitCtx(t), nil, f.client.Env.APIBase, ts)
	e := asError(t, err, RateLimited)
	if e.RetryAfter != 30*time.Second || !e.RetryAt.IsZero() || e.Daily {
		t.Fatalf("%v (%v)", e, e.RetryAfter)
	}
	f.srv.RateLimit("/v2/users/me", 1, "")
	_, err = Check(waitCtx(t), nil, f.client.Env.APIBase, ts)
	e = asError(t, err, RateLimited)
	if e.RetryAfter != 0 || !e.RetryAt.IsZero() {
		t.Fatalf("%v (%v)", e, e.RetryAfter)
	}
	// The token endpoint too, while refreshing.
	store := &memStore{}
	_ = store.Save(context.Background(), tok)
	expire(t, f, store)
	f.srv.RateLimit("/oauth/token", 1, "5")
	_, err = NewPersistingTokenSource(f.oauthConfig(), store, filepath.Join(t.TempDir(), "l")).Token()
	if e := asError(t, err, RateLimited); e.RetryAfter != 5*time.Second {
		t.Fatal(e)
	}
}

func closedURL(t *testing.T) string {
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	u := "http://" + l.Addr().String()
	l.Close()
	return u
}

func TestNetworkFailure(t *testing.T) {
	dead := Client{ID: "cid", Secret: testSecret, Env: Custom(closedURL(t), closedURL(t))}
	_, err := Check(waitCtx(t), nil, dead.Env.APIBase, oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "x"}))
	e := asError(t, err, Network)
	if e.Proxy != "" || !strings.Contains(e.Detail, "connection refused") {
		t.Fatalf("%v / %s", e, e.Detail)
	}
	_, err = NewS2STokenSource(dead, "a", nil).Token()
	asError(t, err, Network)
	asError(t, Revoke(waitCtx(t), nil, dead, "tok"), Network)

	// A consent whose token endpoint is unreachable ends with Network too.
	f := newFixture(t)
	f.client.Env.TokenURL = dead.Env.TokenURL
	_, err = f.start(t, f.srv.Browser()).Wait(waitCtx(t))
	asError(t, err, Network)
}

func TestRevoke(t *testing.T) {
	f := newFixture(t)
	tok := f.authorize(t).Token
	if err := Revoke(waitCtx(t), nil, f.client, tok.AccessToken); err != nil {
		t.Fatal(err)
	}
	_, err := Check(waitCtx(t), nil, f.client.Env.APIBase, oauth2.StaticTokenSource(tok))
	e := asError(t, err, TokenRejected)
	if e.Status != 401 || e.Code != 124 {
		t.Fatal(e)
	}
	bad := f.client
	bad.Secret = "nope"
	asError(t, Revoke(waitCtx(t), nil, bad, tok.RefreshToken), BadClient)
}

func TestCheckNeedsContextCancel(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Check(ctx, nil, f.client.Env.APIBase, oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "x"}))
	asError(t, err, Canceled)
}
