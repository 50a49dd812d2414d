package zoomtest_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"golang.org/x/oauth2"

	"zoomconn/internal/zoomtest"
)

func status(t *testing.T, err error) int {
	t.Helper()
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		t.Fatalf("want RetrieveError, got %v", err)
	}
	return re.Response.StatusCode
}

func TestZoomErrorForms(t *testing.T) {
	for _, tc := range []struct {
		name                string
		opts                []zoomtest.Option
		clientSt, refreshSt int
		client, refresh     string
	}{
		{"today", nil, 400, 400, "invalid_client: Invalid client_id or client_secret", "invalid_grant: Invalid Token!"},
		{"before 2022", []zoomtest.Option{zoomtest.WithOlderErrors()}, 401, 401, "invalid_client: Invalid client_id or client_secret", "invalid_request: Invalid Token!"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := zoomtest.New(t, tc.opts...)
			s.RegisterClient("cid", "sec", redirect)
			_, err := refresh(config(s, "wrong"), "whatever")
			if got := reason(t, err); got != tc.client || status(t, err) != tc.clientSt {
				t.Errorf("wrong secret: %d %s", status(t, err), got)
			}
			_, err = refresh(config(s, "sec"), "dead")
			if got := reason(t, err); got != tc.refresh || status(t, err) != tc.refreshSt {
				t.Errorf("dead refresh token: %d %s", status(t, err), got)
			}
		})
	}
}

func TestFailSwitches(t *testing.T) {
	s := zoomtest.New(t)
	s.RegisterClient("cid", "sec", redirect)
	cfg := config(s, "sec")
	tok := consentAs(t, s.Browser(), cfg)

	s.FailToken("", 400, `{"reason":"any grant","error":"invalid_request"}`)
	s.FailRefresh(401, `{"reason":"Invalid Token!","error":"invalid_request"}`, "X-Test", "1")
	_, err := refresh(cfg, tok.RefreshToken)
	var re *oauth2.RetrieveError
	if got := reason(t, err); got != "invalid_request: Invalid Token!" || !errors.As(err, &re) ||
		re.Response.StatusCode != 401 || re.Response.Header.Get("X-Test") != "1" {
		t.Fatalf("refresh switch: %s", got)
	}
	v := oauth2.GenerateVerifier()
	_, err = cfg.Exchange(context.Background(), "code", oauth2.VerifierOption(v))
	if got := reason(t, err); got != "invalid_request: any grant" {
		t.Fatalf("any-grant switch: %s", got)
	}

	s.FailAPI(429, `{"code":429,"message":"daily"}`, "X-RateLimit-Type", "Daily-limit", "Retry-After", "2025-03-04T00:00:00Z")
	req, _ := http.NewRequest("GET", s.URL()+"/v2/users/me", nil)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "2025-03-04T00:00:00Z" || resp.Header.Get("X-RateLimit-Type") != "Daily-limit" {
		t.Fatalf("API switch: %d %v", resp.StatusCode, resp.Header)
	}

	s.ClearFailures()
	alive(t, s, tok.AccessToken, "jane@example.com", true)
	if _, err := refresh(cfg, tok.RefreshToken); err != nil {
		t.Fatalf("after ClearFailures: %v", err)
	}
}

// A code whose exchange failed client authentication survives by default
// (fosite checks the client first); ConsumeCodeOnFailedExchange uses it up.
func TestCodeAfterWrongSecret(t *testing.T) {
	for _, consume := range []bool{false, true} {
		s := zoomtest.New(t)
		s.RegisterClient("cid", "sec", redirect)
		s.ConsumeCodeOnFailedExchange(consume)
		ctx := context.Background()
		v := oauth2.GenerateVerifier()
		c := code(t, s, config(s, "sec"), v)
		_, err := config(s, "wrong").Exchange(ctx, c, oauth2.VerifierOption(v))
		if got := reason(t, err); got != "invalid_client: Invalid client_id or client_secret" {
			t.Fatalf("consume=%v: wrong secret: %s", consume, got)
		}
		_, err = config(s, "sec").Exchange(ctx, c, oauth2.VerifierOption(v))
		switch {
		case !consume && err != nil:
			t.Fatalf("the code did not survive a failed client authentication: %v", err)
		case consume && err == nil:
			t.Fatal("the code survived though the switch is on")
		case consume && reason(t, err) != "invalid_grant: Invalid authorization code "+c:
			t.Fatalf("consumed code: %s", reason(t, err))
		}
	}
}
