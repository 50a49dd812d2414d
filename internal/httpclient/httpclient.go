// Package httpclient builds the HTTP client of every call to Zoom (tokens,
// the API, revocation, the consent's code exchange): through the proxy this
// computer is set to use, bounded in time. internal/wire hands it to the
// service; the oauth package keeps its own redirect guard on top of it.
package httpclient

import (
	"errors"
	"net"
	"net/http"
	"net/url"
	"time"

	"golang.org/x/net/http/httpproxy"
)

// Timeout bounds every call to Zoom, from the first byte sent to the last
// one read.
const Timeout = 30 * time.Second

// ProxyFunc names the proxy of a request, nil for none (http.Transport.Proxy).
type ProxyFunc func(*http.Request) (*url.URL, error)

// New returns the client of every call to Zoom: the settings of base (nil:
// Go's default transport, with its dial and TLS handshake timeouts, HTTP/2
// and keep-alives) with the proxy of SystemProxy, bounded by Timeout. A
// call that fails on its way through a proxy returns a *ProxyError that
// names it.
func New(base *http.Transport) *http.Client {
	if base == nil {
		base = http.DefaultTransport.(*http.Transport)
	}
	proxy := SystemProxy()
	t := base.Clone()
	t.Proxy = proxy
	return &http.Client{Timeout: Timeout, Transport: &transport{base: t, proxy: proxy}}
}

// SystemProxy is the proxy this computer is set to use, read when it is
// called: HTTPS_PROXY, HTTP_PROXY and NO_PROXY (or their lower-case forms)
// on every platform; on Windows, when neither HTTPS_PROXY nor HTTP_PROXY
// is set, the system's proxy settings as browsers use them (a manual proxy
// and its exceptions, a setup script, automatic detection). A request to
// localhost or a loopback address never goes through a proxy.
func SystemProxy() ProxyFunc {
	env := httpproxy.FromEnvironment()
	var proxy ProxyFunc
	if env.HTTPSProxy == "" && env.HTTPProxy == "" {
		proxy = systemProxy()
	}
	if proxy == nil {
		f := env.ProxyFunc()
		proxy = func(r *http.Request) (*url.URL, error) { return f(r.URL) }
	}
	return func(r *http.Request) (*url.URL, error) {
		if IsLoopback(r.URL.Hostname()) {
			return nil, nil
		}
		return proxy(r)
	}
}

// IsLoopback says host is this computer: "localhost" or a loopback address.
func IsLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// ProxyError is a call that failed on its way through a proxy: the proxy
// was down, refused the connection to Zoom, asked for a sign-in, or Zoom
// did not answer through it.
type ProxyError struct {
	Proxy string // scheme://host:port, never a user name or password
	Err   error
}

func (e *ProxyError) Error() string { return "through the proxy " + e.Proxy + ": " + e.Err.Error() }

// Unwrap returns the cause.
func (e *ProxyError) Unwrap() error { return e.Err }

// Timeout reports whether the cause was a time-out. With Temporary, it
// makes a ProxyError a net.Error: Zoom was not reached.
func (e *ProxyError) Timeout() bool {
	var ne net.Error
	return errors.As(e.Err, &ne) && ne.Timeout()
}

// Temporary is false, as net.Error's callers are told to expect.
func (e *ProxyError) Temporary() bool { return false }

// Redacted is a proxy's address as it may be shown: scheme, host and port,
// without the user name and password that HTTPS_PROXY may hold.
func Redacted(u *url.URL) string {
	scheme := u.Scheme
	if scheme == "" { // a setup script's "PROXY host:port"
		scheme = "http"
	}
	return scheme + "://" + u.Host
}

// transport names the proxy in the errors of the calls that went through one.
type transport struct {
	base  *http.Transport
	proxy ProxyFunc
}

func (t *transport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(r)
	if err != nil {
		if p, perr := t.proxy(r); perr == nil && p != nil {
			return nil, &ProxyError{Proxy: Redacted(p), Err: err}
		}
	}
	return resp, err
}

// CloseIdleConnections closes the kept-alive connections (http.Client's
// CloseIdleConnections calls it).
func (t *transport) CloseIdleConnections() { t.base.CloseIdleConnections() }
