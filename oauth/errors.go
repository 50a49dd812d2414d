package oauth

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"zoomconn/internal/words"
)

// Kind says what went wrong, so callers can choose a next step without
// parsing messages.
type Kind string

// Error kinds (DESIGN.md, "Errors, in the admin's words").
const (
	BadClient        Kind = "bad_client"        // Client ID or secret wrong
	NotS2SApp        Kind = "not_s2s_app"       // account_credentials on an app that is not Server-to-Server
	RedirectMismatch Kind = "redirect_mismatch" // Redirect URL not on the app's allow list
	ReconnectNeeded  Kind = "reconnect_needed"  // refresh token expired, revoked or replaced
	Denied           Kind = "denied"            // the admin chose Deny
	TokenRejected    Kind = "token_rejected"    // API said 401 to an OAuth access token
	JWTRetired       Kind = "jwt_retired"       // API said 401 to a JWT
	MissingScope     Kind = "missing_scope"     // the app lacks a scope
	RateLimited      Kind = "rate_limited"      // 429
	Network          Kind = "network"           // Zoom not reached
	Timeout          Kind = "timeout"           // the consent took too long
	PortBusy         Kind = "port_busy"         // the redirect port is taken
	Canceled         Kind = "canceled"          // the admin or the caller canceled
	CodeExpired      Kind = "code_expired"      // authorization code too old, used, or its PKCE proof did not match
	AppDisabled      Kind = "app_disabled"      // Zoom disabled the app (4717)
	AdminDisabled    Kind = "admin_disabled"    // an account admin turned the app off for its users (4738)
	WrongAccountID   Kind = "wrong_account_id"  // Server-to-Server: Zoom knows no such Account ID
	AppInactive      Kind = "app_inactive"      // Server-to-Server: the app was never activated, or deactivated
	StoreFailed      Kind = "store_failed"      // the local token store failed, not Zoom
	Other            Kind = "other"             // any other answer from Zoom
)

// Error is every error this package returns to its callers: Message and
// Next are for the administrator, the other fields for Details and code.
// No field but Err ever holds a secret, and Error() prints only Message
// and Next.
type Error struct {
	Kind       Kind
	Message    string        // what happened, in the admin's words
	Next       string        // the next step
	Status     int           // HTTP status from Zoom, 0 if none
	Reason     string        // Zoom's "reason" or API "message"
	Code       int           // Zoom's numeric code (124, 4700, …), 0 if none
	Scope      string        // for MissingScope: Scopes joined with " or "
	Scopes     []string      // for MissingScope: alternatives, any one of which would do
	RetryAfter time.Duration // for RateLimited; 0 when Zoom did not say
	RetryAt    time.Time     // for RateLimited: when Zoom named a moment (daily limit)
	IClient    string        // the iClient's name, when the caller said (WithIClient)
	Detail     string        // technical and secret-free
	Err        error         // the cause; may carry raw responses, don't log it
}

// Error returns the message and the next step.
func (e *Error) Error() string {
	if e.Next == "" {
		return e.Message
	}
	return e.Message + " " + e.Next
}

// GoString keeps %#v to the secret-free fields (Err may hold raw bodies).
func (e *Error) GoString() string {
	return fmt.Sprintf("&oauth.Error{Kind: %q, Message: %q, Next: %q, Status: %d, Code: %d, Detail: %q}",
		e.Kind, e.Message, e.Next, e.Status, e.Code, e.Detail)
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Facts lists the technical detail behind the message, secret-free, for a
// "Details" section or --verbose: HTTP status, Zoom's code and reason, the
// detail, and the kind last.
func (e *Error) Facts() []string {
	var facts []string
	if e.Status != 0 {
		facts = append(facts, fmt.Sprintf("HTTP status: %d", e.Status))
	}
	if e.Code != 0 {
		facts = append(facts, fmt.Sprintf("Zoom code: %d", e.Code))
	}
	if e.Reason != "" {
		facts = append(facts, "Zoom said: "+e.Reason)
	}
	if e.Detail != "" {
		facts = append(facts, e.Detail)
	}
	if e.IClient != "" {
		facts = append(facts, fmt.Sprintf("iClient: %q", e.IClient))
	}
	return append(facts, "Kind: "+string(e.Kind))
}

// WithIClient records the name of the iClient the failed call used, and
// names it in the messages that are about the iClient (wrong Client ID or
// secret, not a Server-to-Server app). It returns e; nil stays nil, and
// an empty name changes nothing.
func (e *Error) WithIClient(name string) *Error {
	if e == nil || name == "" {
		return e
	}
	e.IClient = name
	switch {
	case e.Kind == BadClient && e.Message == msgBadClient:
		e.Message = fmt.Sprintf("The Client ID or Client secret of iClient %q is wrong.", name)
		e.Next = fmt.Sprintf("Copy them again from App credentials in the Zoom App Marketplace, then edit iClient %q.", name)
	case e.Kind == NotS2SApp && e.Message == msgNotS2S:
		e.Message = fmt.Sprintf("iClient %q is not a Server-to-Server OAuth app in Zoom.", name)
	}
	return e
}

// ofPublicClient words a refused client for a public client ID, which has
// no secret: either the ID is wrong or the app does not allow it. It
// returns e; nil stays nil.
func (e *Error) ofPublicClient(public bool) *Error {
	if e == nil || !public || e.Kind != BadClient {
		return e
	}
	e.Message = "Zoom did not accept the public client ID."
	if e.IClient != "" {
		e.Message = fmt.Sprintf("Zoom did not accept the public client ID of iClient %q.", e.IClient)
	}
	e.Next = "In the app's App Credentials in Zoom, check that Use Public Client OAuth is on, then copy its public client ID again into the iClient."
	return e
}

// Is lets errors.Is(err, &Error{Kind: k}) match on the kind alone.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Message == "" && t.Kind == e.Kind
}

// APIError is a failed call to the Zoom REST API.
type APIError struct {
	Method     string
	Path       string // without query
	Status     int
	Code       int    // Zoom's "code"
	Message    string // Zoom's "message"
	RetryAfter time.Duration
	RetryAt    time.Time // Retry-After as a date-time (the daily limit), zero if none
	Daily      bool      // X-RateLimit-Type: Daily
}

func (e *APIError) Error() string {
	return fmt.Sprintf("zoom api %s %s: HTTP %d code %d: %s", e.Method, e.Path, e.Status, e.Code, e.Message)
}

// The messages WithIClient may replace by ones that name the iClient.
const (
	msgBadClient = "The Client ID or Client secret is wrong."
	msgNotS2S    = "This iClient is not a Server-to-Server OAuth app in Zoom."
)

func newError(kind Kind, err error) *Error {
	e := &Error{Kind: kind, Err: err}
	switch kind {
	case BadClient:
		e.Message = msgBadClient
		e.Next = "Copy them again from App credentials in the Zoom App Marketplace."
	case NotS2SApp:
		e.Message = msgNotS2S
		e.Next = "Choose the iClient of a Server-to-Server OAuth app, or create one in Zoom: Build App → Server-to-Server OAuth App."
	case ReconnectNeeded:
		e.Message = "This connection's sign-in expired, was revoked, or was replaced by a newer approval of the same Zoom user."
		e.Next = "Click Reconnect."
	case Denied:
		e.Message = "You chose Deny in Zoom. Nothing changed."
		e.Next = "To connect, authorize again and choose Allow."
	case TokenRejected:
		e.Message = "Zoom rejected the access token (expired or revoked)."
		e.Next = "Reconnect."
	case JWTRetired:
		e.Message = "Zoom no longer accepts JWT (since September 8, 2023)."
		e.Next = "Migrate this connection to OAuth 2.0."
	case Network:
		e.Message = "Zoom could not be reached (proxy? offline?). Nothing changed."
		e.Next = "Check the network connection, then try again."
	case Timeout:
		e.Message = "No answer came back from Zoom in time. Nothing changed."
		e.Next = "Try again."
	case Canceled:
		e.Message = "Canceled. Nothing changed."
	case CodeExpired:
		e.Message = "Zoom could not use the approval from the browser: it was older than 5 minutes, used already, or its proof (PKCE) did not match."
		e.Next = "Authorize again."
	case AppDisabled:
		e.Message = "Zoom has disabled this app, so it refuses every sign-in with it."
		e.Next = "Reconnecting cannot help. In the Zoom App Marketplace open the app (Manage → Created apps) to see why, or ask Zoom Support to enable it again."
	case AdminDisabled:
		e.Message = "An owner or admin of the Zoom account has turned this app off for the account's users."
		e.Next = "Ask them to allow (pre-approve) the app again in the Zoom App Marketplace under Manage, then test the connection again."
	case WrongAccountID:
		e.Message = "Zoom does not know this connection's Account ID."
		e.Next = "Copy the Account ID again from the Server-to-Server OAuth app's App credentials in Zoom, then edit the connection."
	case AppInactive:
		e.Message = "The Server-to-Server OAuth app is not activated in Zoom, so Zoom gives it no token."
		e.Next = "In the Zoom App Marketplace open the app, fill in Information, then under Activation click Activate your app, and try again."
	default:
		e.Kind = Other
		e.Message = "Zoom answered with an error."
		e.Next = "Try again; if it keeps happening, open Details."
	}
	return e
}

func redirectMismatch(redirectURL string, err error) *Error {
	e := &Error{Kind: RedirectMismatch, Err: err, Message: "Zoom does not accept this Redirect URL."}
	if redirectURL == "" {
		e.Next = "Add the Redirect URL shown in Zoom Connections to the app's Redirect URL and Allow list."
	} else {
		e.Next = "Add " + redirectURL + " to the app's Redirect URL and Allow list."
	}
	return e
}

// missingScope names Zoom's scopes as the alternatives they are: any one
// of them lets the call through.
func missingScope(scopes []string, err error) *Error {
	e := &Error{Kind: MissingScope, Err: err, Scopes: scopes, Scope: strings.Join(scopes, " or ")}
	switch len(scopes) {
	case 0:
		e.Message = "The Zoom app lacks a scope this call needs."
		e.Next = "Add the scope in Zoom under Scopes, then reconnect."
		return e
	case 1:
		e.Message = "The Zoom app needs the scope " + scopes[0] + "."
	default:
		e.Message = "The Zoom app needs one of these scopes: " +
			strings.Join(scopes[:len(scopes)-1], ", ") + " or " + scopes[len(scopes)-1] + "."
	}
	e.Next = "Add it in Zoom under Scopes, then reconnect."
	return e
}

// rateLimited says when to try again: in N seconds, or after the moment
// Zoom named (the daily limit: the next 00:00 UTC), in UTC and in loc.
func rateLimited(r rateInfo, loc *time.Location, err error) *Error {
	e := &Error{Kind: RateLimited, Err: err, RetryAfter: r.after, RetryAt: r.at,
		Message: "Zoom is rate-limiting this account."}
	switch {
	case !r.at.IsZero() && r.daily:
		e.Next = "Its daily limit for this API is used up: try again " + afterMoment(r.at, loc) + "."
	case !r.at.IsZero():
		e.Next = "Try again " + afterMoment(r.at, loc) + "."
	default:
		e.Next = "Try again " + inDuration(r.after) + "."
	}
	return e
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
	default:
		return "in " + strconv.Itoa(int(d.Round(time.Hour)/time.Hour)) + " hours"
	}
}

func portBusy(port int, inUse bool, err error) *Error {
	e := &Error{Kind: PortBusy, Err: err, Detail: scrubText(errText(err))}
	p := strconv.Itoa(port)
	if inUse {
		e.Message = "Port " + p + " on this computer is in use by another program, so Zoom's answer cannot reach Zoom Connections."
	} else {
		e.Message = "Zoom Connections cannot listen on port " + p + " on this computer."
	}
	e.Next = "Close the other program, or switch the iClient's Redirect URL to http://127.0.0.1 (Zoom accepts any port there; add the new URL in Zoom), or change the redirect port in Settings."
	return e
}

func consentTimeout(limit time.Duration, redirectURL string, err error) *Error {
	e := newError(Timeout, err)
	e.Message = "No answer came back from the browser within " + words.Duration(limit) + ". Nothing changed."
	e.Next = "Authorize again. If Zoom showed an error such as “Invalid redirect” (4,700), first add " +
		redirectURL + " to the app's Redirect URL and Allow list."
	return e
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
