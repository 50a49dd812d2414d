package model

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"

	"zoomconn/internal/zoomtest"
	"zoomconn/oauth"
)

// The security read's findings, each written as the attack.

// M1: a Custom iClient that reuses a Zoom iClient's Client ID must not take
// over that user's sign-in: its token never answers for the real
// connection, and the real refresh token never goes to the Custom host.
func TestM1ACustomIClientWithTheSameClientIDTakesNothingOver(t *testing.T) {
	f := newZoomFixture(t)
	real := f.authorize(t, f.addOAuth(t, "Reports"))
	realTok, err := f.svc.Tokens.AccessToken(context.Background(), real.ID)
	if err != nil {
		t.Fatal(err)
	}
	// Another host that answers as Zoom would, for the same Client ID and
	// the same Zoom user.
	evil := zoomtest.New(t)
	port := f.doc(t).Settings.Port()
	evil.RegisterClient("oauth-client-id", "evil-secret", oauth.RedirectURL(oauth.LoopbackIP, port))
	evil.SetUser("oauth-client-id", zoomtest.User{ID: "u-jane", Email: "jane@example.com", AccountID: "acct-1"})
	var mu sync.Mutex
	var seen []string // every form value that reached the other host
	evil.Observe(func(r *http.Request) {
		if r.Method == http.MethodPost {
			mu.Lock()
			seen = append(seen, r.Header.Get("Authorization"))
			mu.Unlock()
		}
	})
	envEvil := Environment{Kind: EnvCustom, OAuthBase: evil.URL(), APIBase: evil.URL()}
	ic, err := f.svc.Setup.CreateIClient(context.Background(), IClient{Name: "Lookalike", Env: envEvil, AppType: AppUser, ClientID: "oauth-client-id"}, NewSecret("evil-secret"))
	if err != nil {
		t.Fatal(err)
	}
	c, _ := f.svc.Setup.CreateConnection(context.Background(), Connection{Name: "Lookalike", Env: envEvil, Auth: AuthOAuth2, IClientID: ic.ID}, Secret{})
	a, err := f.svc.Consents.StartAuthorize(context.Background(), c.ID, evil.Browser())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	doc := f.doc(t)
	if doc.Connection(c.ID).SignInID == doc.Connection(real.ID).SignInID || len(a.Joined()) != 0 {
		t.Fatal("the lookalike iClient joined the real sign-in")
	}
	got, err := f.svc.Tokens.AccessToken(context.Background(), real.ID)
	if err != nil || got != realTok {
		t.Fatalf("zoomconn token now prints another token for the real connection: %v", err)
	}
	// Reconnect the real one, then let its token expire: the refresh goes
	// to Zoom, never to the other host.
	real = f.authorize(t, real)
	f.expireSignIn(t, real.SignInID)
	f.mustWork(t, "after the refresh", real.ID)
	mu.Lock()
	defer mu.Unlock()
	for _, h := range seen {
		if strings.Contains(h, "oauth-client-secret") {
			t.Fatal("the real Client secret reached the other host")
		}
	}
	if evil.RefreshCount() != 0 {
		t.Fatalf("the other host got %d refresh requests", evil.RefreshCount())
	}
	if f.zoom.RefreshCount() != 1 {
		t.Fatalf("Zoom got %d refreshes, want 1", f.zoom.RefreshCount())
	}
}

// L9: when /users/me fails after the code exchange, the consent has still
// ended the approving user's earlier sign-in at Zoom. The connections that
// used it are marked and named, and the unused token is given back
// (user-managed app only).
func TestL9AFailedUsersMeStillEndsTheEarlierSignIn(t *testing.T) {
	for _, admin := range []bool{false, true} {
		f := newZoomFixture(t)
		if admin {
			ic := f.oauth
			ic.AppType = AppAccount
			if _, err := f.svc.Setup.UpdateIClient(context.Background(), ic, Secret{}); err != nil {
				t.Fatal(err)
			}
		}
		reports := f.authorize(t, f.addOAuth(t, "Reports"))
		webinar := f.addOAuth(t, "Webinar sync")
		// /users/me refuses the new token's scopes (the usual cause).
		f.zoom.RequireScope("user:read:user")
		a, err := f.svc.Consents.StartAuthorize(context.Background(), webinar.ID, f.zoom.Browser())
		if err != nil {
			t.Fatal(err)
		}
		_, err = a.Wait(context.Background())
		f.zoom.RequireScope()
		var uc *UnusedConsentError
		if !errors.As(err, &uc) || uc.Revoked == admin {
			t.Fatalf("admin=%v: %#v", admin, err)
		}
		if strings.Join(uc.Ended, ",") != "Reports" {
			t.Fatalf("admin=%v: ended %q", admin, uc.Ended)
		}
		x := Explain(err)
		if !strings.Contains(x.Message, "user:read:user") || !strings.Contains(x.Message, `ended the earlier sign-in of "Reports"`) {
			t.Errorf("admin=%v: %q", admin, x.Message)
		}
		if s := f.doc(t).Connection(reports.ID).Status; s != StatusReconnectNeeded {
			t.Errorf("admin=%v: Reports is %s, though Zoom ended its sign-in", admin, s)
		}
		if want := map[bool]int{false: 0, true: 1}[admin]; f.zoom.Grants("oauth-client-id") != want {
			t.Errorf("admin=%v: %d live grants at Zoom, want %d", admin, f.zoom.Grants("oauth-client-id"), want)
		}
	}
}

// A code Zoom refuses twice in a row is not an old one: the second error
// says what else to check.
func TestRepeatedCodeRefusalSaysWhatElseToCheck(t *testing.T) {
	f := newZoomFixture(t)
	c := f.addOAuth(t, "Reports")
	var first, second error
	for i, out := range []*error{&first, &second} {
		b := f.zoom.Browser()
		opener := oauth.OpenerFunc(func(u string) error {
			cb, err := b.Consent(u)
			if err != nil {
				return err
			}
			f.zoom.ExpireCodes()
			go b.Get(cb)
			return nil
		})
		a, err := f.svc.Consents.StartAuthorize(context.Background(), c.ID, opener)
		if err != nil {
			t.Fatal(i, err)
		}
		_, *out = a.Wait(context.Background())
	}
	x1, x2 := Explain(first), Explain(second)
	if strings.Contains(x1.Message, "Twice") || !strings.Contains(x2.Message, "Twice in a row") || !strings.Contains(x2.Next, "Use Public Client OAuth") {
		t.Fatalf("first %q, second %q / %q", x1.Message, x2.Message, x2.Next)
	}
	for _, x := range []Explanation{x1, x2} {
		if strings.Contains(x.Message+x.Detail+x.ZoomReason, "ory_ac_") {
			t.Fatalf("the code Zoom echoed is shown: %+v", x)
		}
	}
	// A success resets the count.
	f.authorize(t, c)
	if n := f.svc.Consents.codeFailures.add(c.ID); n != 1 {
		t.Fatalf("count after a success: %d", n)
	}
}

// Before a consent with fewer scopes replaces a shared token, the admin is
// told what the others lose.
func TestConsentNotesWarnOfANarrowerConsent(t *testing.T) {
	f := newZoomFixture(t)
	a := f.authorize(t, f.addOAuth(t, "Reports"))
	b := f.authorize(t, f.addOAuth(t, "Webinar sync"))
	if f.doc(t).Connection(a.ID).SignInID != f.doc(t).Connection(b.ID).SignInID {
		t.Fatal("not shared")
	}
	notes, err := f.svc.Consents.ConsentNotes(a.ID)
	if err != nil || len(notes) != 1 || !strings.Contains(notes[0], "ends this Zoom user's other sign-ins") {
		t.Fatalf("plain: %q %v", notes, err)
	}
	a.Scopes = "meeting:read:meeting"
	if _, err := f.svc.Setup.UpdateConnection(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	notes, _ = f.svc.Consents.ConsentNotes(a.ID)
	if len(notes) != 2 || !strings.Contains(notes[1], `"Webinar sync"`) || !strings.Contains(notes[1], "without user:read:admin") {
		t.Fatalf("narrower: %q", notes)
	}
}

func TestIClientKinds(t *testing.T) {
	f := newZoomFixture(t)
	ctx := context.Background()
	_, err := f.svc.Setup.CreateIClient(ctx, IClient{Name: "P", Env: f.env, AppType: AppUser, ClientID: "p", Credentials: CredentialsPublic}, NewSecret("s"))
	if !strings.Contains(Explain(err).Message, "has no Client secret") {
		t.Errorf("public with a secret: %v", err)
	}
	_, err = f.svc.Setup.CreateIClient(ctx, IClient{Name: "S", Env: f.env, AppType: AppS2S, ClientID: "s", Credentials: CredentialsPublic}, Secret{})
	if !strings.Contains(Explain(err).Message, "Server-to-Server OAuth App has no public client ID") {
		t.Errorf("public Server-to-Server: %v", err)
	}
	// A signed-in iClient keeps its kind; once nobody is signed in with it,
	// it can become a public client ID and its secret leaves the keyring.
	c := f.authorize(t, f.addOAuth(t, "Reports"))
	ic := f.oauth
	ic.Credentials = CredentialsPublic
	if _, err := f.svc.Setup.UpdateIClient(ctx, ic, Secret{}); !strings.Contains(Explain(err).Message, `"Reports" is signed in`) {
		t.Fatalf("kind change while signed in: %v", err)
	}
	if _, err := f.svc.Revocation.Revoke(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Setup.UpdateIClient(ctx, ic, Secret{}); err != nil {
		t.Fatal(err)
	}
	if has, _ := f.svc.Setup.HasClientSecret(ctx, ic.ID); has {
		t.Fatal("the secret of a public client ID is still in the keyring")
	}
	// And back: it needs the secret again.
	ic.Credentials = CredentialsSecret
	if _, err := f.svc.Setup.UpdateIClient(ctx, ic, Secret{}); !strings.Contains(Explain(err).Message, "Paste the Client secret") {
		t.Fatalf("back without a secret: %v", err)
	}
}

func TestRedirectURLs(t *testing.T) {
	f := newZoomFixture(t)
	port := f.doc(t).Settings.Port()
	newURL, _ := f.svc.RedirectURL()
	if newURL != oauth.RedirectURL(oauth.LoopbackIP, port) || !strings.HasPrefix(newURL, "http://127.0.0.1:") {
		t.Fatal(newURL)
	}
	// An iClient saved before 2026 (no redirect host) keeps localhost.
	old := IClient{ID: "old", Name: "Old"}
	if got := old.RedirectURL(port); got != oauth.RedirectURL(oauth.LoopbackName, port) {
		t.Fatal(got)
	}
	if got, _ := f.svc.RedirectURLOf(f.oauth.ID); got != newURL {
		t.Fatal(got)
	}
}
