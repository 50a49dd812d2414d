package zoomtest_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"zoomconn/internal/zoomtest"
)

// Zoom's 2026 rules for desktop apps: a public client ID with no secret,
// and any port on a http://127.0.0.1 Redirect URL.

const ipRedirect = "http://127.0.0.1:41587/oauth/callback"

func publicConfig(s *zoomtest.Server, redirectURL string) *oauth2.Config {
	return &oauth2.Config{
		ClientID: "pub", RedirectURL: redirectURL,
		Endpoint: oauth2.Endpoint{AuthURL: s.URL() + "/oauth/authorize", TokenURL: s.URL() + "/oauth/token", AuthStyle: oauth2.AuthStyleInParams},
	}
}

func TestPublicClient(t *testing.T) {
	s := zoomtest.New(t)
	s.RegisterPublicClient("pub", ipRedirect)
	cfg := publicConfig(s, ipRedirect)

	tok := consentAs(t, s.Browser(), cfg)
	alive(t, s, tok.AccessToken, "jane@example.com", true)
	if tok.RefreshToken == "" {
		t.Fatal("no refresh token by default")
	}
	// Refreshes rotate as for any client, with client_id in the body only.
	fresh, err := refresh(cfg, tok.RefreshToken)
	if err != nil {
		t.Fatalf("refresh: %v", err)
	}
	alive(t, s, fresh.AccessToken, "jane@example.com", true)
	deadRefresh(t, cfg, tok.RefreshToken)

	// A public client needs PKCE: a consent without it shows Zoom's page.
	b := s.Browser()
	if cb, _ := b.Consent(cfg.AuthCodeURL("state-0123456789")); cb != "" {
		t.Fatalf("consent without PKCE came back: %s", cb)
	}
	// Revoke takes client_id in the body, no Authorization header.
	form := url.Values{"token": {fresh.AccessToken}, "client_id": {"pub"}}
	resp, err := http.Post(s.URL()+"/oauth/revoke", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("revoke: %d", resp.StatusCode)
	}
	alive(t, s, fresh.AccessToken, "jane@example.com", false)
}

func TestPublicClientWithoutRefreshTokens(t *testing.T) {
	s := zoomtest.New(t, zoomtest.WithoutPublicRefreshTokens())
	s.RegisterPublicClient("pub", ipRedirect)
	s.RegisterClient("cid", "sec", redirect)
	if tok := consentAs(t, s.Browser(), publicConfig(s, ipRedirect)); tok.RefreshToken != "" || tok.AccessToken == "" {
		t.Fatalf("public client: %+v", tok)
	}
	if tok := consentAs(t, s.Browser(), config(s, "sec")); tok.RefreshToken == "" {
		t.Fatal("the confidential client lost its refresh token too")
	}
}

func TestLoopbackPortRule(t *testing.T) {
	s := zoomtest.New(t)
	s.RegisterClient("cid", "sec", ipRedirect)
	s.RegisterClient("old", "sec", redirect) // http://localhost:41587/…
	for _, tc := range []struct {
		client, redirect string
		ok               bool
	}{
		{"cid", ipRedirect, true},
		{"cid", "http://127.0.0.1:50123/oauth/callback", true}, // any port on 127.0.0.1
		{"cid", "http://127.0.0.1:50123/other", false},
		{"cid", "http://localhost:50123/oauth/callback", false},
		{"cid", "https://127.0.0.1:50123/oauth/callback", false},
		{"old", redirect, true},
		{"old", "http://localhost:41588/oauth/callback", false}, // localhost: exact
		{"old", "http://127.0.0.1:41587/oauth/callback", false},
	} {
		cfg := config(s, "sec")
		cfg.ClientID, cfg.RedirectURL = tc.client, tc.redirect
		v := oauth2.GenerateVerifier()
		b := s.Browser()
		cb, _ := b.Consent(cfg.AuthCodeURL("state-0123456789", oauth2.S256ChallengeOption(v)))
		if got := cb != ""; got != tc.ok {
			t.Errorf("%s with %s: came back %v, want %v (%+v)", tc.client, tc.redirect, got, tc.ok, b.Last())
			continue
		}
		if !tc.ok {
			if !strings.Contains(b.Last().Body, "4,700") {
				t.Errorf("%s: want Zoom's 4,700 page, got %+v", tc.redirect, b.Last())
			}
			continue
		}
		u, _ := url.Parse(cb)
		if !strings.HasPrefix(cb, tc.redirect+"?") {
			t.Errorf("sent to %s, want %s", cb, tc.redirect)
		}
		// The exchange names the same Redirect URL, port included.
		if _, err := cfg.Exchange(context.Background(), u.Query().Get("code"), oauth2.VerifierOption(v)); err != nil {
			t.Errorf("exchange with %s: %v", tc.redirect, err)
		}
	}
}

// Revoking a token of an admin-managed app removes the app from the Zoom
// account: every admin's authorization of it there ends; another
// account's does not, and a user-managed app loses only that user's.
func TestRevokeOfAdminManagedAppEndsTheAccountsGrants(t *testing.T) {
	for _, admin := range []bool{true, false} {
		s := zoomtest.New(t)
		s.RegisterClient("cid", "sec", redirect)
		s.SetAdminManaged("cid", admin)
		cfg := config(s, "sec")
		ann := zoomtest.User{ID: "u-ann", Email: "ann@acme.com", AccountID: "acme"}
		bob := zoomtest.User{ID: "u-bob", Email: "bob@acme.com", AccountID: "acme"}
		eve := zoomtest.User{ID: "u-eve", Email: "eve@other.com", AccountID: "other"}
		tAnn := consentAs(t, s.BrowserAs(ann), cfg)
		tBob := consentAs(t, s.BrowserAs(bob), cfg)
		tEve := consentAs(t, s.BrowserAs(eve), cfg)
		if st := revoke(t, s, "sec", tAnn.RefreshToken); st != 200 {
			t.Fatalf("revoke: %d", st)
		}
		alive(t, s, tAnn.AccessToken, ann.Email, false)
		alive(t, s, tBob.AccessToken, bob.Email, !admin)
		alive(t, s, tEve.AccessToken, eve.Email, true)
		if want := map[bool]int{true: 1, false: 2}[admin]; s.Grants("cid") != want {
			t.Errorf("admin-managed=%v: %d live authorizations, want %d", admin, s.Grants("cid"), want)
		}
	}
}
