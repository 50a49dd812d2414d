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

// nextMidnightUTC and dailyNext give the daily limit's end and wording now.
func nextMidnightUTC() time.Time {
	return time.Now().UTC().Truncate(24 * time.Hour).Add(24 * time.Hour)
}

func dailyNext() string {
	return "Its daily limit for this API is used up: try again after 00:00 UTC (" +
		nextMidnightUTC().In(time.Local).Format("15:04") + " your time)."
}

func TestZoomAnswers(t *testing.T) {
	const dailyBody = `{"code":429,"message":"You have reached the maximum daily rate limit for this API. Refer to the response header for details on when you can make the next request."}`
	cases := []struct {
		name   string
		opts   []zoomtest.Option
		setup  func(s *zoomtest.Server, f *fixture)
		call   call
		kind   Kind
		want   string // Error() equals this, or contains it when it ends in "…"
		status int    // 0: not checked
	}{
		// Refresh: Zoom's answers to a refresh token it no longer honours.
		{name: "refresh dead token", call: refreshCall, kind: ReconnectNeeded, status: 400,
			want: "This connection's sign-in expired, was revoked, or was replaced by a newer approval of the same Zoom user. Click Reconnect."},
		{name: "refresh dead token before 2022", opts: []zoomtest.Option{zoomtest.WithOlderErrors()}, call: refreshCall, kind: ReconnectNeeded, status: 401,
			want: "This connection's sign-in expired, was revoked, or was replaced by a newer approval of the same Zoom user. Click Reconnect."},
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
			setup: func(_ *zoomtest.Server, f *fixture) { f.client.Secret = "wrong-secret" },
			want:  `The Client ID or Client secret of iClient "Acme reporting" is wrong. Copy them again from App credentials in the Zoom App Marketplace, then edit iClient "Acme reporting".`},
		{name: "refresh wrong secret before 2022", opts: []zoomtest.Option{zoomtest.WithOlderErrors()}, call: refreshCall, kind: BadClient, status: 401,
			setup: func(_ *zoomtest.Server, f *fixture) { f.client.Secret = "wrong-secret" },
			want:  `The Client ID or Client secret of iClient "Acme reporting" is wrong.…`},
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
			want: "Zoom is rate-limiting this account. Try again in 12 seconds."},

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
			setup: func(_ *zoomtest.Server, f *fixture) { f.client.Secret = "wrong-secret" },
			want:  `The Client ID or Client secret of iClient "Acme reporting" is wrong.…`},
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
			},
			want: `iClient "Acme reporting" is not a Server-to-Server OAuth app in Zoom. Choose the iClient of a Server-to-Server OAuth app, or create one in Zoom: Build App → Server-to-Server OAuth App.`},
		{name: "s2s wrong secret", call: s2sCall, kind: BadClient, status: 400,
			setup: func(_ *zoomtest.Server, f *fixture) { f.client.Secret = "wrong-secret" },
			want:  `The Client ID or Client secret of iClient "Acme reporting" is wrong.…`},
		{name: "s2s wrong secret before 2022", opts: []zoomtest.Option{zoomtest.WithOlderErrors()}, call: s2sCall, kind: BadClient, status: 401,
			setup: func(_ *zoomtest.Server, f *fixture) { f.client.Secret = "wrong-secret" }},
		{name: "s2s 4706", call: s2sCall, kind: BadClient, status: 400,
			setup: func(s *zoomtest.Server, _ *fixture) {
				s.FailToken("account_credentials", 400, `{"code":4706,"message":"Client ID or client secret is missing"}`)
			}},

		// The REST API.
		{name: "api invalid access token", call: staleTokenCall, kind: TokenRejected, status: 401,
			want: "Zoom rejected the access token (expired or revoked). Reconnect."},
		{name: "api expired access token", call: apiCall, kind: TokenRejected, status: 401,
			setup: func(s *zoomtest.Server, _ *fixture) {
				s.FailAPI(401, `{"code":124,"message":"Access token is expired."}`)
			}},
		{name: "api 4700 is a token problem", call: apiCall, kind: TokenRejected, status: 400,
			setup: func(s *zoomtest.Server, _ *fixture) {
				s.FailAPI(400, `{"code":4700,"message":"Invalid access token."}`)
			}},
		{name: "api missing scope alternatives", call: apiCall, kind: MissingScope, status: 400,
			setup: func(s *zoomtest.Server, _ *fixture) { s.RequireScope("user:read:user", "user:read:user:admin") },
			want:  "The Zoom app needs one of these scopes: user:read:user or user:read:user:admin. Add it in Zoom under Scopes, then reconnect."},
		{name: "api missing scope 403", call: apiCall, kind: MissingScope, status: 403,
			setup: func(s *zoomtest.Server, _ *fixture) {
				s.FailAPI(403, `{"code":4711,"message":"Invalid access token, does not contain scopes:[user:read:user:admin]."}`)
			},
			want: "The Zoom app needs the scope user:read:user:admin. Add it in Zoom under Scopes, then reconnect."},
		{name: "api 429 seconds", call: apiCall, kind: RateLimited, status: 429,
			setup: func(s *zoomtest.Server, _ *fixture) {
				s.FailAPI(429, `{"code":429,"message":"You have reached the maximum per-second rate limit for this API. Try again later."}`,
					"X-RateLimit-Type", "QPS", "Retry-After", "7")
			},
			want: "Zoom is rate-limiting this account. Try again in 7 seconds."},
		{name: "api 429 no Retry-After", call: apiCall, kind: RateLimited,
			setup: func(s *zoomtest.Server, _ *fixture) { s.FailAPI(429, `{"code":429,"message":"Too many requests."}`) },
			want:  "Zoom is rate-limiting this account. Try again in a minute."},
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
		{name: "jwt 401", call: jwtCall, kind: JWTRetired, status: 401,
			want: "Zoom no longer accepts JWT (since September 8, 2023). Migrate this connection to OAuth 2.0."},
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
			want: "Zoom is rate-limiting this account. Try again in 3 seconds."},
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
			want := tc.want
			switch {
			case tc.kind == RedirectMismatch && want == "":
				want = "Zoom does not accept this Redirect URL. Add " + f.redirect + " to the app's Redirect URL and Allow list."
			case tc.kind == RateLimited && want == "":
				want = "Zoom is rate-limiting this account. " + dailyNext()
			case tc.kind == BadClient && want == "":
				want = `The Client ID or Client secret of iClient "Acme reporting" is wrong.…`
			case tc.kind == ReconnectNeeded && want == "":
				want = "This connection's sign-in expired, was revoked, or was replaced by a newer approval of the same Zoom user. Click Reconnect."
			}
			if prefix, ok := strings.CutSuffix(want, "…"); ok && !strings.HasPrefix(e.Error(), prefix) || !ok && want != "" && e.Error() != want {
				t.Errorf("message %q\nwant      %q", e.Error(), want)
			}
			if tc.status != 0 && e.Status != tc.status {
				t.Errorf("status %d, want %d", e.Status, tc.status)
			}
			if tc.kind == MissingScope && len(e.Scopes) == 0 {
				t.Errorf("no scopes kept: %#v", e)
			}
			if tc.kind == RateLimited && strings.Contains(want, "daily") && (e.RetryAt.IsZero() || !e.RetryAt.Equal(nextMidnightUTC())) {
				t.Errorf("RetryAt %v, want %v", e.RetryAt, nextMidnightUTC())
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

func TestAfterMoment(t *testing.T) {
	midnight := time.Date(2025, 3, 4, 0, 0, 0, 0, time.UTC)
	east := time.FixedZone("UTC+2", 2*3600)
	west := time.FixedZone("UTC-5", -5*3600)
	for _, tc := range []struct {
		at   time.Time
		loc  *time.Location
		want string
	}{
		{midnight, east, "after 00:00 UTC (02:00 your time)"},
		{midnight, west, "after 00:00 UTC (19:00 your time)"},
		{midnight.Add(-20 * time.Second), time.UTC, "after 00:00 UTC (00:00 your time)"}, // to the next minute
	} {
		if got := afterMoment(tc.at, tc.loc); got != tc.want {
			t.Errorf("afterMoment(%v, %v) = %q, want %q", tc.at, tc.loc, got, tc.want)
		}
	}
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
	if e.Message != "The Client ID or Client secret is wrong." || e.IClient != "" {
		t.Fatal(e)
	}
	// A message of its own is kept; the name is still recorded.
	e = (&Error{Kind: BadClient, Message: "The Client ID or the environment is missing."}).WithIClient("HR")
	if e.Message != "The Client ID or the environment is missing." || e.IClient != "HR" || !strings.Contains(strings.Join(e.Facts(), ";"), `iClient: "HR"`) {
		t.Fatal(e.Message, e.Facts())
	}
	if e := newError(ReconnectNeeded, nil).WithIClient("HR"); e.Message != "This connection's sign-in expired, was revoked, or was replaced by a newer approval of the same Zoom user." {
		t.Fatal(e)
	}
	// Revoke names the iClient too.
	f := newFixture(t)
	f.client.Name, f.client.Secret = "HR", "wrong"
	e = asError(t, Revoke(waitCtx(t), nil, f.client, "tok"), BadClient)
	if !strings.Contains(e.Message, `iClient "HR"`) {
		t.Fatal(e)
	}
}
