package zoomtest

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TLSFront serves the server as Zoom is reached: over https, under a host
// name (such as "zoom.test") that no DNS knows. Only the Transport it gives
// and a proxy that resolves the name (internal/proxytest) reach it. The
// api_url of its token answers names the front, not the server behind it.
type TLSFront struct {
	URL   string // https://host:port
	Host  string // host:port
	Roots *x509.CertPool

	port string
	mu   sync.Mutex
	seen []Arrival
}

// Arrival is one request that reached the front.
type Arrival struct {
	Method     string
	Path       string
	Grant      string // the grant_type of a token request
	RemoteAddr string // where the connection came from (a proxy, or the client)
}

// TLSFront starts an https front to s under the name host, with a
// certificate for that name that only Roots trusts; t's cleanup stops it.
func (s *Server) TLSFront(t testing.TB, host string) *TLSFront {
	t.Helper()
	cert, roots, err := selfSigned(host)
	if err != nil {
		t.Fatal(err)
	}
	f := &TLSFront{Roots: roots}
	backend, _ := url.Parse(s.URL())
	rp := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) { r.SetURL(backend) },
		ModifyResponse: func(resp *http.Response) error {
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				return err
			}
			body = bytes.ReplaceAll(body, []byte(s.URL()), []byte(f.URL))
			resp.Body = io.NopCloser(bytes.NewReader(body))
			resp.ContentLength = int64(len(body))
			resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
			return nil
		},
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a := Arrival{Method: r.Method, Path: r.URL.Path, RemoteAddr: r.RemoteAddr}
		if r.URL.Path == "/oauth/token" {
			body, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
			if q, err := url.ParseQuery(string(body)); err == nil {
				a.Grant = q.Get("grant_type")
			}
		}
		f.mu.Lock()
		f.seen = append(f.seen, a)
		f.mu.Unlock()
		rp.ServeHTTP(w, r)
	}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	_, f.port, _ = net.SplitHostPort(srv.Listener.Addr().String())
	f.Host = net.JoinHostPort(host, f.port)
	f.URL = "https://" + f.Host
	return f
}

// Arrivals lists the requests that reached the front, in order.
func (f *TLSFront) Arrivals() []Arrival {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Arrival(nil), f.seen...)
}

// Transport is a client transport that trusts the front and resolves its
// host name to 127.0.0.1, as a hosts-file entry would; it dials nothing but
// loopback. Its Proxy is unset: the client under test sets its own.
func (f *TLSFront) Transport() *http.Transport {
	name, _, _ := net.SplitHostPort(f.Host)
	d := &net.Dialer{Timeout: 5 * time.Second}
	return &http.Transport{
		TLSClientConfig:     &tls.Config{RootCAs: f.Roots},
		TLSHandshakeTimeout: 10 * time.Second,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			host, port, err := net.SplitHostPort(addr)
			if err != nil {
				return nil, err
			}
			if strings.EqualFold(host, name) {
				host = "127.0.0.1"
			} else if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
				return nil, errors.New("zoomtest: " + host + " is not on this machine; tests dial loopback only")
			}
			return d.DialContext(ctx, network, net.JoinHostPort(host, port))
		},
	}
}

// selfSigned makes a certificate for host (and 127.0.0.1) that is its own root.
func selfSigned(host string) (tls.Certificate, *x509.CertPool, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: host},
		DNSNames:              []string{host},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	roots := x509.NewCertPool()
	roots.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, roots, nil
}
