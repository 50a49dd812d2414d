package oauth

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"zoomconn/internal/zoomtest"
)

// The answers below are the ones Zoom has been seen to send (DESIGN.md,
// "Zoom behaviour"); each is set on the Zoom-shaped server, by a switch or
// by its own behaviour, and read through the code paths that meet it.

const (
	iClientName = "Acme reporting"
	deadRefresh = "rt-dead-refresh-token-0123456789"
)

// call is one of this package's calls to Zoom, made against f.
type call func(t *testing.T, f *fixture) (invalidGrant *bool, err error)

// refreshCall refreshes a stored, expired token through the persisting
// source; the bool reports whether OnInvalidGrant ran.
func refreshCall(t *testing.T, f *fixture) (*bool, error) {
	store := &memStore{}
	_ = store.Save(context.Background(), &oauth2.Token{AccessToken: "old", RefreshToken: deadRefresh, Expiry: time.Now().Add(-time.Hour)})
	called := new(bool)
	_, err := NewPersistingTokenSource(f.oauthConfig(), store, filepath.Join(t.TempDir(), "lock"),
		WithIClientName(f.client.Name), OnInvalidGrant(func(*Error) { *called = true })).Token()
	return called, err
}

func consentCall(t *testing.T, f *fixture) (*bool, error) {
	_, err := f.start(t, f.srv.Browser()).Wait(waitCtx(t))
	return nil, err
}

func s2sCall(_ *testing.T, f *fixture) (*bool, error) {
	_, err := NewS2STokenSource(f.client, "acct-1", nil).Token()
	return nil, err
}

// apiCall checks with a Server-to-Server token (granted user:read:admin).
func apiCall(t *testing.T, f *fixture) (*bool, error) {
	_, err := Check(waitCtx(t), nil, f.client.Env.APIBase, NewS2STokenSource(f.client, "acct-1", nil))
	return nil, err
}

func staleTokenCall(t *testing.T, f *fixture) (*bool, error) {
	_, err := Check(waitCtx(t), nil, f.client.Env.APIBase, oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "stale"}))
	return nil, err
}

func jwtCall(t *testing.T, f *fixture) (*bool, error) {
	_, err := CheckJWT(waitCtx(t), nil, f.client.Env.APIBase, "api-key", "api-secret")
	return nil, err
}

// nextMidnightUTC is the daily limit's end now.
func nextMidnightUTC() time.Time {
	return time.Now().UTC().Truncate(24 * time.Hour).Add(24 * time.Hour)
}

func TestZoomAnswers(t *testing.T) {
	const dailyBody = `{"code":429,"message":"You have reached the maximum daily rate limit for this API. Refer to the response header for details on when you can make the next request."}`
	cases := []struct {
		name   string
		opts   []zoomtest.Option
		setup  func(s *zoomtest.Server, f *fixture)
		call   call
		kind   Kind
		retry  time.Duration // RateLimited: Zoom's Retry-After in seconds
		scopes string        // MissingScope: Zoom's alternatives
		status int           // 0: not checked
	}{
		// Refresh: Zoom's answers to a refresh token it no longer honours.
		{name: "refresh dead token", call: refreshCall, kind: ReconnectNeeded, status: 400},
		{name: "refresh dead token before 2022", opts: []zoomtest.Option{zoomtest.WithOlderErrors()}, call: refreshCall, kind: ReconnectNeeded, status: 401},
		{name: "refresh invalid_request 400", call: refreshCall, kind: ReconnectNeeded, status: 400,
			setup: func(s *zoomtest.Server, _ *fixture) {
				s.FailRefresh(400, `{"reason":"Invalid Token!","error":"invalid_request"}`)
			}},
		{name: "refresh invalid_grant 401", call: refreshCall, kind: ReconnectNeeded, status: 401,
			setup: func(s *zoomtest.Server, _ *fixture) {
				s.FailRefresh(401, `{"reason":"Invalid Token!","error":"invalid_grant"}`)
			}},
		{name: "refresh unauthorized_client", call: refreshCall, kind: ReconnectNeeded, status: 400,
			setup: func(s *zoomtest.Server, _ *fixture) {
				s.FailRefresh(400, `{"reason":"The refresh token does not belong to this app","error":"unauthorized_client"}`)
			}},
		{name: "refresh invalid_request without reason 401", call: refreshCall, kind: ReconnectNeeded, status: 401,
			setup: func(s *zoomtest.Server, _ *fixture) { s.FailRefresh(401, `{"error":"invalid_request"}`) }},
		{name: "refresh echoes the token", call: refreshCall, kind: ReconnectNeeded,
			setup: func(s *zoomtest.Server, _ *fixture) {
				s.FailRefresh(400, `{"reason":"Invalid Token! refresh_token=`+deadRefresh+`","error":"invalid_grant"}`)
			}},
		{name: "refresh wrong secret", call: refreshCall, kind: BadClient, status: 400,
			setup: func(_ *zoomtest.Server, f *fixture) { f.client.Secret = "wrong-secret" }},
		{name: "refresh wrong secret before 2022", opts: []zoomtest.Option{zoomtest.WithOlderErrors()}, call: refreshCall, kind: BadClient, status: 401,
			setup: func(_ *zoomtest.Server, f *fixture) { f.client.Secret = "wrong-secret" }},
		{name: "refresh secret echoed", call: refreshCall, kind: BadClient,
			setup: func(s *zoomtest.Server, _ *fixture) {
				s.FailRefresh(400, `{"reason":"Invalid client_secret=`+testSecret+`","error":"invalid_client"}`)
			}},
		{name: "refresh 4704", call: refreshCall, kind: BadClient, status: 400,
			setup: func(s *zoomtest.Server, _ *fixture) { s.FailToken("", 400, `{"code":4704,"message":"Invalid client"}`) }},
		{name: "refresh 429 seconds", call: refreshCall, kind: RateLimited, status: 429,
			setup: func(s *zoomtest.Server, _ *fixture) {
				s.FailRefresh(429, `{"reason":"Too many requests","error":"rate_limited"}`, "Retry-After", "12")
			},
			retry: 12 * time.Second},

		// Code exchange after the consent.
		{name: "exchange redirect mismatch", call: consentCall, kind: RedirectMismatch, status: 400,
			setup: func(s *zoomtest.Server, _ *fixture) {
				s.FailToken("authorization_code", 400, `{"reason":"Redirect URI mismatch","error":"invalid_request"}`)
			}},
		{name: "exchange 4709", call: consentCall, kind: RedirectMismatch, status: 400,
			setup: func(s *zoomtest.Server, _ *fixture) {
				s.FailToken("authorization_code", 400, `{"code":4709,"message":"Redirect URI mismatch"}`)
			}},
		{name: "exchange wrong secret", call: consentCall, kind: BadClient, status: 400,
			setup: func(_ *zoomtest.Server, f *fixture) { f.client.Secret = "wrong-secret" }},
		{name: "exchange 4702", call: consentCall, kind: BadClient,
			setup: func(s *zoomtest.Server, _ *fixture) {
				s.FailToken("authorization_code", 400, `{"code":4702,"message":"Invalid client_id or client_secret"}`)
			}},
		{name: "exchange invalid_grant is the code", call: consentCall, kind: CodeExpired, status: 400,
			setup: func(s *zoomtest.Server, _ *fixture) {
				s.FailToken("authorization_code", 400, `{"reason":"Invalid authorization code","error":"invalid_grant"}`)
			}},

		// Server-to-Server.
		{name: "s2s on an app that is not s2s", call: s2sCall, kind: NotS2SApp, status: 400,
			setup: func(s *zoomtest.Server, _ *fixture) {
				s.FailToken("account_credentials", 400, `{"reason":"unsupported grant type","error":"unsupported_grant_type"}`)
			}},
		{name: "s2s wrong secret", call: s2sCall, kind: BadClient, status: 400,
			setup: func(_ *zoomtest.Server, f *fixture) { f.client.Secret = "wrong-secret" }},
		{name: "s2s wrong secret before 2022", opts: []zoomtest.Option{zoomtest.WithOlderErrors()}, call: s2sCall, kind: BadClient, status: 401,
			setup: func(_ *zoomtest.Server, f *fixture) { f.client.Secret = "wrong-secret" }},
		{name: "s2s 4706", call: s2sCall, kind: BadClient, status: 400,
			setup: func(s *zoomtest.Server, _ *fixture) {
				s.FailToken("account_credentials", 400, `{"code":4706,"message":"Client ID or client secret is missing"}`)
			}},

		// The REST API.
		{name: "api invalid access token", call: staleTokenCall, kind: TokenRejected, status: 401},
		{name: "api expired access token", call: apiCall, kind: TokenRejected, status: 401,
			setup: func(s *zoomtest.Server, _ *fixture) {
				s.FailAPI(401, `{"code":124,"message":"Access token is expired."}`)
			}},
		{name: "api 4700 is a token problem", call: apiCall, kind: TokenRejected, status: 400,
			setup: func(s *zoomtest.Server, _ *fixture) {
				s.FailAPI(400, `{"code":4700,"message":"Invalid access token."}`)
			}},
		{name: "api missing scope alternatives", call: apiCall, kind: MissingScope, status: 400,
			setup:  func(s *zoomtest.Server, _ *fixture) { s.RequireScope("user:read:user", "user:read:user:admin") },
			scopes: "user:read:user user:read:user:admin"},
		{name: "api missing scope 403", call: apiCall, kind: MissingScope, status: 403,
			setup: func(s *zoomtest.Server, _ *fixture) {
				s.FailAPI(403, `{"code":4711,"message":"Invalid access token, does not contain scopes:[user:read:user:admin]."}`)
			},
			scopes: "user:read:user:admin"},
		{name: "api 429 seconds", call: apiCall, kind: RateLimited, status: 429,
			setup: func(s *zoomtest.Server, _ *fixture) {
				s.FailAPI(429, `{"code":429,"message":"You have reached the maximum per-second rate limit for this API. Try again later."}`,
					"X-RateLimit-Type", "QPS", "Retry-After", "7")
			},
			retry: 7 * time.Second},
		{name: "api 429 no Retry-After", call: apiCall, kind: RateLimited,
			setup: func(s *zoomtest.Server, _ *fixture) { s.FailAPI(429, `{"code":429,"message":"Too many requests."}`) }},
		{name: "api daily ISO 8601", call: apiCall, kind: RateLimited, status: 429,
			setup: func(s *zoomtest.Server, _ *fixture) {
				s.FailAPI(429, dailyBody, "X-RateLimit-Type", "Daily-limit", "Retry-After", nextMidnightUTC().Format(time.RFC3339))
			}},
		{name: "api daily HTTP-date", call: apiCall, kind: RateLimited,
			setup: func(s *zoomtest.Server, _ *fixture) {
				s.FailAPI(429, dailyBody, "X-RateLimit-Type", "Daily", "Retry-After", nextMidnightUTC().Format(http.TimeFormat))
			}},
		{name: "api daily no Retry-After", call: apiCall, kind: RateLimited,
			setup: func(s *zoomtest.Server, _ *fixture) { s.FailAPI(429, dailyBody, "X-RateLimit-Type", "Daily-limit") }},
		{name: "api daily by message only", call: apiCall, kind: RateLimited,
			setup: func(s *zoomtest.Server, _ *fixture) {
				s.FailAPI(429, `{"code":429,"message":"You have exceeded the daily rate limit (100) of Meeting Create/Update API requests permitted for this particular user. You may resume these requests at GMT 00:00:00."}`)
			}},
		{name: "token daily", call: refreshCall, kind: RateLimited,
			setup: func(s *zoomtest.Server, _ *fixture) {
				s.FailRefresh(429, `{"reason":"Too many requests","error":"rate_limited"}`,
					"X-RateLimit-Type", "Daily-limit", "Retry-After", nextMidnightUTC().Format("2006-01-02T15:04:05.000Z0700"))
			}},

		// A JWT: any 4xx but 429 means Zoom no longer takes it.
		{name: "jwt 401", call: jwtCall, kind: JWTRetired, status: 401},
		{name: "jwt 400", call: jwtCall, kind: JWTRetired, status: 400,
			setup: func(s *zoomtest.Server, _ *fixture) {
				s.FailAPI(400, `{"code":300,"message":"Invalid api key or secret."}`)
			}},
		{name: "jwt 403", call: jwtCall, kind: JWTRetired, status: 403,
			setup: func(s *zoomtest.Server, _ *fixture) { s.FailAPI(403, `{"code":200,"message":"No permission."}`) }},
		{name: "jwt 404", call: jwtCall, kind: JWTRetired, status: 404,
			setup: func(s *zoomtest.Server, _ *fixture) { s.FailAPI(404, `{"code":1001,"message":"User does not exist."}`) }},
		{name: "jwt 429", call: jwtCall, kind: RateLimited, status: 429,
			setup: func(s *zoomtest.Server, _ *fixture) {
				s.FailAPI(429, `{"code":429,"message":"Too many requests."}`, "Retry-After", "3")
			},
			retry: 3 * time.Second},
		{name: "jwt 500 is not retirement", call: jwtCall, kind: Other, status: 500,
			setup: func(s *zoomtest.Server, _ *fixture) { s.FailAPI(500, `{"code":500,"message":"Internal error"}`) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, tc.opts...)
			f.client.Name = iClientName
			f.srv.AddAccount("acct-1", zoomtest.User{ID: "u-bot", Email: "bot@example.com"})
			if tc.setup != nil {
				tc.setup(f.srv, f)
			}
			invalidGrantCalled, err := tc.call(t, f)
			e := asError(t, err, tc.kind)
			// The facts model words (model/words_zoom_test.go).
			switch tc.kind {
			case RedirectMismatch:
				if e.Redirect != f.redirect {
					t.Errorf("Redirect URL %q, want %q", e.Redirect, f.redirect)
				}
			case BadClient, NotS2SApp:
				if e.IClient != iClientName {
					t.Errorf("iClient %q", e.IClient)
				}
			case RateLimited:
				daily := strings.Contains(tc.name, "daily")
				if e.Daily != daily || e.RetryAfter != tc.retry && !daily {
					t.Errorf("daily %v, retry after %v; want %v, %v", e.Daily, e.RetryAfter, daily, tc.retry)
				}
				if daily && !e.RetryAt.Equal(nextMidnightUTC()) {
					t.Errorf("RetryAt %v, want %v", e.RetryAt, nextMidnightUTC())
				}
			case MissingScope:
				if got := strings.Join(e.Scopes, " "); tc.scopes != "" && got != tc.scopes || got == "" {
					t.Errorf("scopes %q, want %q", got, tc.scopes)
				}
			}
			if tc.status != 0 && e.Status != tc.status {
				t.Errorf("status %d, want %d", e.Status, tc.status)
			}
			if invalidGrantCalled != nil && *invalidGrantCalled != (tc.kind == ReconnectNeeded) {
				t.Errorf("OnInvalidGrant called: %v", *invalidGrantCalled)
			}
			all := e.Error() + "\n" + e.Reason + "\n" + strings.Join(e.Facts(), "\n")
			for _, secret := range []string{testSecret, deadRefresh, "wrong-secret", "api-secret"} {
				if strings.Contains(all, secret) {
					t.Errorf("a secret in the error: %s", all)
				}
			}
		})
	}
}

func TestParseRate(t *testing.T) {
	midnight := time.Date(2025, 3, 4, 0, 0, 0, 0, time.UTC)
	now := midnight.Add(-90 * time.Minute)
	for _, tc := range []struct {
		name string
		h    http.Header
		want rateInfo
	}{
		{"seconds", http.Header{"Retry-After": {"30"}}, rateInfo{after: 30 * time.Second}},
		{"ISO 8601", http.Header{"Retry-After": {"2025-03-04T00:00:00Z"}}, rateInfo{after: 90 * time.Minute, at: midnight}},
		{"ISO 8601 offset", http.Header{"Retry-After": {"2025-03-04T02:00:00+02:00"}}, rateInfo{after: 90 * time.Minute, at: midnight}},
		{"ISO 8601 no colon", http.Header{"Retry-After": {"2025-03-04T00:00:00.000+0000"}}, rateInfo{after: 90 * time.Minute, at: midnight}},
		{"HTTP-date", http.Header{"Retry-After": {"Tue, 04 Mar 2025 00:00:00 GMT"}}, rateInfo{after: 90 * time.Minute, at: midnight}},
		{"daily seconds", http.Header{"Retry-After": {"5399"}, "X-Ratelimit-Type": {"Daily-limit"}}, rateInfo{after: 90 * time.Minute, at: midnight, daily: true}},
		{"daily none", http.Header{"X-Ratelimit-Type": {"Daily"}}, rateInfo{after: 90 * time.Minute, at: midnight, daily: true}},
		{"garbage", http.Header{"Retry-After": {"soon"}}, rateInfo{}},
		{"absent", http.Header{}, rateInfo{}},
	} {
		got := parseRate(tc.h, now)
		if got.after != tc.want.after || !got.at.Equal(tc.want.at) || got.daily != tc.want.daily {
			t.Errorf("%s: %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

func TestWithIClient(t *testing.T) {
	if (*Error)(nil).WithIClient("x") != nil {
		t.Fatal("nil")
	}
	e := newError(BadClient, nil).WithIClient("")
	if e.IClient != "" {
		t.Fatal(e)
	}
	// The facts of its own are kept; the name is recorded.
	e = (&Error{Kind: BadClient, Setup: "client_id"}).WithIClient("HR")
	if e.Setup != "client_id" || e.IClient != "HR" || !strings.Contains(strings.Join(e.Facts(), ";"), `iClient: "HR"`) {
		t.Fatal(e, e.Facts())
	}
	// Revoke names the iClient too.
	f := newFixture(t)
	f.client.Name, f.client.Secret = "HR", "wrong"
	e = asError(t, Revoke(waitCtx(t), nil, f.client, "tok"), BadClient)
	if e.IClient != "HR" {
		t.Fatal(e)
	}
}
