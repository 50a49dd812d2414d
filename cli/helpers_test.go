package cli

// In-process tests: the run functions (and Main, for what cobra does)
// over fake streams, an in-memory password store and, when Zoom is
// needed, the Zoom-shaped server of internal/zoomtest on loopback. No
// binary, no D-Bus.

import (
	"bytes"
	"context"
	"net"
	"path/filepath"
	"strings"
	"testing"

	"zoomconn/internal/secretstest"
	"zoomconn/internal/wire"
	"zoomconn/internal/zoomtest"
	"zoomconn/model"
)

// env is one administrator's machine: a data folder, a password store in
// memory, and the streams of the command being run.
type env struct {
	t       *testing.T
	svc     *model.Service
	secrets *secretstest.Secrets
	out     bytes.Buffer
	errOut  bytes.Buffer
	io      *IOStreams
	zoom    *zoomtest.Server // nil until withZoom
	port    int
}

func newEnv(t *testing.T) *env {
	t.Helper()
	e := &env{t: t, secrets: secretstest.New()}
	svc, err := wire.Parts{Dir: filepath.Join(t.TempDir(), "data"), Secrets: e.secrets}.Service()
	if err != nil {
		t.Fatal(err)
	}
	e.svc = svc
	e.io = &IOStreams{In: strings.NewReader(""), Out: &e.out, ErrOut: &e.errOut}
	return e
}

// withZoom starts the Zoom-shaped server and gives the data folder a free
// redirect port.
func (e *env) withZoom() *env {
	e.t.Helper()
	e.zoom = zoomtest.New(e.t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		e.t.Fatal(err)
	}
	e.port = l.Addr().(*net.TCPAddr).Port
	l.Close()
	if err := e.svc.SetRedirectPort(e.port); err != nil {
		e.t.Fatal(err)
	}
	return e
}

func (e *env) service() (*model.Service, error) { return e.svc, nil }

// stdin sets what the next command reads, and empties the outputs.
func (e *env) stdin(s string) *IOStreams {
	e.io.In = strings.NewReader(s)
	e.out.Reset()
	e.errOut.Reset()
	return e.io
}

// factory is what Main and the commands get: this machine's parts.
func (e *env) factory() *Factory {
	f := &Factory{Version: "1.2.3", Window: true, IO: e.io, Service: e.service}
	if e.zoom != nil {
		f.Browser = e.zoom.Browser()
	}
	return f
}

// main runs the whole command line in-process, as a script would.
func (e *env) main(stdin string, args ...string) (int, string, string) {
	e.t.Helper()
	e.stdin(stdin)
	io := *e.io // Main wraps the writers; keep ours
	f := e.factory()
	f.IO = &io
	code := Main(f, args)
	return code, e.out.String(), e.errOut.String()
}

// ok runs the command line and fails the test unless it exits 0.
func (e *env) ok(stdin string, args ...string) string {
	e.t.Helper()
	code, out, errOut := e.main(stdin, args...)
	if code != 0 {
		e.t.Fatalf("zoomconn %q: exit %d\nstdout: %s\nstderr: %s", args, code, out, errOut)
	}
	return out
}

// run checks a run function's error: want "" for success, else a part
// of what describe says.
func (e *env) check(what string, err error, want string) {
	e.t.Helper()
	switch {
	case want == "" && err != nil:
		e.t.Fatalf("%s: %v\nstdout: %s\nstderr: %s", what, describe(err, true), e.out.String(), e.errOut.String())
	case want != "" && err == nil:
		e.t.Fatalf("%s succeeded, want %q\nstdout: %s", what, want, e.out.String())
	case want != "" && !strings.Contains(describe(err, false), want):
		e.t.Fatalf("%s: %q, want %q", what, describe(err, false), want)
	}
}

// contains fails unless the text holds every want.
func contains(t *testing.T, what, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, text)
		}
	}
}

// custom is the flags of an iClient on the test server.
func (e *env) custom() []string {
	return []string{"--environment", "custom", "--oauth-base", e.zoom.URL(), "--api-base", e.zoom.URL()}
}

// addIClient adds an iClient on the test server ("s2s" or "account"),
// registered there with its secret and this machine's Redirect URL.
func (e *env) addIClient(name, clientID, appType string) model.IClient {
	e.t.Helper()
	redirect := model.RedirectURL(model.LoopbackIP, e.port)
	if appType == "s2s" {
		redirect = ""
	}
	e.zoom.RegisterClient(clientID, clientID+"-secret", redirect)
	e.ok(clientID+"-secret", append([]string{"iclient", "add", "--name", name, "--client-id", clientID, "--app-type", appType}, e.custom()...)...)
	doc, _ := e.svc.Load()
	return *doc.IClientByName(name)
}

// connection reads the connection named name from the data folder.
func (e *env) connection(name string) model.Connection {
	e.t.Helper()
	doc, err := e.svc.Load()
	if err != nil {
		e.t.Fatal(err)
	}
	c := doc.ConnectionByName(name)
	if c == nil {
		e.t.Fatalf("no connection %q", name)
	}
	return *c
}

// addJWT records JWT connections (no API Secret: they only migrate).
func (e *env) addJWT(names ...string) {
	e.t.Helper()
	var csv strings.Builder
	csv.WriteString("name,environment,auth_type,api_key,oauth_base,api_base\n")
	base := ""
	if e.zoom != nil {
		base = e.zoom.URL()
	}
	for _, n := range names {
		env := "zoom"
		if base != "" {
			env = "custom"
		}
		csv.WriteString(n + "," + env + ",jwt,key-" + strings.ReplaceAll(n, " ", "") + "," + base + "," + base + "\n")
	}
	if _, err := e.svc.Files.Import(strings.NewReader(csv.String()), "test.csv"); err != nil {
		e.t.Fatal(err)
	}
}

// authorized adds an OAuth 2.0 connection and authorizes it.
func (e *env) authorized(name, iclient string) model.Connection {
	e.t.Helper()
	e.ok("", "connection", "add", "--name", name, "--auth", "oauth2", "--iclient", iclient)
	e.ok("", "authorize", name, "--timeout", "60s")
	return e.connection(name)
}

var bg = context.Background()
