package oauth

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"
)

// sameHostRedirects returns a copy of hc that follows a redirect only to
// the scheme, host and port of the first request. An oauth2.Transport
// adds the bearer token to every request it sends, wherever a redirect
// points, and Go's own guard keeps the Authorization header for another
// port of the same host: so the client must not follow at all. A refused
// redirect ends the call with an *Error.
func sameHostRedirects(hc *http.Client) *http.Client {
	c := *hc
	next := hc.CheckRedirect
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if first := via[0].URL; !sameOrigin(first, req.URL) {
			return redirectRefused(first, req.URL)
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
	return &c
}

func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(hostPort(a), hostPort(b))
}

// hostPort is u's host with its port, the scheme's default if none.
func hostPort(u *url.URL) string {
	if u.Port() != "" {
		return u.Host
	}
	port := "443"
	if strings.EqualFold(u.Scheme, "http") {
		port = "80"
	}
	return u.Hostname() + ":" + port
}

func redirectRefused(from, to *url.URL) *Error {
	// The address comes from whoever answered: it may hold controls, a
	// bidirectional override or something that looks like a credential.
	return &Error{
		Kind:   Redirected,
		SentTo: safeURLPart(to.Scheme + "://" + to.Host),
		Detail: "redirect from " + safeURLPart(from.Scheme+"://"+from.Host+from.Path) +
			" to " + safeURLPart(to.Scheme+"://"+to.Host+to.Path) + " refused",
	}
}

// safeURLPart is an address from an answer, made safe to show: one line,
// no invisible or bidirectional characters, nothing credential-like, and
// at most 120 bytes.
func safeURLPart(s string) string {
	s = strings.ReplaceAll(cleanReason(s), " ", "%20")
	if len(s) > 120 {
		cut := 120
		for !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}
