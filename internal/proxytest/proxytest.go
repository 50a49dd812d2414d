// Package proxytest is a corporate proxy on loopback, for tests only (never
// import it from product code): it tunnels CONNECT requests and forwards
// plain http ones, resolves the host names it is given to 127.0.0.1 (as a
// proxy resolves names the client cannot), and records what it carried, so
// that a test can tell a request that went through it from one that did
// not. It dials nothing but loopback.
package proxytest

import (
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// Proxy is a running proxy on 127.0.0.1.
type Proxy struct {
	srv   *http.Server
	addr  string
	names map[string]bool // host names resolved to 127.0.0.1

	mu       sync.Mutex
	requests []Request
	outbound map[string]bool // local addresses of the connections it opened
}

// Request is one request the proxy carried.
type Request struct {
	Method string // CONNECT, or the forwarded request's method
	Target string // host:port (CONNECT) or the absolute URL (forwarded)
	User   string // the user name of its Proxy-Authorization, "" if none
}

// Start starts a proxy that t's cleanup stops. names are the host names it
// resolves to 127.0.0.1; every other non-loopback host is refused with 502.
func Start(t testing.TB, names ...string) *Proxy {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &Proxy{addr: l.Addr().String(), names: map[string]bool{}, outbound: map[string]bool{}}
	for _, n := range names {
		p.names[strings.ToLower(n)] = true
	}
	p.srv = &http.Server{Handler: p, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = p.srv.Serve(l) }()
	t.Cleanup(func() { _ = p.srv.Close() })
	return p
}

// URL is the proxy's address as HTTPS_PROXY names it, with user and
// password when given (user "" for none).
func (p *Proxy) URL(user, password string) string {
	u := url.URL{Scheme: "http", Host: p.addr}
	if user != "" {
		u.User = url.UserPassword(user, password)
	}
	return u.String()
}

// Requests lists what the proxy carried, in order.
func (p *Proxy) Requests() []Request {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Request(nil), p.requests...)
}

// Carried reports whether a server's request from remoteAddr
// (http.Request.RemoteAddr) came over a connection the proxy opened.
func (p *Proxy) Carried(remoteAddr string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.outbound[remoteAddr]
}

// DownURL is the address of a proxy that is not running: a loopback port
// that was free a moment ago.
func DownURL(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr
}

func (p *Proxy) dial(hostport string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		return nil, err
	}
	ip := net.ParseIP(host)
	switch {
	case p.names[strings.ToLower(host)]:
		host = "127.0.0.1"
	case host == "localhost" || (ip != nil && ip.IsLoopback()):
	default:
		return nil, errors.New("proxytest: " + host + " is not a test host")
	}
	c, err := net.DialTimeout("tcp", net.JoinHostPort(host, port), 5*time.Second)
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	p.outbound[c.LocalAddr().String()] = true
	p.mu.Unlock()
	return c, nil
}

func (p *Proxy) record(r *http.Request, target string) {
	user := ""
	if auth, ok := strings.CutPrefix(r.Header.Get("Proxy-Authorization"), "Basic "); ok {
		if b, err := base64.StdEncoding.DecodeString(auth); err == nil {
			user, _, _ = strings.Cut(string(b), ":")
		}
	}
	p.mu.Lock()
	p.requests = append(p.requests, Request{Method: r.Method, Target: target, User: user})
	p.mu.Unlock()
}

func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodConnect {
		p.tunnel(w, r)
		return
	}
	p.forward(w, r)
}

// tunnel answers CONNECT: 200, then bytes both ways.
func (p *Proxy) tunnel(w http.ResponseWriter, r *http.Request) {
	p.record(r, r.Host)
	upstream, err := p.dial(r.Host)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	hj, ok := w.(http.Hijacker)
	if !ok {
		upstream.Close()
		http.Error(w, "no hijacking", http.StatusInternalServerError)
		return
	}
	client, buf, err := hj.Hijack()
	if err != nil {
		upstream.Close()
		return
	}
	if _, err := client.Write([]byte("HTTP/1.1 200 Connection established\r\n\r\n")); err != nil {
		client.Close()
		upstream.Close()
		return
	}
	done := make(chan struct{}, 2)
	go func() { _, _ = io.Copy(upstream, buf); closeWrite(upstream); done <- struct{}{} }()
	go func() { _, _ = io.Copy(client, upstream); closeWrite(client); done <- struct{}{} }()
	<-done
	<-done
	client.Close()
	upstream.Close()
}

func closeWrite(c net.Conn) {
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.CloseWrite()
	}
}

// forward sends a plain http request (absolute URL) on and copies the answer back.
func (p *Proxy) forward(w http.ResponseWriter, r *http.Request) {
	if !r.URL.IsAbs() {
		http.Error(w, "proxytest: not a proxy request", http.StatusBadRequest)
		return
	}
	p.record(r, r.URL.String())
	out := r.Clone(r.Context())
	out.RequestURI = ""
	out.Header.Del("Proxy-Authorization")
	out.Header.Del("Proxy-Connection")
	tr := &http.Transport{
		Proxy:             nil,
		DisableKeepAlives: true,
		DialContext:       func(_ context.Context, _, addr string) (net.Conn, error) { return p.dial(addr) },
	}
	resp, err := tr.RoundTrip(out)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	for k, vs := range resp.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	w.WriteHeader(resp.StatusCode)
	_, _ = io.Copy(w, resp.Body)
}
