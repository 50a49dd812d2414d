package cli

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"zoomconn/internal/httpclient"
	"zoomconn/internal/proxytest"
	"zoomconn/internal/wire"
	"zoomconn/internal/zoomtest"
	"zoomconn/model"
	"zoomconn/oauth"
)

// zoomHost is the test's Zoom: https, a name that only the test's
// transport (as a hosts-file entry would) and its proxy resolve, to
// 127.0.0.1. Requests to loopback addresses never go through a proxy.
const zoomHost = "zoom.test"

// proxied is an administrator's machine behind a corporate proxy: the
// Zoom-shaped server over https under zoomHost, the product's HTTP client
// made as internal/wire makes it (httpclient.New) after the proxy
// variables are set, and a browser that reaches Zoom its own way.
type proxied struct {
	*env
	front *zoomtest.TLSFront
}

func newProxied(t *testing.T, httpsProxy, noProxy string) *proxied {
	t.Helper()
	for _, k := range []string{"HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy"} {
		t.Setenv(k, "")
	}
	t.Setenv("HTTPS_PROXY", httpsProxy)
	t.Setenv("NO_PROXY", noProxy)
	e := newEnv(t).withZoom()
	p := &proxied{env: e, front: e.zoom.TLSFront(t, zoomHost)}
	e.svc.HTTPClient = httpclient.New(p.front.Transport())
	e.zoom.RegisterClient("cid", "cid-secret", model.RedirectURL(model.LoopbackIP, e.port))
	p.ok("cid-secret", "iclient", "add", "--name", "Acme app", "--client-id", "cid", "--app-type", "user",
		"--environment", "custom", "--oauth-base", p.front.URL, "--api-base", p.front.URL)
	p.ok("", "connection", "add", "--name", "Reports", "--auth", "oauth2", "--iclient", "Acme app")
	return p
}

// run runs the command line with the admin's browser, which opens Zoom's
// consent page at the server itself (not through the product's proxy).
func (p *proxied) run(args ...string) (int, string, string) {
	p.t.Helper()
	p.stdin("")
	io := *p.io
	f := p.factory()
	f.IO = &io
	browser := p.zoom.Browser()
	f.Browser = model.OpenerFunc(func(consent string) error {
		u, err := url.Parse(consent)
		if err != nil {
			return err
		}
		if u.Host != p.front.Host {
			p.t.Errorf("the consent page is at %s, want %s", u.Host, p.front.Host)
		}
		return browser.Open(strings.Replace(consent, p.front.URL, p.zoom.URL(), 1))
	})
	code := Main(f, args)
	return code, p.out.String(), p.errOut.String()
}

func (p *proxied) ok(stdin string, args ...string) string {
	p.t.Helper()
	if stdin != "" {
		return p.env.ok(stdin, args...)
	}
	code, out, errOut := p.run(args...)
	if code != 0 {
		p.t.Fatalf("zoomconn %q: exit %d\nstdout: %s\nstderr: %s", args, code, out, errOut)
	}
	return out
}

// every call to Zoom: the consent's code exchange, the API, a refresh,
// and the revocation.
func (p *proxied) everyCall() {
	p.t.Helper()
	p.ok("", "authorize", "Reports", "--timeout", "60s")
	if out := p.ok("", "test", "Reports"); !strings.Contains(out, "Online") {
		p.t.Errorf("test: %s", out)
	}
	p.expireStoredToken()
	if tok := strings.TrimSpace(p.ok("", "token", "Reports")); tok == "" {
		p.t.Error("token printed nothing")
	}
	p.ok("", "revoke", "Reports")
}

// expireStoredToken makes the hour pass for the saved access token.
func (p *proxied) expireStoredToken() {
	p.t.Helper()
	account := model.SignInTokenAccount(p.connection("Reports").SignInID)
	v, err := p.secrets.Get(bg, account)
	if err != nil {
		p.t.Fatal(err)
	}
	tok, err := oauth.UnmarshalToken([]byte(v.Reveal()))
	if err != nil {
		p.t.Fatal(err)
	}
	tok.Expiry = time.Now().Add(-time.Minute)
	data, _ := oauth.MarshalToken(tok)
	if err := p.secrets.Set(bg, account, model.NewSecret(string(data))); err != nil {
		p.t.Fatal(err)
	}
	// The next command is another process, which knows nothing of the hour.
	svc, err := wire.Parts{Dir: p.svc.Dir, Secrets: p.secrets, HTTPClient: p.svc.HTTPClient}.Service()
	if err != nil {
		p.t.Fatal(err)
	}
	p.svc = svc
}

// calls lists the front's requests as "path grant", and whether each came
// over a connection the proxy opened.
func (p *proxied) calls(proxy *proxytest.Proxy) (calls []string, viaProxy []bool) {
	for _, a := range p.front.Arrivals() {
		calls = append(calls, strings.TrimSpace(a.Path+" "+a.Grant))
		viaProxy = append(viaProxy, proxy != nil && proxy.Carried(a.RemoteAddr))
	}
	return calls, viaProxy
}

var wantCalls = []string{
	"/oauth/token authorization_code", "/v2/users/me", // authorize: code exchange, who approved
	"/v2/users/me",               // test
	"/oauth/token refresh_token", // token, after the access token expired
	"/oauth/revoke",              // revoke
}

func sameCalls(got, want []string) bool {
	return strings.Join(got, "\n") == strings.Join(want, "\n")
}

func TestEveryCallToZoomGoesThroughHTTPSProxy(t *testing.T) {
	proxy := proxytest.Start(t, zoomHost)
	p := newProxied(t, proxy.URL("corp-user", "corp-pass"), "")
	p.everyCall()

	calls, via := p.calls(proxy)
	if !sameCalls(calls, wantCalls) {
		t.Fatalf("Zoom saw:\n%s\nwant:\n%s", strings.Join(calls, "\n"), strings.Join(wantCalls, "\n"))
	}
	for i, c := range calls {
		if !via[i] {
			t.Errorf("%s did not come through the proxy", c)
		}
	}
	reqs := proxy.Requests()
	if len(reqs) == 0 {
		t.Fatal("the proxy carried nothing")
	}
	for _, r := range reqs {
		if r.Method != "CONNECT" || r.Target != p.front.Host || r.User != "corp-user" {
			t.Errorf("the proxy carried %+v, want CONNECT %s as corp-user", r, p.front.Host)
		}
	}
}

func TestNoProxyBypassesTheProxy(t *testing.T) {
	proxy := proxytest.Start(t, zoomHost)
	p := newProxied(t, proxy.URL("", ""), "example.com,"+zoomHost)
	p.everyCall()

	calls, via := p.calls(proxy)
	if !sameCalls(calls, wantCalls) {
		t.Fatalf("Zoom saw:\n%s\nwant:\n%s", strings.Join(calls, "\n"), strings.Join(wantCalls, "\n"))
	}
	for i, c := range calls {
		if via[i] {
			t.Errorf("%s went through the proxy despite NO_PROXY", c)
		}
	}
	if reqs := proxy.Requests(); len(reqs) != 0 {
		t.Errorf("the proxy carried %+v despite NO_PROXY=%s", reqs, zoomHost)
	}
}

// A proxy that is down: the admin is told which proxy Zoom was not
// reached through, and never its password.
func TestProxyDownIsNamedWithoutItsPassword(t *testing.T) {
	down := proxytest.DownURL(t)
	u, _ := url.Parse(down)
	u.User = url.UserPassword("corp-user", "corp-pass")
	p := newProxied(t, u.String(), "")

	code, out, errOut := p.run("authorize", "Reports", "--timeout", "60s")
	if code == 0 {
		t.Fatalf("authorize through a proxy that is down succeeded: %s", out)
	}
	want := "Zoom could not be reached through the proxy " + down + ". Nothing changed."
	if !strings.Contains(errOut, want) {
		t.Errorf("stderr lacks %q:\n%s", want, errOut)
	}
	if !strings.Contains(errOut, "HTTPS_PROXY and NO_PROXY") {
		t.Errorf("stderr does not say where the proxy comes from:\n%s", errOut)
	}
	code, out, errOut = p.run("test", "Reports", "--verbose")
	all := out + errOut
	if code == 0 {
		t.Fatalf("test through a proxy that is down succeeded: %s", all)
	}
	for _, secret := range []string{"corp-pass", "corp-user"} {
		if strings.Contains(all, secret) {
			t.Errorf("the output shows the proxy's %s:\n%s", secret, all)
		}
	}
	if c := p.connection("Reports"); c.Status != "not_authorized" {
		t.Errorf("status %q after a failed authorize", c.Status)
	}
}
