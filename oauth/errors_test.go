package oauth

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"

	"zoomconn/internal/zoomtest"

	"golang.org/x/oauth2"
)

// retrieveErr is a token-endpoint answer from Zoom (zoomtest.RetrieveError).
var retrieveErr = zoomtest.RetrieveError

func TestTranslate(t *testing.T) {
	const redirect = "http://localhost:41587/oauth/callback"
	cases := []struct {
		name string
		err  error
		kind Kind
		_    string // the words: model/words_zoom_test.go
	}{
		{"invalid_client", retrieveErr(401, `{"reason":"Invalid client_id or client_secret","error":"invalid_client"}`),
			BadClient, "The Client ID or Client secret is wrong. Copy them again from App credentials"},
		{"4702", &APIError{Status: 400, Code: 4702, Message: "Invalid client"}, BadClient, "Client secret is wrong"},
		{"4704", retrieveErr(400, `{"code":4704,"message":"Invalid client"}`), BadClient, "Client secret is wrong"},
		{"redirect reason", retrieveErr(400, `{"reason":"Redirect URI mismatch","error":"invalid_request"}`),
			RedirectMismatch, "Zoom does not accept this Redirect URL. Add " + redirect + " to the app's Redirect URL and Allow list."},
		{"4709", retrieveErr(400, `{"code":4709,"message":"Redirect URI mismatch"}`), RedirectMismatch, "Add " + redirect},
		{"API 4709 is no redirect", &APIError{Status: 400, Code: 4709}, Other, "Zoom answered with an error (HTTP 400)."},
		{"API 4700 is a token problem", &APIError{Status: 400, Code: 4700, Message: "Invalid access token."}, TokenRejected, "Zoom rejected the access token"},
		{"older invalid token 401", retrieveErr(401, `{"reason":"Invalid Token!","error":"invalid_request"}`),
			ReconnectNeeded, "This connection's sign-in expired, was revoked, or was replaced by a newer approval of the same Zoom user. Click Reconnect."},
		{"401 is no bad client by itself", retrieveErr(401, `{"reason":"Something else","error":"invalid_request"}`),
			Other, "Zoom answered with an error (HTTP 401): Something else."},
		{"unsupported_grant_type", retrieveErr(400, `{"reason":"unsupported grant type","error":"unsupported_grant_type"}`),
			NotS2SApp, "This iClient is not a Server-to-Server OAuth app in Zoom."},
		{"4706", retrieveErr(400, `{"code":4706,"message":"Client ID or client secret is missing"}`), BadClient, "Client secret is wrong"},
		{"4700", retrieveErr(400, `{"code":4700,"message":"Invalid redirect"}`), RedirectMismatch, "Add " + redirect},
		{"invalid_grant", retrieveErr(400, `{"reason":"Invalid Token!","error":"invalid_grant"}`),
			ReconnectNeeded, "This connection's sign-in expired, was revoked, or was replaced by a newer approval of the same Zoom user. Click Reconnect."},
		{"access_denied", retrieveErr(400, `{"error":"access_denied"}`), Denied, "You chose Deny in Zoom. Nothing changed."},
		{"124", &APIError{Status: 401, Code: 124, Message: "Invalid access token."}, TokenRejected,
			"Zoom rejected the access token (expired or revoked). Reconnect."},
		{"4711", &APIError{Status: 400, Code: 4711, Message: "Invalid access token, does not contain scopes:[meeting:read:admin]."},
			MissingScope, "The Zoom app needs the scope meeting:read:admin. Add it in Zoom under Scopes, then reconnect."},
		{"4711 alternatives", &APIError{Status: 400, Code: 4711, Message: "Invalid access token, does not contain scopes:[user:read:user, user:read:user:admin]."},
			MissingScope, "The Zoom app needs one of these scopes: user:read:user or user:read:user:admin. Add it in Zoom under Scopes, then reconnect."},
		{"403 4711", &APIError{Status: 403, Code: 4711, Message: "Invalid access token, does not contain scopes:[a, b, c]."},
			MissingScope, "needs one of these scopes: a, b or c."},
		{"403", &APIError{Status: 403, Message: "Forbidden"}, MissingScope, "lacks a scope"},
		{"invalid_scope", retrieveErr(400, `{"reason":"Invalid scope","error":"invalid_scope"}`), MissingScope, "lacks"},
		{"429 seconds", retrieveErr(429, `{"reason":"Too many requests","error":"rate_limited"}`, "Retry-After", "12"),
			RateLimited, "Zoom is rate-limiting this account. Try again in 12 seconds."},
		{"429 date", retrieveErr(429, `{}`, "Retry-After", time.Now().Add(3*time.Minute).UTC().Format(http.TimeFormat)),
			RateLimited, "Try again after "},
		{"429 none", &APIError{Status: 429, Code: 429}, RateLimited, "Try again in a minute."},
		{"5xx html", retrieveErr(502, `<html>Bad gateway refresh_token=abc</html>`), Other, "Zoom answered with an error (HTTP 502)."},
		{"other reason", retrieveErr(400, `{"reason":"Something unusual","error":"invalid_request"}`), Other,
			"Zoom answered with an error (HTTP 400): Something unusual."},
		{"4717 app disabled", retrieveErr(400, `{"reason":"The app has been disabled","error":"invalid_request"}`), AppDisabled,
			"Reconnecting cannot help"},
		{"4717 by code", retrieveErr(400, `{"errorCode":4717,"errorMessage":"Something"}`), AppDisabled, "Zoom has disabled this app"},
		{"4738 disabled by admin", retrieveErr(400, `{"reason":"The token is disabled by admin","error":"invalid_grant"}`), AdminDisabled,
			"pre-approve"},
		{"4738 by code", retrieveErr(401, `{"code":4738,"message":"The token is disabled by admin."}`), AdminDisabled, "turned this app off"},
		{"refused", &url.Error{Op: "Post", URL: "https://zoom.us/oauth/token", Err: syscall.ECONNREFUSED}, Network,
			"Zoom could not be reached (proxy? offline?). Nothing changed."},
		{"deadline", &url.Error{Op: "Get", URL: "https://api.zoom.us/v2/users/me", Err: context.DeadlineExceeded}, Network, "could not be reached"},
		{"eof", fmt.Errorf("read: %w", io.ErrUnexpectedEOF), Network, "could not be reached"},
		{"canceled", fmt.Errorf("x: %w", context.Canceled), Canceled, "Canceled."},
		{"typed passes through", newError(JWTRetired, nil), JWTRetired, "Zoom no longer accepts JWT"},
		{"wrapped typed", fmt.Errorf("check: %w", newError(Denied, nil)), Denied, "Deny"},
		{"plain", errors.New("something odd"), Other, "Zoom answered with an error."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := Translate(tc.err, redirect)
			if e.Kind != tc.kind || !strings.HasPrefix(e.Error(), "zoom: "+string(tc.kind)) {
				t.Fatalf("got %s %q (detail %q)", e.Kind, e.Error(), e.Detail)
			}
			if !errors.Is(e, &Error{Kind: tc.kind}) {
				t.Fatal("errors.Is by kind")
			}
			if strings.Contains(e.Detail, "abc") {
				t.Fatalf("detail echoes the body: %s", e.Detail)
			}
		})
	}
	if Translate(nil, "") != nil {
		t.Fatal("nil")
	}
	e := Translate(retrieveErr(401, `{"reason":"Invalid client_id or client_secret","error":"invalid_client"}`), "")
	if e.Detail != `token endpoint; HTTP 401; error=invalid_client; reason="Invalid client_id or client_secret"` || e.Status != 401 {
		t.Fatalf("detail %q", e.Detail)
	}
}

func TestScrubText(t *testing.T) {
	for in, want := range map[string]string{
		`refresh_token=abc&x=1`:              `refresh_token=[redacted]&x=1`,
		`{"access_token":"eyJ.abc","a":1}`:   `{"access_token":"[redacted]","a":1}`,
		`GET /oauth/callback?code=XYZ&s=1`:   `GET /oauth/callback?code=[redacted]&s=1`,
		`Authorization: Bearer eyJhbGciOi.x`: `Authorization: Bearer [redacted]`,
		`{"code":124,"message":"m"}`:         `{"code":124,"message":"m"}`,
		`client_secret: hunter2`:             `client_secret: [redacted]`,
	} {
		if got := scrubText(in); got != want {
			t.Errorf("scrub(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEnvironments(t *testing.T) {
	z, g := Zoom(), ZoomGov()
	if z.TokenURL != "https://zoom.us/oauth/token" || z.APIBase != "https://api.zoom.us/v2" || z.RevokeURL != "https://zoom.us/oauth/revoke" ||
		z.AuthorizeURL != "https://zoom.us/oauth/authorize" || z.MarketplaceURL != "https://marketplace.zoom.us/develop/create" {
		t.Fatalf("%+v", z)
	}
	if g.TokenURL != "https://zoomgov.com/oauth/token" || g.APIBase != "https://api.zoomgov.com/v2" ||
		g.MarketplaceURL != "https://marketplace.zoomgov.com/develop/create" {
		t.Fatalf("%+v", g)
	}
	c := Custom("http://127.0.0.1:9/", "http://127.0.0.1:8")
	if c.AuthorizeURL != "http://127.0.0.1:9/oauth/authorize" || c.APIBase != "http://127.0.0.1:8/v2" || c.Kind != EnvCustom {
		t.Fatalf("%+v", c)
	}
	if Custom("http://a", "http://b/v2/").APIBase != "http://b/v2" {
		t.Fatal("v2 doubled")
	}
	for _, tc := range []struct {
		env          Environment
		apiURL, want string
	}{
		{z, "", "https://api.zoom.us/v2"},
		{z, "https://api.zoom.us", "https://api.zoom.us/v2"},
		{z, "https://eu01api-www4local.zoom.us/", "https://eu01api-www4local.zoom.us/v2"},
		{z, "https://evil.example", "https://api.zoom.us/v2"},
		{z, "http://api.zoom.us", "https://api.zoom.us/v2"},
		{z, "https://zoom.us.evil.example", "https://api.zoom.us/v2"},
		{g, "https://api.zoomgov.com", "https://api.zoomgov.com/v2"},
		{g, "https://api.zoom.us", "https://api.zoomgov.com/v2"},
		{c, "http://127.0.0.1:7", "http://127.0.0.1:7/v2"},
		{c, "http://10.0.0.1", "http://127.0.0.1:8/v2"},
	} {
		if got := tc.env.APIFor(tc.apiURL); got != tc.want {
			t.Errorf("%s APIFor(%q) = %q, want %q", tc.env.Kind, tc.apiURL, got, tc.want)
		}
	}
	for host, want := range map[string]string{"": "http://127.0.0.1:41587/oauth/callback", LoopbackIP: "http://127.0.0.1:41587/oauth/callback",
		LoopbackName: "http://localhost:41587/oauth/callback"} {
		if got := RedirectURL(host, DefaultPort); got != want {
			t.Errorf("RedirectURL(%q) = %s, want %s", host, got, want)
		}
	}
	cfg := Client{ID: "id", Secret: "s", Env: z}.Config("http://127.0.0.1:1/oauth/callback", []string{"a", "b"})
	if cfg.Endpoint.AuthStyle != oauth2.AuthStyleInHeader || cfg.Endpoint.TokenURL != z.TokenURL || cfg.RedirectURL != "http://127.0.0.1:1/oauth/callback" {
		t.Fatalf("%+v", cfg)
	}
	// A public client ID sends client_id in the body and never a secret,
	// even one a caller left in the struct.
	pub := Client{ID: "id", Secret: "left-over", Env: z, Public: true}.Config("http://127.0.0.1:1/oauth/callback", nil)
	if pub.Endpoint.AuthStyle != oauth2.AuthStyleInParams || pub.ClientSecret != "" {
		t.Fatalf("public: %+v", pub)
	}
}
