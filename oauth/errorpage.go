package oauth

import "time"

// Scopes that GET /users/me needs, which every check of an OAuth 2.0 or
// Server-to-Server connection calls. Apps created since 2024 have granular
// scopes only; older ("classic") apps have the short names.
const (
	UsersMeScopeUser        = "user:read:user"       // user-managed General App
	UsersMeScopeAdmin       = "user:read:user:admin" // admin-managed General App, Server-to-Server OAuth App
	UsersMeScopeClassicUser = "user:read"
	UsersMeScopeClassic     = "user:read:admin"
)

// ConsentTimedOut is the error of a consent that got no answer within
// limit, for a consent that sent redirectURL and asked for scopes (none:
// the app's own). Zoom's own error pages are the usual reason.
func ConsentTimedOut(limit time.Duration, redirectURL string, scopes []string, err error) *Error {
	return consentTimeout(limit, redirectURL, scopes, err)
}
