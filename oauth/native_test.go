package oauth

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"zoomconn/internal/zoomtest"
)

// publicFixture is newFixture with the app's public client ID (Zoom's
// "Use Public Client OAuth"): no secret anywhere.
func publicFixture(t *testing.T, opts ...zoomtest.Option) *fixture {
	t.Helper()
	f := newFixture(t, opts...)
	f.srv.RegisterPublicClient("pub-1", f.redirect)
	f.client = Client{ID: "pub-1", Env: f.client.Env, Public: true, Name: "Desktop app"}
	return f
}

// A public client ID signs in, refreshes after its access token expires,
// and revokes, with no secret and no Authorization header anywhere.
func TestPublicClientConsentRefreshRevoke(t *testing.T) {
	f := publicFixture(t)
	var sawAuth []string
	f.srv.Observe(func(r *http.Request) {
		if h := r.Header.Get("Authorization"); strings.HasPrefix(r.URL.Path, "/oauth/") && h != "" {
			sawAuth = append(sawAuth, r.URL.Path)
		}
	})
	res := f.authorize(t)
	if res.User.Email != "jane@example.com" || res.Token.RefreshToken == "" {
		t.Fatalf("consent: %+v", res)
	}
	store := &memStore{}
	if err := store.Save(context.Background(), res.Token); err != nil {
		t.Fatal(err)
	}
	expire(t, f, store)
	ts := NewPersistingTokenSource(f.oauthConfig(), store, filepath.Join(t.TempDir(), "lock"))
	tok, err := ts.Token()
	if err != nil || f.srv.RefreshCount() != 1 || tok.RefreshToken == res.Token.RefreshToken {
		t.Fatalf("refresh: %v (refreshes %d)", err, f.srv.RefreshCount())
	}
	if u, err := Check(waitCtx(t), nil, f.client.Env.APIBase, oauth2.StaticTokenSource(tok)); err != nil || u.Email != "jane@example.com" {
		t.Fatalf("check after refresh: %+v %v", u, err)
	}
	if err := Revoke(waitCtx(t), nil, f.client, tok.RefreshToken); err != nil {
		t.Fatal(err)
	}
	if _, err := Check(waitCtx(t), nil, f.client.Env.APIBase, oauth2.StaticTokenSource(tok)); err == nil {
		t.Fatal("the revoked token still works")
	}
	if len(sawAuth) > 0 {
		t.Fatalf("an Authorization header went to %v", sawAuth)
	}
}

// Without a refresh token, the hour-long sign-in ends as a Reconnect with
// a cause callers can tell apart.
func TestPublicClientWithoutRefreshToken(t *testing.T) {
	f := publicFixture(t, zoomtest.WithoutPublicRefreshTokens())
	res := f.authorize(t)
	if res.Token.RefreshToken != "" {
		t.Fatal("a refresh token came")
	}
	store := &memStore{}
	_ = store.Save(context.Background(), res.Token)
	expire(t, f, store)
	_, err := NewPersistingTokenSource(f.oauthConfig(), store, filepath.Join(t.TempDir(), "lock")).Token()
	asError(t, err, ReconnectNeeded)
	if !errors.Is(err, ErrNoRefreshToken) {
		t.Fatalf("cause lost: %v", err)
	}
}

// L8: a token Zoom rotated but the store refused is kept in memory to be
// saved later. If a newer consent (or a sign-out) saved the store since,
// it must not be written over it.
func TestUnsavedRotationNeverOverwritesANewerToken(t *testing.T) {
	for name, change := range map[string]func(t *testing.T, f *fixture, store *memStore, lock string){
		"a newer consent": func(t *testing.T, f *fixture, store *memStore, lock string) {
			res := f.authorize(t)
			if err := store.Save(context.Background(), res.Token); err != nil {
				t.Fatal(err)
			}
			BumpStamp(lock)
		},
		"a sign-out": func(t *testing.T, f *fixture, store *memStore, lock string) {
			store.data = nil
			BumpStamp(lock)
		},
	} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			store := &memStore{}
			authorized(t, f, store)
			expire(t, f, store)
			lock := filepath.Join(t.TempDir(), "lock")
			ts := NewPersistingTokenSource(f.oauthConfig(), store, lock)
			store.failing = errors.New("keyring locked")
			if _, err := ts.Token(); err == nil {
				t.Fatal("the save did not fail")
			}
			store.failing = nil
			var before []byte
			change(t, f, store, lock)
			before = append(before, store.data...)
			ts.Token()
			ts.Flush(context.Background())
			if string(store.data) != string(before) {
				t.Fatalf("the renewed token of the older grant was written over what %s saved", name)
			}
		})
	}
}

// L10: an address a server redirects to is shown only made safe.
func TestRefusedRedirectIsShownSafely(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", "http://evil\u202egnp.exe.example/path\u200b?access_token=abc123secret")
		w.WriteHeader(http.StatusFound)
	}))
	defer srv.Close()
	_, err := Check(waitCtx(t), nil, srv.URL+"/v2", oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "a"}))
	e := asError(t, err, Redirected)
	all := e.Error() + e.Detail + e.SentTo + strings.Join(e.Facts(), " ")
	if strings.ContainsAny(all, "\u202e\u200b") || strings.Contains(all, "abc123secret") || !strings.HasPrefix(e.SentTo, "http://evil") {
		t.Fatalf("unsafe: %q / %q", e.Error(), e.Detail)
	}
}

// Zoom's "Invalid authorization code <code>" never shows the code.
func TestEchoedCodeIsScrubbed(t *testing.T) {
	for in, want := range map[string]string{
		"Invalid authorization code obBEe8ewaL_KdyNjniT4KPd8ffDWt9fGB":           "Invalid authorization code [redacted]",
		"invalid authorization code: ory_ac_abc.DEF-123":                         "invalid authorization code: [redacted]",
		"Invalid authorization code":                                             "Invalid authorization code",
		"The authorization code is expired.":                                     "The authorization code is expired.",
		"Creating authorization code error.":                                     "Creating authorization code error.",
		`{"reason":"Invalid authorization code Zx9ab0cDeFgH","error":"invalid"}`: `{"reason":"Invalid authorization code [redacted]","error":"invalid"}`,
	} {
		if got := scrubText(in); got != want {
			t.Errorf("scrubText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestServerToServerAnswers(t *testing.T) {
	f := newFixture(t)
	for body, kind := range map[string]Kind{
		`{"reason":"Invalid account_id","error":"invalid_request"}`:                WrongAccountID,
		`{"reason":"The app is not activated","error":"invalid_request"}`:          AppInactive,
		`{"reason":"App has been deactivated","error":"invalid_client"}`:           AppInactive,
		`{"reason":"Invalid client_id or client_secret","error":"invalid_client"}`: BadClient,
	} {
		f.srv.FailToken("account_credentials", http.StatusBadRequest, body)
		_, err := NewS2STokenSource(f.client, "acct", nil).Token()
		asError(t, err, kind)
	}
}

// A public client ID Zoom refuses is not "a wrong Client secret": there is
// none. The error says what to check instead.
func TestPublicClientRefusedSaysWhatToCheck(t *testing.T) {
	f := publicFixture(t)
	f.client.ID = "pub-unknown"
	f.srv.RegisterPublicClient("pub-unknown", f.redirect)
	f.srv.FailToken("authorization_code", http.StatusBadRequest, `{"reason":"Invalid client_id or client_secret","error":"invalid_client"}`)
	c := f.start(t, f.srv.Browser())
	_, err := c.Wait(waitCtx(t))
	e := asError(t, err, BadClient)
	if !e.Public || e.IClient != "Desktop app" {
		t.Fatal(e)
	}
}
