package httpclient

import (
	"errors"
	"net"
	"net/http"
	"runtime"
	"strings"
	"testing"

	"zoomconn/internal/proxytest"
)

func clearProxyEnv(t *testing.T) {
	for _, k := range []string{"HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy"} {
		t.Setenv(k, "")
	}
}

func proxyOf(t *testing.T, p ProxyFunc, rawURL string) string {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, rawURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	u, err := p(req)
	if err != nil {
		t.Fatal(err)
	}
	if u == nil {
		return ""
	}
	return u.String()
}

func TestSystemProxyReadsTheEnvironmentWhenCalled(t *testing.T) {
	clearProxyEnv(t)
	if got := proxyOf(t, SystemProxy(), "https://zoom.us/oauth/token"); got != "" && runtime.GOOS != "windows" {
		t.Errorf("no proxy set, yet %s", got)
	}
	t.Setenv("HTTPS_PROXY", "proxy.corp.example:3128") // no scheme, as people write it
	t.Setenv("NO_PROXY", ".zoomgov.com")
	p := SystemProxy()
	for _, c := range []struct{ url, want string }{
		{"https://zoom.us/oauth/token", "http://proxy.corp.example:3128"},
		{"https://api.zoom.us/v2/users/me", "http://proxy.corp.example:3128"},
		{"https://api.zoomgov.com/v2/users/me", ""},   // NO_PROXY
		{"http://127.0.0.1:41587/oauth/callback", ""}, // loopback, never
		{"http://localhost:8080/", ""},
		{"http://[::1]:8080/", ""},
	} {
		if got := proxyOf(t, p, c.url); got != c.want {
			t.Errorf("proxy of %s: %q, want %q", c.url, got, c.want)
		}
	}
}

func TestRedactedDropsUserAndPassword(t *testing.T) {
	clearProxyEnv(t)
	t.Setenv("HTTPS_PROXY", "http://corp%5Cuser:s3cret@proxy.corp.example:8080")
	req, _ := http.NewRequest(http.MethodGet, "https://zoom.us/", nil)
	u, err := SystemProxy()(req)
	if err != nil || u == nil {
		t.Fatalf("%v %v", u, err)
	}
	if got := Redacted(u); got != "http://proxy.corp.example:8080" {
		t.Errorf("Redacted: %q", got)
	}
}

// A call through a proxy that is down fails with a net.Error that names
// the proxy, not its password; it never reaches for Zoom itself.
func TestCallThroughADownProxyNamesIt(t *testing.T) {
	clearProxyEnv(t)
	down := proxytest.DownURL(t)
	t.Setenv("HTTPS_PROXY", strings.Replace(down, "http://", "http://corp-user:corp-pass@", 1))
	c := New(nil)
	if c.Timeout != Timeout || Timeout.Seconds() != 30 {
		t.Errorf("timeout %s", c.Timeout)
	}
	_, err := c.Get("https://zoom.us/oauth/token")
	var pe *ProxyError
	if !errors.As(err, &pe) || pe.Proxy != down {
		t.Fatalf("error %v, want a ProxyError naming %s", err, down)
	}
	var ne net.Error
	if !errors.As(err, &ne) {
		t.Error("a ProxyError is not a net.Error")
	}
	if strings.Contains(err.Error(), "corp-pass") || strings.Contains(err.Error(), "corp-user") {
		t.Errorf("the error shows the proxy's credentials: %v", err)
	}
}

// Through a working proxy, a call that succeeds is not wrapped, and the
// proxy saw it.
func TestCallThroughAProxy(t *testing.T) {
	clearProxyEnv(t)
	srv := http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("ok")) })}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
	_, port, _ := net.SplitHostPort(l.Addr().String())

	proxy := proxytest.Start(t, "zoom.test")
	t.Setenv("HTTP_PROXY", proxy.URL("", ""))
	resp, err := New(nil).Get("http://zoom.test:" + port + "/v2/users/me")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if reqs := proxy.Requests(); len(reqs) != 1 || reqs[0].Method != http.MethodGet || !strings.HasPrefix(reqs[0].Target, "http://zoom.test:") {
		t.Errorf("the proxy carried %+v", reqs)
	}
}
