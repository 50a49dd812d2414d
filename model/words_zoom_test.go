package model

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
	"zoomconn/oauth"
)

// retrieveErr is a token-endpoint answer from Zoom (zoomtest.RetrieveError).
var retrieveErr = zoomtest.RetrieveError

// Each of Zoom's answers, as oauth sorts it, in the words the admin reads.
func TestZoomAnswersInWords(t *testing.T) {
	const redirect = "http://localhost:41587/oauth/callback"
	cases := []struct {
		name string
		err  error
		kind oauth.Kind
		want string // in the message and its next step
	}{
		{"invalid_client", retrieveErr(401, `{"reason":"Invalid client_id or client_secret","error":"invalid_client"}`),
			oauth.BadClient, "The Client ID or Client secret is wrong. Copy them again from App credentials"},
		{"4702", &oauth.APIError{Status: 400, Code: 4702, Message: "Invalid client"}, oauth.BadClient, "Client secret is wrong"},
		{"4704", retrieveErr(400, `{"code":4704,"message":"Invalid client"}`), oauth.BadClient, "Client secret is wrong"},
		{"redirect reason", retrieveErr(400, `{"reason":"Redirect URI mismatch","error":"invalid_request"}`),
			oauth.RedirectMismatch, "Zoom does not accept this Redirect URL. Add " + redirect + " to the app's Redirect URL and Allow list."},
		{"4709", retrieveErr(400, `{"code":4709,"message":"Redirect URI mismatch"}`), oauth.RedirectMismatch, "Add " + redirect},
		{"API 4709 is no redirect", &oauth.APIError{Status: 400, Code: 4709}, oauth.Other, "Zoom answered with an error (HTTP 400)."},
		{"API 4700 is a token problem", &oauth.APIError{Status: 400, Code: 4700, Message: "Invalid access token."}, oauth.TokenRejected, "Zoom rejected the access token"},
		{"older invalid token 401", retrieveErr(401, `{"reason":"Invalid Token!","error":"invalid_request"}`),
			oauth.ReconnectNeeded, "This connection's sign-in expired, was revoked, or was replaced by a newer approval of the same Zoom user. Reconnect it: approve access in Zoom again."},
		{"401 is no bad client by itself", retrieveErr(401, `{"reason":"Something else","error":"invalid_request"}`),
			oauth.Other, "Zoom answered with an error (HTTP 401): Something else."},
		{"unsupported_grant_type", retrieveErr(400, `{"reason":"unsupported grant type","error":"unsupported_grant_type"}`),
			oauth.NotS2SApp, "This iClient is not a Server-to-Server OAuth app in Zoom."},
		{"4706", retrieveErr(400, `{"code":4706,"message":"Client ID or client secret is missing"}`), oauth.BadClient, "Client secret is wrong"},
		{"4700", retrieveErr(400, `{"code":4700,"message":"Invalid redirect"}`), oauth.RedirectMismatch, "Add " + redirect},
		{"invalid_grant", retrieveErr(400, `{"reason":"Invalid Token!","error":"invalid_grant"}`),
			oauth.ReconnectNeeded, "This connection's sign-in expired, was revoked, or was replaced by a newer approval of the same Zoom user. Reconnect it: approve access in Zoom again."},
		{"access_denied", retrieveErr(400, `{"error":"access_denied"}`), oauth.Denied, "You chose Deny in Zoom. Nothing changed."},
		{"124", &oauth.APIError{Status: 401, Code: 124, Message: "Invalid access token."}, oauth.TokenRejected,
			"Zoom rejected the access token (expired or revoked). Reconnect it"},
		{"4711", &oauth.APIError{Status: 400, Code: 4711, Message: "Invalid access token, does not contain scopes:[meeting:read:admin]."},
			oauth.MissingScope, "The Zoom app needs the scope meeting:read:admin. Add it in Zoom under Scopes, then reconnect."},
		{"4711 alternatives", &oauth.APIError{Status: 400, Code: 4711, Message: "Invalid access token, does not contain scopes:[user:read:user, user:read:user:admin]."},
			oauth.MissingScope, "The Zoom app needs one of these scopes: user:read:user or user:read:user:admin. Add it in Zoom under Scopes, then reconnect."},
		{"403 4711", &oauth.APIError{Status: 403, Code: 4711, Message: "Invalid access token, does not contain scopes:[a, b, c]."},
			oauth.MissingScope, "needs one of these scopes: a, b or c."},
		{"403", &oauth.APIError{Status: 403, Message: "Forbidden"}, oauth.MissingScope, "lacks a scope"},
		{"invalid_scope", retrieveErr(400, `{"reason":"Invalid scope","error":"invalid_scope"}`), oauth.MissingScope, "lacks"},
		{"429 seconds", retrieveErr(429, `{"reason":"Too many requests","error":"rate_limited"}`, "Retry-After", "12"),
			oauth.RateLimited, "Zoom is rate-limiting this account. Try again in 12 seconds."},
		{"429 date", retrieveErr(429, `{}`, "Retry-After", time.Now().Add(3*time.Minute).UTC().Format(http.TimeFormat)),
			oauth.RateLimited, "Try again after "},
		{"429 none", &oauth.APIError{Status: 429, Code: 429}, oauth.RateLimited, "Try again in a minute."},
		{"5xx html", retrieveErr(502, `<html>Bad gateway refresh_token=abc</html>`), oauth.Other, "Zoom answered with an error (HTTP 502)."},
		{"other reason", retrieveErr(400, `{"reason":"Something unusual","error":"invalid_request"}`), oauth.Other,
			"Zoom answered with an error (HTTP 400): Something unusual."},
		{"4717 app disabled", retrieveErr(400, `{"reason":"The app has been disabled","error":"invalid_request"}`), oauth.AppDisabled,
			"Reconnecting cannot help"},
		{"4717 by code", retrieveErr(400, `{"errorCode":4717,"errorMessage":"Something"}`), oauth.AppDisabled, "Zoom has disabled this app"},
		{"4738 disabled by admin", retrieveErr(400, `{"reason":"The token is disabled by admin","error":"invalid_grant"}`), oauth.AdminDisabled,
			"pre-approve"},
		{"4738 by code", retrieveErr(401, `{"code":4738,"message":"The token is disabled by admin."}`), oauth.AdminDisabled, "turned this app off"},
		{"refused", &url.Error{Op: "Post", URL: "https://zoom.us/oauth/token", Err: syscall.ECONNREFUSED}, oauth.Network,
			"Zoom could not be reached (proxy? offline?). Nothing changed."},
		{"deadline", &url.Error{Op: "Get", URL: "https://api.zoom.us/v2/users/me", Err: context.DeadlineExceeded}, oauth.Network, "could not be reached"},
		{"eof", fmt.Errorf("read: %w", io.ErrUnexpectedEOF), oauth.Network, "could not be reached"},
		{"canceled", fmt.Errorf("x: %w", context.Canceled), oauth.Canceled, "Canceled."},
		{"typed passes through", &oauth.Error{Kind: oauth.JWTRetired}, oauth.JWTRetired, "Zoom no longer accepts JWT"},
		{"wrapped typed", fmt.Errorf("check: %w", &oauth.Error{Kind: oauth.Denied}), oauth.Denied, "Deny"},
		{"plain", errors.New("something odd"), oauth.Other, "Zoom answered with an error."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			x := Explain(oauth.Translate(tc.err, redirect))
			if got := x.Message + " " + x.Next; x.Kind != string(tc.kind) || !strings.Contains(got, tc.want) {
				t.Fatalf("got %s %q", x.Kind, got)
			}
			if strings.Contains(x.Detail, "abc") || strings.Contains(x.Message, "abc") {
				t.Fatalf("the words echo the body: %+v", x)
			}
		})
	}
	x := Explain(oauth.Translate(retrieveErr(400, `{"reason":"Redirect URI mismatch","error":"invalid_request"}`), ""))
	if !strings.Contains(x.Next, "Redirect URL shown in Zoom Connections") {
		t.Fatal(x.Next)
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
}

// The facts oauth records, in the words the admin reads: one case for each
// fact that changes the words.
func TestZoomFactsInWords(t *testing.T) {
	const redirect = "http://localhost:41587/oauth/callback"
	for _, tc := range []struct {
		name string
		e    *oauth.Error
		want []string // in the message and its next step
	}{
		{"public client", &oauth.Error{Kind: oauth.BadClient, Public: true, IClient: "Desktop app"},
			[]string{`Zoom did not accept the public client ID of iClient "Desktop app".`, "Use Public Client OAuth is on"}},
		{"bad client of an iClient", &oauth.Error{Kind: oauth.BadClient, IClient: "HR"},
			[]string{`The Client ID or Client secret of iClient "HR" is wrong.`, `edit iClient "HR"`}},
		{"setup missing", &oauth.Error{Kind: oauth.BadClient, Setup: "client_id", IClient: "HR"},
			[]string{"The Client ID or the environment is missing.", "fill in every field"}},
		{"timeout", &oauth.Error{Kind: oauth.Timeout, Limit: 5 * time.Minute, Redirect: redirect},
			[]string{"No answer came back from the browser within 5 minutes. Nothing changed.", "“Invalid redirect” (4,700), first add " + redirect + " to the app's Redirect URL and Allow list"}},
		{"timeout with scopes", &oauth.Error{Kind: oauth.Timeout, Limit: time.Minute, Redirect: redirect, Scopes: []string{"meeting:read:list_meetings:admin"}},
			[]string{"If it showed “Invalid scope”", "asks for meeting:read:list_meetings:admin", "clear the connection's Scopes"}},
		{"port in use", &oauth.Error{Kind: oauth.PortBusy, Port: 41587, InUse: true},
			[]string{"Port 41587 on this computer is in use by another program", "http://127.0.0.1", "change the redirect port in Settings"}},
		{"port not allowed", &oauth.Error{Kind: oauth.PortBusy, Port: 80},
			[]string{"cannot listen on port 80"}},
		{"rate limited, seconds", &oauth.Error{Kind: oauth.RateLimited, RetryAfter: 5 * time.Second},
			[]string{"Zoom is rate-limiting this account. Try again in 5 seconds."}},
		{"rate limited, no word", &oauth.Error{Kind: oauth.RateLimited},
			[]string{"Try again in a minute."}},
		{"daily limit", &oauth.Error{Kind: oauth.RateLimited, Daily: true, RetryAt: time.Now().Add(time.Hour)},
			[]string{"daily limit for this API is used up: try again after "}},
		{"through a proxy", &oauth.Error{Kind: oauth.Network, Proxy: "http://127.0.0.1:3128"},
			[]string{"Zoom could not be reached through the proxy http://127.0.0.1:3128. Nothing changed.", "HTTPS_PROXY"}},
		{"no proxy", &oauth.Error{Kind: oauth.Network}, []string{"Zoom could not be reached (proxy? offline?). Nothing changed."}},
		{"redirected", &oauth.Error{Kind: oauth.Redirected, SentTo: "http://127.0.0.1:9/elsewhere"},
			[]string{"another address (http://127.0.0.1:9/elsewhere)", "no token or secret went there"}},
		{"store failed", &oauth.Error{Kind: oauth.StoreFailed, Op: "save the renewed sign-in"},
			[]string{"Zoom Connections could not save the renewed sign-in.", "password store is unlocked"}},
		{"code expired", &oauth.Error{Kind: oauth.CodeExpired}, []string{"older than 5 minutes", "Authorize again."}},
		{"denied", &oauth.Error{Kind: oauth.Denied}, []string{"You chose Deny in Zoom. Nothing changed."}},
		{"other with Zoom's reason", &oauth.Error{Kind: oauth.Other, Status: 400, Reason: "Account locked"},
			[]string{"Zoom answered with an error (HTTP 400): Account locked."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := Explain(tc.e)
			got := x.Message + " " + x.Next
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("lacks %q:\n%s", w, got)
				}
			}
		})
	}
}

func TestErrorPageChecksNameTheScopesForEachAppType(t *testing.T) {
	none := strings.Join(ErrorPageChecks("http://localhost:41587/oauth/callback", nil), "\n")
	for _, want := range []string{
		"“Invalid redirect” (4,700): add http://localhost:41587/oauth/callback to the app's OAuth Redirect URL and to its OAuth allow list",
		"“Invalid scope”: make sure the app in Zoom has, under Scopes, user:read:user:admin (admin-managed or Server-to-Server app) or user:read:user (user-managed app).",
	} {
		if !strings.Contains(none, want) {
			t.Errorf("without scopes, the checks lack %q:\n%s", want, none)
		}
	}
	some := ErrorPageChecks("http://localhost:41587/oauth/callback", []string{"a:b", "c:d"})
	if want := "“Invalid scope”: this connection asks for a:b c:d: add those scopes to the app in Zoom, or clear the connection's Scopes so that Zoom uses the app's own."; some[1] != want {
		t.Errorf("with scopes:\n got %s\nwant %s", some[1], want)
	}
}
