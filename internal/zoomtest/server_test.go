package zoomtest_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"zoomconn/internal/zoomtest"
)

const redirect = "http://localhost:41587/oauth/callback"

func config(s *zoomtest.Server, secret string) *oauth2.Config {
	return &oauth2.Config{
		ClientID: "cid", ClientSecret: secret, RedirectURL: redirect,
		Endpoint: oauth2.Endpoint{AuthURL: s.URL() + "/oauth/authorize", TokenURL: s.URL() + "/oauth/token", AuthStyle: oauth2.AuthStyleInHeader},
	}
}

// code runs the consent and returns the code Zoom sent to the Redirect URL.
func code(t *testing.T, s *zoomtest.Server, cfg *oauth2.Config, verifier string) string {
	t.Helper()
	cb, err := s.Browser().Consent(cfg.AuthCodeURL("state-0123456789", oauth2.S256ChallengeOption(verifier)))
	if err != nil || cb == "" {
		t.Fatalf("consent: %q %v", cb, err)
	}
	u, _ := url.Parse(cb)
	if u.Query().Get("state") != "state-0123456789" {
		t.Fatalf("state not returned: %s", cb)
	}
	return u.Query().Get("code")
}

func me(t *testing.T, s *zoomtest.Server, access string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", s.URL()+"/v2/users/me", nil)
	req.Header.Set("Authorization", "Bearer "+access)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func reason(t *testing.T, err error) string {
	t.Helper()
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		t.Fatalf("want RetrieveError, got %v", err)
	}
	var b map[string]string
	if json.Unmarshal(re.Body, &b) != nil || b["reason"] == "" || b["error"] == "" {
		t.Fatalf("body is not Zoom-shaped: %s", re.Body)
	}
	return b["error"] + ": " + b["reason"]
}

func TestAuthorizationCodeRotation(t *testing.T) {
	s := zoomtest.New(t)
	s.RegisterClient("cid", "sec", redirect)
	cfg := config(s, "sec")
	ctx := context.Background()
	v := oauth2.GenerateVerifier()
	tok, err := cfg.Exchange(ctx, code(t, s, cfg, v), oauth2.VerifierOption(v))
	if err != nil {
		t.Fatal(err)
	}
	if tok.RefreshToken == "" || tok.Extra("api_url") != s.URL() || tok.Extra("scope") != "user:read:admin" {
		t.Fatalf("token: refresh=%v api_url=%v scope=%v", tok.RefreshToken != "", tok.Extra("api_url"), tok.Extra("scope"))
	}
	if st, body := me(t, s, tok.AccessToken); st != 200 || !strings.Contains(body, "jane@example.com") {
		t.Fatalf("users/me: %d %s", st, body)
	}
	t2, err := cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: tok.RefreshToken}).Token()
	if err != nil {
		t.Fatal(err)
	}
	if t2.RefreshToken == tok.RefreshToken || s.RefreshCount() != 1 {
		t.Fatalf("refresh token not rotated (count %d)", s.RefreshCount())
	}
	_, err = cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: tok.RefreshToken}).Token()
	if got := reason(t, err); got != "invalid_grant: Invalid Token!" {
		t.Fatalf("old refresh token: %s", got)
	}
	// Zoom, unlike fosite's default, leaves the newest token working.
	if _, err := cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: t2.RefreshToken}).Token(); err != nil {
		t.Fatalf("newest refresh token after reuse attempt: %v", err)
	}
	s.ExpireAccessTokens()
	if st, body := me(t, s, t2.AccessToken); st != 401 || !strings.Contains(body, `"code":124`) {
		t.Fatalf("expired token: %d %s", st, body)
	}
}

func TestZoomRules(t *testing.T) {
	s := zoomtest.New(t)
	s.RegisterClient("cid", "sec", redirect)
	ctx := context.Background()
	v := oauth2.GenerateVerifier()

	t.Run("secret in body refused", func(t *testing.T) {
		cfg := config(s, "sec")
		cfg.Endpoint.AuthStyle = oauth2.AuthStyleInParams
		_, err := cfg.Exchange(ctx, code(t, s, config(s, "sec"), v), oauth2.VerifierOption(v))
		if got := reason(t, err); !strings.HasPrefix(got, "invalid_client") {
			t.Fatal(got)
		}
	})
	t.Run("wrong secret", func(t *testing.T) {
		_, err := config(s, "nope").Exchange(ctx, code(t, s, config(s, "sec"), v), oauth2.VerifierOption(v))
		if got := reason(t, err); !strings.HasPrefix(got, "invalid_client") {
			t.Fatal(got)
		}
	})
	t.Run("PKCE required", func(t *testing.T) {
		b := s.Browser()
		cb, err := b.Consent(config(s, "sec").AuthCodeURL("state-0123456789"))
		if err != nil || cb != "" || b.Last().Status != 400 {
			t.Fatalf("consent without PKCE: %q %v %+v", cb, err, b.Last())
		}
	})
	t.Run("wrong verifier", func(t *testing.T) {
		_, err := config(s, "sec").Exchange(ctx, code(t, s, config(s, "sec"), v), oauth2.VerifierOption(oauth2.GenerateVerifier()))
		if got := reason(t, err); !strings.HasPrefix(got, "invalid_grant") {
			t.Fatal(got)
		}
	})
	t.Run("redirect exact, port included", func(t *testing.T) {
		cfg := config(s, "sec")
		cfg.RedirectURL = "http://localhost:41588/oauth/callback"
		b := s.Browser()
		cb, _ := b.Consent(cfg.AuthCodeURL("state-0123456789", oauth2.S256ChallengeOption(v)))
		if cb != "" || !strings.Contains(b.Last().Body, "4,700") {
			t.Fatalf("got %q %+v", cb, b.Last())
		}
	})
	t.Run("expired code", func(t *testing.T) {
		c := code(t, s, config(s, "sec"), v)
		s.ExpireCodes()
		_, err := config(s, "sec").Exchange(ctx, c, oauth2.VerifierOption(v))
		// Zoom repeats the code it refused: the product must hide it.
		if got := reason(t, err); got != "invalid_grant: Invalid authorization code "+c {
			t.Fatal(got)
		}
	})
	t.Run("deny", func(t *testing.T) {
		s.DenyConsent(true)
		defer s.DenyConsent(false)
		cb, _ := s.Browser().Consent(config(s, "sec").AuthCodeURL("state-0123456789", oauth2.S256ChallengeOption(v)))
		if !strings.Contains(cb, "error=access_denied") || !strings.Contains(cb, "state=state-0123456789") {
			t.Fatal(cb)
		}
	})
}

func TestAccountCredentials(t *testing.T) {
	s := zoomtest.New(t)
	s.RegisterClient("cid", "sec", "")
	s.AddAccount("acct-1", zoomtest.User{ID: "u1", Email: "s2s@example.com"})
	s.FailAccount("acct-2", 400, "invalid_request", "App has been disabled")
	post := func(account string) (int, map[string]any) {
		form := url.Values{"grant_type": {"account_credentials"}, "account_id": {account}}
		req, _ := http.NewRequest("POST", s.URL()+"/oauth/token", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.SetBasicAuth("cid", "sec")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&m)
		return resp.StatusCode, m
	}
	st, m := post("acct-1")
	if st != 200 || m["api_url"] != s.URL() {
		t.Fatalf("%d %v", st, m)
	}
	if code, body := me(t, s, m["access_token"].(string)); code != 200 || !strings.Contains(body, "s2s@example.com") {
		t.Fatal(code, body)
	}
	if st, m := post("acct-2"); st != 400 || m["reason"] != "App has been disabled" {
		t.Fatalf("%d %v", st, m)
	}
	s.RateLimit("/oauth/token", 1, "")
	if st, _ := post("acct-1"); st != 429 {
		t.Fatal(st)
	}
}
