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
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/oauth2"

	"zoomconn/internal/textsafe"
)

// Translate turns any error from Zoom, the network or this package into an
// *Error in the admin's words (nil for nil). redirectURL, when known, is
// named in RedirectMismatch's next step.
func Translate(err error, redirectURL string) *Error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		return fromRetrieve(re, redirectURL)
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
		return e
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
}

func fromRetrieve(re *oauth2.RetrieveError, redirectURL string) *Error {
	var b zoomBody
	_ = json.Unmarshal(re.Body, &b)
	if b.Error == "" {
		b.Error = re.ErrorCode
	}
	if b.Reason == "" {
		b.Reason = firstNonEmpty(b.Message, b.Description, re.ErrorDescription)
	}
	status := 0
	var h http.Header
	if re.Response != nil {
		status, h = re.Response.StatusCode, re.Response.Header
	}
	e := classify(status, b.Error, b.Reason, b.Code, h, redirectURL, true, re)
	e.Detail = detail("token endpoint", status, b.Error, b.Reason, b.Code, e.RetryAfter, re.Body)
	return e
}

func fromAPI(ae *APIError, redirectURL string) *Error {
	var h http.Header
	if ae.RetryAfter > 0 {
		h = http.Header{"Retry-After": {strconv.Itoa(int(ae.RetryAfter / time.Second))}}
	}
	e := classify(ae.Status, "", ae.Message, ae.Code, h, redirectURL, false, ae)
	e.Detail = detail("API "+ae.Method+" "+ae.Path, ae.Status, "", ae.Message, ae.Code, e.RetryAfter, nil)
	return e
}

var scopeList = regexp.MustCompile(`scopes?\s*:?\s*\[([^\]]*)\]`)

// classify applies DESIGN.md's Errors table. tokenEndpoint is true for
// answers of /oauth/token and /oauth/revoke, false for the REST API.
func classify(status int, errCode, reason string, code int, h http.Header, redirectURL string, tokenEndpoint bool, cause error) *Error {
	lower := strings.ToLower(reason)
	var e *Error
	switch {
	case status == http.StatusTooManyRequests || code == 429:
		e = rateLimited(retryAfter(h), cause)
	case errCode == "access_denied":
		e = newError(Denied, cause)
	case errCode == "invalid_client" || code == 4702 || code == 4704 ||
		(tokenEndpoint && status == http.StatusUnauthorized && errCode != "invalid_grant"):
		e = newError(BadClient, cause)
	case code == 4700 || code == 4709 || strings.Contains(lower, "redirect"):
		e = redirectMismatch(redirectURL, cause)
	case code == 4711 || errCode == "invalid_scope" || status == http.StatusForbidden || strings.Contains(lower, "scope"):
		scope := ""
		if m := scopeList.FindStringSubmatch(reason); m != nil {
			scope = strings.TrimSpace(m[1])
		}
		e = missingScope(scope, cause)
	case errCode == "invalid_grant":
		e = newError(ReconnectNeeded, cause)
	case !tokenEndpoint && status == http.StatusUnauthorized:
		e = newError(TokenRejected, cause)
	default:
		e = newError(Other, cause)
		if status != 0 {
			e.Message = fmt.Sprintf("Zoom answered with an error (HTTP %d).", status)
		}
		if r := cleanReason(reason); r != "" {
			e.Message = strings.TrimSuffix(e.Message, ".") + ": " + r
			if !strings.HasSuffix(e.Message, ".") {
				e.Message += "."
			}
		}
	}
	e.Status, e.Reason, e.Code = status, cleanReason(reason), code
	return e
}

func retryAfter(h http.Header) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil && n > 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := time.Until(t); d > 0 {
			return d.Round(time.Second)
		}
	}
	return 0
}

func detail(where string, status int, errCode, reason string, code int, ra time.Duration, body []byte) string {
	parts := []string{where}
	if status != 0 {
		parts = append(parts, "HTTP "+strconv.Itoa(status))
	}
	if errCode != "" {
		parts = append(parts, "error="+cleanReason(errCode))
	}
	if code != 0 {
		parts = append(parts, "code="+strconv.Itoa(code))
	}
	if r := cleanReason(reason); r != "" {
		parts = append(parts, "reason="+strconv.Quote(r))
	}
	if ra > 0 {
		parts = append(parts, "retry-after="+ra.String())
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
	secretParam = regexp.MustCompile(`(?i)((?:access_token|refresh_token|id_token|client_secret|code_verifier|code|token|state|assertion|password|secret)"?\s*[=:]\s*"?)([^"&\s,;}]+)`)
	bearer      = regexp.MustCompile(`(?i)((?:bearer|basic)\s+)[A-Za-z0-9\-._~+/=]+`)
)

// scrubText removes credential-looking values from free text.
func scrubText(s string) string {
	s = secretParam.ReplaceAllStringFunc(s, func(m string) string {
		sub := secretParam.FindStringSubmatch(m)
		// Zoom's numeric "code": 124 is not a secret.
		if _, err := strconv.Atoi(sub[2]); err == nil && strings.EqualFold(strings.Trim(sub[1], `": =`), "code") {
			return m
		}
		return sub[1] + redacted
	})
	return bearer.ReplaceAllString(s, "${1}"+redacted)
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
