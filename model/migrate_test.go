package model

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"zoomconn/internal/zoomtest"
	"zoomconn/oauth"
)

// jwtRecords imports n JWT records on the fixture's environment, each
// with its own Account ID acct-01…, and returns their ids in order.
func (f *zoomFixture) jwtRecords(t *testing.T, n int) []string {
	t.Helper()
	var b strings.Builder
	b.WriteString("name,environment,auth_type,api_key,account_id,oauth_base,api_base\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "Legacy %02d,custom,jwt,key-%02d,acct-%02d,%s,%s\n", i, i, i, f.zoom.URL(), f.zoom.URL())
	}
	if _, err := f.svc.Files.Import(strings.NewReader(b.String()), "legacy.csv"); err != nil {
		t.Fatal(err)
	}
	doc, _ := f.svc.Load()
	ids := make([]string, n)
	for i := range n {
		ids[i] = doc.ConnectionByName(fmt.Sprintf("Legacy %02d", i+1)).ID
	}
	return ids
}

func (f *zoomFixture) s2sIClient(t *testing.T) IClient {
	t.Helper()
	secret := "s2s-secret-" + NewID()
	f.zoom.RegisterClient("s2s-mig", secret, "")
	ic, err := f.svc.Setup.CreateIClient(context.Background(), IClient{Name: "Acme S2S", Env: f.env, AppType: AppS2S, ClientID: "s2s-mig"}, NewSecret(secret))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.keys.Delete(context.Background(), ClientSecretAccount(ic.ID)) })
	return ic
}

func snapshot(t *testing.T, s *Service) map[string]Connection {
	t.Helper()
	doc, err := s.Load()
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]Connection{}
	for _, c := range doc.Connections {
		m[c.ID] = c
	}
	return m
}

func TestMigrateFiftyToServerToServer(t *testing.T) {
	f := newZoomFixture(t)
	ic := f.s2sIClient(t)
	ids := f.jwtRecords(t, 50)
	failing := map[string]string{
		"acct-07": "The Client ID or Client secret of iClient \"Acme S2S\" is wrong.",
		"acct-23": "Zoom is rate-limiting this account.",
		"acct-41": "Zoom does not know this connection's Account ID.",
	}
	for i := 1; i <= 50; i++ {
		acct := fmt.Sprintf("acct-%02d", i)
		f.zoom.AddAccount(acct, zoomtest.User{ID: "bot-" + acct, Email: fmt.Sprintf("bot%02d@example.com", i)})
	}
	f.zoom.FailAccount("acct-07", 401, "invalid_client", "Invalid client_id or client_secret")
	f.zoom.FailAccount("acct-23", 429, "rate_limited", "Too many requests")
	f.zoom.FailAccount("acct-41", 400, "invalid_request", "Invalid account_id")
	oauthConn := f.addOAuth(t, "Already OAuth")
	before := snapshot(t, f.svc)

	var stages []MigrateStage
	results, err := f.svc.Migration.Migrate(context.Background(), append(ids, oauthConn.ID), MigratePlan{Auth: AuthS2S, IClientID: ic.ID}, func(p MigrateProgress) {
		stages = append(stages, p.Stage)
		if p.Total != 51 {
			t.Errorf("progress total %d", p.Total)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 51 || len(stages) != 102 {
		t.Fatalf("%d results, %d progress reports", len(results), len(stages))
	}
	after := snapshot(t, f.svc)
	online, failedN := 0, 0
	var retry []string
	for i, r := range results[:50] {
		acct := fmt.Sprintf("acct-%02d", i+1)
		c := after[r.ConnectionID]
		if want, bad := failing[acct]; bad {
			failedN++
			retry = append(retry, r.ConnectionID)
			if r.Outcome != MigrateFailed || !strings.HasPrefix(r.Reason, want) || r.Err == nil {
				t.Errorf("%s: %s %q, want failed %q", acct, r.Outcome, r.Reason, want)
			}
			if !reflect.DeepEqual(c, before[r.ConnectionID]) {
				t.Errorf("%s failed but changed:\n%+v\n%+v", acct, before[r.ConnectionID], c)
			}
			continue
		}
		online++
		if r.Outcome != MigrateOnline || r.Name != fmt.Sprintf("Legacy %02d", i+1) {
			t.Errorf("%s: %+v", acct, r)
		}
		if c.Auth != AuthS2S || c.Status != StatusOnline || c.IClientID != ic.ID || c.AccountID != acct || c.MigratedFrom != AuthJWT ||
			c.MigratedAt.IsZero() || c.APIKey != "" || c.AuthorizedAs == nil || c.AuthorizedAs.Email != fmt.Sprintf("bot%02d@example.com", i+1) || c.LastTest != "ok" {
			t.Errorf("%s half-migrated: %+v", acct, c)
		}
	}
	if online != 47 || failedN != 3 {
		t.Errorf("%d online, %d failed", online, failedN)
	}
	if r := results[50]; r.Outcome != MigrateSkipped || !strings.Contains(r.Reason, "does not use JWT (it uses OAuth 2.0)") {
		t.Errorf("non-JWT: %+v", r)
	}
	if !reflect.DeepEqual(after[oauthConn.ID], before[oauthConn.ID]) {
		t.Error("the OAuth connection was touched")
	}
	// The old JWT record stays in the activity log.
	events, _, _ := f.svc.Activity.Read(ids[0])
	found := false
	for _, ev := range events {
		if ev.Kind == EventAuthTypeChanged && strings.Contains(ev.Detail, "JWT (retired) → Server-to-Server OAuth") && strings.Contains(ev.Detail, "API Key key-01") {
			found = true
		}
	}
	if !found || events[0].Kind != EventCreated {
		t.Errorf("activity of a migrated connection: %+v", events)
	}
	// Migrated connections work afterwards.
	if c, err := f.svc.Checks.Test(context.Background(), ids[0]); err != nil || c.Status != StatusOnline {
		t.Errorf("test after migration: %v", err)
	}

	// Retry the failed ones once Zoom accepts them.
	for acct := range failing {
		f.zoom.AddAccount(acct, zoomtest.User{ID: "bot-" + acct, Email: acct + "@example.com"})
	}
	results, err = f.svc.Migration.Migrate(context.Background(), retry, MigratePlan{Auth: AuthS2S, IClientID: ic.ID}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		if r.Outcome != MigrateOnline {
			t.Errorf("retry: %+v", r)
		}
	}
}

func TestMigrateCancelLeavesConsistentState(t *testing.T) {
	f := newZoomFixture(t)
	ic := f.s2sIClient(t)
	ids := f.jwtRecords(t, 10)
	for i := 1; i <= 10; i++ {
		f.zoom.AddAccount(fmt.Sprintf("acct-%02d", i), zoomtest.User{ID: fmt.Sprintf("u%d", i), Email: "bot@example.com"})
	}
	before := snapshot(t, f.svc)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	const k = 4
	results, err := f.svc.Migration.Migrate(ctx, ids, MigratePlan{Auth: AuthS2S, IClientID: ic.ID}, func(p MigrateProgress) {
		if p.Stage == MigrateDone && p.Finished == k {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err %v, want context.Canceled", err)
	}
	if len(results) != 10 {
		t.Fatalf("%d results", len(results))
	}
	after := snapshot(t, f.svc)
	for i, r := range results {
		c := after[ids[i]]
		if i < k {
			if r.Outcome != MigrateOnline || c.Auth != AuthS2S || c.Status != StatusOnline {
				t.Errorf("#%d finished before Cancel but: %s, %s %s", i, r.Outcome, c.Auth, c.Status)
			}
			continue
		}
		if r.Outcome != MigrateSkipped || !strings.Contains(r.Reason, "Canceled") || r.Name == "" {
			t.Errorf("#%d after Cancel: %+v", i, r)
		}
		if !reflect.DeepEqual(c, before[ids[i]]) {
			t.Errorf("#%d changed after Cancel", i)
		}
	}
}

// switchingBrowser approves in Zoom, except for the consents listed in deny.
type switchingBrowser struct {
	zoom *zoomtest.Server
	n    int
	deny map[int]bool
}

func (b *switchingBrowser) Open(url string) error {
	b.n++
	b.zoom.DenyConsent(b.deny[b.n])
	return b.zoom.Browser().Open(url)
}

// TestMigrateToOAuth2ConsentEach asks for one consent per connection (as for
// a user-managed app): a denied one stays as it was, and the two approved by
// the same Zoom user share that user's sign-in, both working.
func TestMigrateToOAuth2ConsentEach(t *testing.T) {
	f := newZoomFixture(t)
	ids := f.jwtRecords(t, 3)
	before := snapshot(t, f.svc)
	var urls []string
	browser := &switchingBrowser{zoom: f.zoom, deny: map[int]bool{2: true}}
	results, err := f.svc.Migration.Migrate(context.Background(), ids, MigratePlan{Auth: AuthOAuth2, IClientID: f.oauth.ID, Opener: browser, Timeout: 20 * time.Second, ConsentEach: true}, func(p MigrateProgress) {
		if p.Stage == MigrateConsent {
			urls = append(urls, p.ConsentURL)
			if p.OpenErr != nil {
				t.Errorf("open: %v", p.OpenErr)
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(urls) != 3 || urls[0] == urls[2] {
		t.Errorf("consents: %q", urls)
	}
	if results[1].Outcome != MigrateFailed || !strings.Contains(results[1].Reason, "You chose Deny in Zoom") {
		t.Errorf("denied: %+v", results[1])
	}
	if c := snapshot(t, f.svc)[ids[1]]; !reflect.DeepEqual(c, before[ids[1]]) {
		t.Errorf("denied connection changed: %+v", c)
	}
	tokens := map[string]bool{}
	for _, i := range []int{0, 2} {
		r := results[i]
		if r.Outcome != MigrateOnline || r.Connection.Auth != AuthOAuth2 || r.Connection.AccountID != "" || r.Connection.AuthorizedAs.Email != "jane@example.com" {
			t.Errorf("#%d: %+v", i, r)
		}
		tok, err := f.svc.Tokens.AccessToken(context.Background(), ids[i])
		if err != nil {
			t.Fatal(err)
		}
		if code := usersMe(t, f.zoom.URL(), tok); code != 200 {
			t.Errorf("#%d token refused: %d", i, code)
		}
		tokens[tok] = true
	}
	if len(tokens) != 1 || results[0].Connection.SignInID == "" || results[0].Connection.SignInID != results[2].Connection.SignInID {
		t.Errorf("the two connections approved by the same user do not share one sign-in: %d tokens", len(tokens))
	}
}

func TestMigratePlanChecked(t *testing.T) {
	f := newZoomFixture(t)
	ids := f.jwtRecords(t, 1)
	for _, tc := range []struct {
		plan MigratePlan
		want string
	}{
		{MigratePlan{Auth: AuthJWT, IClientID: f.oauth.ID}, "Choose what the connections move to"},
		{MigratePlan{Auth: AuthS2S, IClientID: f.oauth.ID}, "needs an iClient whose app type is Server-to-Server OAuth"},
		{MigratePlan{Auth: AuthOAuth2, IClientID: "nope"}, "Choose an iClient"},
		{MigratePlan{Auth: AuthS2S, IClientID: f.s2sIClient(t).ID, AccountID: "a b"}, "The Account ID contains a space"},
	} {
		_, err := f.svc.Migration.Migrate(context.Background(), ids, tc.plan, nil)
		var ve ValidationError
		if !errors.As(err, &ve) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v", tc.plan, err)
		}
	}
	// A connection of another environment fails alone, unchanged.
	gov, err := f.svc.Setup.CreateConnection(context.Background(), Connection{Name: "Gov", Env: Environment{Kind: EnvZoomGov}, Auth: AuthJWT, APIKey: "k"}, NewSecret("s"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.keys.Delete(context.Background(), JWTSecretAccount(gov.ID)) })
	res, err := f.svc.Migration.Migrate(context.Background(), []string{gov.ID}, MigratePlan{Auth: AuthOAuth2, IClientID: f.oauth.ID, Opener: oauth.OpenerFunc(func(string) error { t.Error("no consent expected"); return nil })}, nil)
	if err != nil || res[0].Outcome != MigrateFailed || !strings.Contains(res[0].Reason, "belongs to Custom, but this connection uses Zoom for Government") {
		t.Errorf("%+v %v", res, err)
	}
}

// The scopes a migration is given (typed in Edit connection) are the ones
// Zoom is asked for and the ones the migrated connections keep, with one
// consent for all and with one consent each.
func TestMigrateAsksForThePlansScopes(t *testing.T) {
	f := newZoomFixture(t)
	doc, _ := f.svc.Load()
	want := "meeting:read:admin user:read:admin"
	secret := "scoped-secret-" + NewID()
	f.zoom.RegisterClient("scoped-client", secret, oauth.RedirectURL(oauth.LoopbackIP, doc.Settings.Port()), strings.Fields(want)...)
	f.zoom.SetUser("scoped-client", zoomtest.User{ID: "u-jane", Email: "jane@example.com", AccountID: "acct-1"})
	ic, err := f.svc.Setup.CreateIClient(context.Background(), IClient{Name: "Scoped app", Env: f.env, AppType: AppAccount, ClientID: "scoped-client"}, NewSecret(secret))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.keys.Delete(context.Background(), ClientSecretAccount(ic.ID)) })
	ids := f.jwtRecords(t, 3)
	for _, run := range []struct {
		ids  []string
		each bool
	}{{ids[:2], false}, {ids[2:], true}} {
		var urls []string
		results, err := f.svc.Migration.Migrate(context.Background(), run.ids, MigratePlan{Auth: AuthOAuth2, IClientID: ic.ID, Opener: f.zoom.Browser(),
			Timeout: 20 * time.Second, ConsentEach: run.each, Scopes: want}, func(p MigrateProgress) {
			if p.Stage == MigrateConsent {
				urls = append(urls, p.ConsentURL)
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range urls {
			if !strings.Contains(u, "scope=meeting%3Aread%3Aadmin+user%3Aread%3Aadmin") {
				t.Errorf("consent each=%v does not ask for %q: %s", run.each, want, u)
			}
		}
		for _, r := range results {
			if r.Outcome != MigrateOnline || r.Connection.Scopes != want || r.Connection.GrantedScopes != want {
				t.Errorf("each=%v: %s ended %s with scopes %q, granted %q; want %q", run.each, r.Name, r.Outcome, r.Connection.Scopes, r.Connection.GrantedScopes, want)
			}
		}
	}
}
