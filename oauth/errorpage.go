package oauth

import (
	"strings"
	"time"
)

// Scopes that GET /users/me needs, which every check of an OAuth 2.0 or
// Server-to-Server connection calls. Apps created since 2024 have granular
// scopes only; older ("classic") apps have the short names.
const (
	UsersMeScopeUser        = "user:read:user"       // user-managed General App
	UsersMeScopeAdmin       = "user:read:user:admin" // admin-managed General App, Server-to-Server OAuth App
	UsersMeScopeClassicUser = "user:read"
	UsersMeScopeClassic     = "user:read:admin"
)

// Zoom's own error pages (“Invalid redirect”, “Invalid scope”) end a
// consent in the browser and never come back to the Redirect URL, so only
// the admin can tell the app that the wait is over. These say what to fix.

// RedirectFix says what to do when Zoom showed “Invalid redirect” (4,700).
func RedirectFix(redirectURL string) string {
	return "add " + redirectURL + " to the app's OAuth Redirect URL and to its OAuth allow list, exactly as written."
}

// ScopeFix says what to do when Zoom showed “Invalid scope”, for a consent
// that asked for scopes (none: the scopes set on the app).
func ScopeFix(scopes []string) string {
	if len(scopes) == 0 {
		return "make sure the app in Zoom has, under Scopes, " + UsersMeScopeAdmin + " (admin-managed or Server-to-Server app) or " +
			UsersMeScopeUser + " (user-managed app)."
	}
	return "this connection asks for " + strings.Join(scopes, " ") +
		": add those scopes to the app in Zoom, or clear the connection's Scopes so that Zoom uses the app's own."
}

// ErrorPageChecks lists, one line per cause, what to check after Zoom showed
// its own error page instead of asking to Allow.
func ErrorPageChecks(redirectURL string, scopes []string) []string {
	return []string{
		"“Invalid redirect” (4,700): " + RedirectFix(redirectURL),
		"“Invalid scope”: " + ScopeFix(scopes),
		"“An account admin is required to install this type of app”: the app is admin-managed, and only an owner or admin of the Zoom account may approve it. Ask one to authorize, or make the app user-managed.",
		"“You cannot authorize …” (the app needs pre-approval): an owner or admin must first allow the app for the account's users in the Zoom App Marketplace under Manage (pre-approval), then authorize again.",
	}
}

// ConsentTimedOut is the error of a consent that got no answer within limit:
// Zoom's error pages are the usual reason, so it names both.
func ConsentTimedOut(limit time.Duration, redirectURL string, scopes []string, err error) *Error {
	e := consentTimeout(limit, redirectURL, err)
	e.Next += " If it showed “Invalid scope”, " + ScopeFix(scopes)
	return e
}
