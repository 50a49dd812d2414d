// Package zoomtest is a Zoom-shaped OAuth 2.0 authorization server and API
// on loopback, built on ory/fosite, for tests only (never import it from
// product code). It behaves as Zoom documents: confidential clients
// authenticate by HTTP Basic only, public clients ("Use Public Client
// OAuth") by client_id in the body with no secret, PKCE S256 required,
// redirect_uri matched exactly except the port of a http://127.0.0.1
// redirect (Zoom's "PKCE loopback support"; localhost stays exact), codes
// valid 5 minutes, access tokens 1 hour, refresh tokens that rotate,
// errors as {"reason":…,"error":…}, Server-to-Server account_credentials,
// revocation and GET /v2/users/me.
//
// Like Zoom it keeps ONE live authorization per Zoom user per OAuth app
// (a newer code exchange by the same user ends the earlier one's access and
// refresh tokens) and ONE live access token per authorization (a refresh
// ends the previous one). Server-to-Server tokens are independent. A
// revoke uninstalls the app for whoever it was installed for: for a
// user-managed app that user's authorization, for an admin-managed one
// (SetAdminManaged) every authorization of the app in that Zoom account.
//
// Zoom's other answers are switches: FailToken, FailRefresh and FailAPI
// make the token endpoint or the API answer any status, body and headers
// Zoom has been seen to send, until ClearFailures.
package zoomtest

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ory/fosite"
	"github.com/ory/fosite/compose"
	foauth2 "github.com/ory/fosite/handler/oauth2"
	"github.com/ory/fosite/storage"
)

// User is what GET /v2/users/me returns.
type User struct {
	ID          string `json:"id"`
	Email       string `json:"email"`
	DisplayName string `json:"display_name"`
	AccountID   string `json:"account_id"`
	Type        int    `json:"type"`
}

// Option configures New.
type Option func(*options)

type options struct {
	codeLifespan    time.Duration
	accessLifespan  time.Duration
	olderErrors     bool
	noPublicRefresh bool
}

// WithoutPublicRefreshTokens makes the server give public clients no
// refresh token, only the hour-long access token: Zoom does not document
// which it does.
func WithoutPublicRefreshTokens() Option { return func(o *options) { o.noPublicRefresh = true } }

// WithCodeLifespan changes the authorization code lifetime (Zoom: 5 minutes).
func WithCodeLifespan(d time.Duration) Option { return func(o *options) { o.codeLifespan = d } }

// WithAccessTokenLifespan changes the access token lifetime (Zoom: 1 hour).
func WithAccessTokenLifespan(d time.Duration) Option {
	return func(o *options) { o.accessLifespan = d }
}

// WithOlderErrors makes the server answer as Zoom did before 2022: a wrong
// Client ID or secret with status 401 (today 400), and a dead refresh
// token with 401 {"reason":"Invalid Token!","error":"invalid_request"}
// (today 400 and invalid_grant).
func WithOlderErrors() Option { return func(o *options) { o.olderErrors = true } }

// Server is a running Zoom-shaped server on 127.0.0.1.
type Server struct {
	http     *httptest.Server
	provider fosite.OAuth2Provider
	strategy *foauth2.HMACSHAStrategy
	store    *store
	opts     options

	// mu serialises every fosite call (its memory store is not safe for
	// concurrent rotation) and guards the maps below.
	mu         sync.Mutex
	clients    map[string]*client
	users      map[string]User // by ID: who a token's Subject is
	accounts   map[string]*account
	s2sTokens  map[string]s2sToken
	deny       bool
	rateLimits map[string][]string // path → queued Retry-After values ("" = none)
	needScopes []string            // /v2/users/me needs one of these
	tokenFails map[string]*canned  // grant_type ("" = any) → answer
	apiFail    *canned
	// consumeCode: a code exchange whose client authentication fails
	// still uses the code up (see ConsumeCodeOnFailedExchange).
	consumeCode bool
	observers   []func(*http.Request)
	list        userList   // GET and POST /v2/users (users.go)
	long        longTokens // LongAccessTokens

	refreshes     atomic.Int64
	tokenRequests atomic.Int64
	s2sIssued     atomic.Int64
	apiRequests   atomic.Int64
	handlerNanos  atomic.Int64
}

type client struct {
	secret    string
	public    bool
	admin     bool // admin-managed: a revoke removes the app from the account
	redirects []string
	scopes    []string
	user      User
}

// allows reports whether Zoom accepts redirect for this app: a URL on its
// list, or one that differs only by the port of a http://127.0.0.1 URL
// on it. "localhost" is matched exactly, port included.
func (c *client) allows(redirect string) bool {
	if slices.Contains(c.redirects, redirect) {
		return true
	}
	req, err := url.Parse(redirect)
	if err != nil || req.Scheme != "http" || req.Hostname() != "127.0.0.1" || req.User != nil {
		return false
	}
	for _, r := range c.redirects {
		reg, err := url.Parse(r)
		if err == nil && reg.Scheme == "http" && reg.Hostname() == "127.0.0.1" &&
			reg.Path == req.Path && reg.RawQuery == req.RawQuery {
			return true
		}
	}
	return false
}

type account struct {
	user User
	fail *zoomError
}

type s2sToken struct {
	user    User
	scopes  []string
	expires time.Time
}

// New starts a server that t's cleanup closes.
func New(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := Start(opts...)
	t.Cleanup(s.Close)
	return s
}

// Start starts a server without a testing.TB (e.g. in TestMain or a helper
// process); call Close when done.
func Start(opts ...Option) *Server {
	o := options{codeLifespan: 5 * time.Minute, accessLifespan: time.Hour}
	for _, f := range opts {
		f(&o)
	}
	s := &Server{
		store:      &store{MemoryStore: storage.NewMemoryStore()},
		opts:       o,
		clients:    map[string]*client{},
		users:      map[string]User{},
		accounts:   map[string]*account{},
		s2sTokens:  map[string]s2sToken{},
		rateLimits: map[string][]string{},
		tokenFails: map[string]*canned{},
	}
	secret := make([]byte, 32)
	_, _ = rand.Read(secret)
	cfg := &fosite.Config{
		AccessTokenLifespan:            o.accessLifespan,
		AuthorizeCodeLifespan:          o.codeLifespan,
		RefreshTokenLifespan:           90 * 24 * time.Hour,
		GlobalSecret:                   secret,
		EnforcePKCE:                    true,
		EnablePKCEPlainChallengeMethod: false,
		ScopeStrategy:                  fosite.ExactScopeStrategy,
		AudienceMatchingStrategy:       fosite.DefaultAudienceMatchingStrategy,
		RefreshTokenScopes:             []string{}, // Zoom issues refresh tokens without "offline"
		OmitRedirectScopeParam:         true,
		ClientSecretsHasher:            plainHasher{},
	}
	s.strategy = compose.NewOAuth2HMACStrategy(cfg)
	s.provider = compose.Compose(cfg, s.store, s.strategy,
		compose.OAuth2AuthorizeExplicitFactory,
		compose.OAuth2RefreshTokenGrantFactory,
		compose.OAuth2PKCEFactory,
		compose.OAuth2TokenIntrospectionFactory,
		compose.OAuth2TokenRevocationFactory,
	)
	mux := http.NewServeMux()
	mux.HandleFunc("/oauth/authorize", s.authorize)
	mux.HandleFunc("/oauth/token", s.token)
	mux.HandleFunc("/oauth/revoke", s.revoke)
	mux.HandleFunc("/v2/users/me", s.usersMe)
	mux.HandleFunc("/v2/users", s.listUsers)
	s.http = httptest.NewServer(s.timed(mux))
	return s
}

// Close stops the server.
func (s *Server) Close() { s.http.Close() }

// URL is the server's base URL (http://127.0.0.1:port), also its api_url.
func (s *Server) URL() string { return s.http.URL }

// RegisterClient registers an OAuth app whose Redirect URL (and allow
// list) is redirectURL, acting for a default user unless SetUser is called.
func (s *Server) RegisterClient(id, secret, redirectURL string, scopes ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(scopes) == 0 {
		scopes = []string{"user:read:admin"}
	}
	c := &client{secret: secret, scopes: scopes, user: User{
		ID: "u-" + id, Email: "jane@example.com", DisplayName: "Jane Admin", AccountID: "acct-" + id, Type: 2,
	}}
	if redirectURL != "" {
		c.redirects = []string{redirectURL}
	}
	s.clients[id] = c
	s.users[c.user.ID] = c.user
	s.store.setClient(&fosite.DefaultOpenIDConnectClient{
		DefaultClient: &fosite.DefaultClient{
			ID:            id,
			Secret:        []byte(secret),
			RedirectURIs:  c.redirects,
			GrantTypes:    []string{"authorization_code", "refresh_token"},
			ResponseTypes: []string{"code"},
			Scopes:        scopes,
		},
		TokenEndpointAuthMethod: "client_secret_basic",
	})
}

// RegisterPublicClient registers the public client ID of an OAuth app
// (Zoom's "Use Public Client OAuth"): it has no secret, authenticates with
// client_id in the body of its token and revoke requests, and must use
// PKCE. Otherwise it is as RegisterClient.
func (s *Server) RegisterPublicClient(id, redirectURL string, scopes ...string) {
	s.RegisterClient(id, "", redirectURL, scopes...)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clients[id].public = true
	fc, _ := s.store.getClient(id)
	fc.DefaultClient.Public = true
	fc.DefaultClient.Secret = nil
	fc.TokenEndpointAuthMethod = "none"
}

// SetAdminManaged makes an app admin-managed (Zoom's account-level app):
// a revoke of any of its tokens removes the app from the approving user's
// Zoom account, ending every authorization of it there.
func (s *Server) SetAdminManaged(clientID string, on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clients[clientID].admin = on
}

// AllowRedirect adds url to a client's Redirect URL allow list.
func (s *Server) AllowRedirect(clientID, url string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.clients[clientID]
	c.redirects = append(c.redirects, url)
	fc, _ := s.store.getClient(clientID)
	fc.DefaultClient.RedirectURIs = append([]string(nil), c.redirects...)
}

// SetUser sets who approves the consents of s.Browser() for a client (the
// client's default user). Tokens act for the user who approved them; a
// user with the same ID as an earlier one replaces its details everywhere.
func (s *Server) SetUser(clientID string, u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u = s.addUserLocked(u)
	s.clients[clientID].user = u
}

// addUserLocked registers u (an empty ID becomes "u-" + Email).
func (s *Server) addUserLocked(u User) User {
	if u.ID == "" {
		u.ID = "u-" + u.Email
	}
	s.users[u.ID] = u
	return u
}

// Grants is the number of live authorizations (consents whose tokens were
// neither replaced nor revoked) of an OAuth app: at most one per user.
func (s *Server) Grants(clientID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.store.liveGrants(clientID)
}

// AddAccount lets Server-to-Server apps get tokens for accountID, acting as u.
func (s *Server) AddAccount(accountID string, u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u.AccountID == "" {
		u.AccountID = accountID
	}
	s.accounts[accountID] = &account{user: u}
}

// FailAccount makes account_credentials requests for accountID fail with
// status and Zoom's {"reason":reason,"error":errCode}.
func (s *Server) FailAccount(accountID string, status int, errCode, reason string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.accounts[accountID]
	if a == nil {
		a = &account{}
		s.accounts[accountID] = a
	}
	a.fail = &zoomError{status: status, Error: errCode, Reason: reason}
}

// DenyConsent makes the consent page answer error=access_denied (as if the
// admin clicked Deny) while on is true.
func (s *Server) DenyConsent(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deny = on
}

// RateLimit makes the next n requests to path ("/oauth/token",
// "/v2/users/me") answer 429, with Retry-After: retryAfter unless it is "".
func (s *Server) RateLimit(path string, n int, retryAfter string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.rateLimits[path] = append(s.rateLimits[path], retryAfter)
	}
}

// RequireScope makes /v2/users/me demand one of scopes (any one will do),
// answering Zoom's 400 code 4711 otherwise; none demands nothing.
func (s *Server) RequireScope(scopes ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.needScopes = scopes
}

// canned is an answer set by a Fail… switch.
type canned struct {
	status int
	body   string
	header http.Header
}

func newCanned(status int, body string, header []string) *canned {
	c := &canned{status: status, body: body, header: http.Header{}}
	for i := 0; i+1 < len(header); i += 2 {
		c.header.Add(header[i], header[i+1])
	}
	return c
}

func (c *canned) write(w http.ResponseWriter) {
	for k, v := range c.header {
		w.Header()[k] = v
	}
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	}
	w.WriteHeader(c.status)
	_, _ = io.WriteString(w, c.body)
}

// FailToken makes every /oauth/token request with grant_type grant
// ("authorization_code", "refresh_token", "account_credentials"; "" for
// any) answer status with body, verbatim, and the header name, value
// pairs, until ClearFailures. A switch for one grant wins over "".
func (s *Server) FailToken(grant string, status int, body string, header ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokenFails[grant] = newCanned(status, body, header)
}

// FailRefresh is FailToken("refresh_token", …).
func (s *Server) FailRefresh(status int, body string, header ...string) {
	s.FailToken("refresh_token", status, body, header...)
}

// FailAPI makes every /v2/… request, OAuth, Server-to-Server or JWT,
// answer status with body and the header name, value pairs, until
// ClearFailures.
func (s *Server) FailAPI(status int, body string, header ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.apiFail = newCanned(status, body, header)
}

// ClearFailures ends every FailToken, FailRefresh and FailAPI switch.
func (s *Server) ClearFailures() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.tokenFails)
	s.apiFail = nil
}

// ExpireAccessTokens makes every access token issued so far expired.
func (s *Server) ExpireAccessTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	past := time.Now().Add(-time.Minute)
	s.store.eachAccessToken(func(r fosite.Requester) { r.GetSession().SetExpiresAt(fosite.AccessToken, past) })
	for k, v := range s.s2sTokens {
		v.expires = past
		s.s2sTokens[k] = v
	}
}

// ConsumeCodeOnFailedExchange makes a code exchange that fails client
// authentication (a wrong Client ID or secret) use the code up as well, so
// a later exchange of the same code answers "Invalid authorization code".
// By default the server, like fosite, authenticates the client before it
// looks at the code, which survives; Zoom does not document which it does.
func (s *Server) ConsumeCodeOnFailedExchange(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.consumeCode = on
}

// ExpireCodes makes every authorization code issued so far expired.
func (s *Server) ExpireCodes() {
	s.mu.Lock()
	defer s.mu.Unlock()
	past := time.Now().Add(-time.Minute)
	s.store.eachCode(func(r fosite.Requester) { r.GetSession().SetExpiresAt(fosite.AuthorizeCode, past) })
}

// RefreshCount is the number of successful refresh_token grants.
func (s *Server) RefreshCount() int { return int(s.refreshes.Load()) }

// TokenRequests is the number of requests to /oauth/token.
func (s *Server) TokenRequests() int { return int(s.tokenRequests.Load()) }

// S2SCount is the number of Server-to-Server tokens issued.
func (s *Server) S2SCount() int { return int(s.s2sIssued.Load()) }

// APIRequests is the number of requests to /v2/….
func (s *Server) APIRequests() int { return int(s.apiRequests.Load()) }

// HandlerTime is the time spent inside this server's handlers so far, so
// benchmarks can subtract it.
func (s *Server) HandlerTime() time.Duration { return time.Duration(s.handlerNanos.Load()) }

// Observe calls fn with every request the server receives, before it
// answers (fn must not read the body): a test can check what crossed the
// wire, such as an Authorization header a public client must not send.
func (s *Server) Observe(fn func(*http.Request)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.observers = append(s.observers, fn)
}

func (s *Server) timed(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		obs := append([]func(*http.Request){}, s.observers...)
		s.mu.Unlock()
		for _, fn := range obs {
			fn(r)
		}
		start := time.Now()
		h.ServeHTTP(w, r)
		s.handlerNanos.Add(int64(time.Since(start)))
	})
}

func randomToken() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// store is fosite's memory store, changed where Zoom differs: a used
// refresh token is merely invalid (fosite would also revoke its successor).
// Its maps are read directly only under Server.mu, which every fosite call
// holds too.
type store struct {
	*storage.MemoryStore
}

func (s *store) GetRefreshTokenSession(ctx context.Context, sig string, sess fosite.Session) (fosite.Requester, error) {
	r, err := s.MemoryStore.GetRefreshTokenSession(ctx, sig, sess)
	if errors.Is(err, fosite.ErrInactiveToken) {
		return nil, fosite.ErrNotFound
	}
	return r, err
}

// endOtherGrants ends, as Zoom does when a user consents again, every
// authorization of clientID approved by subject except keep: their access
// tokens are deleted and their refresh tokens made invalid.
func (s *store) endOtherGrants(ctx context.Context, clientID, subject, keep string) {
	var ids []string
	for id := range s.grantsOf(clientID) {
		if id != keep && s.grantSubject(id) == subject {
			ids = append(ids, id)
		}
	}
	for _, id := range ids {
		_ = s.RevokeRefreshToken(ctx, id)
		_ = s.RevokeAccessToken(ctx, id)
	}
}

// endAccountGrants ends, as Zoom does when an admin-managed app is
// removed from an account, every authorization of clientID approved by a
// user of account (the users map gives each subject's account).
func (s *store) endAccountGrants(ctx context.Context, clientID, account string, users map[string]User) {
	var ids []string
	for id := range s.grantsOf(clientID) {
		if users[s.grantSubject(id)].AccountID == account {
			ids = append(ids, id)
		}
	}
	for _, id := range ids {
		_ = s.RevokeRefreshToken(ctx, id)
		_ = s.RevokeAccessToken(ctx, id)
	}
}

// grantsOf is the request IDs (one per authorization) of clientID's
// authorization-code grants that still hold a live token.
func (s *store) grantsOf(clientID string) map[string]bool {
	ids := map[string]bool{}
	for id, sig := range s.RefreshTokenRequestIDs {
		if r, err := s.MemoryStore.GetRefreshTokenSession(context.Background(), sig, nil); err == nil && r.GetClient().GetID() == clientID {
			ids[id] = true
		}
	}
	for id, sig := range s.AccessTokenRequestIDs {
		if r, ok := s.AccessTokens[sig]; ok && r.GetClient().GetID() == clientID {
			ids[id] = true
		}
	}
	return ids
}

// grantSubject is the user who approved the authorization with request ID id.
func (s *store) grantSubject(id string) string {
	if sig, ok := s.RefreshTokenRequestIDs[id]; ok {
		if r, ok := s.RefreshTokens[sig]; ok && r.Requester != nil {
			return r.GetSession().GetSubject()
		}
	}
	if sig, ok := s.AccessTokenRequestIDs[id]; ok {
		if r, ok := s.AccessTokens[sig]; ok {
			return r.GetSession().GetSubject()
		}
	}
	return ""
}

func (s *store) liveGrants(clientID string) int { return len(s.grantsOf(clientID)) }

func (s *store) setClient(c *fosite.DefaultOpenIDConnectClient) { s.Clients[c.ID] = c }

func (s *store) getClient(id string) (*fosite.DefaultOpenIDConnectClient, bool) {
	c, ok := s.Clients[id].(*fosite.DefaultOpenIDConnectClient)
	return c, ok
}

func (s *store) eachAccessToken(f func(fosite.Requester)) {
	for _, r := range s.AccessTokens {
		f(r)
	}
}

func (s *store) eachCode(f func(fosite.Requester)) {
	for _, c := range s.AuthorizeCodes {
		f(c.Requester)
	}
}

// plainHasher keeps test secrets as they are (bcrypt would only slow tests).
type plainHasher struct{}

func (plainHasher) Hash(_ context.Context, data []byte) ([]byte, error) { return data, nil }

func (plainHasher) Compare(_ context.Context, hash, data []byte) error {
	if subtle.ConstantTimeCompare(hash, data) != 1 {
		return errors.New("secret mismatch")
	}
	return nil
}
