package oauth

import (
	"fmt"
	"time"
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
	Redirected       Kind = "redirected"        // the server sent the request to another address, which was not followed
	Other            Kind = "other"             // any other answer from Zoom
)

// Error is every error this package returns to its callers: what kind of
// failure it is and the facts around it. It says nothing in the admin's
// words: model turns it into sentences and a next step (model.Explain).
// No field but Err ever holds a secret; Error() prints only facts.
type Error struct {
	Kind       Kind
	Status     int           // HTTP status from Zoom, 0 if none
	Reason     string        // Zoom's "reason" or API "message", cleaned
	Code       int           // Zoom's numeric code (124, 4700, …), 0 if none
	Scopes     []string      // MissingScope: Zoom's alternatives, any one of which would do; Timeout: the scopes the consent asked for
	RetryAfter time.Duration // RateLimited; 0 when Zoom did not say
	RetryAt    time.Time     // RateLimited: when Zoom named a moment (the daily limit)
	Daily      bool          // RateLimited: the daily limit
	IClient    string        // the iClient's name, when the caller said (WithIClient)
	Public     bool          // BadClient: the client was a public client ID
	Redirect   string        // RedirectMismatch, Timeout: the Redirect URL the consent used
	Port       int           // PortBusy: the port
	InUse      bool          // PortBusy: another program holds it
	Limit      time.Duration // Timeout: how long the consent waited
	Proxy      string        // Network: the proxy the call went through (address only)
	SentTo     string        // Redirected: where the server sent the request (made safe)
	Op         string        // StoreFailed: what could not be done, e.g. "read the saved sign-in"
	Setup      string        // BadClient from StartConsent: what is missing ("client_id")
	Detail     string        // technical and secret-free
	Err        error         // the cause; may carry raw responses, don't log it
}

// Error is the kind and its facts, for logs and tests: the admin reads
// model.Explain's words instead.
func (e *Error) Error() string {
	out := "zoom: " + string(e.Kind)
	if e.Detail != "" {
		out += ": " + e.Detail
	} else if e.Reason != "" {
		out += ": " + e.Reason
	}
	return out
}

// GoString keeps %#v to the secret-free fields (Err may hold raw bodies).
func (e *Error) GoString() string {
	return fmt.Sprintf("&oauth.Error{Kind: %q, Status: %d, Code: %d, Reason: %q, Detail: %q}",
		e.Kind, e.Status, e.Code, e.Reason, e.Detail)
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
	if e.Proxy != "" {
		facts = append(facts, "Proxy: "+e.Proxy)
	}
	if e.IClient != "" {
		facts = append(facts, fmt.Sprintf("iClient: %q", e.IClient))
	}
	return append(facts, "Kind: "+string(e.Kind))
}

// WithIClient records the name of the iClient the failed call used. It
// returns e; nil stays nil, and an empty name changes nothing.
func (e *Error) WithIClient(name string) *Error {
	if e == nil || name == "" {
		return e
	}
	e.IClient = name
	return e
}

// ofPublicClient records that the refused client was a public client ID,
// which has no secret to be wrong. It returns e; nil stays nil.
func (e *Error) ofPublicClient(public bool) *Error {
	if e != nil && public && e.Kind == BadClient {
		e.Public = true
	}
	return e
}

// Is lets errors.Is(err, &Error{Kind: k}) match on the kind alone.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Kind == e.Kind
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

func newError(kind Kind, err error) *Error {
	switch kind {
	case BadClient, NotS2SApp, ReconnectNeeded, Denied, TokenRejected, JWTRetired, Network, Timeout, Canceled,
		CodeExpired, AppDisabled, AdminDisabled, WrongAccountID, AppInactive, StoreFailed, Redirected:
	default:
		kind = Other
	}
	return &Error{Kind: kind, Err: err}
}

func redirectMismatch(redirectURL string, err error) *Error {
	return &Error{Kind: RedirectMismatch, Err: err, Redirect: redirectURL}
}

// missingScope keeps Zoom's scopes as the alternatives they are: any one
// of them lets the call through.
func missingScope(scopes []string, err error) *Error {
	return &Error{Kind: MissingScope, Err: err, Scopes: scopes}
}

// rateLimited keeps when to try again: in RetryAfter, or after the moment
// Zoom named (the daily limit: the next 00:00 UTC).
func rateLimited(r rateInfo, err error) *Error {
	return &Error{Kind: RateLimited, Err: err, RetryAfter: r.after, RetryAt: r.at, Daily: r.daily}
}

func portBusy(port int, inUse bool, err error) *Error {
	return &Error{Kind: PortBusy, Err: err, Port: port, InUse: inUse, Detail: scrubText(errText(err))}
}

func consentTimeout(limit time.Duration, redirectURL string, scopes []string, err error) *Error {
	return &Error{Kind: Timeout, Err: err, Limit: limit, Redirect: redirectURL, Scopes: append([]string(nil), scopes...)}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
