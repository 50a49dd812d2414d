package model

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"zoomconn/internal/secretstest"
	"zoomconn/internal/zoomtest"
	"zoomconn/oauth"
)

// zoomFixture is a service wired to a Zoom-shaped server on loopback, with
// an OAuth iClient, a Server-to-Server iClient, and a password store in a
// folder that the test's other processes share.
type zoomFixture struct {
	svc        *Service
	keys       Secrets
	secretsDir string // where keys are kept, for the test's other processes
	zoom       *zoomtest.Server
	oauth      IClient
	env        Environment
	secret     string
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func newZoomFixture(t *testing.T) *zoomFixture {
	t.Helper()
	f := &zoomFixture{zoom: zoomtest.New(t), secret: "oauth-client-secret-" + NewID()}
	folder, err := secretstest.NewFolder(filepath.Join(t.TempDir(), "secrets"))
	if err != nil {
		t.Fatal(err)
	}
	f.keys, f.secretsDir = folder, folder.Dir
	f.svc, err = Open(filepath.Join(t.TempDir(), "data"), f.keys)
	if err != nil {
		t.Fatal(err)
	}
	port := freePort(t)
	if err := f.svc.SetRedirectPort(port); err != nil {
		t.Fatal(err)
	}
	f.env = Environment{Kind: EnvCustom, OAuthBase: f.zoom.URL(), APIBase: f.zoom.URL()}
	f.zoom.RegisterClient("oauth-client-id", f.secret, oauth.RedirectURL(oauth.LoopbackIP, port))
	f.zoom.SetUser("oauth-client-id", zoomtest.User{ID: "u-jane", Email: "jane@example.com", DisplayName: "Jane Admin", AccountID: "acct-1"})
	f.zoom.RegisterClient("s2s-client-id", "s2s-secret-"+NewID(), "")
	ctx := context.Background()
	if f.oauth, err = f.svc.Setup.CreateIClient(ctx, IClient{Name: "Acme reporting app", Env: f.env, AppType: AppUser, ClientID: "oauth-client-id"}, NewSecret(f.secret)); err != nil {
		t.Fatal(err)
	}
	return f
}

// signInStore is the keyring store of the sign-in connection id uses.
func (f *zoomFixture) signInStore(t *testing.T, id string) keyringTokenStore {
	t.Helper()
	doc, err := f.svc.Load()
	if err != nil {
		t.Fatal(err)
	}
	c := doc.Connection(id)
	if c == nil || c.SignInID == "" {
		t.Fatalf("connection %s has no sign-in", id)
	}
	return f.svc.signInStore(c.SignInID)
}

func (f *zoomFixture) addOAuth(t *testing.T, name string) Connection {
	t.Helper()
	c, err := f.svc.Setup.CreateConnection(context.Background(), Connection{Name: name, Env: f.env, Auth: AuthOAuth2, IClientID: f.oauth.ID}, Secret{})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (f *zoomFixture) authorize(t *testing.T, c Connection) Connection {
	t.Helper()
	a, err := f.svc.Consents.StartAuthorize(context.Background(), c.ID, f.zoom.Browser())
	if err != nil {
		t.Fatal(err)
	}
	got, err := a.Wait(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestAuthorizeTestAndToken(t *testing.T) {
	f := newZoomFixture(t)
	c := f.addOAuth(t, "Reports")
	got := f.authorize(t, c)
	if got.Status != StatusOnline || ConnectedAs(got) != "Connected as jane@example.com (account acct-1)" {
		t.Fatalf("after authorize: status %q, %q", got.Status, ConnectedAs(got))
	}
	tested, err := f.svc.Checks.Test(context.Background(), c.ID)
	if err != nil || tested.Status != StatusOnline || tested.LastTest != "ok" {
		t.Fatalf("test: %+v %v", tested, err)
	}
	tok, err := f.svc.Tokens.AccessToken(context.Background(), c.ID)
	if err != nil || tok == "" {
		t.Fatalf("token: %v", err)
	}
	if code := usersMe(t, f.zoom.URL(), tok); code != 200 {
		t.Errorf("the access token is refused by /v2/users/me: %d", code)
	}
	events, _, _ := f.svc.Activity.Read(c.ID)
	if len(events) < 3 || events[1].Kind != EventAuthorized || events[1].Detail != "as jane@example.com (account acct-1)" {
		t.Errorf("activity: %+v", events)
	}
}

func usersMe(t *testing.T, base, token string) int {
	t.Helper()
	req, _ := http.NewRequest("GET", base+"/v2/users/me", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestDeniedConsentChangesNothing(t *testing.T) {
	f := newZoomFixture(t)
	c := f.addOAuth(t, "Reports")
	f.zoom.DenyConsent(true)
	browser := f.zoom.Browser()
	a, err := f.svc.Consents.StartAuthorize(context.Background(), c.ID, browser)
	if err != nil {
		t.Fatal(err)
	}
	_, err = a.Wait(context.Background())
	var oe *oauth.Error
	if !errors.As(err, &oe) || oe.Kind != oauth.Denied || Explain(err).Message != "You chose Deny in Zoom. Nothing changed." {
		t.Fatalf("got %v", err)
	}
	// The browser tab says it too, in the same words.
	if p := browser.Last(); !strings.Contains(p.Body, "Access denied") || !strings.Contains(p.Body, "You chose Deny in Zoom. Nothing changed. To connect, authorize again and choose Allow.") {
		t.Errorf("tab: %s", p.Body)
	}
	doc, _ := f.svc.Load()
	if s := doc.Connection(c.ID).Status; s != StatusNotAuthorized {
		t.Errorf("status %q after deny", s)
	}
	if len(doc.SignIns) != 0 {
		t.Errorf("a sign-in was stored after deny: %+v", doc.SignIns)
	}
}

// expireStoredToken makes the saved access token look expired, as an hour
// passing would.
func (f *zoomFixture) expireStoredToken(t *testing.T, id string) {
	t.Helper()
	store := f.signInStore(t, id)
	tok, err := store.Load(context.Background())
	if err != nil || tok == nil {
		t.Fatalf("load token: %v", err)
	}
	tok.Expiry = time.Now().Add(-time.Minute)
	if err := store.Save(context.Background(), tok); err != nil {
		t.Fatal(err)
	}
	// Every process's cache would see the hour pass too.
	oauth.BumpStamp(f.svc.signInLock(strings.TrimSuffix(strings.TrimPrefix(store.account, "signin/"), "/token")))
	f.zoom.ExpireAccessTokens()
}

// TestRefreshOnceAcrossProcesses asks for a token at expiry from 20
// goroutines and 5 other processes at once: Zoom must see exactly one
// refresh, every caller must get a working token, and the keyring must hold
// the newest refresh token.
func TestRefreshOnceAcrossProcesses(t *testing.T) {
	f := newZoomFixture(t)
	c := f.authorize(t, f.addOAuth(t, "Reports"))
	f.expireStoredToken(t, c.ID)

	var wg sync.WaitGroup
	tokens := make(chan string, 25)
	errs := make(chan error, 25)
	start := make(chan struct{})
	for range 5 {
		wg.Go(func() {
			cmd := exec.Command(os.Args[0], "-test.run=^TestHelperAccessToken$")
			cmd.Env = append(os.Environ(), "ZOOMCONN_HELPER_DIR="+f.svc.Dir, "ZOOMCONN_HELPER_SECRETS="+f.secretsDir, "ZOOMCONN_HELPER_CONN="+c.ID)
			var out, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &stderr
			<-start
			if err := cmd.Run(); err != nil {
				errs <- fmt.Errorf("helper process: %v: %s%s", err, out.String(), stderr.String())
				return
			}
			first, _, _ := strings.Cut(out.String(), "\n") // the test framework prints PASS after it
			tokens <- first
		})
	}
	for range 20 {
		wg.Go(func() {
			<-start
			tok, err := f.svc.Tokens.AccessToken(context.Background(), c.ID)
			if err != nil {
				errs <- err
				return
			}
			tokens <- tok
		})
	}
	close(start)
	wg.Wait()
	close(errs)
	close(tokens)
	for err := range errs {
		t.Error(err)
	}
	n := 0
	for tok := range tokens {
		n++
		if code := usersMe(t, f.zoom.URL(), tok); code != 200 {
			t.Errorf("a caller got a token Zoom refuses (%d)", code)
		}
	}
	if n != 25 {
		t.Errorf("%d callers got a token, want 25", n)
	}
	if got := f.zoom.RefreshCount(); got != 1 {
		t.Errorf("Zoom saw %d refreshes, want exactly 1", got)
	}
	// The stored refresh token is the newest: one more refresh works.
	f.expireStoredToken(t, c.ID)
	if _, err := f.svc.Tokens.AccessToken(context.Background(), c.ID); err != nil {
		t.Errorf("the stored refresh token is not the newest: %v", err)
	}
}

// TestHelperAccessToken is the other process of TestRefreshOnceAcrossProcesses.
func TestHelperAccessToken(t *testing.T) {
	dir := os.Getenv("ZOOMCONN_HELPER_DIR")
	if dir == "" {
		t.Skip("helper process")
	}
	svc, err := Open(dir, &secretstest.Folder{Dir: os.Getenv("ZOOMCONN_HELPER_SECRETS")})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range strings.Split(os.Getenv("ZOOMCONN_HELPER_CONN"), ",") {
		tok, err := svc.Tokens.AccessToken(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Println(tok)
	}
}

func TestRevokedRefreshTokenNeedsReconnect(t *testing.T) {
	f := newZoomFixture(t)
	c := f.authorize(t, f.addOAuth(t, "Reports"))
	// Another copy of the refresh token is used elsewhere: Zoom rotates it,
	// and ours stops working.
	store := f.signInStore(t, c.ID)
	tok, _ := store.Load(context.Background())
	client := oauth.Client{ID: "oauth-client-id", Secret: f.secret, Env: f.env.OAuth()}
	cfg := client.Config("", nil)
	expired := *tok
	expired.Expiry = time.Now().Add(-time.Hour)
	if _, err := cfg.TokenSource(context.Background(), &expired).Token(); err != nil {
		t.Fatalf("refresh elsewhere: %v", err)
	}
	f.expireStoredToken(t, c.ID)
	_, err := f.svc.Tokens.AccessToken(context.Background(), c.ID)
	var oe *oauth.Error
	if !errors.As(err, &oe) || oe.Kind != oauth.ReconnectNeeded || !strings.HasPrefix(Explain(err).Message, "Zoom no longer accepts this sign-in. Either it was revoked") {
		t.Fatalf("got %v", err)
	}
	doc, _ := f.svc.Load()
	if s := doc.Connection(c.ID).Status; s != StatusReconnectNeeded {
		t.Errorf("status %q, want reconnect needed", s)
	}
}

func TestServerToServerAndJWT(t *testing.T) {
	f := newZoomFixture(t)
	ctx := context.Background()
	f.zoom.RegisterClient("s2s-id", "s2s-secret-xyz", "")
	f.zoom.AddAccount("acct-42", zoomtest.User{ID: "u-bot", Email: "bot@example.com", AccountID: "acct-42"})
	ic, err := f.svc.Setup.CreateIClient(ctx, IClient{Name: "Acme S2S", Env: f.env, AppType: AppS2S, ClientID: "s2s-id"}, NewSecret("s2s-secret-xyz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.keys.Delete(ctx, ClientSecretAccount(ic.ID))
	c, err := f.svc.Setup.CreateConnection(ctx, Connection{Name: "Nightly export", Env: f.env, Auth: AuthS2S, IClientID: ic.ID, AccountID: "acct-42"}, Secret{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.svc.Checks.Test(ctx, c.ID)
	if err != nil || got.Status != StatusOnline || got.AuthorizedAs.Email != "bot@example.com" {
		t.Fatalf("S2S test: %+v %v", got, err)
	}

	jwt, err := f.svc.Setup.CreateConnection(ctx, Connection{Name: "Webinar sync", Env: f.env, Auth: AuthJWT, APIKey: "legacy-key"}, NewSecret("legacy-api-secret"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.keys.Delete(ctx, JWTSecretAccount(jwt.ID))
	got, err = f.svc.Checks.Test(ctx, jwt.ID)
	var oe *oauth.Error
	if !errors.As(err, &oe) || oe.Kind != oauth.JWTRetired || got.Status != StatusMigrationNeeded {
		t.Fatalf("JWT test: %v, status %q", err, got.Status)
	}
	if !strings.Contains(Explain(err).Message, "Zoom no longer accepts JWT (since September 8, 2023).") {
		t.Errorf("message %q", err)
	}
}

func TestDeleteRevokesFirst(t *testing.T) {
	f := newZoomFixture(t)
	ctx := context.Background()
	c := f.authorize(t, f.addOAuth(t, "Reports"))
	tok, _ := f.svc.Tokens.AccessToken(ctx, c.ID)
	if _, err := f.svc.Revocation.DeleteConnectionRevoking(ctx, c.ID, false); err != nil {
		t.Fatal(err)
	}
	if code := usersMe(t, f.zoom.URL(), tok); code != 401 {
		t.Errorf("the token still works at Zoom after delete (%d)", code)
	}
	// A revoke that fails deletes nothing unless asked.
	c2 := f.authorize(t, f.addOAuth(t, "Reports 2"))
	f.zoom.Close()
	_, err := f.svc.Revocation.DeleteConnectionRevoking(ctx, c2.ID, false)
	var rf *RevokeFailedError
	if !errors.As(err, &rf) || !strings.Contains(err.Error(), "Delete it here anyway?") {
		t.Fatalf("got %v", err)
	}
	if doc, _ := f.svc.Load(); doc.Connection(c2.ID) == nil {
		t.Fatal("the connection was deleted although the revoke failed")
	}
	if _, err := f.svc.Revocation.DeleteConnectionRevoking(ctx, c2.ID, true); err != nil {
		t.Fatal(err)
	}
	if doc, _ := f.svc.Load(); doc.Connection(c2.ID) != nil {
		t.Fatal("not deleted with deleteIfRevokeFails")
	}
}

// TestNoSecretLeaks runs the flows with a logger capturing everything and
// searches the logs, the errors and the data folder for every secret used.
func TestNoSecretLeaks(t *testing.T) {
	var logs bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(io.MultiWriter(&logs), &slog.HandlerOptions{Level: slog.LevelDebug})))
	defer slog.SetDefault(old)
	f := newZoomFixture(t)
	ctx := context.Background()
	c := f.authorize(t, f.addOAuth(t, "Reports"))
	f.expireStoredToken(t, c.ID)
	f.svc.Tokens.AccessToken(ctx, c.ID)
	stored, _ := f.signInStore(t, c.ID).Load(ctx)
	secrets := []string{f.secret, stored.AccessToken, stored.RefreshToken}
	var errTexts []string
	f.zoom.DenyConsent(true)
	if a, err := f.svc.Consents.StartAuthorize(ctx, c.ID, f.zoom.Browser()); err == nil {
		_, err = a.Wait(ctx)
		errTexts = append(errTexts, fmt.Sprintf("%v %+v", err, err))
	}
	f.zoom.Close()
	_, err := f.svc.Checks.Test(ctx, c.ID)
	errTexts = append(errTexts, fmt.Sprintf("%v %+v", err, err))
	haystack := logs.String() + strings.Join(errTexts, "\n")
	filepath.Walk(f.svc.Dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			data, _ := os.ReadFile(p)
			haystack += string(data)
		}
		return nil
	})
	for _, s := range secrets {
		if s == "" {
			t.Fatal("empty secret in the list")
		}
		if strings.Contains(haystack, s) {
			t.Errorf("a secret (%d chars) appears in the logs, errors or data folder", len(s))
		}
	}
}
