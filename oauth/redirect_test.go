package oauth

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"golang.org/x/oauth2"
)

// A server that redirects calls elsewhere must not get the token or the
// secret: the other end is a second server, on another port.

// thief is a second server, on another port, that records what reaches it.
type thief struct {
	*httptest.Server
	mu   sync.Mutex
	seen []string
}

func newThief(t *testing.T) *thief {
	th := &thief{}
	th.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		th.mu.Lock()
		th.seen = append(th.seen, r.Method+" "+r.URL.Path+" Authorization="+r.Header.Get("Authorization"))
		th.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"id":"stolen","email":"thief@example.com"}`)
	}))
	t.Cleanup(th.Close)
	return th
}

func (th *thief) requests() []string {
	th.mu.Lock()
	defer th.mu.Unlock()
	return append([]string(nil), th.seen...)
}

// redirector answers every request with a redirect to target's same path.
func redirector(t *testing.T, status int, target string) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target+r.URL.Path, status)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestAPICallsDoNotFollowARedirectToAnotherHost(t *testing.T) {
	th := newThief(t)
	api := redirector(t, http.StatusFound, th.URL)
	if api.Listener.Addr().String() == th.Listener.Addr().String() {
		t.Fatal("the two servers share an address")
	}
	tok := &oauth2.Token{AccessToken: "access-token-for-zoom-only", TokenType: "Bearer"}
	calls := map[string]func() (User, error){
		"Check (oauth2.Transport)": func() (User, error) {
			return Check(waitCtx(t), nil, api.URL+"/v2", oauth2.StaticTokenSource(tok))
		},
		"GetMe (oauth2.NewClient, as after a consent)": func() (User, error) {
			return GetMe(waitCtx(t), oauth2.NewClient(context.Background(), oauth2.StaticTokenSource(tok)), api.URL+"/v2")
		},
		"CheckJWT": func() (User, error) {
			return CheckJWT(waitCtx(t), &http.Client{}, api.URL+"/v2", "api-key", "api-secret")
		},
	}
	for name, call := range calls {
		u, err := call()
		e := asError(t, err, Redirected)
		if u.ID != "" || !strings.HasPrefix(e.SentTo, th.URL) || !strings.Contains(e.Detail, "refused") {
			t.Errorf("%s: got %+v, %v (detail %q)", name, u, e, e.Detail)
		}
	}
	if got := th.requests(); len(got) != 0 {
		t.Fatalf("the other host was reached: %q", got)
	}
}

func TestTokenAndRevokeRequestsDoNotFollowARedirectToAnotherHost(t *testing.T) {
	th := newThief(t)
	// 307 keeps the method and the body: the refresh token, the code, the
	// verifier and the Basic header would all go along.
	srv := redirector(t, http.StatusTemporaryRedirect, th.URL)
	c := Client{ID: "cid", Secret: "client-secret-for-zoom-only", Env: Custom(srv.URL, srv.URL)}
	_, err := NewS2STokenSource(c, "acct", nil).Token()
	asError(t, err, Redirected)
	_, err = c.Config(RedirectURL(LoopbackIP, DefaultPort), nil).Exchange(withHTTPClient(waitCtx(t), nil), "code")
	asError(t, Translate(err, ""), Redirected)
	asError(t, Revoke(waitCtx(t), nil, c, "refresh-token-for-zoom-only"), Redirected)
	if got := th.requests(); len(got) != 0 {
		t.Fatalf("the other host was reached: %q", got)
	}
}

func TestARedirectOnTheSameHostIsFollowed(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/v2/users/me", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/v2/users/me/", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/v2/users/me/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"id":"u1","email":"jane@example.com"}`)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	u, err := Check(waitCtx(t), nil, srv.URL+"/v2", oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "a"}))
	if err != nil || u.Email != "jane@example.com" {
		t.Fatalf("%+v %v", u, err)
	}
}
