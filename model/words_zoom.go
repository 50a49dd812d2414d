package model

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"zoomconn/internal/words"
	"zoomconn/oauth"
)

// Zoom's answers in the administrator's words. The oauth package says what
// kind of failure it met and the facts around it; this file alone says it
// in sentences, with the next step in words that suit both the window and
// the command line (each adds its own button or command: NextAction).

// Scopes that GET /users/me needs, which every check of an OAuth 2.0 or
// Server-to-Server connection calls (see oauth's constants).
const (
	UsersMeScopeUser        = oauth.UsersMeScopeUser        // user-managed General App
	UsersMeScopeAdmin       = oauth.UsersMeScopeAdmin       // admin-managed General App, Server-to-Server OAuth App
	UsersMeScopeClassicUser = oauth.UsersMeScopeClassicUser // apps made before 2024
	UsersMeScopeClassic     = oauth.UsersMeScopeClassic
)

// zoomWords is what happened and what to do next, for one of oauth's errors.
func zoomWords(e *oauth.Error) (message, next string) {
	switch e.Kind {
	case oauth.BadClient:
		return badClientWords(e)
	case oauth.NotS2SApp:
		msg := "This iClient is not a Server-to-Server OAuth app in Zoom."
		if e.IClient != "" {
			msg = fmt.Sprintf("iClient %q is not a Server-to-Server OAuth app in Zoom.", e.IClient)
		}
		return msg, "Choose the iClient of a Server-to-Server OAuth app, or create one in Zoom: Build App → Server-to-Server OAuth App."
	case oauth.RedirectMismatch:
		if e.Redirect == "" {
			return "Zoom does not accept this Redirect URL.", "Add the Redirect URL shown in Zoom Connections to the app's Redirect URL and Allow list."
		}
		return "Zoom does not accept this Redirect URL.", "Add " + e.Redirect + " to the app's Redirect URL and Allow list."
	case oauth.ReconnectNeeded:
		return "This connection's sign-in expired, was revoked, or was replaced by a newer approval of the same Zoom user.", reconnectNext
	case oauth.Denied:
		return "You chose Deny in Zoom. Nothing changed.", "To connect, authorize again and choose Allow."
	case oauth.TokenRejected:
		return "Zoom rejected the access token (expired or revoked).", reconnectNext
	case oauth.JWTRetired:
		return jwtRetiredWords()
	case oauth.MissingScope:
		return missingScopeWords(e.Scopes)
	}
	return callWords(e)
}

// callWords is zoomWords for the rest: limits, the way to Zoom and back,
// the consent's wait, and the app's state at Zoom.
func callWords(e *oauth.Error) (message, next string) {
	switch e.Kind {
	case oauth.RateLimited:
		return "Zoom is rate-limiting this account.", retryWords(e, time.Local)
	case oauth.Network:
		if e.Proxy != "" {
			return "Zoom could not be reached through the proxy " + e.Proxy + ". Nothing changed.",
				"Check that the proxy is running and lets this computer reach Zoom (the proxy comes from HTTPS_PROXY and NO_PROXY, else from the system's proxy settings), then try again."
		}
		return "Zoom could not be reached (proxy? offline?). Nothing changed.", "Check the network connection, then try again."
	case oauth.Timeout:
		return timeoutWords(e)
	case oauth.PortBusy:
		return portBusyWords(e)
	case oauth.Canceled:
		return "Canceled. Nothing changed.", ""
	case oauth.CodeExpired:
		return "Zoom could not use the approval from the browser: it was older than 5 minutes, used already, or its proof (PKCE) did not match.", "Authorize again."
	case oauth.AppDisabled:
		return "Zoom has disabled this app, so it refuses every sign-in with it.",
			"Reconnecting cannot help. In the Zoom App Marketplace open the app (Manage → Created apps) to see why, or ask Zoom Support to enable it again."
	case oauth.AdminDisabled:
		return "An owner or admin of the Zoom account has turned this app off for the account's users.",
			"Ask them to allow (pre-approve) the app again in the Zoom App Marketplace under Manage, then test the connection again."
	case oauth.WrongAccountID:
		return "Zoom does not know this connection's Account ID.",
			"Copy the Account ID again from the Server-to-Server OAuth app's App credentials in Zoom, then edit the connection."
	case oauth.AppInactive:
		return "The Server-to-Server OAuth app is not activated in Zoom, so Zoom gives it no token.",
			"In the Zoom App Marketplace open the app, fill in Information, then under Activation click Activate your app, and try again."
	case oauth.StoreFailed:
		return "Zoom Connections could not " + e.Op + ".", "Check that the system's password store is unlocked, then try again."
	case oauth.Redirected:
		return "The server sent the request on to another address (" + e.SentTo + "). Zoom Connections did not follow, so no token or secret went there.",
			"Check the environment's base URLs, or the proxy between this computer and Zoom."
	}
	msg := "Zoom answered with an error."
	if e.Status != 0 {
		msg = fmt.Sprintf("Zoom answered with an error (HTTP %d).", e.Status)
	}
	if e.Reason != "" {
		msg = strings.TrimSuffix(msg, ".") + ": " + e.Reason
		if !strings.HasSuffix(msg, ".") {
			msg += "."
		}
	}
	return msg, "Try again; if it keeps happening, open Details."
}

// tabWords is what the browser tab says of a consent that failed.
func tabWords(e *oauth.Error) string {
	msg, next := zoomWords(e)
	if next == "" {
		return msg
	}
	return msg + " " + next
}

// reconnectNext is the next step of a sign-in Zoom no longer accepts.
const reconnectNext = "Reconnect it: approve access in Zoom again."

func jwtRetiredWords() (string, string) {
	return "Zoom no longer accepts JWT (since September 8, 2023).", "Migrate this connection to OAuth 2.0."
}

func badClientWords(e *oauth.Error) (string, string) {
	switch {
	case e.Setup != "":
		return "The Client ID or the environment is missing.", "Edit the iClient and fill in every field."
	case e.Public && e.IClient != "":
		return fmt.Sprintf("Zoom did not accept the public client ID of iClient %q.", e.IClient),
			"In the app's App Credentials in Zoom, check that Use Public Client OAuth is on, then copy its public client ID again into the iClient."
	case e.Public:
		return "Zoom did not accept the public client ID.",
			"In the app's App Credentials in Zoom, check that Use Public Client OAuth is on, then copy its public client ID again into the iClient."
	case e.IClient != "":
		return fmt.Sprintf("The Client ID or Client secret of iClient %q is wrong.", e.IClient),
			fmt.Sprintf("Copy them again from App credentials in the Zoom App Marketplace, then edit iClient %q.", e.IClient)
	}
	return "The Client ID or Client secret is wrong.", "Copy them again from App credentials in the Zoom App Marketplace."
}

// missingScopeWords names Zoom's scopes as the alternatives they are: any
// one of them lets the call through.
func missingScopeWords(scopes []string) (string, string) {
	switch len(scopes) {
	case 0:
		return "The Zoom app lacks a scope this call needs.", "Add the scope in Zoom under Scopes, then reconnect."
	case 1:
		return "The Zoom app needs the scope " + scopes[0] + ".", "Add it in Zoom under Scopes, then reconnect."
	}
	return "The Zoom app needs one of these scopes: " + strings.Join(scopes[:len(scopes)-1], ", ") + " or " + scopes[len(scopes)-1] + ".",
		"Add it in Zoom under Scopes, then reconnect."
}

// retryWords says when to try again: in N seconds, or after the moment
// Zoom named (the daily limit: the next 00:00 UTC), in UTC and in loc.
func retryWords(e *oauth.Error, loc *time.Location) string {
	switch {
	case !e.RetryAt.IsZero() && e.Daily:
		return "Its daily limit for this API is used up: try again " + afterMoment(e.RetryAt, loc) + "."
	case !e.RetryAt.IsZero():
		return "Try again " + afterMoment(e.RetryAt, loc) + "."
	}
	return "Try again " + inDuration(e.RetryAfter) + "."
}

// afterMoment is "after 00:00 UTC (02:00 your time)", to the next minute.
func afterMoment(at time.Time, loc *time.Location) string {
	if t := at.Truncate(time.Minute); !t.Equal(at) {
		at = t.Add(time.Minute)
	}
	return "after " + at.UTC().Format("15:04") + " UTC (" + at.In(loc).Format("15:04") + " your time)"
}

func inDuration(d time.Duration) string {
	switch {
	case d <= 0:
		return "in a minute"
	case d < 2*time.Second:
		return "in 1 second"
	case d < 2*time.Minute:
		return "in " + strconv.Itoa(int(d.Round(time.Second)/time.Second)) + " seconds"
	case d < 2*time.Hour:
		return "in " + strconv.Itoa(int(d.Round(time.Minute)/time.Minute)) + " minutes"
	}
	return "in " + strconv.Itoa(int(d.Round(time.Hour)/time.Hour)) + " hours"
}

func portBusyWords(e *oauth.Error) (string, string) {
	p := strconv.Itoa(e.Port)
	msg := "Zoom Connections cannot listen on port " + p + " on this computer."
	if e.InUse {
		msg = "Port " + p + " on this computer is in use by another program, so Zoom's answer cannot reach Zoom Connections."
	}
	return msg, "Close the other program, or switch the iClient's Redirect URL to http://127.0.0.1 (Zoom accepts any port there; add the new URL in Zoom), or change the redirect port in Settings."
}

// timeoutWords: a consent that got no answer in time. Zoom's own error
// pages are the usual reason, so it names both.
func timeoutWords(e *oauth.Error) (string, string) {
	if e.Limit <= 0 {
		return "No answer came back from Zoom in time. Nothing changed.", "Try again."
	}
	return "No answer came back from the browser within " + words.Duration(e.Limit) + ". Nothing changed.",
		"Authorize again. If Zoom showed an error such as “Invalid redirect” (4,700), first add " + e.Redirect +
			" to the app's Redirect URL and Allow list. If it showed “Invalid scope”, " + ScopeFix(e.Scopes)
}

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
// its own error page instead of asking to Allow: those pages never come
// back to the Redirect URL, so only the admin can tell that the wait is over.
func ErrorPageChecks(redirectURL string, scopes []string) []string {
	return []string{
		"“Invalid redirect” (4,700): " + RedirectFix(redirectURL),
		"“Invalid scope”: " + ScopeFix(scopes),
		"“An account admin is required to install this type of app”: the app is admin-managed, and only an owner or admin of the Zoom account may approve it. Ask one to authorize, or make the app user-managed.",
		"“You cannot authorize …” (the app needs pre-approval): an owner or admin must first allow the app for the account's users in the Zoom App Marketplace under Manage (pre-approval), then authorize again.",
	}
}
