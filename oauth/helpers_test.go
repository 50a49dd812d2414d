package oauth

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"zoomconn/internal/zoomtest"
)

// fixture is one Zoom-shaped server with one registered OAuth app whose
// Redirect URL is this process's loopback port.
type fixture struct {
	srv      *zoomtest.Server
	client   Client
	port     int
	redirect string
}

const testSecret = "cs-7Gq2-very-secret-client-secret"

func newFixture(t testing.TB, opts ...zoomtest.Option) *fixture {
	t.Helper()
	srv := zoomtest.New(t, opts...)
	port := freePort(t)
	f := &fixture{srv: srv, port: port, redirect: RedirectURL(LoopbackIP, port)}
	srv.RegisterClient("cid-1", testSecret, f.redirect)
	f.client = Client{ID: "cid-1", Secret: testSecret, Env: Custom(srv.URL(), srv.URL())}
	return f
}

// freePort finds a port free on 127.0.0.1 and ::1.
func freePort(t testing.TB) int {
	t.Helper()
	for range 20 {
		l, err := net.Listen("tcp4", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := l.Addr().(*net.TCPAddr).Port
		l6, err6 := net.Listen("tcp6", net.JoinHostPort("::1", itoa(port)))
		_ = l.Close()
		if err6 == nil {
			_ = l6.Close()
			return port
		}
		if !addrInUse(err6) {
			return port // no IPv6 here
		}
	}
	t.Fatal("no free port")
	return 0
}

func itoa(i int) string { return strconv.Itoa(i) }

func (f *fixture) start(t testing.TB, opener Opener, mods ...func(*ConsentConfig)) *Consent {
	t.Helper()
	cfg := ConsentConfig{Client: f.client, Port: f.port, Opener: opener, Timeout: 30 * time.Second}
	for _, m := range mods {
		m(&cfg)
	}
	c, err := StartConsent(context.Background(), cfg)
	if err != nil {
		t.Fatalf("StartConsent: %v", err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// authorize runs a whole consent and returns its result.
func (f *fixture) authorize(t testing.TB) *Result {
	t.Helper()
	c := f.start(t, f.srv.Browser())
	res, err := c.Wait(context.Background())
	if err != nil {
		t.Fatalf("consent: %v", err)
	}
	return res
}

func (f *fixture) oauthConfig() *oauth2.Config { return f.client.Config(f.redirect, nil) }

func waitCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// asError asserts err is an *Error of kind k.
func asError(t testing.TB, err error, k Kind) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("want *Error of kind %s, got %T %v", k, err, err)
	}
	if e.Kind != k {
		t.Fatalf("want kind %s, got %s: %s (detail: %s)", k, e.Kind, e.Error(), e.Detail)
	}
	return e
}

// memStore is a TokenStore that serialises like the keyring store does.
type memStore struct {
	mu      sync.Mutex
	data    []byte
	saves   int
	failing error
}

func (m *memStore) Load(context.Context) (*oauth2.Token, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.data == nil {
		return nil, nil
	}
	return UnmarshalToken(m.data)
}

func (m *memStore) Save(_ context.Context, t *oauth2.Token) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.failing != nil {
		return m.failing
	}
	b, err := MarshalToken(t)
	if err != nil {
		return err
	}
	m.data, m.saves = b, m.saves+1
	return nil
}

func (m *memStore) token(t testing.TB) *oauth2.Token { t.Helper(); return stored(t, m) }

func (s fileStore) token(t testing.TB) *oauth2.Token { t.Helper(); return stored(t, s) }

func stored(t testing.TB, s TokenStore) *oauth2.Token {
	t.Helper()
	tok, err := s.Load(context.Background())
	if err != nil || tok == nil {
		t.Fatalf("stored token: %v %v", tok, err)
	}
	return tok
}

// fileStore is a TokenStore in a file, written atomically, so separate
// processes can share it (the model repeats this with the keyring).
type fileStore struct{ path string }

func (s fileStore) Load(context.Context) (*oauth2.Token, error) {
	b, err := os.ReadFile(s.path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return UnmarshalToken(b)
}

func (s fileStore) Save(_ context.Context, t *oauth2.Token) error {
	b, err := MarshalToken(t)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(s.path), "token-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), s.path)
}

// expire makes the stored token and the server's access tokens expired.
func expire(t testing.TB, f *fixture, store TokenStore) {
	t.Helper()
	ctx := context.Background()
	tok, err := store.Load(ctx)
	if err != nil || tok == nil {
		t.Fatalf("load: %v", err)
	}
	tok.Expiry = time.Now().Add(-time.Minute)
	if err := store.Save(ctx, tok); err != nil {
		t.Fatal(err)
	}
	f.srv.ExpireAccessTokens()
}
