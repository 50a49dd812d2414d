package zoomtest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"zoomconn/internal/zoomtest"
)

// consentAs runs a whole consent in b and exchanges the code.
func consentAs(t *testing.T, b *zoomtest.Browser, cfg *oauth2.Config) *oauth2.Token {
	t.Helper()
	v := oauth2.GenerateVerifier()
	cb, err := b.Consent(cfg.AuthCodeURL("state-0123456789", oauth2.S256ChallengeOption(v)))
	if err != nil || cb == "" {
		t.Fatalf("consent: %q %v %+v", cb, err, b.Last())
	}
	u, _ := url.Parse(cb)
	tok, err := cfg.Exchange(context.Background(), u.Query().Get("code"), oauth2.VerifierOption(v))
	if err != nil {
		t.Fatalf("exchange: %v", err)
	}
	return tok
}

func refresh(cfg *oauth2.Config, refreshToken string) (*oauth2.Token, error) {
	return cfg.TokenSource(context.Background(), &oauth2.Token{RefreshToken: refreshToken}).Token()
}

// alive asserts that access acts for email, or is dead with Zoom's 401 code 124.
func alive(t *testing.T, s *zoomtest.Server, access, email string, want bool) {
	t.Helper()
	st, body := me(t, s, access)
	switch {
	case want && (st != 200 || !strings.Contains(body, `"email":"`+email+`"`)):
		t.Fatalf("access token of %s: want it to act for %s, got %d %s", email, email, st, body)
	case !want && (st != 401 || !strings.Contains(body, `"code":124`)):
		t.Fatalf("access token of %s: want 401 code 124, got %d %s", email, st, body)
	}
}

func deadRefresh(t *testing.T, cfg *oauth2.Config, refreshToken string) {
	t.Helper()
	_, err := refresh(cfg, refreshToken)
	if got := reason(t, err); got != "invalid_grant: Invalid Token!" {
		t.Fatalf("dead refresh token: %s", got)
	}
}

func revoke(t *testing.T, s *zoomtest.Server, secret, token string) int {
	t.Helper()
	req, _ := http.NewRequest("POST", s.URL()+"/oauth/revoke", strings.NewReader(url.Values{"token": {token}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth("cid", secret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestOneAuthorizationPerUserPerApp(t *testing.T) {
	s := zoomtest.New(t)
	s.RegisterClient("cid", "sec", redirect)
	s.AddAccount("acct-1", zoomtest.User{ID: "bot", Email: "bot@example.com"})
	cfg := config(s, "sec")
	bob := zoomtest.User{ID: "u-bob", Email: "bob@example.com", DisplayName: "Bob", AccountID: "acct-cid", Type: 1}

	s2s := func() string {
		t.Helper()
		form := url.Values{"grant_type": {"account_credentials"}, "account_id": {"acct-1"}}
		req, _ := http.NewRequest("POST", s.URL()+"/oauth/token", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.SetBasicAuth("cid", "sec")
		resp, err := http.DefaultClient.Do(req)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("s2s: %v %v", resp, err)
		}
		defer resp.Body.Close()
		var m struct {
			AccessToken string `json:"access_token"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
			t.Fatal(err)
		}
		return m.AccessToken
	}
	robot1 := s2s()

	jane1 := consentAs(t, s.Browser(), cfg)
	bob1 := consentAs(t, s.BrowserAs(bob), cfg)
	if n := s.Grants("cid"); n != 2 {
		t.Fatalf("two users, %d live authorizations", n)
	}
	// Two users of one app each see themselves.
	alive(t, s, jane1.AccessToken, "jane@example.com", true)
	alive(t, s, bob1.AccessToken, "bob@example.com", true)

	// Jane consents again: her first authorization ends, Bob's does not.
	jane2 := consentAs(t, s.Browser(), cfg)
	alive(t, s, jane1.AccessToken, "jane@example.com", false)
	deadRefresh(t, cfg, jane1.RefreshToken)
	alive(t, s, jane2.AccessToken, "jane@example.com", true)
	alive(t, s, bob1.AccessToken, "bob@example.com", true)
	if n := s.Grants("cid"); n != 2 {
		t.Fatalf("after Jane's second consent: %d live authorizations, want 2", n)
	}
	bob2, err := refresh(cfg, bob1.RefreshToken)
	if err != nil {
		t.Fatalf("Bob's refresh after Jane's consent: %v", err)
	}
	alive(t, s, bob2.AccessToken, "bob@example.com", true)

	// The same user through BrowserAs is the same user as the default.
	jane3 := consentAs(t, s.BrowserAs(zoomtest.User{ID: "u-cid", Email: "jane@example.com"}), cfg)
	alive(t, s, jane2.AccessToken, "jane@example.com", false)
	deadRefresh(t, cfg, jane2.RefreshToken)
	alive(t, s, jane3.AccessToken, "jane@example.com", true)

	// Server-to-Server tokens are not authorizations: several stay valid.
	robot2 := s2s()
	alive(t, s, robot1, "bot@example.com", true)
	alive(t, s, robot2, "bot@example.com", true)
	if n := s.Grants("cid"); n != 2 {
		t.Fatalf("S2S tokens counted: %d", n)
	}
}

func TestRefreshEndsPreviousAccessToken(t *testing.T) {
	s := zoomtest.New(t)
	s.RegisterClient("cid", "sec", redirect)
	cfg := config(s, "sec")
	tok := consentAs(t, s.Browser(), cfg)
	t2, err := refresh(cfg, tok.RefreshToken)
	if err != nil {
		t.Fatal(err)
	}
	alive(t, s, tok.AccessToken, "jane@example.com", false)
	alive(t, s, t2.AccessToken, "jane@example.com", true)
	deadRefresh(t, cfg, tok.RefreshToken)
	if s.RefreshCount() != 1 || s.Grants("cid") != 1 {
		t.Fatalf("refreshes %d, grants %d", s.RefreshCount(), s.Grants("cid"))
	}
	// A refresh token is not an access token for the API.
	alive(t, s, t2.RefreshToken, "jane@example.com", false)
}

func TestRevokeEndsAuthorization(t *testing.T) {
	s := zoomtest.New(t)
	s.RegisterClient("cid", "sec", redirect)
	cfg := config(s, "sec")

	tok := consentAs(t, s.Browser(), cfg)
	if st := revoke(t, s, "wrong", tok.AccessToken); st == 200 {
		t.Fatalf("revoke with a wrong secret: %d", st)
	}
	alive(t, s, tok.AccessToken, "jane@example.com", true)
	if st := revoke(t, s, "sec", tok.AccessToken); st != 200 {
		t.Fatalf("revoke: %d", st)
	}
	alive(t, s, tok.AccessToken, "jane@example.com", false)
	deadRefresh(t, cfg, tok.RefreshToken)
	if n := s.Grants("cid"); n != 0 {
		t.Fatalf("revoked by access token: %d live authorizations", n)
	}

	tok = consentAs(t, s.Browser(), cfg)
	if st := revoke(t, s, "sec", tok.RefreshToken); st != 200 {
		t.Fatalf("revoke: %d", st)
	}
	alive(t, s, tok.AccessToken, "jane@example.com", false)
	deadRefresh(t, cfg, tok.RefreshToken)
	if n := s.Grants("cid"); n != 0 {
		t.Fatalf("revoked by refresh token: %d live authorizations", n)
	}
}
