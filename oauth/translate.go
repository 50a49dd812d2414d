package oauth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/oauth2"

	"zoomconn/internal/textsafe"
)

// Translate turns any error from Zoom, the network or this package into an
// *Error in the admin's words (nil for nil). redirectURL, when known, is
// named in RedirectMismatch's next step. An answer of the token endpoint
// is read without knowing the grant; this package's own calls say which
// grant they made (see translate).
func Translate(err error, redirectURL string) *Error {
	return translate(err, redirectURL, opToken)
}

// op is what was asked of Zoom when it answered with an error: the same
// body means different things for different requests.
type op int

const (
	opToken    op = iota // the token endpoint, grant unknown
	opRefresh            // grant_type=refresh_token
	opExchange           // grant_type=authorization_code
	opS2S                // grant_type=account_credentials
	opRevoke             // /oauth/revoke
	opCallback           // error=… on the Redirect URL
	opAPI                // the REST API
)

func translate(err error, redirectURL string, o op) *Error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		return fromRetrieve(re, redirectURL, o)
	}
	var ae *APIError
	if errors.As(err, &ae) {
		return fromAPI(ae, redirectURL)
	}
	if errors.Is(err, context.Canceled) {
		e := newError(Canceled, err)
		e.Detail = "canceled"
		return e
	}
	if isNetwork(err) {
		e := newError(Network, err)
		e.Detail = networkDetail(err)
		return throughProxy(e, err)
	}
	e = newError(Other, err)
	e.Detail = textsafe.Line(scrubText(err.Error()))
	return e
}

// zoomBody is every field Zoom puts in an error body, OAuth or API.
type zoomBody struct {
	Error       string `json:"error"`
	Reason      string `json:"reason"`
	Description string `json:"error_description"`
	Code        int    `json:"code"`
	Message     string `json:"message"`
	// Zoom's web endpoints answer {"errorCode":4702,"errorMessage":…}.
	ErrorCode    int    `json:"errorCode"`
	ErrorMessage string `json:"errorMessage"`
}

// answer is one error answer of Zoom, whatever its shape.
type answer struct {
	op      op
	status  int    // 0: not HTTP (the Redirect URL's error=…)
	errCode string // OAuth "error"
	reason  string // "reason", "message" or "error_description"
	code    int    // Zoom's numeric code
	rate    rateInfo
}

func fromRetrieve(re *oauth2.RetrieveError, redirectURL string, o op) *Error {
	var b zoomBody
	_ = json.Unmarshal(re.Body, &b)
	a := answer{op: o, errCode: b.Error, code: b.Code,
		reason: firstNonEmpty(b.Reason, b.Message, b.Description, b.ErrorMessage, re.ErrorDescription)}
	if a.code == 0 {
		a.code = b.ErrorCode
	}
	if a.errCode == "" {
		a.errCode = re.ErrorCode
	}
	if re.Response != nil {
		a.status = re.Response.StatusCode
		a.rate = parseRate(re.Response.Header, time.Now())
	}
	e := classify(&a, redirectURL, re)
	e.Detail = detail(where(o), a, re.Body)
	return e
}

func fromAPI(ae *APIError, redirectURL string) *Error {
	a := answer{op: opAPI, status: ae.Status, reason: ae.Message, code: ae.Code,
		rate: rateInfo{after: ae.RetryAfter, at: ae.RetryAt, daily: ae.Daily}}
	e := classify(&a, redirectURL, ae)
	e.Detail = detail("API "+ae.Method+" "+ae.Path, a, nil)
	return e
}

func where(o op) string {
	switch o {
	case opRefresh:
		return "token endpoint (refresh_token)"
	case opExchange:
		return "token endpoint (authorization_code)"
	case opS2S:
		return "token endpoint (account_credentials)"
	case opRevoke:
		return "revoke endpoint"
	case opCallback:
		return "authorization callback"
	}
	return "token endpoint"
}

// The regular expressions are compiled on first use, not at start-up.
var scopeList = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)scopes?\s*:?\s*\[([^\]]*)\]`) })

// scopesIn reads the scopes of Zoom's "does not contain scopes:[a, b]":
// alternatives, any one of which would do.
func scopesIn(reason string) []string {
	m := scopeList().FindStringSubmatch(reason)
	if m == nil {
		return nil
	}
	var out []string
	for _, s := range strings.FieldsFunc(m[1], func(r rune) bool { return r == ',' || unicode.IsSpace(r) }) {
		if s = cleanReason(s); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// invalidToken is Zoom's answer to a refresh token it no longer honours
// (expired, revoked, rotated, or replaced by a newer consent): reason
// "Invalid Token!" with invalid_grant, or invalid_request in the older
// form, status 400, or 401 before 2022; unauthorized_client too.
func invalidToken(a answer) bool {
	if a.status != 0 && a.status != http.StatusBadRequest && a.status != http.StatusUnauthorized {
		return false
	}
	if strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.reason)), "invalid token") {
		return true
	}
	switch a.op {
	case opRefresh:
		return a.errCode == "invalid_grant" || a.errCode == "invalid_request" || a.errCode == "unauthorized_client"
	case opToken, opRevoke, opExchange:
		return a.errCode == "invalid_grant"
	}
	return false
}

// inactiveApp is a Server-to-Server answer about an app that is not
// activated. Zoom does not document its words; these are the forms seen.
func inactiveApp(lower string) bool {
	return strings.Contains(lower, "not activated") || strings.Contains(lower, "inactive") ||
		strings.Contains(lower, "deactivated") || strings.Contains(lower, "not active")
}

// classify applies DESIGN.md's Errors table; it may complete a.rate.
func classify(a *answer, redirectURL string, cause error) *Error {
	lower := strings.ToLower(a.reason)
	api := a.op == opAPI
	var e *Error
	switch {
	case a.status == http.StatusTooManyRequests || a.code == 429:
		if !a.rate.daily && strings.Contains(lower, "daily") {
			// "You have exceeded the daily rate limit … You may resume
			// these requests at GMT 00:00:00.", sometimes without headers.
			a.rate = a.rate.dailyLimit(time.Now())
		}
		e = rateLimited(a.rate, cause)
	case a.errCode == "access_denied":
		e = newError(Denied, cause)
	case a.code == 4738 || strings.Contains(lower, "disabled by admin") || strings.Contains(lower, "disabled by the account admin"):
		e = newError(AdminDisabled, cause)
	case a.code == 4717 || strings.Contains(lower, "app has been disabled"):
		e = newError(AppDisabled, cause)
	case a.op == opS2S && inactiveApp(lower):
		e = newError(AppInactive, cause)
	case a.op == opS2S && strings.Contains(strings.ReplaceAll(lower, " ", "_"), "account_id"):
		e = newError(WrongAccountID, cause)
	case a.errCode == "invalid_client" || a.code == 4702 || a.code == 4704 || a.code == 4706:
		e = newError(BadClient, cause)
	case a.errCode == "unsupported_grant_type" && (a.op == opS2S || a.op == opToken):
		e = newError(NotS2SApp, cause)
	case (a.op == opExchange || a.op == opToken) && (a.code == 4709 || strings.Contains(lower, "redirect")):
		// Only the token endpoint's answer: Zoom's API uses 4700 for
		// token problems, and a consent with a wrong Redirect URL never
		// comes back (see consentTimeout).
		e = redirectMismatch(redirectURL, cause)
	case !api && invalidToken(*a):
		e = newError(ReconnectNeeded, cause)
	case a.code == 4711 || a.errCode == "invalid_scope" || (api && a.status == http.StatusForbidden) || strings.Contains(lower, "scope"):
		e = missingScope(scopesIn(a.reason), cause)
	case api && (a.status == http.StatusUnauthorized || a.code == 124 || a.code == 4700):
		e = newError(TokenRejected, cause)
	default:
		e = newError(Other, cause)
	}
	e.Status, e.Reason, e.Code = a.status, cleanReason(a.reason), a.code
	return e
}

// rateInfo is what a 429 said about when to try again.
type rateInfo struct {
	after time.Duration // 0: not said, or already passed
	at    time.Time     // the moment to try again, when Zoom named one
	daily bool          // X-RateLimit-Type: Daily-limit (or Daily)
}

// retryAtLayouts are the date-time forms Retry-After has been seen in:
// ISO 8601 / RFC 3339 for the daily limit, HTTP-date as RFC 9110 says.
var retryAtLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04:05.999999999", // no zone: UTC
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
}

// parseRate reads Retry-After (seconds, an ISO 8601 date-time or an
// HTTP-date) and X-RateLimit-Type ("Daily-limit" in Zoom's documents).
func parseRate(h http.Header, now time.Time) rateInfo {
	var r rateInfo
	v := strings.TrimSpace(h.Get("Retry-After"))
	if n, err := strconv.Atoi(v); err == nil {
		if n > 0 {
			r.after = time.Duration(n) * time.Second
		}
	} else if t, ok := parseRetryAt(v); ok {
		r.at = t
		if d := t.Sub(now); d > 0 {
			r.after = d.Round(time.Second)
		}
	}
	if strings.Contains(strings.ToLower(h.Get("X-RateLimit-Type")), "daily") {
		r = r.dailyLimit(now)
	}
	return r
}

// dailyLimit marks r as the daily limit, which ends at 00:00 UTC: the
// moment Zoom named, else now + Retry-After, else the next 00:00 UTC; a
// moment within a minute of a 00:00 UTC is that 00:00.
func (r rateInfo) dailyLimit(now time.Time) rateInfo {
	r.daily = true
	switch {
	case !r.at.IsZero():
	case r.after > 0:
		r.at = now.Add(r.after)
	default:
		r.at = now.UTC().Truncate(24 * time.Hour).Add(24 * time.Hour)
	}
	if m := r.at.UTC().Round(24 * time.Hour); r.at.Sub(m).Abs() < time.Minute {
		r.at = m
	}
	if d := r.at.Sub(now); d > 0 {
		r.after = d.Round(time.Second)
	}
	return r
}

func parseRetryAt(v string) (time.Time, bool) {
	if v == "" {
		return time.Time{}, false
	}
	if t, err := http.ParseTime(v); err == nil {
		return t, true
	}
	for _, layout := range retryAtLayouts {
		if t, err := time.Parse(layout, v); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func detail(where string, a answer, body []byte) string {
	parts := []string{where}
	if a.status != 0 {
		parts = append(parts, "HTTP "+strconv.Itoa(a.status))
	}
	if a.errCode != "" {
		parts = append(parts, "error="+cleanReason(a.errCode))
	}
	if a.code != 0 {
		parts = append(parts, "code="+strconv.Itoa(a.code))
	}
	if r := cleanReason(a.reason); r != "" {
		parts = append(parts, "reason="+strconv.Quote(r))
	}
	if a.rate.daily {
		parts = append(parts, "rate-limit=daily")
	}
	if a.rate.after > 0 {
		parts = append(parts, "retry-after="+a.rate.after.String())
	}
	if !a.rate.at.IsZero() {
		parts = append(parts, "retry-at="+a.rate.at.UTC().Format(time.RFC3339))
	}
	if len(body) > 0 && !json.Valid(body) {
		// Never echo a non-JSON body: a proxy page may repeat the request.
		parts = append(parts, fmt.Sprintf("non-JSON body of %d bytes", len(body)))
	}
	return strings.Join(parts, "; ")
}

// cleanReason makes Zoom's free text safe to show: one line, no control
// characters, short, and with anything that looks like a credential removed.
func cleanReason(s string) string {
	s = strings.Join(strings.Fields(textsafe.Line(s)), " ")
	s = scrubText(s)
	if len(s) > 200 {
		cut := 200
		for !utf8.RuneStart(s[cut]) {
			cut-- // never half a character
		}
		s = s[:cut] + "…"
	}
	return s
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

var (
	// key=value or "key":"value" for keys that name credentials.
	secretParam = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)((?:access_token|refresh_token|id_token|client_secret|code_verifier|code|token|state|assertion|password|secret)"?\s*[=:]\s*"?)([^"&\s,;}]+)`)
	})
	bearer = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)((?:bearer|basic)\s+)[A-Za-z0-9\-._~+/=]+`) })
	// Zoom's "Invalid authorization code <code>" repeats the code.
	echoedCode = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)(authori[sz]ation[ _]code\s*[:=]?\s*)([A-Za-z0-9\-_~+/=.]*[A-Za-z0-9\-_~+/=])`)
	})
)

// scrubText removes credential-looking values from free text.
func scrubText(s string) string {
	s = secretParam().ReplaceAllStringFunc(s, func(m string) string {
		sub := secretParam().FindStringSubmatch(m)
		// Zoom's numeric "code": 124 is not a secret.
		if _, err := strconv.Atoi(sub[2]); err == nil && strings.EqualFold(strings.Trim(sub[1], `": =`), "code") {
			return m
		}
		return sub[1] + redacted
	})
	s = echoedCode().ReplaceAllStringFunc(s, func(m string) string {
		sub := echoedCode().FindStringSubmatch(m)
		if len(sub[2]) < 8 || strings.ToLower(sub[2]) == sub[2] && !strings.ContainsAny(sub[2], "0123456789") {
			return m // a word, not a code: "authorization code is expired"
		}
		return sub[1] + redacted
	})
	return bearer().ReplaceAllString(s, "${1}"+redacted)
}

func isNetwork(err error) bool {
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	var oe *net.OpError
	return errors.As(err, &oe) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, io.EOF) || errors.Is(err, context.DeadlineExceeded)
}

func networkDetail(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		where := ue.URL
		if u, perr := url.Parse(ue.URL); perr == nil {
			where = u.Scheme + "://" + u.Host + u.Path
		}
		return textsafe.Line(scrubText(ue.Op + " " + where + ": " + errText(ue.Err)))
	}
	return textsafe.Line(scrubText(err.Error()))
}
