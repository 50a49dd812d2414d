package zoomtest_test

import (
	"context"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"zoomconn/internal/zoomtest"
)

// Zoom-sized access tokens work as fosite's do: the API answers them, a
// refresh gives another of the same size, and revocation ends them.
func TestLongAccessTokens(t *testing.T) {
	s := zoomtest.New(t)
	s.RegisterClient("cid", "sec", redirect)
	s.LongAccessTokens(6144)
	cfg := config(s, "sec")
	verifier := oauth2.GenerateVerifier()
	tok, err := cfg.Exchange(context.Background(), code(t, s, cfg, verifier), oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatal(err)
	}
	if len(tok.AccessToken) != 6144 {
		t.Fatalf("access token of %d bytes, want 6144", len(tok.AccessToken))
	}
	if status, body := me(t, s, tok.AccessToken); status != 200 {
		t.Fatalf("users/me with the long token: %d %s", status, body)
	}
	changed := tok.AccessToken[:len(tok.AccessToken)-1] + map[bool]string{true: "y", false: "x"}[strings.HasSuffix(tok.AccessToken, "x")]
	if status, _ := me(t, s, changed); status != 401 {
		t.Errorf("users/me with a changed long token: %d, want 401", status)
	}
	fresh, err := refresh(cfg, tok.RefreshToken)
	if err != nil || len(fresh.AccessToken) != 6144 {
		t.Fatalf("refresh: %v, %d bytes", err, len(fresh.AccessToken))
	}
	alive(t, s, tok.AccessToken, "", false)
	if got := revoke(t, s, "sec", fresh.AccessToken); got != 200 {
		t.Fatalf("revoke: %d", got)
	}
	alive(t, s, fresh.AccessToken, "", false)

	s.LongAccessTokens(0)
	tok, err = cfg.Exchange(context.Background(), code(t, s, cfg, verifier), oauth2.VerifierOption(verifier))
	if err != nil || len(tok.AccessToken) > 200 {
		t.Fatalf("after LongAccessTokens(0): %v, %d bytes", err, len(tok.AccessToken))
	}
}
