package model

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"zoomconn/internal/zoomtest"
	"zoomconn/oauth"
)

// countingBrowser is the admin's browser, counting the consent pages it
// was asked to open (each one an Allow).
type countingBrowser struct {
	b     *zoomtest.Browser
	opens atomic.Int32
	mu    sync.Mutex
	codes []string // the codes Zoom sent to the Redirect URL
}

func (c *countingBrowser) Open(consentURL string) error {
	c.opens.Add(1)
	cb, err := c.b.Consent(consentURL)
	if err != nil || cb == "" {
		return err
	}
	if u, err := url.Parse(cb); err == nil {
		c.mu.Lock()
		c.codes = append(c.codes, u.Query().Get("code"))
		c.mu.Unlock()
	}
	_, err = c.b.Get(cb)
	return err
}

// wrongSecretConsent sets a wrong Client secret, authorizes c (the admin
// allows, Zoom refuses the client) and checks it failed that way.
func (f *zoomFixture) wrongSecretConsent(t *testing.T, c Connection, browser oauth.Opener) error {
	t.Helper()
	ctx := context.Background()
	if _, err := f.svc.Setup.UpdateIClient(ctx, f.oauth, NewSecret("not-the-client-secret")); err != nil {
		t.Fatal(err)
	}
	a, err := f.svc.Consents.StartAuthorize(ctx, c.ID, browser)
	if err != nil {
		t.Fatal(err)
	}
	if a.Redeemed() {
		t.Fatal("redeemed with nothing kept")
	}
	_, err = a.Wait(ctx)
	var oe *oauth.Error
	if !errors.As(err, &oe) || oe.Kind != oauth.BadClient {
		t.Fatalf("wrong secret: %v", err)
	}
	return err
}

// fixSecret saves the right Client secret, as the error dialog's fix does.
func (f *zoomFixture) fixSecret(t *testing.T) {
	t.Helper()
	if _, err := f.svc.Setup.UpdateIClient(context.Background(), f.oauth, NewSecret(f.secret)); err != nil {
		t.Fatal(err)
	}
}

func (f *zoomFixture) kept(id string) bool {
	f.svc.Consents.approvals.mu.Lock()
	defer f.svc.Consents.approvals.mu.Unlock()
	_, ok := f.svc.Consents.approvals.m[id]
	return ok
}

func TestWrongSecretApprovalRedeemed(t *testing.T) {
	f := newZoomFixture(t)
	c := f.addOAuth(t, "Reports")
	browser := &countingBrowser{b: f.zoom.Browser()}
	f.wrongSecretConsent(t, c, browser)
	if !f.kept(c.ID) {
		t.Fatal("the approval was not kept")
	}
	f.fixSecret(t)

	ctx := context.Background()
	a, got, err := f.authorizeAgain(t, c.ID, browser)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Redeemed() || a.URL() != "" || browser.opens.Load() != 1 {
		t.Fatalf("redeemed %v, %d consents in all", a.Redeemed(), browser.opens.Load())
	}
	if got.Status != StatusOnline || ConnectedAs(got) != "Connected as jane@example.com (account acct-1)" {
		t.Fatalf("after redeeming: %q %q", got.Status, ConnectedAs(got))
	}
	if f.kept(c.ID) {
		t.Fatal("the approval is still kept after use")
	}
	tok, err := f.svc.Tokens.AccessToken(ctx, c.ID)
	if err != nil || usersMe(t, f.zoom.URL(), tok) != 200 {
		t.Fatalf("token refused: %v", err)
	}
	if n := f.zoom.Grants("oauth-client-id"); n != 1 {
		t.Fatalf("%d grants at Zoom", n)
	}
	events, _, _ := f.svc.Activity.Read(c.ID)
	var ok, failed int
	for _, e := range events {
		if e.Kind == EventAuthorized && e.OK != nil {
			if *e.OK {
				ok++
				if e.Detail != "as jane@example.com (account acct-1)" {
					t.Errorf("activity: %q", e.Detail)
				}
			} else {
				failed++
			}
		}
	}
	if ok != 1 || failed != 1 {
		t.Errorf("activity: %d authorized, %d failed: %+v", ok, failed, events)
	}
	// Another authorization asks Zoom again: nothing is kept.
	a, err = f.svc.Consents.StartAuthorize(ctx, c.ID, browser)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Wait(ctx); err != nil || a.Redeemed() || browser.opens.Load() != 2 {
		t.Fatalf("second authorize: %v redeemed %v", err, a.Redeemed())
	}
}

// fallback checks that the retry after the fix asked for a new consent
// and ended Online.
func (f *zoomFixture) fallback(t *testing.T, c Connection, browser *countingBrowser) {
	t.Helper()
	ctx := context.Background()
	a, got, err := f.authorizeAgain(t, c.ID, browser)
	if err != nil {
		t.Fatal(err)
	}
	if a.Redeemed() || browser.opens.Load() != 2 || got.Status != StatusOnline {
		t.Fatalf("redeemed %v, %d consents, status %q", a.Redeemed(), browser.opens.Load(), got.Status)
	}
	if f.kept(c.ID) {
		t.Fatal("still kept")
	}
	tok, err := f.svc.Tokens.AccessToken(ctx, c.ID)
	if err != nil || usersMe(t, f.zoom.URL(), tok) != 200 {
		t.Fatalf("token refused: %v", err)
	}
}

func TestWrongSecretApprovalFallsBack(t *testing.T) {
	t.Run("Zoom used the code up", func(t *testing.T) {
		f := newZoomFixture(t)
		f.zoom.ConsumeCodeOnFailedExchange(true)
		c := f.addOAuth(t, "Reports")
		browser := &countingBrowser{b: f.zoom.Browser()}
		f.wrongSecretConsent(t, c, browser)
		f.fixSecret(t)
		f.fallback(t, c, browser)
	})
	t.Run("the code expired at Zoom", func(t *testing.T) {
		f := newZoomFixture(t)
		c := f.addOAuth(t, "Reports")
		browser := &countingBrowser{b: f.zoom.Browser()}
		f.wrongSecretConsent(t, c, browser)
		f.fixSecret(t)
		f.zoom.ExpireCodes()
		f.fallback(t, c, browser)
	})
	t.Run("past the window", func(t *testing.T) {
		f := newZoomFixture(t)
		c := f.addOAuth(t, "Reports")
		browser := &countingBrowser{b: f.zoom.Browser()}
		f.wrongSecretConsent(t, c, browser)
		f.fixSecret(t)
		later := time.Now().Add(oauth.ApprovalLifetime + time.Second)
		f.svc.Now = func() time.Time { return later }
		n := f.zoom.TokenRequests()
		f.fallback(t, c, browser)
		if f.zoom.TokenRequests() != n+1 { // the new consent's exchange only
			t.Fatalf("the expired approval was tried: %d token requests", f.zoom.TokenRequests()-n)
		}
	})
	t.Run("another iClient", func(t *testing.T) {
		f := newZoomFixture(t)
		c := f.addOAuth(t, "Reports")
		browser := &countingBrowser{b: f.zoom.Browser()}
		f.wrongSecretConsent(t, c, browser)
		f.fixSecret(t)
		if f.svc.Consents.approvals.take(c.ID, "another-iclient") != nil || f.kept(c.ID) {
			t.Fatal("an approval for one iClient was handed over for another")
		}
		f.fallback(t, c, browser)
	})
}

// The kept approval is a credential: it shows in no error, log or file.
func TestWrongSecretApprovalNeverShows(t *testing.T) {
	f := newZoomFixture(t)
	f.zoom.ConsumeCodeOnFailedExchange(true)
	c := f.addOAuth(t, "Reports")
	browser := &countingBrowser{b: f.zoom.Browser()}
	wrong := f.wrongSecretConsent(t, c, browser)
	var logged bytes.Buffer
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelDebug})))
	f.svc.Consents.approvals.mu.Lock()
	a := f.svc.Consents.approvals.m[c.ID].a
	f.svc.Consents.approvals.mu.Unlock()
	f.fixSecret(t)
	code := browser.codes[0]
	if code == "" {
		t.Fatal("no code")
	}
	f.fallback(t, c, browser)
	texts := []string{wrong.Error(), fmt.Sprintf("%v %+v %#v", a, a, a), explainShort(wrong), logged.String()}
	events, _, _ := f.svc.Activity.Read(c.ID)
	for _, e := range events {
		texts = append(texts, e.Detail)
	}
	texts = append(texts, dataFiles(t, f.svc.Dir)...)
	for _, s := range texts {
		if strings.Contains(s, code) {
			t.Fatalf("the kept code shows in a text of %d chars", len(s))
		}
	}
}

// dataFiles is every file under dir, as text.
func dataFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			out = append(out, string(b))
		}
		return err
	})
	if err != nil || len(out) == 0 {
		t.Fatalf("data files: %v (%d)", err, len(out))
	}
	return out
}

// Migrate all… (and the editor's JWT migration, which runs Migrate) keeps
// the approval a wrong Client secret could not redeem, and the retry after
// the fix redeems it: one consent for the whole recovery, shared or not.
func TestMigrateRetryRedeemsTheApproval(t *testing.T) {
	for _, each := range []bool{false, true} {
		t.Run(fmt.Sprintf("consent each %v", each), func(t *testing.T) {
			f := newZoomFixture(t)
			ids := f.jwtRecords(t, 2)
			browser := &countingBrowser{b: f.zoom.Browser()}
			if _, err := f.svc.Setup.UpdateIClient(context.Background(), f.oauth, NewSecret("not-the-client-secret")); err != nil {
				t.Fatal(err)
			}
			plan := MigratePlan{Auth: AuthOAuth2, IClientID: f.oauth.ID, Opener: browser, Timeout: 20 * time.Second, ConsentEach: each}
			results, err := f.svc.Migration.Migrate(context.Background(), ids, plan, nil)
			if err != nil {
				t.Fatal(err)
			}
			var retry []string
			for _, r := range results {
				var oe *oauth.Error
				if r.Outcome != MigrateFailed || !errors.As(r.Err, &oe) || oe.Kind != oauth.BadClient {
					t.Fatalf("with a wrong secret: %+v", r)
				}
				retry = append(retry, r.ConnectionID)
			}
			consents := browser.opens.Load()
			f.fixSecret(t)
			results, err = f.svc.Migration.Migrate(context.Background(), retry, plan, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range results {
				if r.Outcome != MigrateOnline {
					t.Fatalf("after the fix: %+v", r)
				}
			}
			if n := browser.opens.Load(); n != consents {
				t.Fatalf("%d more consents after the fix, want none", n-consents)
			}
			tok, err := f.svc.Tokens.AccessToken(context.Background(), ids[0])
			if err != nil || usersMe(t, f.zoom.URL(), tok) != 200 {
				t.Fatalf("token refused: %v", err)
			}
		})
	}
}

// A fix that is still wrong is said at once: Zoom refuses the client
// again, no consent page opens (its Allow would be wasted), and the
// approval is kept, so the right secret then redeems it: one consent in
// all.
func TestWrongSecretTwiceAsksNoNewConsent(t *testing.T) {
	f := newZoomFixture(t)
	c := f.addOAuth(t, "Reports")
	browser := &countingBrowser{b: f.zoom.Browser()}
	f.wrongSecretConsent(t, c, browser)
	ctx := context.Background()
	if _, err := f.svc.Setup.UpdateIClient(ctx, f.oauth, NewSecret("still-not-the-secret")); err != nil {
		t.Fatal(err)
	}
	a, _, err := f.authorizeAgain(t, c.ID, browser)
	var oe *oauth.Error
	if !errors.As(err, &oe) || oe.Kind != oauth.BadClient || !a.Redeemed() || browser.opens.Load() != 1 {
		t.Fatalf("still wrong: %v, redeemed %v, %d consents", err, a.Redeemed(), browser.opens.Load())
	}
	if !f.kept(c.ID) {
		t.Fatal("the approval should still be kept")
	}
	f.fixSecret(t)
	a, got, err := f.authorizeAgain(t, c.ID, browser)
	if err != nil || !a.Redeemed() || got.Status != StatusOnline || browser.opens.Load() != 1 {
		t.Fatalf("right secret: %v, redeemed %v, status %q, %d consents", err, a.Redeemed(), got.Status, browser.opens.Load())
	}
}

// authorizeAgain starts an authorization of connID and waits for it.
func (f *zoomFixture) authorizeAgain(t *testing.T, connID string, browser oauth.Opener) (*Authorization, Connection, error) {
	t.Helper()
	ctx := context.Background()
	a, err := f.svc.Consents.StartAuthorize(ctx, connID, browser)
	if err != nil {
		t.Fatal(err)
	}
	got, err := a.Wait(ctx)
	return a, got, err
}
