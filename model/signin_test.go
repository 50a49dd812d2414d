package model

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"zoomconn/internal/zoomtest"
	"zoomconn/oauth"
)

var bob = zoomtest.User{ID: "u-bob", Email: "bob@example.com", DisplayName: "Bob Ops", AccountID: "acct-1", Type: 1}

// mustWork tests each connection with Zoom and checks that Zoom accepts the
// access token a script would get for it.
func (f *zoomFixture) mustWork(t *testing.T, when string, ids ...string) {
	t.Helper()
	for _, id := range ids {
		c, err := f.svc.Checks.Test(context.Background(), id)
		if err != nil || c.Status != StatusOnline {
			t.Errorf("%s: Test %q: %v (status %s)", when, c.Name, err, c.Status)
			continue
		}
		tok, err := f.svc.Tokens.AccessToken(context.Background(), id)
		if err != nil {
			t.Errorf("%s: token of %q: %v", when, c.Name, err)
			continue
		}
		if code := usersMe(t, f.zoom.URL(), tok); code != 200 {
			t.Errorf("%s: Zoom refuses the token of %q (%d)", when, c.Name, code)
		}
	}
}

func (f *zoomFixture) doc(t *testing.T) *Document {
	t.Helper()
	doc, err := f.svc.Load()
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// tokensInProcesses runs n other processes at once, each asking for the
// access token of every connection in ids, and returns their answers.
func (f *zoomFixture) tokensInProcesses(t *testing.T, n int, ids []string) [][]string {
	t.Helper()
	out := make([][]string, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			cmd := exec.Command(os.Args[0], "-test.run=^TestHelperAccessToken$")
			cmd.Env = append(os.Environ(), "ZOOMCONN_HELPER_DIR="+f.svc.Dir, "ZOOMCONN_HELPER_SECRETS="+f.secretsDir,
				"ZOOMCONN_HELPER_CONN="+strings.Join(ids, ","))
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			<-start
			if err := cmd.Run(); err != nil {
				t.Errorf("process %d: %v: %s", i, err, stderr.String())
				return
			}
			lines := strings.Split(stdout.String(), "\n")
			if len(lines) < len(ids) {
				t.Errorf("process %d printed %q", i, stdout.String())
				return
			}
			out[i] = lines[:len(ids)]
		})
	}
	close(start)
	wg.Wait()
	return out
}

// TestSignInSharedByBulkMigration is the scenario against a server
// that keeps one live authorization per user per app: three JWT connections
// migrated to OAuth 2.0 with one iClient by the same admin all work; a
// reconnect of one keeps all three working; eight processes asking for four
// connections' tokens at expiry make one refresh per sign-in; removing one
// connection leaves the others working.
func TestSignInSharedByBulkMigration(t *testing.T) {
	f := newZoomFixture(t)
	ids := f.jwtRecords(t, 3)
	consents := 0
	results, err := f.svc.Migration.Migrate(context.Background(), ids, MigratePlan{Auth: AuthOAuth2, IClientID: f.oauth.ID, Opener: f.zoom.Browser(), Timeout: 20 * time.Second},
		func(p MigrateProgress) {
			if p.Stage == MigrateConsent {
				consents++
				if !p.Shared || len(p.ConnectionIDs) != 3 {
					t.Errorf("the consent is not one for all three: %+v", p)
				}
			}
		})
	if err != nil {
		t.Fatal(err)
	}
	if consents != 1 {
		t.Errorf("%d consents to migrate 3 connections with one user, want 1", consents)
	}
	for _, r := range results {
		if r.Outcome != MigrateOnline || r.Connection.AuthorizedAs.Email != "jane@example.com" {
			t.Errorf("%s: %s %s", r.Name, r.Outcome, r.Reason)
		}
	}
	doc := f.doc(t)
	if len(doc.SignIns) != 1 || len(doc.SharersOf(doc.SignIns[0].ID)) != 3 {
		t.Fatalf("want one sign-in shared by 3 connections, got %+v", doc.SignIns)
	}
	if got := SignedInAs(doc, *doc.Connection(ids[0])); got != "Signed in as jane@example.com (account acct-1) · also used by: Legacy 02, Legacy 03" {
		t.Errorf("SignedInAs = %q", got)
	}
	f.mustWork(t, "after the migration", ids...)

	// Reconnect one: Zoom ends the earlier authorization of this user.
	f.authorize(t, *doc.Connection(ids[1]))
	if n := len(f.doc(t).SignIns); n != 1 {
		t.Errorf("%d sign-ins after a reconnect, want 1", n)
	}
	f.mustWork(t, "after reconnecting one", ids...)

	// A fourth connection, approved by another Zoom user: a sign-in of its own.
	c4 := f.addOAuth(t, "Ops dashboard")
	a, err := f.svc.Consents.StartAuthorize(context.Background(), c4.ID, f.zoom.BrowserAs(bob))
	if err != nil {
		t.Fatal(err)
	}
	if c4, err = a.Wait(context.Background()); err != nil || c4.AuthorizedAs.Email != "bob@example.com" || len(a.Joined()) != 0 {
		t.Fatalf("bob's consent: %+v %v joined %q", c4, err, a.Joined())
	}
	all := append(slices.Clone(ids), c4.ID)
	f.mustWork(t, "after a second user signed in", all...)

	// An hour passes; eight scripts ask for all four tokens at once.
	for _, si := range f.doc(t).SignIns {
		f.expireSignIn(t, si.ID)
	}
	before := f.zoom.RefreshCount()
	answers := f.tokensInProcesses(t, 8, all)
	if got := f.zoom.RefreshCount() - before; got != 2 {
		t.Errorf("Zoom saw %d refreshes for 2 sign-ins, want 2", got)
	}
	for i, a := range answers {
		for j, tok := range a {
			if code := usersMe(t, f.zoom.URL(), tok); code != 200 {
				t.Errorf("process %d got a token for %s that Zoom refuses (%d)", i, all[j], code)
			}
		}
		if a != nil && (a[0] != a[1] || a[1] != a[2] || a[2] == a[3]) {
			t.Errorf("process %d: connections of one sign-in got different tokens, or two users one token", i)
		}
	}
	f.mustWork(t, "after the scripts", all...)

	// Remove one of jane's connections: the sign-in stays for the others.
	if _, err := f.svc.Revocation.DeleteConnectionRevoking(context.Background(), ids[0], false); err != nil {
		t.Fatal(err)
	}
	f.mustWork(t, "after removing one", ids[1], ids[2], c4.ID)
	if n := f.zoom.Grants("oauth-client-id"); n != 2 {
		t.Errorf("%d live authorizations at Zoom, want 2 (jane's and bob's)", n)
	}
}

// expireSignIn makes the sign-in's saved access token look expired, as an
// hour passing would, and Zoom agrees.
func (f *zoomFixture) expireSignIn(t *testing.T, id string) {
	t.Helper()
	store := f.svc.signInStore(id)
	tok, err := store.Load(context.Background())
	if err != nil || tok == nil {
		t.Fatalf("load token: %v", err)
	}
	tok.Expiry = time.Now().Add(-time.Minute)
	if err := store.Save(context.Background(), tok); err != nil {
		t.Fatal(err)
	}
	oauth.BumpStamp(f.svc.signInLock(id))
	f.zoom.ExpireAccessTokens()
}

// TestSecondUserGetsOwnSignIn: another Zoom user approving a connection with
// the same iClient gets a sign-in of their own; the first user's
// connections keep working. The same user approving again joins.
func TestSecondUserGetsOwnSignIn(t *testing.T) {
	f := newZoomFixture(t)
	r := f.authorize(t, f.addOAuth(t, "Reports"))
	w := f.authorize(t, f.addOAuth(t, "Webinar sync"))
	ops := f.addOAuth(t, "Ops dashboard")
	a, err := f.svc.Consents.StartAuthorize(context.Background(), ops.ID, f.zoom.BrowserAs(bob))
	if err != nil {
		t.Fatal(err)
	}
	if ops, err = a.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	doc := f.doc(t)
	if len(doc.SignIns) != 2 || r.SignInID == "" || doc.Connection(r.ID).SignInID != w.SignInID || ops.SignInID == w.SignInID {
		t.Fatalf("sign-ins: %+v; Reports %s, Webinar %s, Ops %s", doc.SignIns, doc.Connection(r.ID).SignInID, w.SignInID, ops.SignInID)
	}
	f.mustWork(t, "two users", r.ID, w.ID, ops.ID)

	// Signing out one of jane's signs out both of hers, and names them.
	names, err := f.svc.Revocation.Revoke(context.Background(), w.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(names, []string{"Webinar sync", "Reports"}) {
		t.Errorf("signed out %q", names)
	}
	doc = f.doc(t)
	for _, id := range []string{r.ID, w.ID} {
		if c := doc.Connection(id); c.Status != StatusNotAuthorized || c.SignInID != "" {
			t.Errorf("%s after sign-out: %s %q", c.Name, c.Status, c.SignInID)
		}
	}
	f.mustWork(t, "after jane signed out", ops.ID)
}

// TestTestRevokeAuthorizeTestInOneProcess is the regression test of the
// cache that was never dropped: after Revoke and a new Authorize, Test must
// use the new token, not the revoked one.
func TestTestRevokeAuthorizeTestInOneProcess(t *testing.T) {
	f := newZoomFixture(t)
	c := f.authorize(t, f.addOAuth(t, "Reports"))
	f.mustWork(t, "first", c.ID)
	old, _ := f.svc.Tokens.AccessToken(context.Background(), c.ID)
	if _, err := f.svc.Revocation.Revoke(context.Background(), c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Checks.Test(context.Background(), c.ID); err == nil {
		t.Error("Test passed after Revoke")
	}
	f.authorize(t, *f.doc(t).Connection(c.ID))
	f.mustWork(t, "after Revoke and Authorize", c.ID)
	if tok, _ := f.svc.Tokens.AccessToken(context.Background(), c.ID); tok == old {
		t.Error("the revoked token is still handed out")
	}
}

// TestOpenWindowSeesRefreshByAnotherProcess: a service that stays open (the
// window) has a token cached; another process refreshes the sign-in, which
// ends that access token at Zoom. The window's next test still passes,
// with the token the other process saved.
func TestOpenWindowSeesRefreshByAnotherProcess(t *testing.T) {
	f := newZoomFixture(t)
	c := f.authorize(t, f.addOAuth(t, "Reports"))
	f.mustWork(t, "window, before", c.ID) // caches the access token
	// The script's process finds the token expired and refreshes it.
	f.expireSignIn(t, c.SignInID)
	answers := f.tokensInProcesses(t, 1, []string{c.ID})
	if f.zoom.RefreshCount() != 1 || len(answers) != 1 || answers[0] == nil {
		t.Fatalf("the other process did not refresh: %d refreshes", f.zoom.RefreshCount())
	}
	f.mustWork(t, "window, after another process refreshed", c.ID)
	if f.zoom.RefreshCount() != 1 {
		t.Errorf("the window refreshed again (%d refreshes): it did not see the saved token", f.zoom.RefreshCount())
	}
	if tok, _ := f.svc.Tokens.AccessToken(context.Background(), c.ID); tok != answers[0][0] {
		t.Error("the window hands out another token than the one the other process saved")
	}
}

// TestAPIRejectionRereadsOnce: the window cached a token that another
// process has since replaced without the window noticing (no stamp): the
// API's 401 makes it re-read the store and try once more.
func TestAPIRejectionRereadsOnce(t *testing.T) {
	f := newZoomFixture(t)
	c := f.authorize(t, f.addOAuth(t, "Reports"))
	f.mustWork(t, "before", c.ID)
	// Another process refreshes and saves, but its stamp write is lost.
	stamp := oauth.ReadStamp(f.svc.signInLock(c.SignInID))
	f.expireSignIn(t, c.SignInID)
	f.tokensInProcesses(t, 1, []string{c.ID})
	if err := os.WriteFile(f.svc.signInLock(c.SignInID)+".stamp", []byte(stamp), 0o600); err != nil {
		t.Fatal(err)
	}
	before := f.zoom.APIRequests()
	f.mustWork(t, "after a refresh the window did not hear of", c.ID)
	if got := f.zoom.APIRequests() - before; got < 2 {
		t.Errorf("%d API requests: the rejected token was not retried", got)
	}
}

// TestServerToServerTokenSaved: scripts asking for a Server-to-Server
// connection's token reuse the saved one until it is near its end.
func TestServerToServerTokenSaved(t *testing.T) {
	f := newZoomFixture(t)
	ic := f.s2sIClient(t)
	f.zoom.AddAccount("acct-9", zoomtest.User{ID: "u-s2s", Email: "s2s@example.com"})
	c, err := f.svc.Setup.CreateConnection(context.Background(), Connection{Name: "Recordings", Env: f.env, Auth: AuthS2S, IClientID: ic.ID, AccountID: "acct-9"}, Secret{})
	if err != nil {
		t.Fatal(err)
	}
	answers := f.tokensInProcesses(t, 4, []string{c.ID})
	answers = append(answers, f.tokensInProcesses(t, 2, []string{c.ID})...)
	if n := f.zoom.S2SCount(); n != 1 {
		t.Errorf("Zoom issued %d Server-to-Server tokens to 6 processes, want 1", n)
	}
	for _, a := range answers {
		if a == nil || a[0] != answers[0][0] || usersMe(t, f.zoom.URL(), a[0]) != 200 {
			t.Errorf("a process got another or a refused token")
		}
	}
	// Near its end, the next caller gets a new one, saved for the others.
	store := keyringTokenStore{f.keys, S2STokenAccount(c.ID)}
	tok, _ := store.Load(context.Background())
	tok.Expiry = time.Now().Add(30 * time.Second)
	store.Save(context.Background(), tok)
	fresh := f.tokensInProcesses(t, 2, []string{c.ID})
	if n := f.zoom.S2SCount(); n != 2 || fresh[0] == nil || fresh[0][0] == tok.AccessToken || fresh[0][0] != fresh[1][0] {
		t.Errorf("near expiry: %d tokens issued in all", n)
	}
}

// TestRemoveLastConnectionRevokes: removing the only connection of a
// sign-in revokes it at Zoom; removing one of two only detaches it.
func TestRemoveLastConnectionRevokes(t *testing.T) {
	f := newZoomFixture(t)
	r := f.authorize(t, f.addOAuth(t, "Reports"))
	w := f.authorize(t, f.addOAuth(t, "Webinar sync"))
	if _, err := f.svc.Revocation.DeleteConnectionRevoking(context.Background(), r.ID, false); err != nil {
		t.Fatal(err)
	}
	if n := f.zoom.Grants("oauth-client-id"); n != 1 {
		t.Errorf("%d live authorizations after removing one of two, want 1", n)
	}
	f.mustWork(t, "after removing one of two", w.ID)
	if _, err := f.svc.Revocation.DeleteConnectionRevoking(context.Background(), w.ID, false); err != nil {
		t.Fatal(err)
	}
	if n := f.zoom.Grants("oauth-client-id"); n != 0 {
		t.Errorf("%d live authorizations after removing the last one, want 0", n)
	}
	doc := f.doc(t)
	if len(doc.SignIns) != 0 {
		t.Errorf("sign-ins left: %+v", doc.SignIns)
	}
	if _, err := f.keys.Get(context.Background(), SignInTokenAccount(w.SignInID)); !errors.Is(err, ErrSecretNotFound) {
		t.Errorf("the token is still in the keyring: %v", err)
	}
}

// TestUpgradeFromSchema1 starts from what the previous version left: its
// file (testdata/schema1.json, written by that version's Store) and one
// token per connection in the keyring, obtained as it did, one consent per
// connection: Zoom ended Reports' and Webinar sync's when Billing was
// approved by the same user. The upgrade gives jane's three connections
// one sign-in with the newest token, Bob's one of his own, and all four
// work again; nothing else changes, and the old file is kept.
func TestUpgradeFromSchema1(t *testing.T) {
	zoom := zoomtest.New(t)
	keys := testKeyring(t)
	dir := filepath.Join(t.TempDir(), "data")
	port := freePort(t)
	raw, err := os.ReadFile("testdata/schema1.json")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.ReplaceAll(string(raw), "http://127.0.0.1:1", zoom.URL())
	text = strings.Replace(text, `"redirect_port": 41587`, `"redirect_port": `+strconv.Itoa(port), 1)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, DocumentFile), []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	secret := "oauth-secret-" + NewID()
	zoom.RegisterClient("oauth-client-id", secret, oauth.RedirectURL(oauth.LoopbackIP, port))
	zoom.SetUser("oauth-client-id", zoomtest.User{ID: "u-jane", Email: "jane@example.com", DisplayName: "Jane Admin", AccountID: "acct-1"})
	keys.Set(ctx, ClientSecretAccount("ic-oauth"), NewSecret(secret))
	keys.Set(ctx, ClientSecretAccount("ic-s2s"), NewSecret("s2s-secret"))
	t.Cleanup(func() {
		for _, a := range []string{ClientSecretAccount("ic-oauth"), ClientSecretAccount("ic-s2s"),
			SignInTokenAccount("c-billing"), SignInTokenAccount("c-ops")} {
			keys.Delete(context.Background(), a)
		}
	})
	client := oauth.Client{ID: "oauth-client-id", Secret: secret, Env: oauth.Custom(zoom.URL(), zoom.URL())}
	for _, c := range []struct {
		id      string
		browser *zoomtest.Browser
	}{{"c-reports", zoom.Browser()}, {"c-webinar", zoom.Browser()}, {"c-billing", zoom.Browser()}, {"c-ops", zoom.BrowserAs(bob)}} {
		consent, err := oauth.StartConsent(ctx, oauth.ConsentConfig{Client: client, Port: port, Opener: c.browser})
		if err != nil {
			t.Fatal(err)
		}
		res, err := consent.Wait(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := (keyringTokenStore{keys, TokenAccount(c.id)}).Save(ctx, res.Token); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { keys.Delete(context.Background(), TokenAccount(c.id)) })
	}
	if n := zoom.Grants("oauth-client-id"); n != 2 {
		t.Fatalf("start state: %d live authorizations at Zoom, want 2 (Billing's and Ops')", n)
	}

	svc, err := Open(dir, keys)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := svc.Load()
	if err != nil {
		t.Fatal(err)
	}
	if doc.Schema != SchemaVersion || len(doc.SignIns) != 2 {
		t.Fatalf("schema %d, sign-ins %+v", doc.Schema, doc.SignIns)
	}
	for id, want := range map[string]string{"c-reports": "c-billing", "c-webinar": "c-billing", "c-billing": "c-billing", "c-ops": "c-ops", "c-new": "", "c-s2s": "", "c-jwt": ""} {
		if got := doc.Connection(id).SignInID; got != want {
			t.Errorf("%s uses sign-in %q, want %q", id, got, want)
		}
	}
	if si := doc.SignIn("c-billing"); si.User.Email != "jane@example.com" || si.IClientID != "ic-oauth" {
		t.Errorf("jane's sign-in: %+v", si)
	}
	// Nothing else changed.
	var before Document
	if err := json.Unmarshal([]byte(text), &before); err != nil {
		t.Fatal(err)
	}
	for _, old := range before.Connections {
		now := *doc.Connection(old.ID)
		now.SignInID = ""
		if old.ID == "c-reports" || old.ID == "c-webinar" {
			old.AuthorizedAt, now.AuthorizedAt = time.Time{}, time.Time{}
		}
		if !reflect.DeepEqual(old, now) {
			t.Errorf("%s changed:\n was %+v\n now %+v", old.Name, old, now)
		}
	}
	if len(doc.IClients) != 2 || doc.Connection("c-jwt").APIKey != "legacykey" {
		t.Error("iClients or the JWT record were lost")
	}
	kept, err := os.ReadFile(filepath.Join(dir, Schema1Backup))
	if err != nil || string(kept) != text {
		t.Errorf("the schema 1 file was not kept as it was: %v", err)
	}
	for _, id := range []string{"c-reports", "c-webinar", "c-billing", "c-ops"} {
		if _, err := keys.Get(ctx, TokenAccount(id)); !errors.Is(err, ErrSecretNotFound) {
			t.Errorf("the old token of %s is still in the keyring: %v", id, err)
		}
	}
	events, _, err := svc.Activity.Read("")
	if err != nil {
		t.Fatal(err)
	}
	var merged []string
	for _, ev := range events {
		if ev.Kind == EventUpgraded && ev.ConnectionName != "" {
			merged = append(merged, ev.ConnectionName)
			if !strings.Contains(ev.Detail, "already been replaced at Zoom") || !strings.Contains(ev.Detail, `"Billing"`) {
				t.Errorf("activity: %q", ev.Detail)
			}
		}
	}
	slices.Sort(merged)
	if !slices.Equal(merged, []string{"Reports", "Webinar sync"}) {
		t.Errorf("activity names %q as merged", merged)
	}
	f := &zoomFixture{svc: svc, keys: keys, zoom: zoom}
	f.mustWork(t, "after the upgrade", "c-reports", "c-webinar", "c-billing", "c-ops")
	// A second load changes nothing more.
	again, _ := svc.Load()
	if len(again.SignIns) != 2 {
		t.Errorf("a second load: %+v", again.SignIns)
	}
}

// refusingSecrets is a password store that refuses to save sign-in tokens
// while refuse is set, as a locked or full keyring would.
type refusingSecrets struct {
	Secrets
	mu     sync.Mutex
	refuse bool
}

func (r *refusingSecrets) set(on bool) { r.mu.Lock(); r.refuse = on; r.mu.Unlock() }

func (r *refusingSecrets) Set(ctx context.Context, account string, v Secret) error {
	r.mu.Lock()
	refuse := r.refuse && strings.HasPrefix(account, "signin/")
	r.mu.Unlock()
	if refuse {
		return errors.New("the password store refused the write")
	}
	return r.Secrets.Set(ctx, account, v)
}

// TestRotatedTokenNotLostWhenTheSaveFails: Zoom rotated the token but the
// password store refused it. A last attempt (what 'zoomconn token' does
// before exiting) saves it once the store works again; if it still fails,
// the connection says Reconnect needed instead of failing later.
func TestRotatedTokenNotLostWhenTheSaveFails(t *testing.T) {
	f := newZoomFixture(t)
	c := f.authorize(t, f.addOAuth(t, "Reports"))
	store := &refusingSecrets{Secrets: f.keys}
	svc, err := Open(f.svc.Dir, store)
	if err != nil {
		t.Fatal(err)
	}
	f.expireSignIn(t, c.SignInID)
	store.set(true)
	_, err = svc.Tokens.AccessToken(context.Background(), c.ID)
	var oe *oauth.Error
	if !errors.As(err, &oe) || oe.Kind != oauth.StoreFailed || !strings.Contains(Explain(err).Message, "Zoom has already replaced the old one") {
		t.Fatalf("want a save failure that says Zoom replaced the token, got %v", err)
	}
	store.set(false)
	if err := svc.Tokens.Flush(context.Background()); err != nil {
		t.Fatalf("last attempt: %v", err)
	}
	tok, err := svc.Tokens.AccessToken(context.Background(), c.ID)
	if err != nil || usersMe(t, f.zoom.URL(), tok) != 200 || f.zoom.RefreshCount() != 1 {
		t.Fatalf("after the last attempt: %v, %d refreshes", err, f.zoom.RefreshCount())
	}

	// The store keeps refusing: the sign-in is lost, and says so.
	f.expireSignIn(t, c.SignInID)
	store.set(true)
	if _, err := svc.Tokens.AccessToken(context.Background(), c.ID); err == nil {
		t.Fatal("a refused save went unnoticed")
	}
	err = svc.Tokens.Flush(context.Background())
	if x := Explain(err); x.Kind != string(oauth.ReconnectNeeded) || !strings.Contains(x.Message, "did not save the new token") || x.Do.Action != ActionReconnect {
		t.Fatalf("last attempt that fails: %v", err)
	}
	if s := f.doc(t).Connection(c.ID).Status; s != StatusReconnectNeeded {
		t.Errorf("status %s after the renewed token was lost", s)
	}
}

// TestConsentSavedWhenTheWaitIsCanceledDuringTheExchange: Ctrl+C (or the
// timeout) comes while the code is being exchanged, when Zoom may already
// have issued the token and ended this user's earlier sign-in with the app:
// the exchange finishes and the token is saved all the same.
func TestConsentSavedWhenTheWaitIsCanceledDuringTheExchange(t *testing.T) {
	f := newZoomFixture(t)
	// A slow token endpoint in front of Zoom, that says when a code arrives.
	target, _ := url.Parse(f.zoom.URL())
	proxy := httputil.NewSingleHostReverseProxy(target)
	exchanging := make(chan struct{}, 1)
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/oauth/token" {
			select {
			case exchanging <- struct{}{}:
			default:
			}
			time.Sleep(300 * time.Millisecond)
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(slow.Close)
	// The Zoom app, reached through the slow endpoint. "Webinar sync"
	// signed in with it before: one app, so one sign-in per user.
	ic, err := f.svc.Setup.CreateIClient(context.Background(), IClient{Name: "Slow app", Env: Environment{Kind: EnvCustom, OAuthBase: slow.URL, APIBase: f.zoom.URL()},
		AppType: AppAccount, ClientID: "oauth-client-id"}, NewSecret(f.secret))
	if err != nil {
		t.Fatal(err)
	}
	add := func(name string) Connection {
		c, err := f.svc.Setup.CreateConnection(context.Background(), Connection{Name: name, Env: ic.Env, Auth: AuthOAuth2, IClientID: ic.ID}, Secret{})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	other := f.authorize(t, add("Webinar sync"))
	select {
	case <-exchanging: // that consent's code
	default:
	}
	c := add("Reports")
	ctx, cancel := context.WithCancel(context.Background())
	opener := oauth.OpenerFunc(func(u string) error {
		go f.zoom.Browser().Open(u)
		go func() { <-exchanging; cancel() }()
		return nil
	})
	a, err := f.svc.Consents.StartAuthorize(ctx, c.ID, opener)
	if err != nil {
		t.Fatal(err)
	}
	got, err := a.Wait(ctx)
	if err != nil || got.Status != StatusOnline {
		t.Fatalf("the token Zoom issued during the exchange was not kept: %v", err)
	}
	f.mustWork(t, "after Ctrl+C during the exchange", c.ID, other.ID)
}

// TestRevokeAsZoomDocumentsIt: sign out revokes with the access token while
// it is valid, with the refresh token once it has expired, and a token Zoom
// already ended counts as revoked (nothing is left to end).
func TestRevokeAsZoomDocumentsIt(t *testing.T) {
	f := newZoomFixture(t)
	for _, tc := range []struct {
		name   string
		before func(c Connection)
	}{
		{"valid access token", func(Connection) {}},
		{"expired access token", func(c Connection) { f.expireSignIn(t, c.SignInID) }},
		{"already ended at Zoom", func(c Connection) {
			tok, _ := f.svc.signInStore(c.SignInID).Load(context.Background())
			client := oauth.Client{ID: "oauth-client-id", Secret: f.secret, Env: f.env.OAuth()}
			if err := oauth.Revoke(context.Background(), nil, client, tok.RefreshToken); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		c := f.authorize(t, f.addOAuth(t, "Reports "+tc.name))
		tc.before(c)
		if _, err := f.svc.Revocation.Revoke(context.Background(), c.ID); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
		if n := f.zoom.Grants("oauth-client-id"); n != 0 {
			t.Errorf("%s: %d authorizations still live at Zoom", tc.name, n)
		}
		if s := f.doc(t).Connection(c.ID).Status; s != StatusNotAuthorized {
			t.Errorf("%s: status %s", tc.name, s)
		}
	}
}
