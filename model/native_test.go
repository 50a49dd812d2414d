package model

import (
	"context"
	"errors"
	"net"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"zoomconn/internal/zoomtest"
	"zoomconn/oauth"
)

// Zoom's 2026 sign-in for desktop apps (a public client ID, any loopback
// port) and account-level apps that are never uninstalled by accident.

// publicIClient registers the app's public client ID at the test server
// and creates its iClient here.
func (f *zoomFixture) publicIClient(t *testing.T, app AppType) IClient {
	t.Helper()
	port := f.doc(t).Settings.Port()
	f.zoom.RegisterPublicClient("public-client-id", oauth.RedirectURL(oauth.LoopbackIP, port))
	f.zoom.SetUser("public-client-id", zoomtest.User{ID: "u-jane", Email: "jane@example.com", DisplayName: "Jane Admin", AccountID: "acct-1"})
	ic, err := f.svc.Setup.CreateIClient(context.Background(), IClient{Name: "Desktop app", Env: f.env, AppType: app, ClientID: "public-client-id", Credentials: CredentialsPublic}, Secret{})
	if err != nil {
		t.Fatal(err)
	}
	return ic
}

func (f *zoomFixture) addWith(t *testing.T, name string, ic IClient) Connection {
	t.Helper()
	c, err := f.svc.Setup.CreateConnection(context.Background(), Connection{Name: name, Env: ic.Env, Auth: AuthOAuth2, IClientID: ic.ID}, Secret{})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// A connection made with a public client ID: nothing in the keyring but
// its sign-in, no Authorization header at Zoom, and it refreshes after its
// access token expires.
func TestPublicClientConnectionRefreshes(t *testing.T) {
	f := newZoomFixture(t)
	var mu sync.Mutex
	var basic []string
	f.zoom.Observe(func(r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/oauth/") && r.Header.Get("Authorization") != "" {
			mu.Lock()
			basic = append(basic, r.URL.Path)
			mu.Unlock()
		}
	})
	ic := f.publicIClient(t, AppUser)
	if has, err := f.svc.Setup.HasClientSecret(context.Background(), ic.ID); err != nil || has {
		t.Fatalf("a public client ID has a secret in the keyring: %v %v", has, err)
	}
	if ic.RedirectHost != LoopbackIP || ic.Credentials != CredentialsPublic {
		t.Fatalf("new iClient: %+v", ic)
	}
	c := f.authorize(t, f.addWith(t, "Reports", ic))
	f.expireSignIn(t, c.SignInID)
	f.mustWork(t, "after the access token expired", c.ID)
	if f.zoom.RefreshCount() != 1 {
		t.Fatalf("%d refreshes, want 1", f.zoom.RefreshCount())
	}
	mu.Lock()
	defer mu.Unlock()
	if len(basic) > 0 {
		t.Fatalf("a public client sent an Authorization header to %v", basic)
	}
}

// If Zoom gives a public client no refresh token, the admin hears that the
// sign-in lasts an hour, and after it the error says why, not a riddle.
func TestPublicClientWithoutRefreshTokenLastsAnHour(t *testing.T) {
	f := newZoomFixture(t)
	f.zoom = zoomtest.New(t, zoomtest.WithoutPublicRefreshTokens())
	f.env = Environment{Kind: EnvCustom, OAuthBase: f.zoom.URL(), APIBase: f.zoom.URL()}
	ic := f.publicIClient(t, AppUser)
	c := f.addWith(t, "Reports", ic)
	a, err := f.svc.Consents.StartAuthorize(context.Background(), c.ID, f.zoom.Browser())
	if err != nil {
		t.Fatal(err)
	}
	c, err = a.Wait(context.Background())
	if err != nil || len(a.Notes()) != 1 || a.Notes()[0] != NoRefreshToken {
		t.Fatalf("notes %q, %v", a.Notes(), err)
	}
	f.expireSignIn(t, c.SignInID)
	_, err = f.svc.Checks.Test(context.Background(), c.ID)
	x := ExplainFor(c, err)
	if !strings.Contains(x.Message, "no refresh token") || !strings.Contains(x.Next, "Client ID and Client secret") || x.Do.Action != ActionReconnect {
		t.Fatalf("%+v", x)
	}
	if s := f.doc(t).Connection(c.ID).Status; s != StatusReconnectNeeded {
		t.Fatalf("status %s", s)
	}
}

// With the default redirect port held by another program, a consent of a
// 127.0.0.1 iClient still succeeds (Zoom ignores the port); a localhost
// one says what to do.
func TestConsentWithTheRedirectPortBusy(t *testing.T) {
	f := newZoomFixture(t)
	port := f.doc(t).Settings.Port()
	l, err := net.Listen("tcp4", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	c := f.authorize(t, f.addOAuth(t, "Reports"))
	f.mustWork(t, "consent on another port", c.ID)

	old, err := f.svc.Setup.CreateIClient(context.Background(), IClient{Name: "Old app", Env: f.env, AppType: AppUser, ClientID: "oauth-client-id", RedirectHost: LoopbackName}, NewSecret(f.secret))
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.Consents.StartAuthorize(context.Background(), f.addWith(t, "Old", old).ID, f.zoom.Browser())
	x := Explain(err)
	if x.Kind != string(oauth.PortBusy) || !strings.Contains(x.Next, "127.0.0.1") {
		t.Fatalf("%+v", x)
	}
}

// secondComputer is another admin's Zoom Connections, with its own data
// folder, the same iClient and the same Zoom-shaped server.
func (f *zoomFixture) secondComputer(t *testing.T, ic IClient, secret string) *Service {
	t.Helper()
	svc, err := Open(filepath.Join(t.TempDir(), "other"), f.keys)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.SetRedirectPort(f.doc(t).Settings.Port()); err != nil {
		t.Fatal(err)
	}
	ic.ID = ""
	other, err := svc.Setup.CreateIClient(context.Background(), ic, NewSecret(secret))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.keys.Delete(context.Background(), ClientSecretAccount(other.ID)) })
	return svc
}

// Two admins use one admin-managed app, each on their own computer.
// Removing one admin's connection, or reconnecting it as another Zoom
// user, never revokes at Zoom: the other admin's connection keeps working.
// Only "Remove the app from the Zoom account" revokes, after naming what
// it stops.
func TestAdminManagedAppIsNeverUninstalledByAccident(t *testing.T) {
	f := newZoomFixture(t)
	f.zoom.SetAdminManaged("oauth-client-id", true)
	ic := f.oauth
	ic.AppType = AppAccount
	if _, err := f.svc.Setup.UpdateIClient(context.Background(), ic, Secret{}); err != nil {
		t.Fatal(err)
	}
	ann := zoomtest.User{ID: "u-ann", Email: "ann@acme.com", AccountID: "acme"}
	bobAcme := zoomtest.User{ID: "u-bob", Email: "bob@acme.com", AccountID: "acme"}
	// Bob, on his computer.
	other := f.secondComputer(t, ic, f.secret)
	bobs, err := other.Setup.CreateConnection(context.Background(), Connection{Name: "Bob's sync", Env: f.env, Auth: AuthOAuth2, IClientID: other.mustDoc(t).IClients[0].ID}, Secret{})
	if err != nil {
		t.Fatal(err)
	}
	a, err := other.Consents.StartAuthorize(context.Background(), bobs.ID, f.zoom.BrowserAs(bobAcme))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	bobWorks := func(when string) {
		t.Helper()
		if _, err := other.Checks.Test(context.Background(), bobs.ID); err != nil {
			t.Fatalf("%s: Bob's connection stopped: %v", when, err)
		}
	}
	// Ann, here: two connections, then Reconnect one as another user.
	authorizeAs := func(c Connection, u zoomtest.User) (*Authorization, Connection) {
		t.Helper()
		a, err := f.svc.Consents.StartAuthorize(context.Background(), c.ID, f.zoom.BrowserAs(u))
		if err != nil {
			t.Fatal(err)
		}
		got, err := a.Wait(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return a, got
	}
	// Ann reconnects Reports as Carl: her sign-in is no longer used here.
	_, reports := authorizeAs(f.addOAuth(t, "Reports"), ann)
	carl := zoomtest.User{ID: "u-carl", Email: "carl@acme.com", AccountID: "acme"}
	a2, reports := authorizeAs(reports, carl)
	if len(a2.Notes()) != 1 || !strings.Contains(a2.Notes()[0], "ann@acme.com") || !strings.Contains(a2.Notes()[0], "forgotten here, not revoked at Zoom") {
		t.Errorf("notes after a Reconnect as another user: %q", a2.Notes())
	}
	bobWorks("after a Reconnect as another user")
	// Remove the last connection of Ann's new sign-in: forgotten here.
	_, webinar := authorizeAs(f.addOAuth(t, "Webinar sync"), ann)
	removal, err := f.svc.Revocation.DeleteConnectionRevoking(context.Background(), webinar.ID, false)
	if err != nil || !removal.ForgottenHere || removal.Revoked || !strings.Contains(removal.Sentence(), "not revoked at Zoom") {
		t.Fatalf("remove: %+v %v (%s)", removal, err, removal.Sentence())
	}
	bobWorks("after Remove")
	f.mustWork(t, "after Remove", reports.ID)
	// Sign out cannot uninstall the app either.
	_, err = f.svc.Revocation.Revoke(context.Background(), reports.ID)
	var am *AdminManagedError
	if !errors.As(err, &am) || Explain(err).Next == "" {
		t.Fatalf("Revoke of an admin-managed app: %v", err)
	}
	bobWorks("after a refused Sign out")
	if names, err := f.svc.Revocation.ForgetSignIn(context.Background(), reports.ID); err != nil || len(names) != 1 {
		t.Fatalf("Sign out here: %q %v", names, err)
	}
	bobWorks("after Sign out here")

	// The explicit removal names what it stops, then stops it.
	_, reports = authorizeAs(reports, ann)
	plan, err := f.svc.Revocation.PlanAppRemoval(reports.ID)
	if err != nil || plan.IClient != "Acme reporting app" || strings.Join(plan.Stops, ",") != "Reports" {
		t.Fatalf("plan: %+v %v", plan, err)
	}
	names, err := f.svc.Revocation.RemoveAppFromAccount(context.Background(), reports.ID)
	if err != nil || strings.Join(names, ",") != "Reports" {
		t.Fatalf("remove the app: %q %v", names, err)
	}
	if _, err := other.Checks.Test(context.Background(), bobs.ID); err == nil {
		t.Fatal("removing the admin-managed app from the account left Bob's sign-in alive at Zoom")
	}
	if s := f.doc(t).Connection(reports.ID).Status; s != StatusNotAuthorized {
		t.Fatalf("status %s", s)
	}
}

func (s *Service) mustDoc(t *testing.T) *Document {
	t.Helper()
	doc, err := s.Load()
	if err != nil {
		t.Fatal(err)
	}
	return doc
}
